// The projector page (role projector): a stage the room reads from the back. One focus at a time,
// chosen by what the facilitator does: the board they show to everyone, else the current agenda
// activity's board. Big bold type, nothing to press or type in, no personal text (no "You…").
//
//   ┌ now: activity ─────────────── join: code at host/join ─ ONE timer ┐
//   │ the latest message to every room (only if sent during this activity)│
//   │                         the focus, filling the rest                  │
//   └──────────────────────────────────────────────────────────────────────┘
//
// Timers and messages belong to the activity in which they were started: when the facilitator
// moves on, the old ones go (a Day 1 "Time is up!" never greets Day 2).
import { h } from '../ui/dom.js';
import { t, tn } from '../app/i18n.js';
import { boardName } from '../app/screens.js';
import { LABELS } from '../protocol.js';
import { workshop, themesWithCards, unthemedCards, cardsOfBoard, participants } from '../model/store.js';
import {
  agendaNowNext, itemTitle, roundOfBoard, voteResults, voteTargets, whyChain, rootCauses, successSlots, parkingItems, tablesWithThemes,
} from '../model/day1.js';
import {
  HATS, QUADRANTS, PLAN_QUESTIONS, ideasByHat, inPlaceItems, ideaRound, planOfBoard, tableName, tableResults, gridWall, moreIdeas,
} from '../model/day2.js';
import { mainRoom, announcements, secondsLeft, mmss, breakout } from '../model/rooms.js';
import { serverNow } from '../ui/countdown.js';
import { joinDetails, shortAddress, spaced } from '../ui/join_qr.js';

const THEMING = ['ww', 'nww', 'iff'];
const TABLE_BOARDS = ['root_causes', 'success', 'in_place', 'ideas', 'action_plan'];
const FRESH = 5 * 60 * 1000; // on a fresh page, what is younger than this may still be current

function boardTitle(type) {
  return LABELS.boards[type] ? boardName({ type }) : type; // the server's default title, in the reader’s language
}

// ---- what belongs to the current activity -----------------------------------------------------

function sinceKey(wid) {
  return `coboard.stage.${wid}`;
}

/**
 * Called by the shell for each live event: the moment (server time) the activity changed is the
 * `at` of the event that changed it.
 */
export function noteEvent(ui, ev, prev) {
  for (const r of (ev && ev.put) || []) {
    if (r.kind !== 'workshop') continue;
    const before = prev && prev.get(r.id);
    if (!before || before.activity !== r.activity) ui.activityChange = { activity: r.activity || '', at: ev.at };
  }
}

/**
 * Since when the current activity runs: {activity, since (server ms), seen}. The workshop says when
 * its activity or day last changed (`activity_at`, the same fact the room banner reads): then
 * `since` is exact on any page, one opened on Day 2 in a fresh browser too. Only for a workshop
 * without it: `seen` when the change reached this page as it happened; a page opened later keeps
 * what it remembered for that activity, or knows only "not after now".
 */
export function activitySince(ctx, w) {
  const activity = (w && w.activity) || '';
  const moved = Date.parse((w && w.activity_at) || '');
  if (!Number.isNaN(moved)) return { activity, since: moved, seen: true };
  const ui = ctx.ui;
  const change = ui.activityChange;
  if (change && change.activity === activity && !(ui.stage && ui.stage.at === change.at)) {
    ui.stage = { activity, since: Date.parse(change.at), seen: true, at: change.at };
    remember(ctx.wid, ui.stage);
  }
  if (ui.stage && ui.stage.activity === activity) return ui.stage;
  let saved = null;
  try { saved = JSON.parse(localStorage.getItem(sinceKey(ctx.wid)) || 'null'); } catch (e) { saved = null; }
  ui.stage = saved && saved.activity === activity ? saved : { activity, since: serverNow(), seen: false };
  remember(ctx.wid, ui.stage);
  return ui.stage;
}

function remember(wid, entry) {
  try { localStorage.setItem(sinceKey(wid), JSON.stringify(entry)); } catch (e) { /* not remembered */ }
}

function current(at, stage, now, aliveUntil) {
  const tm = Date.parse(at || '');
  if (Number.isNaN(tm)) return false;
  if (tm >= stage.since) return true;
  return !stage.seen && (aliveUntil != null ? aliveUntil > now : now - tm < FRESH);
}

/** The one timer to show: the running one that ends first, else the one that just ended. */
export function stageTimer(recs, stage, now = serverNow()) {
  const main = mainRoom(recs);
  const list = [];
  for (const tm of recs.values()) {
    if (tm.kind !== 'timer' || tm.status !== 'running') continue;
    if (tm.room_id && (!main || tm.room_id !== main.id)) continue;
    const ends = Date.parse(tm.ends_at);
    if (ends < now - 60000 || !current(tm.started_at, stage, now, ends)) continue;
    list.push({ id: tm.id, label: tm.label || t('Timer'), ends_at: tm.ends_at, ends });
  }
  const b = breakout(recs);
  if (b && b.status === 'open' && b.ends_at) {
    const ends = Date.parse(b.ends_at);
    if (ends >= now - 60000 && current(b.opened_at || b.ends_at, stage, now, ends)) {
      list.push({ id: `breakout-${b.opened_at || ''}`, label: t('Tables'), ends_at: b.ends_at, ends });
    }
  }
  const running = list.filter((tm) => tm.ends > now).sort((a, c) => a.ends - c.ends);
  if (running.length) return running[0];
  return list.sort((a, c) => c.ends - a.ends)[0] || null;
}

