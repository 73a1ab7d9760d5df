// The message catalogue helper. Every string a person reads goes through t() or tn(), with the
// English text as the msgid, written as a literal so Babel's JavaScript extractor finds it
// (`make i18n` writes web/i18n/<lang>.json from server/i18n/locales/<lang>/LC_MESSAGES/messages.po).
// English needs no catalogue: the msgid is the message, with {name} placeholders filled.

export const LANGUAGES = { en: 'English', cy: 'Cymraeg' }; // checked against server/i18n by a unit test
const DEFAULT = 'en';
const PREF = 'coboard.pref.lang';

const catalogue = new Map(); // msgid -> translated text, or [forms] for a message with plurals
let lang = DEFAULT;
let tags = ['one', 'other']; // the plural categories of `lang`, in the order of the catalogue's forms
let plurals = new Intl.PluralRules(DEFAULT);
let plainWords = false;
let months = null; // {wide, abbreviated}: CLDR's month names of `lang`, from its catalogue (null: English, from Intl)

function fill(text, params) {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (all, name) => (params[name] !== undefined && params[name] !== null ? String(params[name]) : all));
}

/** A message in the reader's language, its {placeholders} filled from params. */
export function t(msgid, params) {
  const text = catalogue.get(msgid);
  return fill(typeof text === 'string' ? text : msgid, params);
}

/** A message said in a context, for an English word another language says in two ways:
 *  tc('noun', 'Theme') is "Thema" in Welsh, t('Theme') the stage "Creu themâu" (a msgctxt in the .po). */
export function tc(context, msgid, params) {
  const text = catalogue.get(`${context}\u0004${msgid}`);
  return fill(typeof text === 'string' ? text : msgid, params);
}

/** A message that depends on a number: tn('{n} dot', '{n} dots', n), {n} filled with n. */
export function tn(singular, plural, n, params) {
  const forms = catalogue.get(singular);
  const category = plurals.select(n);
  let text = category === 'one' ? singular : plural;
  if (Array.isArray(forms)) {
    const i = tags.indexOf(category);
    if (i >= 0 && forms[i]) text = forms[i];
  }
  return fill(text, { n, ...params });
}

/** The language in use ("en", "cy"). */
export function currentLanguage() {
  return lang;
}

/** Use a loaded catalogue: {lang, plural_tags, messages} as web/i18n/<lang>.json has it (tests too). */
export function useCatalogue(code, body = {}) {
  catalogue.clear();
  for (const [k, v] of Object.entries(body.messages || body)) {
    if (k !== 'lang' && k !== 'plural_tags' && k !== 'name') catalogue.set(k, v);
  }
  lang = code;
  tags = body.plural_tags || (code === DEFAULT ? ['one', 'other'] : new Intl.PluralRules(code).resolvedOptions().pluralCategories);
  plurals = new Intl.PluralRules(code);
  months = code === DEFAULT ? null : (body.months || null);
  if (typeof document !== 'undefined') document.documentElement.lang = code;
}

/** Fetch and use the catalogue of a language (English needs none). Falls back to English if it cannot load. */
export async function loadLanguage(code) {
  if (!LANGUAGES[code] || code === DEFAULT) { useCatalogue(DEFAULT, {}); return DEFAULT; }
  try {
    const r = await fetch(`/web/i18n/${code}.json`);
    if (!r.ok) throw new Error(String(r.status));
    useCatalogue(code, await r.json());
    return code;
  } catch (e) {
    useCatalogue(DEFAULT, {});
    return DEFAULT;
  }
}

/** The person's own choice of language on this device, or null. */
export function chosenLanguage() {
  try {
    const v = localStorage.getItem(PREF);
    return LANGUAGES[v] ? v : null;
  } catch (e) { return null; }
}

// The server answers its refusals in the language of this cookie (server/i18n COOKIE), else the workshop's.
const COOKIE = 'coboard_lang';

// The header a page's calls before joining carry (app/http.js): the language it shows, which the server's
// refusals then use (server/i18n PAGE_LANGUAGE). The server cannot know it otherwise: the page reads the
// workshop's default only from this device's memory, and the browser's languages.
export const PAGE_LANGUAGE = 'X-Coboard-Language';

