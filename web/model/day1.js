// Day 1 of the workshop as pure selectors (no DOM, no socket, so `node --test` runs them):
// the agenda (now / next), the welcome board's fixed texts, dot voting (dots left, results with
// ties, who has not used all their dots), tables and their themes, the "why? because…" chain,
// root causes, the three success perspectives, the parking space and table feedback.
// Every selector takes a records map (`view(store)` or a plain Map).
import { t, tn } from '../app/i18n.js';
import { ordinal as ordinalWords, tableName } from '../app/words.js';
import { themingBoards, isStaff } from './store.js';
import { LIMITS, LABELS, OP } from '../protocol.js';

// The 8 stages and 3 questions: fixed texts, copied from server/domain/agenda.py.
export const STAGES = [
  [t('Prepare'), t('Agree how, when and where to use Working Together for Change and who needs to be involved.')],
  [t('Collect'), t('Gather what is working and not working for each person, and what they want for the future.')],
  [t('Theme'), t('Recognise themes in the information together and give each theme an “I” statement.')],
  [t('Understand'), t('Understand the root causes of what is not working and prioritise the top ones.')],
  [t('Identify success'), t('Agree what success would look like, from different perspectives.')],
  [t('Plan'), t('Look at what is in place, think of new ideas, and agree which to turn into action plans.')],
  [t('Implement'), t('Set a baseline and indicators, share them, and start the action plans.')],
  [t('Review'), t('Check progress against success, write the report, and tell everyone what changed.')],
];
export const QUESTIONS = [
  ['ww', t('What is working well for you?')],
  ['nww', t('What is not working well for you?')],
  ['iff', t('What is important to you in the future?')],
];
export const TEAM_ROLES = LABELS.teamRoles; // a value, not words
export const ROOT_CAUSES_MAX = LIMITS.ROOT_CAUSES_PER_TABLE;

/** The success board's three perspectives, in the guide's order; colour always with its label (colours: LABELS.successPerspectives). */
const SP = LABELS.successPerspectives;
export const PERSPECTIVES = [
  { key: 'people_families', label: t('People and families'), colour: SP.people_families.colour, statement: t('an I statement'), example: t('I can choose who supports me.') },
  { key: 'providers', label: t('People who provide services'), colour: SP.providers.colour, statement: t('a we statement'), example: t('We ask people what matters to them.') },
  { key: 'buyers', label: t('People who buy services'), colour: SP.buyers.colour, statement: t('a we statement'), example: t('We fund support that people choose.') },
];

/** Friendly names of board types, as the agenda shows them. */
export const BOARD_LABELS = {
  welcome: t('Welcome'), ww: t('Working well'), nww: t('Not working well'), iff: t('Important for the future'),
  root_causes: t('Root causes'), success: t('Identifying success'), in_place: t("What's in place already?"),
  ideas: t('New ideas'), grid: t('Investment Grid'), action_plan: t('Action plan'), parking: t('Parking space'),
};

function ofKind(recs, kind) {
  const out = [];
  for (const r of recs.values()) if (r.kind === kind) out.push(r);
  return out;
}

function byCreated(a, b) {
  const ca = a.created_at || '', cb = b.created_at || '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function cardsOn(recs, boardId, type) {
  return ofKind(recs, 'card').filter((c) => c.board_id === boardId && (!type || c.type === type)).sort(byCreated);
}

function theWorkshop(recs) {
  return ofKind(recs, 'workshop')[0] || null;
}

// ---- agenda ---------------------------------------------------------------------------

/** An agenda item's title: the guide's own titles are in the catalogue; a title the facilitator wrote is shown as written. */
export function itemTitle(item) {
  return item && item.title ? t(item.title) : '';
}

/** The agenda items of the workshop (the guide's templates until the facilitator edits them). */
export function agendaItems(recs) {
  const w = theWorkshop(recs);
  return w && Array.isArray(w.agenda) ? w.agenda : [];
}

