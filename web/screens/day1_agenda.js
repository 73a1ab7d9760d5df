// The agenda strip shown on every screen: what is happening now and next (with times and the
// boards each activity uses), the facilitator's "Next: …" button (the agenda editor itself is in
// day1_edit.js, loaded on its first use), and
// "Add to the parking space" (one step from anywhere: ui/parking_dialog.js, loaded on the first click).
import { h } from '../ui/dom.js';
import { workshop, canEdit, isStaff, isFacilitator } from '../model/store.js';
import { announce, toast } from '../ui/announce.js';
import {
  agendaItems, agendaNowNext, boardsForItem, parkingBoard, itemTitle,
} from '../model/day1.js';
import { availableScreens } from '../app/screens.js';
import { t } from '../app/i18n.js';

/** Open one of the facilitator's editors (screens/day1_edit.js), loaded on the first click: nobody else needs them. */
export function edit(ctx, which) {
  return import('./day1_edit.js').then((m) => m[which](ctx), unreachable);
}

/**
 * "Add to the parking space" (ui/parking_dialog.js), loaded on the first click with its dialog frame
 * side by side: a participant's first load does without both (bench/pageload.py).
 */
export function openParking(ctx) {
  return Promise.all([import('../ui/parking_dialog.js'), import('../ui/dialog.js')])
    .then(([m]) => m.openParkingDialog(ctx), unreachable);
}

/** A module loaded on first use could not be fetched. */
function unreachable() {
  toast(t('Coboard could not be reached. Check your internet connection and try again.'), 'error');
}

export function dayName(day) {
  return t('Day {day}', { day });
}

function timeText(item) {
  return item && item.time ? `${item.time} ` : '';
}

/** Links to the boards an agenda item uses (screens through the navigation). */
function boardLinks(recs, ctx, item) {
  const links = boardsForItem(recs, item, ctx.store.me);
  if (!links.length) return null;
  if (ctx.readOnly) {
    return h('p', { class: 'agenda-boards-text', key: 'boards' }, t('Boards:'), ' ', links.map((l) => l.label).join(', '));
  }
  return h('ul', { class: 'agenda-boards', key: 'boards', 'aria-label': t('Boards for {item}', { item: itemTitle(item) }) },
    links.map((l, i) => h('li', { key: `${l.type}-${l.board ? l.board.id : i}` },
      h('button', {
        type: 'button', class: 'small link-button',
        onclick: () => goToBoard(recs, ctx, l),
      }, l.label))));
}

function goToBoard(recs, ctx, link) {
  const screen = screenFor(link);
  if (link.board && (link.type === 'root_causes' || link.type === 'success')) ctx.ui.day1Table = link.board.room_id;
  if (ctx.act.showScreen) ctx.act.showScreen(screen);
  if (link.board && ctx.act.focusKey) {
    requestAnimationFrame(() => {
      const el = document.querySelector(`[data-board-id="${link.board.id}"]`) || document.getElementById(`board-${link.type}`);
      if (el) el.scrollIntoView({ block: 'start' });
    });
  }
}

const SCREEN_OF_BOARD = {
  welcome: 'welcome', ww: 'theming', nww: 'theming', iff: 'theming', root_causes: 'table', success: 'table', parking: 'parking',
};

function screenFor(link) {
  return SCREEN_OF_BOARD[link.type] || link.type;
}

/**
 * Tell screen-reader users, politely, about Day 1 changes made by others: the activity moving on,
 * a vote opening or closing, their table getting its theme. Called on every draw; the first call
 * only remembers what is there.
 */
