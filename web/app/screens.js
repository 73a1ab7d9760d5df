// The screens of the board page and the navigation between them, plus "follow me".
//
// A screen is {id, label(recs, me), available(recs, me) → bool, boardIds(recs, me) → [board ids],
// render(recs, ctx) → h() tree, order?, activities?, tab?, module?}. `module` names an app/lazy.js
// entry the screen draws with: it is fetched when the screen is first drawn ("Loading…" until it
// arrives), then render(recs, ctx, module) — so a phone downloads only the screen it is on. Other modules call `registerScreen(screen)`
// when they are imported (board.js imports them). `order` sorts the navigation (default 100);
// `activities` lists agenda item keys (workshop.activity) for which the screen is the natural
// first choice when the person has not picked one yet; a screen with activities (or `tab: true`)
// is a tab on a wide screen, the others are under "Other screens" (see isTool).
//
// ctx.ui.screen is the selected screen id (remembered per workshop in localStorage);
// ctx.act.showScreen(id) selects one; ctx.readOnly is true for projectors.
// "Follow me": when workshop.showing.board_id is set and the person follows the facilitator,
// the screen showing that board is selected and the board is scrolled into view and highlighted.
import { h } from '../ui/dom.js';
import { howTo } from '../ui/form.js';
import { themingBoards, canEdit, canFacilitate, workshop } from '../model/store.js';
import { t, tn, tp, plainWordsOn } from './i18n.js';
import { boardHeading, BOARD_HEADINGS, tableName } from './words.js';
import { readyFor, lazy, loadNow, pending } from './lazy.js';

const registry = new Map();

/** Add (or replace, by id) a screen. */
export function registerScreen(screen) {
  if (!screen || !screen.id) throw new Error('a screen needs an id');
  registry.set(screen.id, screen);
}

/** Every registered screen, in navigation order. */
export function allScreens() {
  return [...registry.values()].sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}

function safe(fn, fallback, ...args) {
  try { return fn ? fn(...args) : fallback; } catch (e) { console.error(e); return fallback; }
}

/** The screens this person may open now. */
export function availableScreens(recs, me) {
  return allScreens().filter((s) => safe(s.available, true, recs, me));
}

/** A screen's label as text. */
export function screenLabel(s, recs, me) {
  return String(safe(s.label, s.id, recs, me));
}

/** The first available screen that shows a board, or null. */
export function screenForBoard(recs, me, boardId) {
  if (!boardId) return null;
  return availableScreens(recs, me).find((s) => (safe(s.boardIds, [], recs, me) || []).includes(boardId)) || null;
}

/** The screen to draw: the chosen one when still available, else one that asks for this person
 * (`preferred(recs, me)`: a plan's lead back after the workshop), else the activity's, else the first. */
export function selectedScreen(recs, me, wanted) {
  const list = availableScreens(recs, me);
  const chosen = list.find((s) => s.id === wanted);
  if (chosen) return chosen;
  const preferred = list.find((s) => safe(s.preferred, false, recs, me));
  if (preferred) return preferred;
  const w = workshop(recs);
  const act = w && w.activity;
  return (act && list.find((s) => (s.activities || []).includes(act))) || list[0] || null;
}

// ---- remembered choices (per workshop) -------------------------------------------------

function key(wid, name) {
  return `coboard.${name}.${wid}`;
}

/** The screen id remembered for a workshop, or null. */
export function loadScreen(wid) {
  try { return localStorage.getItem(key(wid, 'screen')); } catch (e) { return null; }
}

export function saveScreen(wid, id) {
  try { localStorage.setItem(key(wid, 'screen'), id); } catch (e) { /* not remembered */ }
}

/** Whether this person follows the facilitator: remembered, else on for participants and projectors. */
export function loadFollow(wid, me) {
  let v = null;
  try { v = localStorage.getItem(key(wid, 'follow')); } catch (e) { v = null; }
  if (me && me.role === 'projector') return true;
  if (v === '1') return true;
  if (v === '0') return false;
  return !canFacilitate(me);
}