/** The message to every room to show: the latest, when it was sent during this activity. */
export function stageMessage(recs, stage, now = serverNow()) {
  const latest = announcements(recs)[0];
  return latest && current(latest.at, stage, now, null) ? latest : null;
}

// ---- what to focus on -----------------------------------------------------------------------

/**
 * The focus: {kind, ...}. kinds: join (welcome, not started), board (one board), theming (theming
 * boards side by side), vote (a round), tables (each table's board of a type), idle (a break).
 */
export function stageFocus(recs) {
  const w = workshop(recs);
  const { now, next } = agendaNowNext(recs);
  const shown = w && w.showing && w.showing.board_id ? recs.get(w.showing.board_id) : null;
  if (shown && shown.kind === 'board') return focusOnBoard(recs, shown, now);
  const types = (now && now.boards) || [];
  if (!now || types.includes('welcome')) return { kind: 'join', now, next };
  const boards = (type) => [...recs.values()].filter((b) => b.kind === 'board' && b.type === type)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const onTable = (b) => Boolean(b.room_id && recs.get(b.room_id) && recs.get(b.room_id).type === 'table');
  if (/voting/.test(now.key) || now.key === 'voting') {
    if (types.includes('ideas')) {
      const round = ideaRound(recs);
      if (round) return { kind: 'vote', round, targets: (round.board_ids || [round.board_id]).flatMap((id) => voteTargets(recs, id)), ideas: true };
    }
    for (const type of THEMING) {
      if (!types.includes(type)) continue;
      const b = boards(type).find((x) => !onTable(x));
      const round = b && roundOfBoard(recs, b.id);
      if (round) return { kind: 'vote', round, targets: voteTargets(recs, b.id), board: b };
    }
  }
  const theming = types.filter((tm) => THEMING.includes(tm)).map((tm) => boards(tm).find((b) => !onTable(b))).filter(Boolean);
  if (theming.length) return { kind: 'theming', boards: theming };
  const table = types.find((tm) => TABLE_BOARDS.includes(tm));
  if (table) return { kind: 'tables', type: table };
  if (types.includes('grid')) {
    const g = boards('grid')[0];
    return g ? { kind: 'board', board: g, agenda: true } : { kind: 'idle', now, next };
  }
  if (types.includes('parking')) {
    const p = boards('parking')[0];
    if (p) return { kind: 'board', board: p, agenda: true };
  }
  return { kind: 'idle', now, next };
}

function focusOnBoard(recs, board, now) {
  const round = THEMING.includes(board.type) ? roundOfBoard(recs, board.id) : null;
  if (round && now && /voting/.test(now.key)) return { kind: 'vote', round, targets: voteTargets(recs, board.id), board };
  if (THEMING.includes(board.type)) return { kind: 'theming', boards: [board] };
  return { kind: 'board', board };
}

// ---- drawing -------------------------------------------------------------------------------

let draws = 0; // the stage's draws: refit marks the one it found settled (data-fitted), so a test knows the wall is still

/** The whole projector page (the shell draws nothing else for a projector). */
export function page(recs, ctx) {
  const w = workshop(recs);
  const { now } = agendaNowNext(recs);
  const stage = activitySince(ctx, w);
  const focus = stageFocus(recs);
  const timer = stageTimer(recs, stage);
  const message = stageMessage(recs, stage);
  const join = joinInfo(ctx);
  draws += 1;
  return h('div', { class: `stage on-${focus.kind}`, key: 'stage', 'data-stage': focus.kind, 'data-drawn': String(draws) },
    h('header', { class: 'stage-bar', key: 'bar' },
      h('div', { class: 'stage-now', key: 'now' },
        h('p', { class: 'stage-title', 'data-testid': 'stage-now' }, now ? itemTitle(now) : (w ? w.title : 'Coboard'))),
      focus.kind !== 'join' && join ? h('p', { class: 'stage-join-line', key: 'join' },
        `${t('Join:')} `, h('strong', null, shortAddress(join.short_url)), ` ${t('code')} `, h('strong', { class: 'code' }, spaced(join.join_code))) : null,
      timer ? bigTimer(timer) : null),
    connection(ctx),
    message ? h('p', { class: 'stage-message', key: `msg-${message.id}`, role: 'status' },
      h('span', { class: 'stage-message-from' }, `${t('Message from {name}:', { name: message.by_name || t('the host') })} `), message.text) : null,
    h('main', { id: 'main', tabindex: '-1', class: 'stage-focus', key: `focus-${focus.kind}` }, drawFocus(recs, ctx, focus, join)));
}

// Nobody sits at a projector: while connected it says nothing (for a screen reader only), and a
// lost connection is a band across the wall, read from the back of the room, until it is back.
const CONNECTION = {
  connecting: () => t('Connecting…'),
  reconnecting: () => t('Connection lost. Reconnecting.'),
  closed: () => t('Not connected'),
};

