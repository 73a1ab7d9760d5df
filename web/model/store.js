// The record store: pure data, no window, document or WebSocket, so `node --test` can run it.
// The server owns the truth; this keeps a map of its records, applies welcome / ev / presence,
// and lays the caller's own not-yet-acknowledged ops over them (optimistic overlay, predict.js).
import { predict, THEMING_TYPES } from './predict.js';
import { STAFF } from '../protocol.js';
import { t } from '../app/i18n.js';
import { memberName } from '../app/words.js';

export { predict, tempId } from './predict.js';
export { THEMING_TYPES };


/** A fresh, empty store. */
export function createStore() {
  return {
    records: new Map(), // id -> record, as the server last sent it
    seq: 0,              // last seq applied; a later ev must be seq + 1
    me: null,
    online: new Set(),
    reconnects: {},      // participant id -> times they came back (staff only): a connection that keeps dropping
    pending: [],         // [{id, op, args, ackSeq?}] own ops not yet seen applied
    version: 0,          // bumped on every change, so views can memoise
    _view: null,
    _viewVersion: -1,
  };
}

function changed(store) {
  store.version += 1;
}

function putRecord(store, rec) {
  store.records.set(rec.id, rec);
  if (store.me && rec.id === store.me.id) store.me = rec;
}

/** Apply a welcome frame: a full view (`records`) or the events missed since our seq (`replay`). */
export function applyWelcome(store, msg) {
  if (Array.isArray(msg.records)) {
    store.records = new Map();
    for (const rec of msg.records) store.records.set(rec.id, rec);
  } else if (Array.isArray(msg.replay)) {
    for (const ev of msg.replay) {
      if (typeof ev.seq === 'number' && ev.seq <= store.seq) continue;
      applyChanges(store, ev);
      if (typeof ev.seq === 'number') store.seq = ev.seq;
    }
  }
  if (typeof msg.seq === 'number') store.seq = msg.seq;
  if (msg.me) store.me = store.records.get(msg.me.id) || msg.me;
  if (store.me && !store.records.has(store.me.id)) store.records.set(store.me.id, store.me);
  if (msg.reconnects && typeof msg.reconnects === 'object') store.reconnects = { ...msg.reconnects };
  if (Array.isArray(msg.online)) {
    store.online = new Set(msg.online);
    for (const rec of store.records.values()) {
      if (rec.kind === 'participant') {
        const on = store.online.has(rec.id);
        if (rec.online !== on) putRecord(store, { ...rec, online: on });
      }
    }
  } else {
    store.online = new Set([...store.records.values()]
      .filter((r) => r.kind === 'participant' && r.online).map((r) => r.id));
  }
  prunePending(store);
  changed(store);
}

function applyChanges(store, ev) {
  for (const rec of ev.put || []) putRecord(store, rec);
  for (const id of ev.del || []) store.records.delete(id);
}

/**
 * Apply one `ev`. Returns 'applied', 'duplicate' (seq already seen, ignored)
 * or 'gap' (a seq is missing: nothing applied, the caller must resume with `since`).
 */
export function applyEv(store, ev) {
  if (typeof ev.seq === 'number') {
    if (ev.seq <= store.seq) return 'duplicate';
    if (ev.seq !== store.seq + 1) return 'gap';
    store.seq = ev.seq;
  }
  applyChanges(store, ev);
  prunePending(store);
  changed(store);
  return 'applied';
}

/** Apply a presence frame: someone came or went. */
export function applyPresence(store, msg) {
  const id = msg.participant_id;
  if (typeof msg.reconnects === 'number') store.reconnects = { ...store.reconnects, [id]: msg.reconnects };
  if (msg.online) store.online.add(id); else store.online.delete(id);
  const rec = store.records.get(id);
  if (rec && rec.online !== Boolean(msg.online)) putRecord(store, { ...rec, online: Boolean(msg.online) });
  changed(store);
}

// ---- optimistic overlay -------------------------------------------------------------

/** Record an own op sent (or waiting to be sent); the view shows its predicted effect. */
export function addPending(store, op) {
  store.pending.push({ id: op.id, op: op.op, args: op.args });
  changed(store);
}

/** The server acknowledged an op at `seq`; its overlay stays until that seq has been applied. */
export function ackPending(store, id, seq) {
  const p = store.pending.find((x) => x.id === id);
  if (!p) return;
  p.ackSeq = typeof seq === 'number' ? seq : store.seq;
  prunePending(store);
  changed(store);
}

/** The server refused an op: drop its overlay (the rollback). Returns the dropped op. */
export function rejectPending(store, id) {
  const i = store.pending.findIndex((x) => x.id === id);
  if (i < 0) return null;
  const [p] = store.pending.splice(i, 1);
  changed(store);
  return p;
}

function prunePending(store) {
  store.pending = store.pending.filter((p) => p.ackSeq === undefined || p.ackSeq > store.seq);
}