export function saveFollow(wid, on) {
  try { localStorage.setItem(key(wid, 'follow'), on ? '1' : '0'); } catch (e) { /* not remembered */ }
}

// ---- follow me --------------------------------------------------------------------------

/**
 * Called on every draw before rendering: when the shown board changed (or on first load) and
 * the person follows, select the screen that shows it. Returns the board id to bring into view
 * after the render, or null.
 */
export function followShowing(recs, ctx) {
  const { ui } = ctx;
  const me = ctx.store.me;
  const w = workshop(recs);
  const showing = w && w.showing && w.showing.board_id ? w.showing : null;
  const stamp = showing ? `${showing.board_id}@${showing.at}` : '';
  // The facilitator moving the agenda on takes followers (and the projector) to that activity's screen.
  const activity = (w && w.activity) || '';
  const before = ui.activityStamp;
  const firstDraw = before === undefined;
  const activityChanged = !firstDraw && activity !== before;
  ui.activityStamp = activity;
  // After Next the screen of the facilitator (or host) moves with the activity too.
  const leads = canFacilitate(me) && !ctx.readOnly;
  if ((activityChanged || (firstDraw && ctx.readOnly)) && ((ui.follow && !showing) || (leads && activityChanged))) {
    const byActivity = availableScreens(recs, me).find((s) => (s.activities || []).includes(activity));
    // Its screen may be in a module still on its way (Day 2's: app/lazy.js): move when it has come.
    if (!byActivity && activityChanged && !readyFor(me, recs)) ui.activityStamp = before;
    if (byActivity) ui.screen = byActivity.id;
    else if (firstDraw) ui.screen = null;
    if (byActivity && !ctx.readOnly && typeof requestAnimationFrame === 'function') bringActivityBoardIntoView(recs, me, byActivity, activity);
    // A break or lunch has no screen: the page goes back to its top, where what is on now is said.
    else if (activityChanged && !ctx.readOnly && readyFor(me, recs) && typeof requestAnimationFrame === 'function') requestAnimationFrame(() => window.scrollTo(0, 0));
  }
  if (stamp === ui.showingStamp) return null;
  ui.showingStamp = stamp;
  if (!showing || !ui.follow) return null;
  const s = screenForBoard(recs, me, showing.board_id);
  if (s) ui.screen = s.id;
  followThemingBoard(ui, recs, showing.board_id); // on a phone's one-board theming screen too
  return showing.board_id;
}

/** A theming board shown to everyone becomes a follower's one board (a phone shows one at a time; screens/theming.js currentBoard). */
function followThemingBoard(ui, recs, boardId) {
  const board = themingBoards(recs).find((b) => b.id === boardId);
  const w = workshop(recs);
  if (board) ui.themingPick = { id: board.id, activity: (w && w.activity) || '' };
}

// A board whose top is this far above the window's bottom (px) is in the first screen: its heading and a line of it.
const BOARD_ROOM = 150;

/**
 * A new activity's screen starts at its top (not where the last one was scrolled to), so a phone's
 * first screen shows what is on now with the board it happens on. A screen with several boards
 * (the three theming boards side by side) opened for an activity that uses one starting below the
 * first screen brings that board to the top once drawn; one that starts in it already stays put,
 * under what is on now (scrolling it to the top had pushed the Now line off a phone's screen).
 */
function bringActivityBoardIntoView(recs, me, screen, activity) {
  const item = ((workshop(recs) || {}).agenda || []).find((it) => it.key === activity);
  const ids = safe(screen.boardIds, [], recs, me) || [];
  const types = (item && item.boards) || [];
  const target = ids.map((id) => recs.get(id)).find((b) => b && types.includes(b.type));
  const scroll = () => requestAnimationFrame(() => {
    window.scrollTo(0, 0);
    const el = target && ids[0] !== target.id ? boardElement(document, target.id) : null;
    if (el && el.getBoundingClientRect().top > window.innerHeight - BOARD_ROOM) el.scrollIntoView({ block: 'start' });
  });
  // A screen whose module is still on its way is drawn once it arrives: look for the board after that draw.
  if (screen.module && !lazy(screen.module)) loadNow(screen.module).then(() => requestAnimationFrame(scroll));
  else scroll();
}

