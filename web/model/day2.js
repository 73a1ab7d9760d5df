// Day 2 of the workshop as pure data: the recap, What's in place already?, the three hats, the
// vote on ideas, the Investment Grid and the action plans. No DOM, no socket: `node --test`
// runs it. Every selector takes a records map (`view(store)`).
import { t, tn } from '../app/i18n.js';
import { boardsOfType, cardsOfBoard, workshop, themesWithCards } from './store.js';
import { ordinal, voteResults, voteTargets } from './day1.js';
import { tableName } from '../app/words.js';
import { LIMITS, LABELS, quadrantOf, charCount, OP } from '../protocol.js';

// The hats' words are read in the reader's language when shown (getters); letter and colour are values (LABELS.hats).
const HAT = LABELS.hats;
export const HATS = [
  { letter: 'T', colour: HAT.T.colour, get name() { return t('Traditional'); }, get colourName() { return t('blue'); }, get hint() { return t('Tried and tested, service led ideas.'); } },
  { letter: 'C', colour: HAT.C.colour, get name() { return t('Community'); }, get colourName() { return t('green'); }, get hint() { return t('Bottom up ideas that use what is already out there.'); } },
  { letter: 'R', colour: HAT.R.colour, get name() { return t('Radical'); }, get colourName() { return t('yellow'); }, get hint() { return t('Brave, out of the box ideas.'); } },
];
export const IDEAS_PER_HAT = LIMITS.IDEAS_PER_HAT;

export const QUADRANTS = {
  get quick_win() { return t('Quick Wins'); },
  get major_project() { return t('Major Projects'); },
  get fill_in() { return t('Fill Ins'); },
  get thankless_task() { return t('Thankless Tasks'); },
};
export const PLANNABLE = LABELS.plannableQuadrants;

// The guide's six questions (server/domain/plans.py), in order.
export const PLAN_QUESTIONS = [
  { field: 'aim', get label() { return t('What are you aiming to achieve and what issue does it relate to?'); } },
  { field: 'involve', get label() { return t('Who will lead and who else needs to be involved?'); } },
  { field: 'next_week', get label() { return t('What can you do next week to kickstart things?'); } },
  { field: 'months_3_6', get label() { return t('Where do you want to be in 3 to 6 months?'); } },
  { field: 'difference', get label() { return t('How will you know you are making a difference?'); } },
  { field: 'engaged', get label() { return t('How can you keep people engaged and informed?'); } },
];
export const PLAN_FIELD_LIMIT = LIMITS.PLAN_FIELD;

