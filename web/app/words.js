// The words for the labels the protocol defines once (board types, roles): the generated
// protocol.js holds the English the server also knows; here each has its catalogue entry, written
// as a literal t() so the catalogue can find it. web/tests/i18n.test.js checks every label has one.
import { t, tc, currentLanguage } from './i18n.js';
import { LABELS } from '../protocol.js';

/** The theming boards' headings in the protocol's English (server/protocol/labels.py): ww, nww, iff. */
export const BOARD_HEADINGS = Object.freeze(Object.fromEntries(LABELS.themingBoards.map((k) => [k, LABELS.boards[k].title])));

/** A theming board's heading as the room reads it (capitals, with its colour). */
export function boardHeading(type) {
  const words = { ww: t('WORKING WELL'), nww: t('NOT WORKING WELL'), iff: t('IMPORTANT FOR THE FUTURE') };
  return words[type] || BOARD_HEADINGS[type] || type;
}

/** A table's name as people read it: the server's default ("Table 2", server/domain/rooms.py) in the reader's
 *  language, a name the facilitator gave as written. Every screen says a table this one way. */
export function tableName(room) {
  if (!room) return t('a table');
  const byDefault = room.number != null && (!room.name || room.name === `Table ${room.number}`); // a value, not words
  return byDefault ? t('Table {n}', { n: room.number }) : (room.name || t('a table'));
}

/** A theming board's name in a sentence. */
export function boardName(type) {
  const words = { ww: t('Working well'), nww: t('Not working well'), iff: t('Important for the future') };
  return words[type] || null;
}

// A projector member's name is the server's (LABELS.projectorName, "Projector {n}"): said in the reader's language.
const [NAME_BEFORE, NAME_AFTER] = LABELS.projectorName.split('{n}').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const PROJECTOR_NAME = new RegExp(`^${NAME_BEFORE}(\\d+)${NAME_AFTER}$`);

/** A member's name as people read it: as they wrote it, or a projector's numbered name in the reader's language. */
export function memberName(p) {
  if (!p) return '';
  const m = p.role === 'projector' ? PROJECTOR_NAME.exec(p.name || '') : null;
  return m ? t(LABELS.projectorName, { n: Number(m[1]) }) : (p.name || '');
}

/** A theming board's code as people read it ("nww"): the guide's, unless a language writes its own. */
export function boardCode(type) {
  const codes = { ww: tc('board code', 'ww'), nww: tc('board code', 'nww'), iff: tc('board code', 'iff') };
  return codes[type] || type;
}

/** A role as people read it. */
export function roleName(role) {
  const words = {
    facilitator: t('facilitator'), host: t('host'), participant: t('participant'), projector: t('big screen'),
  };
  return words[role] || role;
}

// Welsh short ordinals: 1af, 2il, 3ydd, 4ydd, 5ed, 6ed, 7fed… (numbers past 20 take -fed).
const CY_ORDINALS = ['', 'af', 'il', 'ydd', 'ydd', 'ed', 'ed', 'fed', 'fed', 'fed', 'fed', 'eg', 'fed', 'eg', 'eg', 'fed', 'eg', 'eg', 'fed', 'eg', 'fed'];

/** 1st, 2nd, 3rd, 4th, 11th… in English; 1af, 2il, 3ydd… in Welsh. */
export function ordinal(n) {
  if (currentLanguage() === 'cy') return `${n}${CY_ORDINALS[n] || 'fed'}`;
  const s = n % 100;
  if (s >= 11 && s <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th'}`;
}
