// The message catalogue helper. Every string a person reads goes through t() or tn(), with the
// English text as the msgid, written as a literal so Babel's JavaScript extractor finds it.
// For now the catalogue is English only: the msgid is the message, with {name} placeholders filled.

const catalogue = new Map(); // msgid -> translated text (filled by a language pack later)
let plurals = new Intl.PluralRules('en');

function fill(text, params) {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (all, name) => (params[name] !== undefined && params[name] !== null ? String(params[name]) : all));
}

/** A message in the reader's language, its {placeholders} filled from params. */
export function t(msgid, params) {
  return fill(catalogue.get(msgid) ?? msgid, params);
}

/** A message that depends on a number: tn('{n} dot', '{n} dots', n), {n} filled with n. */
export function tn(singular, plural, n, params) {
  const form = plurals.select(n) === 'one' ? singular : plural;
  const key = `${singular}\u0004${plural}\u0004${plurals.select(n)}`;
  return fill(catalogue.get(key) ?? form, { n, ...params });
}

/** Load a catalogue (msgid -> text) for a language: used by tests and, later, language packs. */
export function useCatalogue(lang, entries = {}) {
  catalogue.clear();
  for (const [k, v] of Object.entries(entries)) catalogue.set(k, v);
  plurals = new Intl.PluralRules(lang);
}