function connection(ctx) {
  const { status, mode } = ctx.ui;
  const attrs = { role: 'status', key: 'conn', 'data-transport': mode || 'socket' };
  if (status === 'live' || !CONNECTION[status]) return h('p', { ...attrs, class: 'conn conn-live visually-hidden' }, t('Connected'));
  return h('p', { ...attrs, class: `conn conn-${status} stage-conn` },
    h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), CONNECTION[status](), ' ',
    status === 'connecting' ? null : h('span', { class: 'stage-conn-stale' }, t('What this screen shows may be out of date.')));
}

function bigTimer(tm) {
  const left = secondsLeft(tm.ends_at, serverNow());
  return h('div', {
    class: `stage-timer${left <= 60 ? ' warning' : ''}${left === 0 ? ' ended' : ''}`, key: `timer-${tm.id}`,
    'data-ends-at': tm.ends_at, 'data-timer-id': tm.id, 'data-label': tm.label,
  },
  h('span', { class: 'label', 'data-ended-label': t('Time is up!') }, `${tm.label} `),
  h('span', { class: 'count', role: 'timer' }, mmss(left)));
}

function drawFocus(recs, ctx, focus, join) {
  switch (focus.kind) {
    case 'join': return joinStage(recs, ctx, focus, join);
    case 'theming': return themingStage(recs, focus.boards);
    case 'vote': return voteStage(recs, focus);
    case 'tables': return tablesStage(recs, focus.type);
    case 'board': return boardStage(recs, focus.board, focus.agenda);
    default: return idleStage(focus);
  }
}

// The code and the QR code come over HTTP (the projector's records do not carry the code).
function joinInfo(ctx) {
  const ui = ctx.ui;
  if (!ui.joinInfo) {
    ui.joinInfo = { loading: true };
    joinDetails(ctx.wid).then(({ info, qr }) => {
      ui.joinInfo = info || { failed: true };
      ui.joinQr = qr;
      ctx.act.redraw();
    });
  }
  return ui.joinInfo && ui.joinInfo.join_code ? ui.joinInfo : null;
}

function joinStage(recs, ctx, focus, join) {
  const w = workshop(recs);
  const people = participants(recs).filter((p) => p.role === 'participant').length;
  return h('div', { class: 'stage-welcome', key: 'welcome' },
    h('div', { class: 'stage-welcome-text', key: 'text' },
      h('h1', { key: 'title' }, w ? w.title : t('Welcome')),
      w && w.purpose ? h('p', { class: 'stage-purpose', key: 'purpose' }, w.purpose) : null,
      focus.next && !focus.now ? h('p', { class: 'stage-next', key: 'next' }, t('Starting with: {title}', { title: itemTitle(focus.next) })) : null,
      h('p', { class: 'stage-count', key: 'count' }, tn('{n} person has joined', '{n} people have joined', people))),
    h('div', { class: 'stage-join', key: 'join', 'data-testid': 'stage-join' },
      h('h2', { key: 'h' }, t('Join on your phone')),
      ctx.ui.joinQr ? h('img', { class: 'stage-qr', key: 'qr', src: ctx.ui.joinQr, alt: t('QR code: scan it to open the join page') }) : null,
      join ? [
        h('p', { class: 'stage-address', key: 'addr' }, `${t('Go to')} `, h('strong', null, shortAddress(join.short_url))),
        h('p', { class: 'stage-code-label', key: 'cl' }, t('and type the code')),
        h('p', { class: 'stage-code', key: 'code', 'data-testid': 'join-code' }, h('span', { class: 'visually-hidden' }, `${t('Join code:')} `), spaced(join.join_code)),
      ] : h('p', { key: 'wait' }, t('Getting the join code…'))));
}

// Size classes, largest first; the smallest is still 24 px on a 1920 px wide wall (1.05rem). A
// first guess from the count, then one step smaller after each draw that still overflows; a list
// that overflows at the smallest size shows its first items and says how many more there are
// ("and 5 more ideas"), never smaller text than the back of the room can read.
const SIZES = ['roomy', 'snug', 'tight'];
const fitted = new Map(); // list key -> {n, level, shown, quiet}: what the last draws found for n items
const grouped = new Map(); // group key -> level: lists side by side (a vote's tables, the grid's quadrants) share one size
const tried = new Map(); // list key -> the places it was fitted afresh at since the stage last settled

function guess(n) {
  if (n <= 6) return 0;
  if (n <= 12) return 1;
  return 2;
}

/** How a list of n items is drawn now: its size level and how many of its items are shown. */
function fit(key, n, weight = 1, group = null, sig = null) {
  const seen = fitted.get(key);
  // How many fit is decided for what is listed: other items or another order (a dot moved an idea up) are
  // measured afresh from all of them, so a list never keeps a count an earlier content needed.
  const same = seen && seen.n === n && (seen.sig || null) === sig;
  const level = Math.max(guess(n * weight), seen && seen.n === n ? seen.level : 0, (group && grouped.get(group)) || 0);
  return { level, shown: same ? Math.min(seen.shown, n) : n, quiet: Boolean(same && seen.quiet), pages: (same && seen.pages) || null, wide: Boolean(same && seen.wide) };
}