export function noticeChanges(recs, ctx) {
  const me = ctx.store.me;
  const w = workshop(recs);
  if (!me || !w) return;
  const rounds = new Map();
  for (const r of recs.values()) if (r.kind === 'round') rounds.set(r.id, r.status);
  const table = me.table_id ? recs.get(me.table_id) : null;
  const now = { activity: w.activity || null, rounds, theme: table ? table.theme_text || null : null };
  const was = ctx.ui.day1Seen;
  ctx.ui.day1Seen = now;
  if (!was) return;
  if (now.activity !== was.activity && now.activity) {
    const item = agendaItems(recs).find((it) => it.key === now.activity);
    if (item) announce(t('Now: {item}', { item: itemTitle(item) }));
    // Following the facilitator follows the agenda too: open the new activity's screen.
    if (ctx.ui.follow || ctx.readOnly || isStaff(me)) {
      const s = availableScreens(recs, me).find((x) => (x.activities || []).includes(now.activity));
      if (s) ctx.ui.screen = s.id;
    }
  }
  for (const [id, status] of rounds) {
    const before = was.rounds.get(id);
    if (status === 'open' && before !== 'open') announce(t('A vote is open. Go to Dot voting to place your dots.'));
    else if (status === 'closed' && before === 'open') announce(t('The vote has closed. The results are on the Dot voting screen.'));
  }
  if (now.theme && now.theme !== was.theme) announce(t("Your table's theme: {theme}", { theme: now.theme }));
}

/** The strip: Now / Next, the boards in use, and the buttons. */
export function agendaStrip(recs, ctx) {
  const me = ctx.store.me;
  const w = workshop(recs);
  if (!me || !w) return null;
  noticeChanges(recs, ctx);
  const { now, next } = agendaNowNext(recs);
  // The agenda's buttons ("Next", "Back to", "Edit agenda") and the welcome board's editors are the
  // facilitator's alone: workshop.update, agenda.update and welcome.update are FACILITATOR ops in
  // server/protocol/registry.py (PRODUCT.md: the facilitator runs the agenda; the tech host runs rooms,
  // polls, chat and timers). So a host does not pass here.
  const fac = isFacilitator(me) && !ctx.readOnly;
  return h('section', { class: 'agenda-strip', 'aria-labelledby': 'agenda-strip-title', key: 'agenda-strip' },
    h('h2', { id: 'agenda-strip-title', class: 'visually-hidden' }, t('Agenda')),
    h('div', { class: 'agenda-now', key: 'now' },
      h('p', { class: 'agenda-label' }, t('Now')),
      h('p', { class: 'agenda-title', 'data-testid': 'agenda-now' }, now ? `${timeText(now)}${itemTitle(now)}` : t('Not started yet')),
      now ? boardLinks(recs, ctx, now) : null),
    h('div', { class: 'agenda-next', key: 'next' },
      h('p', { class: 'agenda-label' }, t('Next')),
      h('p', { class: 'agenda-title', 'data-testid': 'agenda-next' }, next ? `${now && next.day !== now.day ? `${dayName(next.day)}, ` : ''}${timeText(next)}${itemTitle(next)}` : t('Nothing more today'))),
    h('div', { class: 'agenda-actions', key: 'actions' },
      fac && next ? h('button', {
        type: 'button', class: 'primary', key: 'go-next', 'data-focus-key': 'agenda-next-btn',
        onclick: () => {
          ctx.intent.moveToActivity(next.key);
        },
      }, t('Next: {item}', { item: itemTitle(next) })) : null,
      fac && now && prevItem(recs, now) ? h('button', {
        type: 'button', class: 'small', key: 'go-back',
        onclick: () => ctx.intent.moveToActivity(prevItem(recs, now).key),
      }, t('Back to: {item}', { item: itemTitle(prevItem(recs, now)) })) : null,
      fac ? h('button', { type: 'button', key: 'edit', 'data-focus-key': 'agenda-edit-btn', onclick: () => edit(ctx, 'openAgendaDialog') }, t('Edit agenda')) : null,
      canEdit(me) && !ctx.readOnly && parkingBoard(recs) ? h('button', {
        type: 'button', key: 'park', 'data-focus-key': 'parking-add-btn', onclick: () => openParking(ctx),
      }, t('Add to the parking space')) : null));
}

function prevItem(recs, now) {
  const items = agendaItems(recs);
  const i = items.findIndex((it) => it.key === now.key);
  return i > 0 ? items[i - 1] : null;
}