// A view is a snapshot that never changes after it is made, so its index (records by kind,
// cards by board, data cards by theme) can be built once and shared by every selector.
const snapshots = new WeakSet();
const indexes = new WeakMap();

/** The records as the user should see them: the server's, with own pending ops laid over. */
export function view(store) {
  if (store._viewVersion === store.version) return store._view;
  const recs = new Map(store.records);
  if (store.pending.length) {
    for (const p of store.pending) {
      const { put, del } = predict(recs, p.op, p.args, p.id);
      for (const r of put) recs.set(r.id, r);
      for (const id of del) recs.delete(id);
    }
  }
  snapshots.add(recs); // only now: predict() above read it while it was still changing
  store._view = recs;
  store._viewVersion = store.version;
  return recs;
}

// ---- selectors (take a records map: `view(store)` or `store.records`) ----------------

function byCreated(a, b) {
  const ca = a.created_at || '', cb = b.created_at || '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function buildIndex(recs) {
  const byKind = new Map();
  const cardsByBoard = new Map();
  const dataByTheme = new Map();
  const push = (m, k, r) => { const l = m.get(k); if (l) l.push(r); else m.set(k, [r]); };
  for (const r of recs.values()) {
    push(byKind, r.kind, r);
    if (r.kind === 'card') {
      push(cardsByBoard, r.board_id, r);
      if (r.type === 'data' && r.theme_id) push(dataByTheme, r.theme_id, r);
    }
  }
  for (const l of cardsByBoard.values()) l.sort(byCreated);
  for (const l of dataByTheme.values()) l.sort(byCreated);
  return { byKind, cardsByBoard, dataByTheme };
}

function index(recs) {
  if (!snapshots.has(recs)) return buildIndex(recs); // a live map may change: no cache
  let ix = indexes.get(recs);
  if (!ix) { ix = buildIndex(recs); indexes.set(recs, ix); }
  return ix;
}

function ofKind(recs, kind) {
  return (index(recs).byKind.get(kind) || []).slice();
}

/** The workshop record. */
export function workshop(recs) {
  return ofKind(recs, 'workshop')[0] || null;
}

/** Boards of one type (`ww`, `nww`, ...), in board order. */
export function boardsOfType(recs, type) {
  return ofKind(recs, 'board').filter((b) => b.type === type)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || byCreated(a, b));
}

/** The three theming boards, ww then nww then iff (first board of each type in the main room). */
export function themingBoards(recs) {
  return THEMING_TYPES.map((t) => boardsOfType(recs, t)[0]).filter(Boolean);
}

/** Cards on a board, oldest first. */
export function cardsOfBoard(recs, boardId) {
  return (index(recs).cardsByBoard.get(boardId) || []).slice();
}

/** Data cards of a board not yet in any theme. */
export function unthemedCards(recs, boardId) {
  return cardsOfBoard(recs, boardId).filter((c) => c.type === 'data' && !c.theme_id);
}

/** Theme cards of a board. */
export function themesOfBoard(recs, boardId) {
  return cardsOfBoard(recs, boardId).filter((c) => c.type === 'theme');
}

/** Data cards held by a theme. */
export function dataCardsOfTheme(recs, themeId) {
  return (index(recs).dataByTheme.get(themeId) || []).slice();
}

/** Each theme of a board with its data cards and their count. */
export function themesWithCards(recs, boardId) {
  return themesOfBoard(recs, boardId).map((theme) => {
    const cards = dataCardsOfTheme(recs, theme.id);
    return { theme, cards, count: cards.length };
  });
}

/** Participants, facilitators first, then by name. */
export function participants(recs) {
  const rank = { facilitator: 0, host: 1, participant: 2, projector: 3 };
  return ofKind(recs, 'participant')
    .sort((a, b) => (rank[a.role] ?? 9) - (rank[b.role] ?? 9) || String(a.name).localeCompare(String(b.name)));
}

/** Participants connected now. */
export function participantsOnline(recs) {
  return participants(recs).filter((p) => p.online);
}

/** A participant's first name, or a neutral word when unknown. */
export function nameOf(recs, id) {
  const p = recs.get(id);
  return p && p.name ? memberName(p) : t('Someone');
}

/** True for facilitators and hosts (the protocol's staff roles). */
export function isStaff(me) {
  return Boolean(me) && STAFF.includes(me.role);
}

/**
 * True for the facilitator alone (the protocol's FACILITATOR ops: the agenda and "Next", the
 * welcome board, beginning Day 2, privacy). Staff-wide things use isStaff: the gate decides which.
 */
export function isFacilitator(me) {
  return Boolean(me) && me.role === 'facilitator'; // a role value (protocol.js ROLES)
}

/** True when the role may do facilitator / host things (add data cards, split). */
export const canFacilitate = isStaff;

/** True when the role may change the board at all (projectors only watch). */
export function canEdit(me) {
  return Boolean(me) && me.role !== 'projector';
}