/**
 * After a draw: a list that overflows its place gets the next smaller size, or at the smallest
 * shows fewer items (those wholly inside, then one fewer until its "and n more" line fits too),
 * then a redraw. A
 * list whose every item is drawn and only its count of the others does not fit drops the count
 * instead (a table's top 3 matter more than "and 5 more ideas"). What was decided holds for the
 * place it was decided in: once a list's place changes size (a message above it came or went,
 * the title wrapped) it is fitted afresh, so a list never stays smaller than its place needs.
 */
export function refit(root, redraw) {
  let again = false;
  for (const el of root.querySelectorAll('[data-fit]')) {
    const key = el.getAttribute('data-fit');
    const group = el.getAttribute('data-fit-group');
    const seen = fitted.get(key);
    const sig = el.getAttribute('data-fit-sig');
    const place = `${el.clientWidth}x${el.clientHeight}`;
    if (seen && seen.place !== place) {
      // Fitted afresh once at each new place (a place that changes with what is drawn in it, back and
      // forth, would never settle: a place already tried keeps what was decided)
      const places = tried.get(key) || new Set();
      if (!places.has(place) && places.size < 8) {
        places.add(place);
        tried.set(key, places);
        fitted.delete(key);
        if (group) grouped.delete(group);
        again = true;
        continue;
      }
      seen.place = place;
    }
    if (el.scrollHeight <= el.clientHeight + 1) continue;
    const n = Number(el.getAttribute('data-fit-n'));
    const level = Number(el.getAttribute('data-fit-level'));
    const shown = Number(el.getAttribute('data-fit-shown'));
    if (level < SIZES.length - 1) {
      fitted.set(key, { n, sig, level: level + 1, shown, place });
      if (group) grouped.set(group, Math.max(grouped.get(group) || 0, level + 1));
    } else if (el.hasAttribute('data-fit-paged')) {
      // every part stays: split into parts the wall shows in turn (the first split from every part drawn at once;
      // a part that still overflows, e.g. after its text changed, is split again where it overflows)
      const pages = seen && seen.pages;
      const wide = Boolean(seen && seen.wide);
      const from = Number(el.getAttribute('data-fit-from'));
      const parts = [...el.children];
      const heights = parts.map((c) => c.getBoundingClientRect().height);
      if (!wide && columnsOf(el) > 1 && heights.some((x) => x > el.clientHeight + 0.5)) {
        // one part alone is taller than the page in a column: the parts go one below the other, each the whole width
        fitted.set(key, { n, sig, level, shown, place, wide: true });
        again = true;
        continue;
      }
      const split = pages ? overflowAt(el, parts, from) : splitParts(heights, el.clientHeight, parseFloat(getComputedStyle(el).rowGap) || 0, columnsOf(el));
      if (!split) continue;
      fitted.set(key, { n, sig, level, shown, place, wide, pages: pages ? [...pages, split].sort((a, b) => a - b) : split });
    } else if (shown > 0) {
      // at most the items wholly inside now, and one fewer each draw until the "and n more" line fits too
      const bottom = el.getBoundingClientRect().top + el.clientHeight;
      const items = [...el.children].filter((c) => !c.classList.contains('stage-more'));
      const inside = items.filter((c) => c.getBoundingClientRect().bottom <= bottom + 0.5).length;
      const saying = el.querySelector(':scope > .stage-more');
      if (saying && shown === n && inside === n && !(seen && seen.quiet)) fitted.set(key, { n, sig, level, shown, quiet: true, place });
      else fitted.set(key, { n, sig, level, shown: Math.max(0, Math.min(shown - 1, inside)), place });
    } else continue;
    again = true;
  }
  if (again) redraw();
  else {
    tried.clear(); // settled: the next change of place is fitted afresh again
    turnParts(root.querySelector('[data-fit-paged][data-fit-parts]'), redraw);
    const stage = root.querySelector('.stage[data-drawn]');
    if (stage) stage.setAttribute('data-fitted', stage.getAttribute('data-drawn'));
  }
}

function columnsOf(el) {
  return getComputedStyle(el).gridTemplateColumns.split(' ').filter(Boolean).length || 1;
}

/**
 * Where parts of `heights` (laid out `columns` to a row, rows `gap` apart) go to a new page of
 * height `room`: the index each page after the first starts at, or null when they all fit. A row
 * that does not fit may keep its first part on the page; a part taller than a page has one alone.
 */
export function splitParts(heights, room, gap, columns = 1) {
  const starts = [];
  let from = 0;
  while (from < heights.length) {
    let used = 0;
    let i = from;
    while (i < heights.length) {
      const row = Math.max(...heights.slice(i, i + columns));
      const need = used + (i > from ? gap : 0);
      if (i === from || need + row <= room + 0.5) { used = need + row; i += columns; continue; }
      if (heights[i] > 0 && need + heights[i] <= room + 0.5) i += 1; // the row's first part alone
      break;
    }
    if (i >= heights.length) break;
    starts.push(i);
    from = i;
  }
  return starts.length ? starts : null;
}

/** A drawn page that overflows: the index (of all parts) of its first part not wholly inside, or null. */
function overflowAt(el, parts, from) {
  const bottom = el.getBoundingClientRect().top + el.clientHeight + 0.5;
  const i = parts.findIndex((c) => c.getBoundingClientRect().bottom > bottom);
  return i > 0 ? from + i : null;
}