/** Tell the server the person's choice (sent with the socket's upgrade and every request). */
export function tellServerLanguage(code) {
  if (typeof document === 'undefined' || !LANGUAGES[code]) return;
  document.cookie = `${COOKIE}=${code}; path=/; max-age=31536000; SameSite=Lax`; // a value, not words
}

/** Remember the person's choice of language on this device. */
export function chooseLanguage(code) {
  try { localStorage.setItem(PREF, code); } catch (e) { /* not remembered */ }
  tellServerLanguage(code);
}

const WORKSHOP_LANG = (wid) => `coboard.lang.${wid}`;

/** The default language a workshop's facilitator set, as last seen on this device. */
export function workshopLanguage(wid) {
  try {
    const v = wid ? localStorage.getItem(WORKSHOP_LANG(wid)) : null;
    return LANGUAGES[v] ? v : null;
  } catch (e) { return null; }
}

/** Remember a workshop's default language; true when it differs from what was remembered. */
export function rememberWorkshopLanguage(wid, code) {
  if (!wid || !LANGUAGES[code]) return false;
  const before = workshopLanguage(wid);
  try { localStorage.setItem(WORKSHOP_LANG(wid), code); } catch (e) { return false; }
  return before !== code;
}

/**
 * Which language to show: the person's own choice, else the workshop's default (when known),
 * else the browser's first language we have, else English.
 */
export function pickLanguage({ chosen = null, workshop = null, browser = [] } = {}) {
  if (chosen && LANGUAGES[chosen]) return chosen;
  if (workshop && LANGUAGES[workshop]) return workshop;
  for (const b of browser) {
    const code = String(b || '').split('-')[0].toLowerCase();
    if (LANGUAGES[code]) return code;
  }
  return DEFAULT;
}

/** "Plain words": short sentences for instructions, per person (a display preference). */
export function usePlainWords(on) {
  plainWords = Boolean(on);
}

const PLAIN = 'coboard.pref.plainWords';

/** Whether this person asked for plain words on this device. */
export function chosenPlainWords() {
  try { return localStorage.getItem(PLAIN) === '1'; } catch (e) { return false; }
}

/** Remember the person's choice of plain words on this device. */
export function choosePlainWords(on) {
  try { localStorage.setItem(PLAIN, on ? '1' : '0'); } catch (e) { /* not remembered */ }
}

/** Whether plain words are on for this person. */
export function plainWordsOn() {
  return plainWords;
}

/** An instruction in plain words when that mode is on: tp(t('The usual text'), t('Short words.')). */
export function tp(usual, plain) {
  return plainWords ? plain : usual;
}

// ---- dates and times in the reader's language --------------------------------------------------
// Every date or time a person reads goes through these. The month names are CLDR's, as the server's are
// (server/i18n day_in_words, Babel): a translated language's catalogue carries them (`make i18n` writes
// "months" from Babel), since browsers' Intl often lacks them (Chromium has no Welsh dates: it said
// "December 24, 2026" on a Welsh page); English, which loads no catalogue, from Intl's British English.
const ENGLISH = {
  day: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  shortDay: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }),
};

/** A calendar day in words: "2027-02-26" (or an ISO time, its UTC day) → "26 February 2027", "26 Chwefror 2027". */
export function dayInWords(iso) {
  const [y, m, d] = String(iso || '').slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return String(iso || '');
  return months ? `${d} ${months.wide[m - 1]} ${y}` : ENGLISH.day.format(new Date(Date.UTC(y, m - 1, d)));
}

/** A time of day in the viewer's clock: "14:05" (24 hours, as both languages write it). */
export function clockText(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "14:05" today, else with its day: "26 Feb 14:05", "26 Chwef 14:05" (the viewer's time). */
export function timeText(iso, now = new Date()) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  if (d.toDateString() === now.toDateString()) return clockText(d);
  const day = months ? `${d.getDate()} ${months.abbreviated[d.getMonth()]}` : ENGLISH.shortDay.format(d);
  return `${day} ${clockText(d)}`;
}