// The white space Python's str.strip() takes off (str.isspace): the server keeps an answer as
// NFC, stripped so (server/domain/texts.py clean). Not JS's trim(): that also takes U+FEFF,
// which the server keeps, and leaves U+001C–U+001F and U+0085, which it takes.
const EDGES = /^[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** An action plan's answer in characters as the server counts it against PLAN_FIELD_LIMIT: what it
 *  keeps (edges trimmed), counted by charCount, so a typed newline at the end is not one too many. */
export function planAnswerLength(text) {
  return charCount(String(text ?? '').normalize('NFC').replace(EDGES, ''));
}

/** The workshop's day (1 until a facilitator begins Day 2). */
export function currentDay(recs) {
  const w = workshop(recs);
  return w && w.day === 2 ? 2 : 1;
}

/** Tables (rooms of type table), by number. */
export function tables(recs) {
  return [...recs.values()].filter((r) => r.kind === 'room' && r.type === 'table')
    .sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
}

/** Tables that were given a theme (the ones that work on Day 2). */
export function themedTables(recs) {
  return tables(recs).filter((t) => t.theme_id);
}

/** The board of a type in a room, or null. */
export function boardOfRoom(recs, roomId, type) {
  return boardsOfType(recs, type).find((b) => b.room_id === roomId) || null;
}

/** A table's boards by type: root_causes, success, in_place, ideas, action_plan (null when missing). */
export function tableBoards(recs, roomId) {
  const out = {};
  for (const t of ['root_causes', 'success', 'in_place', 'ideas', 'action_plan']) out[t] = boardOfRoom(recs, roomId, t);
  return out;
}

/**
 * The table a person works at: their own table, else the one they are in; staff with neither
 * get the first themed table (they can switch).
 */
export function tableFor(recs, me, chosen = null) {
  const list = themedTables(recs);
  if (chosen && list.some((t) => t.id === chosen)) return chosen;
  if (me && me.table_id && list.some((t) => t.id === me.table_id)) return me.table_id;
  if (me && me.room_id && list.some((t) => t.id === me.room_id)) return me.room_id;
  return list.length ? list[0].id : null;
}

export { tableName }; // a table in the reader's language, or the name the facilitator gave (app/words.js)

// ---- recap --------------------------------------------------------------------------

/** Day 1 as it was left: the theming boards with their themes, and each table's root causes and success statements. */
export function recap(recs) {
  const theming = ['ww', 'nww', 'iff'].map((type) => {
    const board = boardsOfType(recs, type).find((b) => !b.room_id || (recs.get(b.room_id) || {}).type !== 'table') || boardsOfType(recs, type)[0];
    if (!board) return null;
    return { board, themes: themesWithCards(recs, board.id) };
  }).filter(Boolean);
  const perTable = tables(recs).filter((t) => t.theme_id).map((table) => {
    const b = tableBoards(recs, table.id);
    const rootCauses = b.root_causes ? cardsOfBoard(recs, b.root_causes.id).filter((c) => c.type === 'root_cause') : [];
    const why = b.root_causes ? cardsOfBoard(recs, b.root_causes.id).filter((c) => c.type === 'note')
      .sort((x, y) => (x.step ?? 0) - (y.step ?? 0)) : [];
    const success = b.success ? cardsOfBoard(recs, b.success.id).filter((c) => c.type === 'success') : [];
    return { table, rootCauses, why, success };
  });
  return { theming, tables: perTable };
}

// ---- What's in place already? and the hats ------------------------------------------

/** The In-place items of a board, oldest first. */
export function inPlaceItems(recs, boardId) {
  return boardId ? cardsOfBoard(recs, boardId).filter((c) => c.type === 'in_place') : [];
}

/** A board's ideas in their three hat columns: {T: [...], C: [...], R: [...]}. */
export function ideasByHat(recs, boardId) {
  const out = { T: [], C: [], R: [] };
  if (!boardId) return out;
  for (const c of cardsOfBoard(recs, boardId)) if (c.type === 'idea' && out[c.hat]) out[c.hat].push(c);
  return out;
}

/** "2 of 3 ideas" — and past the aim, "4 ideas (the aim was 3)". */
export function hatProgress(count, aim = IDEAS_PER_HAT) {
  if (count > aim) return t('{count} ideas (the aim was {aim})', { count, aim });
  return t('{count} of {aim} ideas', { count, aim });
}

/** The hat of a letter. */
export function hatOf(letter) {
  return HATS.find((x) => x.letter === letter) || null;
}

/** Words that look like acronyms ("CMHT", "GP" is 2 letters and also counted), for the no-acronyms hint. */
export function acronyms(text) {
  const found = String(text || '').match(/\b[A-Z]{2,}s?\b/g) || [];
  return [...new Set(found)];
}

// ---- voting on ideas ----------------------------------------------------------------

/** Ids of every table's ideas board, table order. */
export function ideaBoardIds(recs) {
  return themedTables(recs).map((t) => boardOfRoom(recs, t.id, 'ideas')).filter(Boolean).map((b) => b.id);
}

/** The latest round on the ideas boards (open first), or null. */
export function ideaRound(recs) {
  const ids = new Set(ideaBoardIds(recs));
  const rounds = [...recs.values()].filter((r) => r.kind === 'round'
    && (r.board_ids || [r.board_id]).some((b) => ids.has(b)));
  if (!rounds.length) return null;
  rounds.sort((a, b) => (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1)
    || String(b.opened_at || '').localeCompare(String(a.opened_at || '')));
  return rounds[0];
}

/** My dots in a round: {used, left, on: Map(target -> n)}; votes reach only their voter. */
export function myDots(recs, round, meId) {
  const on = new Map();
  let used = 0;
  if (round) {
    for (const r of recs.values()) {
      if (r.kind === 'vote' && r.round_id === round.id && r.voter_id === meId) {
        on.set(r.target_id, (on.get(r.target_id) || 0) + 1);
        used += 1;
      }
    }
  }
  const per = round ? round.per_person : 3;
  return { used, left: Math.max(0, per - used), on };
}

/** Whether I may add one more dot on a target: null when yes, else the reason in plain words. */
export function whyNoDot(round, dots, targetId) {
  if (!round) return t('There is no vote open.');
  if (round.status !== 'open') return t('The vote has closed.');
  if (dots.left <= 0) return tn('You have used your {n} dot. Take it back to move it.', 'You have used all your {n} dots. Take one back to move it.', round.per_person);
  if ((dots.on.get(targetId) || 0) >= round.per_target) return tn('You already put {n} dot on this idea.', 'You already put {n} dots on this idea.', round.per_target);
  return null;
}

/** The ideas the server will send to the grid: per board, the top `per` with at least one dot. */
export function topIdeas(recs, round, per = 3) {
  if (!round) return [];
  return (round.board_ids || [round.board_id]).flatMap((boardId) => tableTop(recs, round, boardId, per).sure);
}

/**
 * One table's top `per` ideas as the server decides them (rule G4): `sure` go to the grid; `tied`
 * have equal dots across the last place ("joint 3rd") and go only when the facilitator chooses;
 * `place` is that shared place ("joint 3rd"). Ideas without dots never go.
 */
export function tableTop(recs, round, boardId, per = 3) {
  const dots = (round && round.tallies) || {};
  const ideas = cardsOfBoard(recs, boardId).filter((c) => c.type === 'idea' && (dots[c.id] || 0) > 0);
  const order = new Map(ideas.map((c, i) => [c.id, i]));
  ideas.sort((a, b) => dots[b.id] - dots[a.id] || order.get(a.id) - order.get(b.id));
  if (ideas.length <= per || dots[ideas[per - 1].id] !== dots[ideas[per].id]) return { sure: ideas.slice(0, per), tied: [], place: null };
  const cut = dots[ideas[per - 1].id];
  const sure = ideas.filter((c) => dots[c.id] > cut);
  return { sure, tied: ideas.filter((c) => dots[c.id] === cut), place: t('joint {place}', { place: ordinal(sure.length + 1) }) }; // as Day 1 says it
}

/**
 * The vote on ideas as the room reads it, each table on its own (not ranked across tables):
 * [{table, board, rows: [{card, dots, rank, tied, place}], rest, tie}], the tables in the round's
 * order. Closed: the table's top `per` ideas by dots, those tied across the cut-off all there as
 * "joint 3rd" (rule G4, as tableTop decides), ideas without dots left out; `rest` counts the
 * table's other ideas; `tie`: the cut-off is tied and the facilitator has not chosen yet (none of
 * the tied ideas is on the grid). Open: every idea, most dots first (as written while the counts
 * are hidden), `rest` 0.
 */
export function tableResults(recs, round, per = 3) {
  if (!round) return [];
  const held = heldOnGrid(recs);
  return (round.board_ids || [round.board_id]).map((boardId) => {
    const board = recs.get(boardId) || null;
    const table = board && board.room_id ? recs.get(board.room_id) || null : null;
    const targets = voteTargets(recs, boardId).filter((c) => c.type === 'idea');
    const rows = voteResults(round, targets);
    if (round.status === 'open') {
      const hidden = round.hidden && !round.tallies;
      return { table, board, rows: hidden ? targets.map((card) => rows.find((r) => r.card === card)) : rows, rest: 0, tie: false };
    }
    const top = rows.filter((r) => r.dots > 0 && r.rank <= per);
    const { tied } = tableTop(recs, round, boardId, per);
    return { table, board, rows: top, rest: targets.length - top.length, tie: tied.length > 0 && !tied.some((c) => isOnGrid(held, c)) };
  });
}

// ---- the Investment Grid ------------------------------------------------------------

/** The workshop's grid board (made on the server the first time ideas go to it). */
export function gridBoard(recs) {
  return boardsOfType(recs, 'grid')[0] || null;
}

/** Ideas on the grid, oldest first. */
export function gridIdeas(recs) {
  const g = gridBoard(recs);
  return g ? cardsOfBoard(recs, g.id).filter((c) => c.type === 'idea') : [];
}

/** The ideas the grid holds, as the server reads them (server/domain/grid.py held_on_grid): the table's
 *  idea each grid card copies, and every idea a merge there took in (`source_ids`, G3). */
export function heldOnGrid(recs) {
  const held = new Set();
  for (const c of gridIdeas(recs)) for (const id of [c.source_id, ...(c.source_ids || [])]) if (id) held.add(id);
  return held;
}

/** Whether a table's idea is on the grid already, itself or inside an idea merged there. */
export function isOnGrid(held, card) {
  return held.has(card.id) || (card.source_ids || []).some((id) => held.has(id));
}

/**
 * The tables' ideas not on the grid yet (the guide's "usually 12-15 ideas" may want one more than
 * each table's top 3): [{table, ideas: [{card, dots}]}], the tables in order, each table's ideas by
 * dots in the idea vote (most first, then as written). Tables with none left are left out.
 */
export function ideasOffGrid(recs) {
  const onGrid = heldOnGrid(recs);
  const round = ideaRound(recs);
  const tallies = (round && round.tallies) || {};
  return themedTables(recs).map((table) => {
    const board = tableBoards(recs, table.id).ideas;
    const by = ideasByHat(recs, board && board.id);
    const ideas = [...by.T, ...by.C, ...by.R].filter((c) => !c.pending && !isOnGrid(onGrid, c))
      .map((card, i) => ({ card, dots: tallies[card.id] || 0, i }))
      .sort((a, b) => b.dots - a.dots || a.i - b.i)
      .map(({ card, dots }) => ({ card, dots }));
    return { table, ideas };
  }).filter((x) => x.ideas.length);
}

// The top half of the grid (more impact) takes more room than the bottom half.
export const TOP_SHARE = 0.6;

/**
 * The grid's middle lines are the quadrant split (G1): one number, the server's
 * (LIMITS.QUADRANT_SPLIT, as quadrantOf uses it). An idea not placed yet stands there too.
 */
export const SPLIT = LIMITS.QUADRANT_SPLIT;

/** Impact (0 bottom .. 1 top) to a fraction of the grid's height from its top edge: the split is drawn at TOP_SHARE. */
export function impactToTop(impact) {
  const i = clamp01(impact);
  return i >= SPLIT ? ((1 - i) / (1 - SPLIT)) * TOP_SHARE : TOP_SHARE + ((SPLIT - i) / SPLIT) * (1 - TOP_SHARE);
}

/** A fraction of the grid's height from its top edge back to impact. */
export function topToImpact(top) {
  const t = clamp01(top);
  return t <= TOP_SHARE ? 1 - (t / TOP_SHARE) * (1 - SPLIT) : SPLIT - ((t - TOP_SHARE) / (1 - TOP_SHARE)) * SPLIT;
}

/**
 * Each quadrant's area on the drawn grid, as [left, top, right, bottom] fractions of the plot
 * (effort runs left to right unchanged; impact through impactToTop). The quadrants, their
 * middle lines and where a pushed-aside idea may go all come from here.
 */
export const QUAD_BOXES = Object.freeze({
  quick_win: [0, 0, SPLIT, impactToTop(SPLIT)],
  major_project: [SPLIT, 0, 1, impactToTop(SPLIT)],
  fill_in: [0, impactToTop(SPLIT), SPLIT, 1],
  thankless_task: [SPLIT, impactToTop(SPLIT), 1, 1],
});

/** Where the middle lines are drawn: {left} of the vertical one, {top} of the horizontal one (fractions). */
export const MIDDLE_LINES = Object.freeze({ left: SPLIT, top: impactToTop(SPLIT) });

export function clamp01(n) {
  const x = Number(n);
  if (!Number.isFinite(x)) return 0.5;
  return Math.max(0, Math.min(1, x));
}

/** Three decimals, as stored. */
export function round3(n) {
  return Math.round(clamp01(n) * 1000) / 1000;
}

/** Where an idea stands: its placed impact/effort, or the middle (the split) when not placed yet. */
export function positionOf(card) {
  const placed = card.impact != null && card.effort != null;
  return { impact: placed ? card.impact : SPLIT, effort: placed ? card.effort : SPLIT, placed };
}

export const NUDGE = 0.05;

/** Arrow keys move an idea: up = more impact, right = more effort. Returns {impact, effort} or null. */
export function nudge(pos, key, step = NUDGE) {
  const d = { ArrowUp: [step, 0], ArrowDown: [-step, 0], ArrowRight: [0, step], ArrowLeft: [0, -step] }[key];
  if (!d) return null;
  return { impact: round3(pos.impact + d[0]), effort: round3(pos.effort + d[1]) };
}

/** "2T now in Quick Wins" — what a screen reader hears after a move. */
export function placedSentence(card, impact, effort) {
  const quadrant = QUADRANTS[quadrantOf(impact, effort)];
  return card.code ? t('{code} now in {quadrant}', { code: card.code, quadrant }) : t('The idea is now in {quadrant}', { quadrant });
}

/** Grid ideas grouped by quadrant (unplaced under null). */
export function ideasByQuadrant(recs) {
  const out = { ...Object.fromEntries(Object.keys(LABELS.quadrants).map((q) => [q, []])), null: [] };
  for (const c of gridIdeas(recs)) out[c.quadrant && out[c.quadrant] ? c.quadrant : 'null'].push(c);
  return out;
}

/**
 * The grid as the wall shows it: each quadrant's ideas with the most impact first (then the least
 * effort), as the room placed them higher or lower; and the ideas not placed yet, in the order
 * they came to the grid. {quadrants: {quick_win: [...], ...}, unplaced: [...]}.
 */
export function gridWall(recs) {
  const by = ideasByQuadrant(recs);
  const order = (a, b) => (b.impact ?? 0) - (a.impact ?? 0) || (a.effort ?? 0) - (b.effort ?? 0);
  const quadrants = Object.fromEntries(Object.keys(LABELS.quadrants).map((q) => [q, by[q].slice().sort(order)]));
  return { quadrants, unplaced: by.null };
}

/**
 * "and 2 more ideas: 3T, 4C" — what a list that could not show every idea says of the rest (each
 * code once); `none`: not one of its ideas is shown, "2 ideas: 3T, 4C".
 */
export function moreIdeas(hidden, none = false) {
  const n = hidden.length;
  const codes = [...new Set(hidden.map((c) => c.code).filter(Boolean))].join(', ');
  if (none) return codes ? tn('{n} idea: {codes}', '{n} ideas: {codes}', n, { codes }) : tn('{n} idea', '{n} ideas', n);
  return codes ? tn('and {n} more idea: {codes}', 'and {n} more ideas: {codes}', n, { codes }) : tn('and {n} more idea', 'and {n} more ideas', n);
}

/** Ideas an action plan may be written for: on the grid in Quick Wins or Major Projects. */
export function plannableIdeas(recs) {
  return gridIdeas(recs).filter((c) => PLANNABLE.includes(c.quadrant));
}

// ---- action plans -------------------------------------------------------------------

/** The plan written on an action-plan board, or null. */
export function planOfBoard(recs, boardId) {
  if (!boardId) return null;
  return [...recs.values()].find((r) => r.kind === 'action_plan' && r.board_id === boardId) || null;
}

/** Every plan, in table order. */
export function plans(recs) {
  const out = [];
  for (const t of themedTables(recs)) {
    const b = boardOfRoom(recs, t.id, 'action_plan');
    const p = b && planOfBoard(recs, b.id);
    if (p) out.push({ table: t, board: b, plan: p });
  }
  return out;
}

/** What a plan still needs, in plain words, or null when complete. */
export function planMissing(plan) {
  if (!plan) return null;
  const lead = Boolean(plan.lead_id);
  const step = Boolean(plan.fields && String(plan.fields.next_week || '').trim());
  if (lead && step) return null;
  if (!lead && !step) return t('Not complete yet: choose a lead and write a first step for next week.');
  if (!lead) return t('Not complete yet: choose a lead.');
  return t('Not complete yet: write a first step for next week.');
}

/** People who can lead a plan: members of this workshop, not projector screens. */
export function leadChoices(recs) {
  return [...recs.values()].filter((r) => r.kind === 'participant' && r.role !== 'projector')
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

/**
 * A field being edited while someone else saves it: the local text is never overwritten.
 * `base` is the server text the person started from. Returns
 * 'same' (nothing new), 'remote' (no local edit: show theirs), or 'conflict' (both changed).
 */
export function fieldStatus({ server, base, local, editing }) {
  const s = server || '';
  if (!editing) return s === (base ?? s) ? 'same' : 'remote';
  if (s === (base ?? '')) return 'same';
  if (s === (local ?? '')) return 'same';
  return 'conflict';
}

/** Who is typing in a field now: names, from {`${plan}.${field}`: Map(by -> {name, at})}. */
export function typingNames(typing, planId, field, now, meId = null, ttl = 4000) {
  const m = typing && typing.get(`${planId}.${field}`);
  if (!m) return [];
  return [...m.entries()].filter(([by, t]) => by !== meId && now - t.at < ttl).map(([, t]) => t.name);
}

/** "Ada is typing…", "Ada and Ben are typing…". */
export function typingSentence(names) {
  if (!names.length) return '';
  if (names.length === 1) return t('{name} is typing…', { name: names[0] });
  return t('{names} and {last} are typing…', { names: names.slice(0, -1).join(', '), last: names[names.length - 1] });
}

// ---- what other people did, in a sentence (read politely) ----------------------------

const FIELD_NUMBER = Object.fromEntries(PLAN_QUESTIONS.map((q, i) => [q.field, i + 1]));

/** A sentence for a Day 2 event by someone else, or null to leave it to describe.js. */
export function describeDay2(ev, prev, recs) {
  const who = (() => { const p = recs.get(ev.by); return p && p.name ? p.name : t('Someone'); })();
  const put = ev.put || [];
  const card = put.find((r) => r.kind === 'card');
  const plan = put.find((r) => r.kind === 'action_plan');
  switch (ev.op) {
    case OP.roundOpen:
    case OP.roundClose: {
      const round = put.find((r) => r.kind === 'round');
      const ideas = new Set(ideaBoardIds(recs));
      if (!round || !(round.board_ids || [round.board_id]).some((b) => ideas.has(b))) return null;
      return ev.op === OP.roundOpen
        ? t('{who} opened the vote on ideas: {dots} each, at most {most} on one idea', { who, dots: tn('{n} dot', '{n} dots', round.per_person ?? 3), most: round.per_target ?? 2 })
        : t('{who} closed the vote on ideas', { who });
    }
    case OP.cardCreate:
      if (card && card.type === 'idea') return t('{who} added idea {code}', { who, code: card.code });
      if (card && card.type === 'in_place') return t("{who} added to What's in place", { who });
      return null;
    case OP.gridPlace:
      return card && card.quadrant ? t('{who} moved {code} to {quadrant}', { who, code: card.code, quadrant: QUADRANTS[card.quadrant] }) : null;
    case OP.gridAdd:
    case OP.gridAddTop: {
      const n = put.filter((r) => r.kind === 'card' && r.source_id).length;
      return n ? tn('{who} sent {n} idea to the Investment Grid', '{who} sent {n} ideas to the Investment Grid', n, { who }) : null;
    }
    case OP.cardMerge:
      return card ? t('{who} merged ideas into {code}', { who, code: card.code }) : null;
    case OP.planCreate:
      return plan ? t('{who} started an action plan for idea {code}', { who, code: plan.code }) : null;
    case OP.planUpdate: {
      if (!plan) return null;
      const before = prev.get(plan.id);
      const field = PLAN_QUESTIONS.find((q) => before && before.fields && before.fields[q.field] !== plan.fields[q.field]);
      return field ? t('{who} changed answer {n} of the action plan', { who, n: FIELD_NUMBER[field.field] }) : null;
    }
    case OP.planSetLead:
      return plan ? (plan.lead_id ? t('{who} chose {lead} to lead the action plan', { who, lead: plan.lead_name || t('a lead') }) : t('{who} cleared the plan’s lead', { who })) : null;
    default:
      return null;
  }
}