// The wall turns the parts of a split block by itself (nobody is at a projector to press "next"):
// each part stays up for as long as its words take to read, 15 s to 60 s, then the next, round again.
const READ_MS_PER_CHAR = 50;
const turning = { key: null, part: 0, timer: null };

function partOf(key, total) {
  if (turning.key !== key) {
    clearTimeout(turning.timer);
    Object.assign(turning, { key, part: 0, timer: null });
  }
  return turning.part % total;
}

function turnParts(el, redraw) {
  if (!el) {
    clearTimeout(turning.timer);
    Object.assign(turning, { key: null, part: 0, timer: null });
    return;
  }
  if (turning.timer) return;
  const total = Number(el.getAttribute('data-fit-parts'));
  const ms = Math.min(60000, Math.max(15000, el.textContent.length * READ_MS_PER_CHAR));
  turning.timer = setTimeout(() => {
    turning.timer = null;
    turning.part = (turning.part + 1) % total;
    redraw();
  }, ms);
}

/** What a list lists, in order, as a short mark: each item's card (or theme) and the length of its words. */
function listed(items) {
  let mark = 0;
  for (const item of items) {
    const c = item.card || item.theme || item;
    for (const ch of `${c.id}:${(c.text || '').length};`) mark = (mark * 31 + ch.charCodeAt(0)) | 0;
  }
  return String(mark >>> 0);
}

/**
 * A list that must fit its place: `items` drawn by `draw`, as many as fit, then `more(hidden, n,
 * none)` for the rest (with `extra` items never drawn, counted in n; `none`: not one item fitted,
 * the line says them all, "4 ideas: 1T, 2C").
 */
function list(tag, cls, key, items, draw, { weight = 1, more = moreCards, extra = 0, group = null } = {}) {
  const sig = listed(items);
  const f = fit(key, items.length, weight, group, sig);
  const hidden = items.slice(f.shown);
  return h(tag, {
    class: `${cls} ${SIZES[f.level]}`, key: `list-${key}`, 'data-fit-group': group,
    'data-fit': key, 'data-fit-n': String(items.length), 'data-fit-level': String(f.level), 'data-fit-shown': String(f.shown),
    'data-fit-sig': sig,
  },
  items.slice(0, f.shown).map(draw),
  hidden.length + (f.quiet ? 0 : extra) > 0 ? h('li', { class: 'stage-more', key: 'more' }, more(hidden, hidden.length + extra, f.shown === 0)) : null);
}

/**
 * A block that must fit but whose parts all stay (an action plan's six answers): its size steps
 * down, and at the smallest size parts that still do not fit go to further pages, shown in turn
 * (partsOf says which page is up: the heading says "Part 1 of 3: more follows").
 */
function block(tag, cls, key, size, children) {
  const f = fit(key, size, 0);
  const { pages, from, to, part } = partsOf(key, f, children.length);
  return h(tag, {
    class: `${cls} ${SIZES[f.level]}${pages ? ' in-parts' : ''}${f.wide ? ' wide' : ''}`, key: `block-${key}`,
    'data-fit': key, 'data-fit-n': String(size), 'data-fit-level': String(f.level), 'data-fit-shown': '0',
    'data-fit-paged': '', 'data-fit-from': String(from), 'data-fit-parts': pages ? String(pages.length + 1) : null,
    'data-fit-part': pages ? String(part + 1) : null,
  }, children.slice(from, to));
}

/** Which of a block's parts are up now: {pages (null: one page), part, from, to, total}. */
function partsOf(key, f, n) {
  const pages = f.pages;
  if (!pages) return { pages: null, part: 0, from: 0, to: n, total: 1 };
  const part = partOf(key, pages.length + 1);
  const starts = [0, ...pages];
  return { pages, part, from: starts[part], to: part + 1 < starts.length ? starts[part + 1] : n, total: starts.length };
}

function moreCards(hidden, n, none) {
  return none ? tn('{n} card', '{n} cards', n) : tn('and {n} more card', 'and {n} more cards', n);
}

function moreThemes(hidden, n, none) {
  return none ? tn('{n} theme', '{n} themes', n) : tn('and {n} more theme', 'and {n} more themes', n);
}

function moreTables(hidden, n, none) {
  return none ? tn('{n} table', '{n} tables', n) : tn('and {n} more table', 'and {n} more tables', n);
}

function moreRows(hidden, n, none) { // a vote's rows: the ideas not drawn named by their codes
  return moreIdeasOf(hidden.map((r) => r.card), n, none);
}

function moreIdeasOf(hidden, n, none) {
  if (hidden.length === n) return moreIdeas(hidden, none);
  return none ? tn('{n} idea', '{n} ideas', n) : tn('and {n} more idea', 'and {n} more ideas', n);
}

/**
 * Two boards side by side share the width by how many themes each has (12 beside 3: three
 * quarters and one quarter), so the fuller board's themes stay big: a class, "lean-1-3" etc.
 */
export function leaning(counts) {
  if (counts.length !== 2) return '';
  const [a, b] = counts.map((n) => Math.max(1, n));
  const r = a / b;
  if (r >= 3) return 'lean-3-1';
  if (r >= 2) return 'lean-2-1';
  if (r <= 1 / 3) return 'lean-1-3';
  if (r <= 1 / 2) return 'lean-1-2';
  return '';
}

