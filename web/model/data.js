// Data in and out as pure helpers (no DOM, no socket, so `node --test` runs them): the data
// amendment key, the collected answers and what needs a look, checking an amendment before it is
// sent, the import preview's column choices and mapping, plain-language upload errors, and the
// snapshot history grouped by activity. Every selector takes a records map.

import { t, tn } from '../app/i18n.js';
import { LIMITS, LABELS, charCount as codePoints } from '../protocol_all.js';

export const CARD_LIMIT = LIMITS.CARD_TEXT;
export const REASON_LIMIT = LIMITS.REASON;
export const MAX_PARTS = LIMITS.SPLIT_PARTS;
// The words are the protocol's English (server/protocol/labels.py, marked there for the catalogue),
// read in the reader's language when shown (getters): the catalogue may load after this module.
const Q = LABELS.questions;
export const QUESTIONS = Object.fromEntries(LABELS.themingBoards.map((k) => [k, null]));
export const QUESTION_NAMES = Object.fromEntries(LABELS.themingBoards.map((k) => [k, null]));
for (const k of LABELS.themingBoards) {
  Object.defineProperty(QUESTIONS, k, { get: () => t(Q[k].question), enumerable: true });
  Object.defineProperty(QUESTION_NAMES, k, { get: () => t(Q[k].name), enumerable: true });
}

/** The data amendment key, in the guide's words (codes a–h). */
export const CODES = Object.entries(LABELS.amendmentCodes).map(([code, words]) => ({
  code, get label() { return t(words.label); }, get help() { return t(words.help); },
}));
export const NEEDS_TEXT = LABELS.needsText;
export const NEEDS_REASON = LABELS.needsReason;
export const OPTIONAL_TEXT = ['e', 'h'];

/** The key entry of a code, or null. */
export function codeInfo(code) {
  return CODES.find((c) => c.code === code) || null;
}

export const FLAG_TEXT = {
  get too_long() { return t('Too long for a card (over {limit} characters)', { limit: CARD_LIMIT }); },
  get contact_details() { return t('Has contact details (an email or phone number)'); },
  get query() { return t('Open query'); },
  get omitted() { return t('Left out (omitted)'); },
};

export const STATUS_TEXT = {
  get pending() { return t('Waiting to go on the boards'); },
  get published() { return t('On the boards'); },
  get omitted() { return t('Left out'); },
};