/**
 * What is happening now and what is next: {now, next, day}. Before the facilitator starts,
 * `now` is null and `next` is the first item of the current day.
 */
export function agendaNowNext(recs) {
  const w = theWorkshop(recs);
  const items = agendaItems(recs);
  const i = w && w.activity ? items.findIndex((it) => it.key === w.activity) : -1;
  if (i >= 0) return { now: items[i], next: items[i + 1] || null, day: items[i].day };
  const day = (w && w.day) || 1;
  return { now: null, next: items.find((it) => it.day === day) || items[0] || null, day };
}

/** Items grouped by day: [[1, items], [2, items]]. */
export function agendaByDay(items) {
  const days = new Map();
  for (const it of items) {
    if (!days.has(it.day)) days.set(it.day, []);
    days.get(it.day).push(it);
  }
  return [...days.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * The boards an agenda item uses, as links: [{type, label, board}] where board is the record
 * to show (the person's own table's board for table boards; staff get every table's), or
 * null for the welcome screen.
 */
export function boardsForItem(recs, item, me) {
  if (!item) return [];
  const out = [];
  const staff = me && (isStaff(me) || me.role === 'projector');
  for (const type of item.boards || []) {
    if (type === 'welcome') { out.push({ type, label: BOARD_LABELS.welcome, board: null }); continue; }
    const boards = ofKind(recs, 'board').filter((b) => b.type === type)
      .sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    const main = boards.filter((b) => !isTableBoard(recs, b));
    if (main.length) { out.push({ type, label: BOARD_LABELS[type] || type, board: main[0] }); continue; }
    const mine = me && me.table_id ? boards.filter((b) => b.room_id === me.table_id) : [];
    const shown = staff ? boards : mine;
    for (const b of shown) {
      const room = recs.get(b.room_id);
      out.push({ type, label: `${BOARD_LABELS[type] || type}${room && shown.length > 1 ? `, ${tableName(room)}` : ''}`, board: b });
    }
    if (!shown.length) out.push({ type, label: BOARD_LABELS[type] || type, board: null });
  }
  return out;
}

function isTableBoard(recs, b) {
  const room = recs.get(b.room_id);
  return Boolean(room && room.type === 'table');
}

/** Check an agenda time: '' (no time) or hours and minutes like 10:40. */
export function validTime(t) {
  return t === '' || t == null || /^([01]\d|2[0-3]):[0-5]\d$/.test(t);
}

/** Items as agenda.update wants them (keys kept, empty times left out). */
export function agendaArgs(items) {
  return {
    items: items.map((it) => {
      const out = { day: Number(it.day) === 2 ? 2 : 1, title: String(it.title || '').trim(), boards: [...(it.boards || [])] };
      if (it.key) out.key = it.key;
      if (it.time) out.time = it.time;
      return out;
    }),
  };
}

// ---- dot voting -----------------------------------------------------------------------

/** The round to show on a board: the open one, else the latest closed one, else null. */
export function roundOfBoard(recs, boardId) {
  const rounds = ofKind(recs, 'round').filter((r) => (r.board_ids || [r.board_id]).includes(boardId));
  const open = rounds.find((r) => r.status === 'open');
  if (open) return open;
  rounds.sort((a, b) => String(b.opened_at || '').localeCompare(String(a.opened_at || '')));
  return rounds[0] || null;
}

/** The board being voted on: the one chosen, else one with an open round, else Not working well. */
export function votingBoard(recs, chosenId = null) {
  const boards = themingBoards(recs);
  const chosen = boards.find((b) => b.id === chosenId);
  if (chosen) return chosen;
  return boards.find((b) => { const r = roundOfBoard(recs, b.id); return r && r.status === 'open'; })
    || boards.find((b) => b.type === 'nww') || boards[0] || null;
}

/** The open vote, if any (one board's, or the vote on every table's ideas). */
export function openRound(recs) {
  return ofKind(recs, 'round').find((r) => r.status === 'open') || null;
}

/**
 * My dots in a round: {total, byTarget: Map(target_id -> n), sending: Map(target_id -> +/-n)}.
 * Only own vote records reach a person; `pending` (the store's own ops not yet applied) adds the
 * dots on their way, so "You have 1 dot left" changes at once, even on a slow connection.
 */
export function myDots(recs, roundId, meId, pending = []) {
  const byTarget = new Map();
  const sending = new Map();
  let total = 0;
  const add = (m, k, d) => m.set(k, (m.get(k) || 0) + d);
  for (const v of ofKind(recs, 'vote')) {
    if (v.round_id !== roundId || v.voter_id !== meId) continue;
    add(byTarget, v.target_id, 1);
    total += 1;
  }
  for (const p of pending) {
    const a = p.args || {};
    if (a.round_id !== roundId || (p.op !== OP.voteCast && p.op !== OP.voteRetract)) continue;
    const d = p.op === OP.voteCast ? 1 : -1;
    if (d < 0 && !(byTarget.get(a.target_id) > 0)) continue;
    add(byTarget, a.target_id, d);
    add(sending, a.target_id, d);
    total += d;
  }
  return { total, byTarget, sending };
}

/** "You have 1 dot left" and friends. */
export function dotsLeftText(left) {
  if (left <= 0) return t('You have used all your dots');
  return tn('You have {n} dot left', 'You have {n} dots left', left);
}

/** "3 dots", "1 dot", "No dots". */
export function dotsText(n) {
  if (!n) return t('No dots');
  return tn('{n} dot', '{n} dots', n);
}

/** What a person may do on one target: {canAdd, canTake, reason}. */
export function voteChoices(round, mine, targetId) {
  if (!round || round.status !== 'open') return { canAdd: false, canTake: false, reason: t('The vote is closed.') };
  const here = mine.byTarget.get(targetId) || 0;
  const canTake = here > 0;
  if (mine.total >= round.per_person) return { canAdd: false, canTake, reason: t('You have used all your dots. Take one back to move it.') };
  if (here >= round.per_target) return { canAdd: false, canTake, reason: tn('You already put {n} dot here, the most on one theme.', 'You already put {n} dots here, the most on one theme.', round.per_target) };
  return { canAdd: true, canTake, reason: '' };
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd… */
export function ordinal(n) {
  return ordinalWords(n);
}

/**
 * Results: targets sorted by dots (most first; equal dots keep the targets' order), each with
 * its rank ("joint 2nd" when tied): [{card, dots, rank, tied, place}]. Tallies absent (a hidden
 * round still open) count as 0.
 */
export function voteResults(round, targets) {
  const tallies = (round && round.tallies) || {};
  const rows = targets.map((card, i) => ({ card, dots: tallies[card.id] || 0, i }));
  rows.sort((a, b) => b.dots - a.dots || a.i - b.i);
  return rows.map((r) => {
    const rank = 1 + rows.filter((o) => o.dots > r.dots).length;
    const tied = rows.filter((o) => o.dots === r.dots).length > 1;
    return { card: r.card, dots: r.dots, rank, tied, place: tied ? t('joint {place}', { place: ordinal(rank) }) : ordinal(rank) };
  });
}

/**
 * Who to chase (facilitators and hosts only, from round.dots_used): participants who have not
 * used all their dots, those who said "I won't vote this time" (listed apart, not chased), and
 * those done. Projectors never vote; facilitators and hosts are listed only once they vote.
 */
export function votingProgress(recs, round) {
  const used = (round && round.dots_used) || {};
  const abstainedIds = new Set((round && round.abstained) || []);
  const people = ofKind(recs, 'participant')
    .filter((p) => p.role === 'participant' || (isStaff(p) && used[p.id]))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const out = { waiting: [], abstained: [], done: [] };
  for (const p of people) {
    const n = used[p.id] || 0;
    if (abstainedIds.has(p.id)) out.abstained.push({ person: p, used: n });
    else if (round && n >= round.per_person) out.done.push({ person: p, used: n });
    else out.waiting.push({ person: p, used: n, left: round ? round.per_person - n : 0 });
  }
  return out;
}

/** Themes (or ideas) on a round's boards that take dots. */
export function voteTargets(recs, boardId) {
  return cardsOn(recs, boardId).filter((c) => c.type === 'theme' || c.type === 'idea');
}

// ---- tables ---------------------------------------------------------------------------

/** Tables in number order, each with its theme and Day 1 boards: [{room, theme, rootBoard, successBoard}]. */
export function tablesWithThemes(recs) {
  const boards = ofKind(recs, 'board');
  return ofKind(recs, 'room').filter((r) => r.type === 'table')
    .sort((a, b) => (a.number ?? 0) - (b.number ?? 0))
    .map((room) => ({
      room,
      themeText: room.theme_text || (room.theme_id && recs.get(room.theme_id) ? recs.get(room.theme_id).text : null),
      rootBoard: boards.find((b) => b.room_id === room.id && b.type === 'root_causes') || null,
      successBoard: boards.find((b) => b.room_id === room.id && b.type === 'success') || null,
    }));
}

/** The table a person sits at (their own table), or null. */
export function myTable(recs, me) {
  if (!me || !me.table_id) return null;
  return tablesWithThemes(recs).find((t) => t.room.id === me.table_id) || null;
}

/** Which table a board belongs to, or null. */
export function tableOfBoard(recs, boardId) {
  return tablesWithThemes(recs).find((t) => (t.rootBoard && t.rootBoard.id === boardId)
    || (t.successBoard && t.successBoard.id === boardId)) || null;
}

/** The theme ids to give, by default: the top `count` by dots (equal dots keep the themes' order). */
export function defaultTableThemes(round, themes, count) {
  return voteResults(round, themes).slice(0, count).map((r) => r.card.id);
}

/** The "why? because…" chain: notes on a root-causes board in step order. */
export function whyChain(recs, boardId) {
  return cardsOn(recs, boardId, 'note').sort((a, b) => (a.step ?? 1e9) - (b.step ?? 1e9) || byCreated(a, b));
}

/** The red root-cause cards of a board (at most 3). */
export function rootCauses(recs, boardId) {
  return cardsOn(recs, boardId, 'root_cause');
}

/** The three success slots with their card (or null): [{...perspective, card}]. */
export function successSlots(recs, boardId) {
  const cards = cardsOn(recs, boardId, 'success');
  return PERSPECTIVES.map((p) => ({ ...p, card: cards.find((c) => c.perspective === p.key) || null }));
}

// ---- parking space and feedback ------------------------------------------------------------

/** The workshop's parking space board. */
export function parkingBoard(recs) {
  return ofKind(recs, 'board').filter((b) => b.type === 'parking').sort((a, b) => (a.order ?? 0) - (b.order ?? 0))[0] || null;
}

/** Parking space items: waiting first (oldest first), then reviewed. */
export function parkingItems(recs) {
  const b = parkingBoard(recs);
  if (!b) return { waiting: [], reviewed: [] };
  const items = cardsOn(recs, b.id, 'note');
  return { waiting: items.filter((c) => !c.reviewed), reviewed: items.filter((c) => c.reviewed) };
}

/**
 * Table feedback: the tables with a theme in order, the one being shown (from
 * workshop.showing) and the next one to show.
 */
export function feedbackState(recs) {
  const w = theWorkshop(recs);
  const tables = tablesWithThemes(recs).filter((t) => t.themeText && (t.rootBoard || t.successBoard));
  const showingId = w && w.showing ? w.showing.board_id : null;
  const i = showingId ? tables.findIndex((t) => (t.rootBoard && t.rootBoard.id === showingId) || (t.successBoard && t.successBoard.id === showingId)) : -1;
  return { tables, current: i >= 0 ? tables[i] : null, next: tables[i + 1] || null };
}