function themingStage(recs, boards) {
  const all = boards.map((b) => themesWithCards(recs, b.id).sort((x, y) => y.count - x.count));
  return h('div', { class: `stage-columns columns-${boards.length} ${leaning(all.map((x) => x.length))}`, key: 'theming' }, boards.map((b, i) => {
    const themes = all[i];
    const left = unthemedCards(recs, b.id).length;
    return h('section', { class: `stage-board type-${b.type}`, key: b.id, 'data-board-id': b.id, 'aria-label': boardTitle(b.type) },
      h('h2', { class: 'board-header', key: 'h' }, h('span', { class: 'tag' }, b.type), ' ', boardTitle(b.type)),
      h('p', { class: 'stage-unthemed', key: 'left', 'data-testid': 'unthemed-count' },
        left === 0 ? t('Every card is in a theme') : tn('{n} card not yet themed', '{n} cards not yet themed', left)),
      themes.length
        ? list('ul', 'stage-themes', `themes-${b.id}`, themes, ({ theme, count }) => h('li', { class: 'stage-theme', key: theme.id, 'data-card-id': theme.id },
          h('span', { class: 'stage-theme-text' }, theme.text),
          h('span', { class: 'stage-theme-count' }, tn('{n} card', '{n} cards', count))), { weight: boards.length, more: moreThemes })
        : h('p', { class: 'stage-empty', key: 'none' }, t('No themes yet')));
  }));
}

function voteHead(round, title, ideas) {
  const open = round.status === 'open';
  const hidden = open && round.hidden && !round.tallies;
  if (ideas) {
    // the bar above names the vote: its heading is for screen readers, one line says its state and rule, so
    // five tables of nine ideas have the height
    return h('div', { class: 'stage-vote-head', key: 'head' },
      h('h2', { class: 'visually-hidden', key: 'h' }, title, ': ', open ? t('the vote is open') : t('results')),
      h('p', { class: 'stage-vote-rule', key: 'rule' }, open
        ? [t('The vote is open.'), ' ', tn('{n} dot each, at most {most} on one idea.', '{n} dots each, at most {most} on one idea.', round.per_person, { most: round.per_target }),
          hidden ? [' ', t('The counts are shown when the vote closes.')] : '']
        : t('The vote is closed. These are the results.')));
  }
  return h('div', { class: 'stage-vote-head', key: 'head' },
    h('h2', { class: 'stage-vote-title', key: 'h' }, title, ': ', open ? t('the vote is open') : t('results')),
    h('p', { class: 'stage-vote-rule', key: 'rule' }, open
      ? [tn('{n} dot each, at most {most} on one theme.', '{n} dots each, at most {most} on one theme.', round.per_person, { most: round.per_target }),
      hidden ? [' ', t('The counts are shown when the vote closes.')] : '']
      : t('The vote is closed. These are the results.')));
}

function dotsOf(dots, most) {
  return h('span', { class: 'stage-dots', 'aria-label': tn('{n} dot', '{n} dots', dots) },
    h('span', { class: `stage-dot-bar share-${Math.round((dots / most) * 10)}` }),
    h('span', { class: 'stage-dot-count' }, String(dots)));
}

function voteStage(recs, focus) {
  if (focus.ideas) return ideaVoteStage(recs, focus);
  const { round } = focus;
  const open = round.status === 'open';
  const hidden = open && round.hidden && !round.tallies;
  const rows = voteResults(round, focus.targets);
  const most = Math.max(1, ...rows.map((r) => r.dots));
  const title = t('Voting: {board}', { board: boardTitle(focus.board ? focus.board.type : 'nww') });
  const shownRows = open ? focus.targets.map((card) => rows.find((r) => r.card.id === card.id)) : rows;
  return h('section', { class: 'stage-vote', key: `vote-${round.id}`, 'aria-label': title },
    voteHead(round, title, false),
    list('ol', 'stage-results', `results-${round.id}`, shownRows, (r) => h('li', { class: 'stage-result', key: r.card.id },
      open ? null : h('span', { class: 'stage-place' }, r.place),
      h('span', { class: 'stage-result-text' }, r.card.code ? `${r.card.code} ` : '', r.card.text),
      hidden ? null : dotsOf(r.dots, most)), { more: moreThemes }));
}

const TOP_PER_TABLE = 3; // the guide: the top 3 ideas of each table go to the Investment Grid

/**
 * The vote on every table's ideas: one column per table, its ideas ranked within it. Open: the
 * dots so far; closed: the table's top 3 (ties as "joint 3rd", as on Day 1) and how many more.
 */