function byRow(a, b) {
  const ra = a.row ?? Number.MAX_SAFE_INTEGER, rb = b.row ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra - rb;
  const ca = a.created_at || '', cb = b.created_at || '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  const qa = ['ww', 'nww', 'iff'].indexOf(a.question), qb = ['ww', 'nww', 'iff'].indexOf(b.question);
  if (qa !== qb) return qa - qb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every collected answer, in spreadsheet row order (answers typed in by hand last). */
export function answers(recs) {
  const out = [];
  for (const r of recs.values()) if (r.kind === 'answer') out.push(r);
  return out.sort(byRow);
}

/** The imports, newest first. */
export function datasets(recs) {
  const out = [];
  for (const r of recs.values()) if (r.kind === 'dataset') out.push(r);
  return out.sort((a, b) => (a.imported_at < b.imported_at ? 1 : a.imported_at > b.imported_at ? -1 : 0));
}

/** The words that go on cards: the parts of a split, else the amended text, else the original. */
export function cardTexts(answer) {
  if (answer.parts && answer.parts.length) return answer.parts.slice();
  return [answer.amended ? answer.amended : answer.original];
}

/** An answer's flags (the server sends them; worked out here when missing). */
export function flagsOf(answer) {
  if (Array.isArray(answer.flags)) return answer.flags;
  if (answer.status === 'omitted') return ['omitted'];
  const out = [];
  const texts = cardTexts(answer);
  if (texts.some((text) => codePoints(text) > CARD_LIMIT)) out.push('too_long'); // as the server counts (not UTF-16 units)
  if (answer.code === 'h' && !answer.resolved) out.push('query');
  return out;
}

/** Whether an answer waits for a change before it can go on a card. */
export function blocked(answer) {
  const f = flagsOf(answer);
  return f.includes('too_long') || f.includes('contact_details');
}

/** Counts for the cleaning screen's summary. */
export function answerSummary(recs) {
  const list = answers(recs);
  const s = { total: list.length, pending: 0, ready: 0, published: 0, omitted: 0, needsLook: 0, queries: 0, amended: 0 };
  for (const a of list) {
    if (a.status === 'pending') { s.pending += 1; if (!blocked(a)) s.ready += 1; }
    if (a.status === 'published') s.published += 1;
    if (a.status === 'omitted') s.omitted += 1;
    if (blocked(a)) s.needsLook += 1;
    if (flagsOf(a).includes('query')) s.queries += 1;
    if (a.code) s.amended += 1;
  }
  return s;
}

export const FILTERS = [
  { key: 'all', get label() { return t('All answers'); } },
  { key: 'look', get label() { return t('Need a change'); } },
  { key: 'queries', get label() { return t('Open queries'); } },
  { key: 'waiting', get label() { return t('Waiting'); } },
  { key: 'published', get label() { return t('On the boards'); } },
  { key: 'omitted', get label() { return t('Left out'); } },
];

/** The answers a filter keeps. */
export function filterAnswers(list, filter) {
  switch (filter) {
    case 'look': return list.filter(blocked);
    case 'queries': return list.filter((a) => flagsOf(a).includes('query'));
    case 'waiting': return list.filter((a) => a.status === 'pending');
    case 'published': return list.filter((a) => a.status === 'published');
    case 'omitted': return list.filter((a) => a.status === 'omitted');
    default: return list;
  }
}

/** "212 characters – 42 over the card limit" / "80 of 170 characters". */
export function lengthText(text) {
  const n = codePoints(text);
  return n > CARD_LIMIT ? t('{n} characters – {over} over the card limit of {max}', { n, over: n - CARD_LIMIT, max: CARD_LIMIT })
    : t('{n} of {max} characters', { n, max: CARD_LIMIT });
}

/** Characters as the server counts them (after trimming; "é" is one). */
export function charCount(text) {
  return codePoints(String(text || '').trim());
}

// The words that join two things said in one breath ("cold food and late carers"), by language: Welsh
// has "a" before a consonant and "ac" before a vowel ("bwyd oer ac mae'r bws yn hwyr").
const JOINING_WORDS = Object.freeze({ en: Object.freeze(['and']), cy: Object.freeze(['ac', 'a']) });

/** The joining words of a language ("en", "cy"); English's for one not known here. */
export function joiningWords(lang) {
  return JOINING_WORDS[lang] || JOINING_WORDS.en;
}

/** A first guess at the parts of a split: one a sentence, else at commas and the joining words of `lang`
 *  (the language the answers are written in: the workshop's); at least two parts, never cut. */
export function suggestParts(text, lang = 'en') {
  const t = String(text || '').trim();
  const sentences = t.split(/(?<=[.!?])\s+|\s*;\s*|\n+/).map((s) => s.trim()).filter(Boolean);
  if (sentences.length >= 2) return sentences.slice(0, MAX_PARTS);
  const join = joiningWords(lang).join('|');
  const comma = t.split(new RegExp(`,\\s+(?:(?:${join})\\s+)?|\\s+(?:${join})\\s+`, 'u')).map((s) => s.trim()).filter(Boolean);
  if (comma.length >= 2) return comma.slice(0, MAX_PARTS);
  return [t, ''];
}

/**
 * Check an amendment before it is sent, with the server's rules: returns {ok: true, args} for
 * answer.amend, or {ok: false, field, message} in plain words.
 * form: {code ('' | 'a'..'h' | 'none'), amended, parts: [..], reason}.
 */
export function amendArgs(answer, form) {
  const code = form.code === 'none' || form.code === '' || form.code == null ? null : form.code;
  const reason = String(form.reason || '').trim();
  const amended = String(form.amended || '').trim();
  const args = { answer_id: answer.id, code };
  if (form.code === '' || form.code == null) return { ok: false, field: 'code', message: t('Choose a code from the data amendment key.') };
  if (code === null) return { ok: true, args };
  if (!codeInfo(code)) return { ok: false, field: 'code', message: t('Choose a code from a to h.') };
  if (charCount(reason) > REASON_LIMIT) return { ok: false, field: 'reason', message: t('A reason can be at most {limit} characters.', { limit: REASON_LIMIT }) };
  if (NEEDS_REASON.includes(code) && !reason) return { ok: false, field: 'reason', message: t('Code {code} needs a reason. Type why.', { code }) };
  if (reason) args.reason = reason;
  if (code === 'c') {
    const parts = (form.parts || []).map((p) => String(p || '').trim());
    const filled = parts.filter(Boolean);
    if (filled.length < 2) return { ok: false, field: 'parts', message: t('A split needs at least two parts with words in them.') };
    if (filled.length > MAX_PARTS) return { ok: false, field: 'parts', message: tn('A split can have at most {n} part.', 'A split can have at most {n} parts.', MAX_PARTS) };
    const long = filled.findIndex((p) => charCount(p) > CARD_LIMIT);
    if (long >= 0) return { ok: false, field: 'parts', message: t('Part {i} is {n} characters. Each part can be at most {max}.', { i: long + 1, n: charCount(filled[long]), max: CARD_LIMIT }) };
    args.parts = filled;
    return { ok: true, args };
  }
  if (NEEDS_TEXT.includes(code) && !amended) return { ok: false, field: 'amended', message: t('Code {code} needs the amended text.', { code }) };
  const unchanged = amended === String(answer.original || '').trim();
  if (amended && (NEEDS_TEXT.includes(code) || (OPTIONAL_TEXT.includes(code) && !unchanged))) {
    if (charCount(amended) > CARD_LIMIT) return { ok: false, field: 'amended', message: t('The amended text is {n} characters. A card holds at most {max}.', { n: charCount(amended), max: CARD_LIMIT }) };
    if (code === 'a' && charCount(amended) >= charCount(answer.original)) {
      return { ok: false, field: 'amended', message: t('Code a means shortened: make the amended text shorter than the original.') };
    }
    args.amended = amended;
  }
  return { ok: true, args };
}

// ---- import preview ------------------------------------------------------------------------

/** What a column can be, in plain words (the server's roles). */
export const COLUMN_ROLES = [
  { role: 'ww', get label() { return t('ww – What is working well'); } },
  { role: 'nww', get label() { return t('nww – What is not working well'); } },
  { role: 'iff', get label() { return t('iff – Important for the future'); } },
  { role: 'ignore', get label() { return t('Not a question – leave it out'); } },
  { role: 'about', get label() { return t('About the person (counted only, e.g. age group)'); } },
  { role: 'private', get label() { return t('Private (name or contact) – never read'); } },
  { role: 'respondent', get label() { return t('Person’s id – never read'); } },
  { role: 'question', get label() { return t('Says which question (one row an answer)'); } },
  { role: 'answer', get label() { return t('The answer (one row an answer)'); } },
];

/** The choices offered for a column: the question ones and "not a question", plus its own role. */
export function roleChoices(layout, currentRole) {
  const base = ['ww', 'nww', 'iff', 'ignore', 'about', 'private', 'respondent'];
  if (layout === 'long') base.push('question', 'answer');
  if (currentRole && !base.includes(currentRole)) base.push(currentRole);
  return COLUMN_ROLES.filter((r) => base.includes(r.role));
}

/** The mapping to send: only the columns changed by hand, keyed by column index. */
export function mappingFor(choices) {
  const out = {};
  for (const [index, role] of Object.entries(choices || {})) if (role) out[String(index)] = role;
  return out;
}

/** The question columns of a preview, with their wording, as {question: [headers]}. */
export function questionColumns(preview) {
  const out = { ww: [], nww: [], iff: [] };
  for (const c of (preview && preview.columns) || []) if (out[c.role]) out[c.role].push(c.header);
  return out;
}

/** "Who we heard from" as rows [{column, groups: [[name, people], ...]}] (groups under 3 already folded). */
export function heardFromRows(heard) {
  return Object.entries(heard || {}).map(([column, groups]) => ({
    column,
    groups: Object.entries(groups || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  })).filter((r) => r.groups.length);
}

export const FLAGGED_REASON = {
  get too_long() { return t('too long for a card: it will wait to be shortened'); },
  get contact_details() { return t('has an email or phone number: it will wait to be changed'); },
};

/** The file types the importer takes, for the file input's accept attribute. */
export const ACCEPT = '.csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A quick check before uploading: a readable problem, or null. */
export function checkFile(file) {
  if (!file) return t('Choose a file first.');
  if (file.size === 0) return t('That file is empty.');
  if (file.size > LIMITS.UPLOAD_BYTES) return t('That {what} is too large: the limit is {mb} MB.', { what: t('file'), mb: LIMITS.UPLOAD_BYTES / (1024 * 1024) });
  if (/\.xls$/i.test(file.name || '')) return t('This is an old Excel file (.xls). Please save it as .xlsx or CSV and try again.');
  return null;
}