/**
 * Bring a board into view and mark it as the one being shown (after the render); when the screen
 * that draws it is still waiting for its module (a screen's `module`), after the draw that follows
 * its arrival.
 */
export function revealBoard(root, boardId, recs = null, ctx = null) {
  const s = recs && ctx ? selectedScreen(recs, ctx.store.me, ctx.ui.screen) : null;
  if (s && s.module && !lazy(s.module)) {
    loadNow(s.module).then(() => requestAnimationFrame(() => revealBoard(root, boardId)));
    return;
  }
  requestAnimationFrame(() => {
    for (const el of root.querySelectorAll('.showing-board')) el.classList.remove('showing-board');
    if (!boardId) return;
    const el = boardElement(root, boardId);
    if (!el) return;
    el.classList.add('showing-board');
    el.setAttribute('data-showing-label', t('Being shown to everyone')); // drawn by styles/screens.css, in the reader's language
    el.scrollIntoView({ block: 'start', behavior: 'smooth' });
  });
}

function boardElement(root, boardId) {
  const esc = String(boardId).replace(/["\\]/g, '\\$&');
  const direct = root.querySelector(`[data-board-id="${esc}"]`);
  if (direct) return direct;
  const head = root.querySelector(`[data-focus-key="board-${esc}"]`);
  return head ? head.closest('section') || head : null;
}

// ---- the pieces drawn by the shell ------------------------------------------------------

/**
 * A screen of the workshop's activities (it has agenda `activities`: the boards, the votes, the
 * tables, Day 2's steps, the parking space) or with `tab: true` (the host console, whose label
 * counts hands up and new messages) is a tab on a wide screen. The others are tools (importing and
 * cleaning answers, pictures, downloads, personal data, feedback, the mop-up meeting), under
 * "Other screens", and so, on Day 2, are the screens only Day 1 uses. The screen open now is
 * always a tab, so you see where you are.
 */
export function isTool(s, recs = null) {
  if (s.tab) return false;
  const acts = s.activities || [];
  if (!acts.length) return true;
  // On Day 2 a screen only Day 1's agenda uses (the dot vote, the tables' root causes) is there too.
  const w = recs ? workshop(recs) : null;
  if (!w || w.day !== 2 || !Array.isArray(w.agenda)) return false;
  const days = w.agenda.filter((it) => acts.includes(it.key)).map((it) => it.day);
  return days.length > 0 && !days.includes(2);
}

/** The tabs are one row that scrolls sideways: the current one is scrolled into it when it changes. */
function tabInView(el, id) {
  const row = el.closest('ul');
  if (!row || row.dataset.shown === id) return;
  row.dataset.shown = id;
  const left = el.offsetLeft - row.offsetLeft;
  if (left < row.scrollLeft || left + el.offsetWidth > row.scrollLeft + row.clientWidth) row.scrollLeft = Math.max(0, left - 16);
}

function screenButton(s, recs, ctx, current, cls, onpick) {
  const on = Boolean(current && s.id === current.id);
  return h('button', {
    type: 'button', class: `${cls}${on ? ' current' : ''}`, 'aria-current': on ? 'page' : null,
    'data-focus-key': `${cls}-${s.id}`, 'data-screen-id': s.id,
    onclick: (e) => { if (onpick) onpick(e); ctx.act.showScreen(s.id); },
    oncreate: on && cls === 'screen-tab' ? (el) => tabInView(el, s.id) : null,
    onupdate: on && cls === 'screen-tab' ? (el) => tabInView(el, s.id) : null,
  }, screenLabel(s, recs, ctx.store.me));
}

/** Choosing from a menu closes it; the chosen screen starts at its top, with the focus on the page. */
function pickedFromMenu(e) {
  const menu = e.currentTarget.closest('details');
  if (menu) menu.open = false;
  requestAnimationFrame(() => {
    window.scrollTo(0, 0);
    const main = document.getElementById('main');
    if (main) main.focus({ preventScroll: true });
  });
}

/** The navigation between the screens on a wide screen: the activities' tabs, the tools in a menu (none for projectors, or for one screen). */
export function nav(recs, ctx) {
  const me = ctx.store.me;
  if (ctx.readOnly) return null;
  const list = availableScreens(recs, me);
  const current = selectedScreen(recs, me, ctx.ui.screen);
  if (list.length < 2) return null;
  const tabs = list.filter((s) => !isTool(s, recs) || (current && s.id === current.id));
  const tools = list.filter((s) => isTool(s, recs));
  const fold = foldOrder(tabs, current);
  // A tab with a count of new things (`unread`: the host console's new messages) takes it under "Other
  // screens" when it goes there (fitTabs shows it then): the count is wherever the way to the screen is.
  const counts = tabs.filter((s) => fold.has(s.id) && s.unread).map((s) => [s.id, Number(safe(s.unread, 0, recs, me)) || 0]).filter(([, n]) => n > 0);
  return h('nav', {
    class: 'screen-nav', 'aria-label': t('Screens'), key: 'screen-nav',
    oncreate: (el) => { watchWidth(el); requestAnimationFrame(() => fitTabs(el)); }, // measured once on the page
    onupdate: fitTabs,
  },
  h('ul', { key: 'tabs' }, tabs.map((s) => h('li', { key: s.id, 'data-fold': fold.get(s.id) ?? null, 'data-tab': s.id }, screenButton(s, recs, ctx, current, 'screen-tab')))),
  // Always there (hidden while it would be empty): the tabs that do not fit the row come in here.
  h('details', { class: 'screen-tools', key: 'tools', hidden: !tools.length },
    h('summary', null, t('Other screens'), counts.map(([id, n]) => h('span', { class: 'menu-unread', key: `unread-${id}`, 'data-unread-of': id, hidden: true },
      h('span', { class: 'unread-badge', 'aria-hidden': 'true' }, String(n)),
      h('span', { class: 'visually-hidden' }, ' (', tn('{n} new message', '{n} new messages', n), ')')))),
    h('ul', { class: 'menu-list' },
      tabs.filter((s) => fold.has(s.id)).map((s) => h('li', { key: `fold-${s.id}`, 'data-folded': s.id, hidden: true },
        screenButton(s, recs, ctx, current, 'screen-item', pickedFromMenu))),
      tools.map((s) => h('li', { key: s.id }, screenButton(s, recs, ctx, current, 'screen-item', pickedFromMenu))))));
}

/**
 * Which tabs give way first when the row is too narrow (higher goes first): the finished ones,
 * farthest back first, then the ones still to come, farthest first; the host console (hands up,
 * new messages) last. The screen open now never does.
 */
function foldOrder(tabs, current) {
  const at = Math.max(0, tabs.findIndex((s) => current && s.id === current.id));
  const out = new Map();
  tabs.forEach((s, i) => {
    if (current && s.id === current.id) return;
    if (s.tab) out.set(s.id, 0);
    else out.set(s.id, i < at ? 2 * tabs.length + (at - i) : tabs.length + (i - at));
  });
  return out;
}

/**
 * One row of tabs, never scrolled sideways: tabs that do not fit are hidden from the row and
 * shown under "Other screens" instead, by measuring the row (the words' width depends on the
 * language, large text and the window).
 */
function fitTabs(nav) {
  if (nav.isConnected) nav.dataset.fitted = String(nav.clientWidth); // the width it was fitted to (tests wait for it)
  const row = nav.querySelector(':scope > ul');
  const tools = nav.querySelector(':scope > .screen-tools');
  if (!row || !tools) return;
  const folded = new Map([...tools.querySelectorAll('li[data-folded]')].map((li) => [li.dataset.folded, li]));
  const counts = new Map([...tools.querySelectorAll(':scope > summary [data-unread-of]')].map((el) => [el.dataset.unreadOf, el]));
  for (const el of counts.values()) el.hidden = true;
  const items = [...row.children];
  for (const li of items) li.hidden = false;
  for (const li of folded.values()) li.hidden = true;
  const ownTools = tools.querySelector('li:not([data-folded])');
  tools.hidden = !ownTools;
  const over = () => row.scrollWidth > row.clientWidth + 1;
  if (!over()) return;
  tools.hidden = false; // the menu takes its room in the row first
  const order = items.filter((li) => li.dataset.fold).sort((a, b) => Number(b.dataset.fold) - Number(a.dataset.fold));
  for (const li of order) {
    if (!over()) break;
    li.hidden = true;
    const twin = folded.get(li.dataset.tab);
    if (twin) twin.hidden = false;
    const count = counts.get(li.dataset.tab);
    if (count) count.hidden = false;
  }
}

/** Fit the tabs again when the window (and so the row) changes width. */
function watchWidth(nav) {
  if (typeof ResizeObserver === 'undefined') return;
  let width = nav.clientWidth;
  let queued = false;
  const watch = new ResizeObserver(() => {
    if (!nav.isConnected) { watch.disconnect(); return; }
    if (nav.clientWidth === width || queued) return;
    width = nav.clientWidth;
    queued = true;
    requestAnimationFrame(() => { queued = false; if (nav.isConnected) fitTabs(nav); });
  });
  watch.observe(nav);
}

/** The screens in the Menu on a phone: the activities', then the tools; the one open now is marked. */
export function menuNav(recs, ctx) {
  const me = ctx.store.me;
  if (ctx.readOnly) return null;
  const list = availableScreens(recs, me);
  if (list.length < 2) return null;
  const current = selectedScreen(recs, me, ctx.ui.screen);
  const group = (items, key) => (items.length ? h('ul', { class: 'menu-list', key }, items.map((s) => h('li', { key: s.id }, screenButton(s, recs, ctx, current, 'screen-item', pickedFromMenu)))) : null);
  return h('nav', { class: 'menu-screens', 'aria-label': t('Screens'), key: 'menu-screens' },
    group(list.filter((s) => !isTool(s, recs)), 'activities'),
    group(list.filter((s) => isTool(s, recs)), 'tools'));
}

/**
 * "Follow the facilitator" and what is being shown to everyone (participants; staff have the
 * toolbar). `part`: 'toggle' or 'showing' for one of the two (the toggle lives in the Menu).
 */
export function followBar(recs, ctx, part = null) {
  const me = ctx.store.me;
  if (!me || ctx.readOnly) return null;
  const w = workshop(recs);
  const showing = w && w.showing && w.showing.board_id ? w.showing : null;
  const shownBoard = showing ? recs.get(showing.board_id) : null;
  if (canFacilitate(me)) return null; // staff lead: the toolbar has their show controls, and nobody to follow
  if (part === 'showing' && !showing) return null;
  return h('div', { class: `follow-bar${part ? ` follow-${part}` : ''}`, key: `follow-bar-${part || 'all'}` },
    part === 'showing' ? null : h('button', {
      type: 'button', class: 'toggle', key: 'follow', 'aria-pressed': ctx.ui.follow ? 'true' : 'false',
      onclick: () => ctx.act.setFollow(!ctx.ui.follow),
    }, t('Follow the facilitator')),
    showing && part !== 'toggle' ? h('p', { class: 'showing-now', key: 'showing' },
      t('Showing to everyone:'), ' ', h('strong', null, boardName(shownBoard, recs))) : null);
}

/** A readable name for a board. */
export function boardName(b, recs = null) {
  if (!b) return t('a board');
  // A theming board's own heading, or the server's default title, in the reader's language; a title someone wrote, as written.
  const heading = BOARD_HEADINGS[b.type];
  const name = heading && (!b.title || b.title === heading) ? boardHeading(b.type) : defaultTitle(b) || b.title || b.type;
  // A table's boards share their titles: say whose it is ("Table 2: Action plan").
  const room = recs && b.room_id ? recs.get(b.room_id) : null;
  return room && room.type === 'table' ? `${tableName(room)}: ${name}` : name;
}

// The server's default titles of the other boards (LABELS.boards), each a literal so the catalogue has it.
const DEFAULT_TITLES = {
  root_causes: ['Root causes', () => t('Root causes')], success: ['Identifying success', () => t('Identifying success')], // a value, not words
  in_place: ["What's in place already?", () => t("What's in place already?")], ideas: ['Generating new ideas', () => t('Generating new ideas')], // a value, not words
  grid: ['Investment Grid', () => t('Investment Grid')], action_plan: ['Action plan', () => t('Action plan')], // a value, not words
  parking: ['Parking space', () => t('Parking space')], // a value, not words
};

/** A board's title in the reader's language when it is the server's default; null for a title someone wrote. */
function defaultTitle(b) {
  const known = DEFAULT_TITLES[b.type];
  return known && (!b.title || b.title === known[0]) ? known[1]() : null;
}

// The board pictures are everyone's, but no first screen needs them: their module (screens/pictures.js)
// is fetched when the screen is opened.
registerScreen({
  id: 'pictures', order: 95, activities: [], module: 'pictures',
  label: () => t('Board pictures'),
  available: (recs, me) => Boolean(me) && me.role !== 'projector',
  boardIds: () => [],
  render: (recs, ctx, pictures) => pictures.picturesScreen(recs, ctx),
});

/**
 * Before the welcome: the modules of the screens the first draw is likely to show (the one chosen
 * here before, the one of the activity on now as the board page names it: server/api/pages.py),
 * to be fetched beside the socket rather than one round trip after it.
 */
export function likelyModules(wanted, activity) {
  const list = allScreens();
  const out = new Set();
  for (const s of [list.find((x) => x.id === wanted), activity ? list.find((x) => (x.activities || []).includes(activity)) : null]) {
    if (s && s.module) out.add(s.module);
  }
  return [...out];
}

/** The module of the screen to draw while it is still on its way (a promise: app/lazy.js pending), else null. */
export function screenModuleOnItsWay(recs, ctx) {
  const s = selectedScreen(recs, ctx.store.me, ctx.ui.screen);
  return s && s.module && !lazy(s.module) ? pending(s.module) : null;
}

/** The selected screen's content. */
export function renderScreen(recs, ctx) {
  const me = ctx.store.me;
  const s = selectedScreen(recs, me, ctx.ui.screen);
  if (!s) return h('p', { class: 'empty', key: 'no-screen' }, t('Nothing to show yet.'));
  const mod = s.module ? lazy(s.module) : null;
  if (s.module && !mod) loadNow(s.module, () => { if (ctx.act.redraw) ctx.act.redraw(); });
  return h('div', { class: `screen screen-${s.id}`, key: `screen-${s.id}`, 'data-screen': s.id },
    s.module && !mod ? h('p', { class: 'loading', key: `loading-${s.id}` }, t('Loading…')) : s.render(recs, ctx, mod));
}

// ---- the theming boards, as they were ---------------------------------------------------

registerScreen({
  id: 'theming',
  order: 30,
  module: 'theming', // screens/theming.js with the card drag (ui/drag.js): only once theming is on screen
  activities: ['ww_theming', 'nww_theming', 'reflecting', 'iff_feedback'],
  label: () => t('Theming boards'),
  available: () => true,
  boardIds: (recs) => themingBoards(recs).map((b) => b.id),
  render: (recs, ctx, theming) => [
    theming.boardNav(recs, ctx),
    canEdit(ctx.store.me) ? howTo(ctx, 'help', h('p', { class: 'help', id: 'card-help', key: 'help' },
      tp(t('Drag a card onto a theme (on a touch screen: hold it a moment first), or select a card (Enter or Space) to choose where it goes.'),
        t('Put each card in the theme it fits. Hold it and drag it there, or press it and choose.')))) : null,
    plainWordsOn() ? theming.iStatements() : null,
    theming.render(recs, ctx),
  ],
});