function ideaVoteStage(recs, focus) {
  const { round } = focus;
  const open = round.status === 'open';
  const hidden = open && round.hidden && !round.tallies;
  const tables = tableResults(recs, round, TOP_PER_TABLE);
  const most = Math.max(1, ...tables.flatMap((x) => x.rows.map((r) => r.dots)));
  const title = t('Voting on the best ideas');
  const tie = tables.some((x) => x.tie);
  const group = `vote-${round.id}-${round.status}-${tables.map((x) => x.rows.length).join(',')}`;
  return h('section', { class: 'stage-vote of-ideas', key: `vote-${round.id}`, 'aria-label': title },
    voteHead(round, title, true),
    tie ? h('p', { class: 'stage-vote-tie', key: 'tie' }, t('A tie for a table’s last place: the facilitator chooses which ideas go to the grid.')) : null,
    h('div', { class: `stage-vote-tables columns-${Math.min(tables.length, 5) || 1}`, key: 'tables' }, tables.map((x) => {
      const name = tableName(x.table);
      const theme = x.table ? tableTheme(recs, x.table) : '';
      const id = x.board ? x.board.id : name;
      return h('section', { class: 'stage-vote-table', key: id, 'aria-label': name },
        h('h3', { key: 'h' }, name),
        theme ? h('p', { class: 'stage-vote-theme', key: 'theme' }, theme) : null,
        x.rows.length || x.rest
          ? list('ol', 'stage-results stage-idea-results', `results-${round.id}-${id}`, x.rows, (r) => h('li', { class: 'stage-result', key: r.card.id },
            hidden ? null : dotsOf(r.dots, most), // floated to the top right corner, the words around it
            open ? null : [h('span', { class: 'stage-place' }, r.place), ' '], // spaces: where a line may break
            r.card.code ? [h('span', { class: 'stage-idea-code' }, r.card.code), ' '] : null,
            h('span', { class: 'stage-result-text' }, r.card.text)), { more: moreRows, extra: x.rest, group })
          : h('p', { class: 'stage-empty', key: 'none' }, t('No ideas yet')));
    })));
}

function tableTheme(recs, table) {
  return table.theme_text || (table.theme_id && recs.get(table.theme_id) ? recs.get(table.theme_id).text : '');
}

function tablesStage(recs, type) {
  const themed = tablesWithThemes(recs).filter((tm) => tm.themeText);
  return h('section', { class: 'stage-tables', key: `tables-${type}`, 'aria-label': boardTitle(type) },
    h('h2', { class: 'stage-section-title', key: 'h' }, boardTitle(type)),
    themed.length
      ? list('ul', 'stage-table-list', `tables-${type}`, themed, (tm) => {
        const b = [...recs.values()].find((x) => x.kind === 'board' && x.type === type && x.room_id === tm.room.id);
        return h('li', { class: 'stage-table', key: tm.room.id },
          h('h3', null, tableName(tm.room)),
          h('p', { class: 'stage-table-theme' }, tm.themeText),
          b ? h('p', { class: 'stage-table-count' }, progress(recs, b)) : null);
      }, { weight: 2, more: moreTables })
      : h('p', { class: 'stage-empty', key: 'none' }, t('The tables have no theme yet')));
}

function progress(recs, b) {
  const cards = cardsOfBoard(recs, b.id);
  if (b.type === 'action_plan') return planOfBoard(recs, b.id) ? t('Plan started') : t('No plan yet');
  if (b.type === 'ideas') { const n = cards.filter((c) => c.type === 'idea').length; return tn('{n} idea', '{n} ideas', n); }
  if (b.type === 'in_place') { const n = inPlaceItems(recs, b.id).length; return tn('{n} item listed', '{n} items listed', n); }
  return tn('{n} card', '{n} cards', cards.length);
}

const DAY1_TABLE = ['root_causes', 'success'];

/**
 * One board, big: a table's board during feedback, the grid, the parking space. A table's Day 1
 * boards go together: its root causes beside its success statements, as the table reports back.
 */
function boardStage(recs, board, agenda = false) {
  const room = board.room_id ? recs.get(board.room_id) : null;
  const table = room && room.type === 'table' ? room : null;
  const theme = table ? tableTheme(recs, table) : '';
  const together = table && DAY1_TABLE.includes(board.type)
    ? DAY1_TABLE.map((type) => [...recs.values()].find((b) => b.kind === 'board' && b.type === type && b.room_id === table.id)).filter(Boolean)
    : [board];
  const title = together.length > 1 ? t('Root causes and success') : boardName(board);
  return h('section', { class: `stage-board stage-one type-${board.type}`, key: board.id, 'data-board-id': board.id, 'aria-label': title },
    // the activity's own board (the grid during the grid) is named by the bar above: its name is not said twice on the wall
    h('h2', { class: agenda && !table ? 'visually-hidden' : 'board-header', key: 'h' }, table ? `${tableName(table)}: ` : '', title,
      board.type === 'action_plan' ? planPart(recs, board) : null),
    theme ? h('p', { class: 'stage-table-theme', key: 'theme' }, `${t('Theme:')} `, theme) : null,
    together.length > 1
      ? h('div', { class: 'stage-two', key: 'two' }, together.map((b) => h('div', { key: b.id, 'data-board-id': b.id },
        h('h3', { class: 'stage-board-name' }, boardTitle(b.type)), boardBody(recs, b))))
      : boardBody(recs, board));
}

function planAnswers(plan) {
  return PLAN_QUESTIONS.map((q) => (plan.fields || {})[q.field] || '');
}

/** A plan too long for one page is shown in parts: which is up, "Part 1 of 3: more follows", beside its heading. */
function planPart(recs, board) {
  const plan = planOfBoard(recs, board.id);
  if (!plan) return null;
  const key = `plan-${plan.id}`;
  const { pages, part, total } = partsOf(key, fit(key, planAnswers(plan).join('').length, 0), PLAN_QUESTIONS.length);
  if (!pages) return null;
  return h('span', { class: 'stage-part', 'data-testid': 'plan-part' }, part + 1 < total
    ? t('Part {n} of {total}: more follows', { n: part + 1, total })
    : t('Part {n} of {total}', { n: part + 1, total }));
}

