// Files and pictures from the server as pure helpers (no DOM, so `node --test` runs them): what a
// refused request means in plain words, a download's file name, and the board pictures' history
// grouped by activity. Everyone uses these (a participant's board pictures); the import and
// cleaning helpers, for staff only, are in data.js.
import { t, timeText } from '../app/i18n.js';

export { timeText }; // "14:05", "26 Chwef 14:05": the one way the app says a time (app/i18n.js)
import { LABELS } from '../protocol.js';

/** A readable message for a refused upload. status: HTTP status; body: the server's error JSON. */
export function uploadError(status, body) {
  const msg = body && body.message ? String(body.message) : '';
  const line = body && body.line != null ? `${t('Line {n}:', { n: body.line })} ` : '';
  if (status === 0) return msg || t('Coboard could not be reached. Check your internet connection and try again.');
  if (status === 413) return msg || t('That file is too large: the limit is 20 MB.');
  if (status === 415) return msg || t('That file is not a CSV or Excel (.xlsx) file. Save it as CSV or .xlsx and try again.');
  if (status === 409) return msg || t('This file was already imported. Importing it again would put every answer on the boards twice.');
  if (status === 403) return msg || t('Only a facilitator or host can import answers.');
  if (status === 401) return t('Your sign-in for this workshop has expired. Open your link again.');
  if (status === 422) return `${line}${msg || t('The file could not be read.')}`;
  return `${line}${msg || t('Something went wrong ({status}). Please try again.', { status })}`;
}

// ---- snapshots -------------------------------------------------------------------------------

const REASONS = { activity_end: () => t('Taken automatically when the activity ended'), on_demand: () => t('Taken on request') };

/** A readable reason for a snapshot. */
export function snapshotReason(s) {
  return REASONS[s.reason] ? REASONS[s.reason]() : t('Taken');
}

/**
 * The history grouped by activity, newest group first and newest snapshot first in each group.
 * A group is [{activity, label, snapshots, latest}]; a run of the same activity is one group.
 */
export function groupSnapshots(list) {
  const groups = new Map();
  for (const s of list || []) {
    const key = s.activity || '';
    // the agenda item's title the pictures were named after: a default one in the reader's language (as the agenda says it)
    if (!groups.has(key)) groups.set(key, { activity: key, label: s.activity ? t(s.activity) : t('Before the agenda started'), snapshots: [], latest: '' });
    const g = groups.get(key);
    g.snapshots.push(s);
    if ((s.taken_at || '') > g.latest) g.latest = s.taken_at || '';
  }
  const out = [...groups.values()];
  for (const g of out) g.snapshots.sort((a, b) => ((a.taken_at || '') < (b.taken_at || '') ? 1 : (a.taken_at || '') > (b.taken_at || '') ? -1 : (b.seq || 0) - (a.seq || 0)));
  return out.sort((a, b) => (a.latest < b.latest ? 1 : a.latest > b.latest ? -1 : 0));
}

/**
 * A picture's board title in the reader's language. The server stores it in English as
 * Workshop.picture_title made it ("Root causes – Table 2", "NOT WORKING WELL"): a default board
 * title (LABELS.boards) is said by `sayBoard(type)`, the reader's words for that board, and a default
 * table name ("Table 2") through the catalogue; a title or table name someone typed stays as
 * written. The same reading as server/exports/history.py board_title_in (the ZIP's index.csv).
 */
export function pictureTitle(shot, sayBoard) {
  const stored = String(shot.board_title || '');
  const known = LABELS.boards[shot.board_type];
  const fallback = stored || (known ? sayBoard(shot.board_type) : shot.board_type) || t('Board');
  if (!known) return fallback;
  const def = known.title;
  let title = stored;
  let table = null;
  if (stored.startsWith(`${def} – `)) [title, table] = [def, stored.slice(def.length + 3)];
  if (title !== def) return fallback;
  const number = table !== null ? /^Table (\d+)$/.exec(table) : null;
  const where = number ? t('Table {n}', { n: Number(number[1]) }) : table;
  return where === null ? sayBoard(shot.board_type) : `${sayBoard(shot.board_type)} – ${where}`;
}

/** A file name for a board picture: "working-well-1405.png". */
export function pictureName(title, iso, fmt) {
  const base = String(title || 'board').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'board';
  const d = iso ? new Date(iso) : null;
  const stamp = d && !Number.isNaN(d.getTime()) ? `-${String(d.getHours()).padStart(2, '0')}${String(d.getMinutes()).padStart(2, '0')}` : '';
  return `${base}${stamp}.${fmt}`;
}

/** The file name a Content-Disposition header gives, else the fallback. */
export function dispositionName(header, fallback) {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header || '');
  if (!m) return fallback;
  try { return decodeURIComponent(m[1]); } catch (e) { return m[1]; }
}