function cardList(cards, cls, empty, key, more = moreCards, group = null) {
  return cards.length
    ? list('ul', `stage-cards ${cls || ''}`, key || `cards-${cls}`, cards, (c) => h('li', { class: `stage-card type-${c.type}`, key: c.id }, c.code ? h('strong', null, `${c.code} `) : null, c.text), { more, group })
    : h('p', { class: 'stage-empty', key: 'empty' }, empty);
}

function boardBody(recs, board) {
  switch (board.type) {
    case 'root_causes':
      return h('div', { class: 'stage-stack', key: 'rc' },
        h('h4', { key: 'causes-h' }, t('The most likely reasons')), cardList(rootCauses(recs, board.id), 'causes', t('None yet'), `causes-${board.id}`),
        h('h4', { key: 'why-h' }, t('Why? Because…')), cardList(whyChain(recs, board.id), 'why', t('No answers yet'), `why-${board.id}`));
    case 'success':
      return h('ul', { class: 'stage-success', key: 'success' }, successSlots(recs, board.id).map((s) => h('li', { class: `stage-slot colour-${s.colour}`, key: s.key },
        h('h4', null, s.label, ` (${s.colour})`), h('p', null, s.card ? s.card.text : t('Not written yet')))));
    case 'in_place':
      return cardList(inPlaceItems(recs, board.id), 'in-place', t('Nothing listed yet'), `in-place-${board.id}`);
    case 'ideas': {
      const by = ideasByHat(recs, board.id);
      return h('div', { class: 'stage-hats', key: 'hats' }, HATS.map((hat) => h('div', { class: `stage-hat hat-${hat.letter}`, key: hat.letter },
        h('h3', null, `${hat.name} (${hat.letter}, ${hat.colourName})`), cardList(by[hat.letter], '', t('No ideas yet'), `hat-${board.id}-${hat.letter}`, moreIdeasOf, `hats-${board.id}-${HATS.map((x) => by[x.letter].length).join(',')}`))));
    }
    case 'action_plan': {
      const plan = planOfBoard(recs, board.id);
      if (!plan) return h('p', { class: 'stage-empty', key: 'none' }, t('No plan yet'));
      const idea = plan.idea_id ? recs.get(plan.idea_id) : null;
      const answers = planAnswers(plan);
      return [
        idea ? h('p', { class: 'stage-plan-idea', key: 'idea' }, t('Idea {code}: {text}', { code: idea.code || '', text: idea.text })) : null,
        // six answers that may be long: smaller type while they overflow (never under 24 px), nothing left out
        // (each question with its answer: one row while they fit, two columns of them at the smallest size,
        // and past that in parts the wall shows in turn, the heading saying which: planPart)
        block('dl', 'stage-plan', `plan-${plan.id}`, answers.join('').length, PLAN_QUESTIONS.map((q, i) => h('div', { class: 'stage-plan-q', key: q.field },
          h('dt', null, q.label), h('dd', null, answers[i] || '–')))),
      ];
    }
    case 'grid':
      return gridBody(recs);
    case 'parking': {
      const { waiting, reviewed } = parkingItems(recs);
      return cardList([...waiting, ...reviewed], 'parking', t('The parking space is empty'), 'parking');
    }
    default:
      return cardList(cardsOfBoard(recs, board.id), '', t('Nothing on this board yet'), `cards-${board.id}`);
  }
}

/**
 * The Investment Grid: its four quadrants (more room in the top half, as the guide draws it), each
 * idea's code and words, most impact first; beside them the tray of ideas not placed yet, counted.
 */
function gridBody(recs) {
  const wall = gridWall(recs);
  const n = wall.unplaced.length;
  const group = `grid-${Object.values(wall.quadrants).map((q) => q.length).join(',')}-${n}`;
  return h('div', { class: `stage-grid-wall${n ? ' with-tray' : ''}`, key: 'grid' },
    h('div', { class: 'stage-grid', key: 'quads' }, Object.keys(LABELS.quadrants).map((q) => h('section', { class: `stage-quad quad-${q}`, key: q, 'aria-label': QUADRANTS[q] },
      h('h3', { key: 'h' }, QUADRANTS[q]), cardList(wall.quadrants[q], 'grid', t('None yet'), `quad-${q}`, moreIdeasOf, group)))),
    n ? h('section', { class: 'stage-tray', key: 'tray', 'aria-label': t('Not placed yet') },
      h('h3', { key: 'h' }, t('Not placed yet: {n}', { n })), cardList(wall.unplaced, 'tray', '', 'tray', moreIdeasOf, group)) : null);
}

function idleStage(focus) {
  return h('div', { class: 'stage-idle', key: 'idle' },
    h('h1', { key: 'now' }, focus.now ? itemTitle(focus.now) : t('Welcome')),
    focus.next ? h('p', { class: 'stage-next', key: 'next' }, t('Next: {item}', { item: `${focus.next.time ? `${focus.next.time} ` : ''}${itemTitle(focus.next)}` })) : null);
}
