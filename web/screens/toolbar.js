// The facilitator's toolbar: one compact row for the activity that is on now. What is on and the
// step to the next; one board chosen from the screen's boards, with "Show to everyone" and "Take a
// picture" for it; a timer (narrower than 1600 px, ctx.ui.compact, the picture and the timers are
// first in More; narrower than 1200 px the board's picker and Show too; on a phone, ctx.ui.narrow, the row keeps what is on, Next or the vote, and More,
// where the board's controls and the timer come first). Everything else (going back, the agenda, the parking space, the
// screens, display settings, the invite) sits in the "More" menu. Staff only (facilitator, host):
// it replaces the agenda strip, the follow bar and the picture bar, which repeated one button
// per board.
import { h } from '../ui/dom.js';
import { workshop, canFacilitate, canEdit, isFacilitator } from '../model/store.js';
import { agendaItems, agendaNowNext, parkingBoard, votingBoard, openRound, roundOfBoard, itemTitle } from '../model/day1.js';
import { ideaBoardIds, ideaRound } from '../model/day2.js';
import { boardHeading } from '../app/words.js';
import { t, tn, LANGUAGES, currentLanguage } from '../app/i18n.js';
import { mainRoom } from '../model/rooms.js';
import { announce, toast } from '../ui/announce.js';
import { request } from '../ui/files.js';
import { joinDetails, shortAddress, spaced } from '../ui/join_qr.js';
import { selectedScreen, boardName } from '../app/screens.js';
import { openParkingDialog } from '../ui/parking_dialog.js';
import { openAgendaDialog } from './day1_edit.js';
import { serverNow } from '../ui/countdown.js';

const TIMER_MINUTES = [1, 3, 5, 10];

// Narrower than 1200 px (75rem; a small laptop or a tablet): the board's controls go into More too,
// so the row stays one (it had wrapped into two between 800 and 1200 px). Large text (150 %) needs
// half as much room again, so there the widths grow with it (a media query's rem is the browser's
// 16 px, not the page's): else "Now" was cut to "Nawr: 1…" at 1280 px.
const queries = new Map();
function narrowerThan(ctx, rem) {
  if (typeof window === 'undefined' || !window.matchMedia) return false;
  const large = document.documentElement.classList.contains('large-text');
  const q = `(max-width: ${large ? rem * 1.5 : rem}rem)`;
  if (!queries.has(q)) {
    const m = window.matchMedia(q);
    m.addEventListener('change', () => ctx.act.redraw());
    queries.set(q, m);
  }
  return queries.get(q).matches;
}

function boardsOfScreen(recs, ctx) {
  const me = ctx.store.me;
  const s = selectedScreen(recs, me, ctx.ui.screen);
  let ids = [];
  try { ids = (s && s.boardIds ? s.boardIds(recs, me) : []) || []; } catch (e) { ids = []; }
  return ids.map((id) => recs.get(id)).filter(Boolean);
}

/** The board the toolbar acts on: the one chosen, else the one shown to everyone, else the screen's first. */
export function chosenBoard(recs, ctx, boards) {
  const w = workshop(recs);
  const shown = w && w.showing ? w.showing.board_id : null;
  const pick = [ctx.ui.toolbarBoard, shown].find((id) => id && boards.some((b) => b.id === id));
  return boards.find((b) => b.id === pick) || boards[0] || null;
}

function runningTimer(recs) {
  const main = mainRoom(recs);
  const now = serverNow();
  return [...recs.values()].filter((t) => t.kind === 'timer' && t.status === 'running' && (!t.room_id || (main && t.room_id === main.id))
    && Date.parse(t.ends_at) > now).sort((a, b) => String(a.ends_at).localeCompare(String(b.ends_at)))[0] || null;
}

async function takePicture(ctx, board, name) {
  const ui = ctx.ui;
  if (ui.toolbarBusy) return;
  ui.toolbarBusy = true;
  ctx.act.redraw();
  const r = await request(ctx.wid, '/snapshots', { method: 'POST', json: { board_id: board.id } });
  ui.toolbarBusy = false;
  ctx.act.redraw();
  if (r.ok) toast(t('Picture taken of {board}. Find it under Board pictures.', { board: name }), 'info', 4000);
  else toast(r.message || t('The picture was not taken.'), 'error');
}

/**
 * Open or close a vote from the toolbar: "Close the vote" while one is open; on the voting screens,
 * "Open the vote" on the board being voted on (Day 1) or on every table's ideas (Day 2), with the
 * server's usual dots. Settings other than those stay on the voting screen.
 */
function voteButton(recs, ctx, screenId) {
  const open = openRound(recs);
  if (open) {
    return h('button', {
      type: 'button', class: 'primary toolbar-vote', key: `vote-close-${open.id}`,
      onclick: () => ctx.intent.closeVote(open.id).then((r) => { if (r && r.ok !== false) announce(t('The vote has closed.')); }),
    }, t('Close the vote'));
  }
  let opening = null;
  let boardId = null;
  let label = '';
  if (screenId === 'vote') {
    const board = votingBoard(recs, ctx.ui.day1VoteBoard);
    if (!board || roundOfBoard(recs, board.id)) return null; // a closed vote: "Open another vote" is on the screen
    boardId = board.id;
    opening = () => ctx.intent.openVote(board.id);
    label = t('Open the vote: {board}', { board: boardHeading(board.type) });
  } else if (screenId === 'idea-vote') {
    const ids = ideaBoardIds(recs);
    if (!ids.length || ideaRound(recs)) return null;
    boardId = ids[0];
    opening = () => ctx.intent.openIdeaVote(ids);
    label = t("Open the vote on every table's ideas");
  }
  if (!opening) return null;
  return h('button', {
    type: 'button', class: 'primary toolbar-vote', key: `vote-open-${boardId}`, title: label, // cut short in a narrow row
    onclick: () => opening().then((r) => { if (r && r.ok !== false) announce(t('The vote is open.')); }),
  }, label);
}

/** An action chosen in a menu (More) closes it; one in the row has no menu to close. */
function closeMenu(e) {
  const menu = e.currentTarget.closest('details');
  if (!menu) return;
  menu.open = false;
  const summary = menu.querySelector(':scope > summary');
  if (summary) summary.focus(); // the keyboard goes on from the menu's button, not from the top of the page
}

function prevItem(recs, now) {
  const items = agendaItems(recs);
  const i = now ? items.findIndex((it) => it.key === now.key) : -1;
  return i > 0 ? items[i - 1] : null;
}

/** The toolbar (staff only; null for anyone else). `extra` is what the More menu adds from the shell. */
export function render(recs, ctx, extra = null) {
  const me = ctx.store.me;
  if (!me || ctx.readOnly || !canFacilitate(me)) return null;
  const w = workshop(recs);
  const { now, next } = agendaNowNext(recs);
  const fac = isFacilitator(me);
  const boards = boardsOfScreen(recs, ctx);
  const board = chosenBoard(recs, ctx, boards);
  const shownId = w && w.showing ? w.showing.board_id : null;
  const shown = shownId ? recs.get(shownId) : null;
  const showingThis = Boolean(board && shownId === board.id);
  const name = board ? boardName(board, recs) : '';
  const timer = runningTimer(recs);
  const back = fac ? prevItem(recs, now) : null;
  const screen = selectedScreen(recs, me, ctx.ui.screen);
  // A phone: one row (what is on, Next, the vote, a running timer, More); the board's own
  // controls and the timers overflow into More, each still a labelled button.
  const narrow = Boolean(ctx.ui.narrow);
  const compact = narrow || Boolean(ctx.ui.compact) || narrowerThan(ctx, 100); // a laptop: the picture and the timers in More too
  const folded = narrow || narrowerThan(ctx, 75); // under 1200 px: the board's picker and Show in More as well
  const picture = board ? h('button', {
    type: 'button', class: 'take-picture', key: 'picture', 'aria-busy': ctx.ui.toolbarBusy ? 'true' : null,
    // the board's name is heard, not seen: one whole message, so the Welsh can order its words
    'aria-label': ctx.ui.toolbarBusy ? null : t('Take a picture of {board}', { board: name }),
    onclick: (e) => { closeMenu(e); takePicture(ctx, board, name); },
  }, ctx.ui.toolbarBusy ? t('Taking the picture…') : t('Take a picture')) : null;
  const boardTools = [
    boards.length > 1 ? h('div', { class: 'toolbar-board', key: 'board' },
      h('label', { for: 'toolbar-board', class: folded ? null : 'visually-hidden' }, t('Board')),
      h('select', {
        id: 'toolbar-board', key: `pick-${boards.map((b) => b.id).join(',')}`, value: board ? board.id : '',
        onchange: (e) => { ctx.ui.toolbarBoard = e.currentTarget.value; ctx.act.redraw(); },
      }, boards.map((b) => h('option', { value: b.id, key: b.id, selected: board && b.id === board.id ? 'selected' : null }, boardName(b, recs))))) : null,
    board ? h('button', {
      type: 'button', class: 'show-board', key: 'show', 'aria-pressed': showingThis ? 'true' : 'false',
      onclick: (e) => { closeMenu(e); ctx.act.showBoard(showingThis ? null : board.id); },
    }, showingThis ? t('Showing') : t('Show to everyone'), h('span', { class: 'toolbar-named' }, `: ${name}`)) : null,
    shown && !showingThis ? h('button', { type: 'button', class: 'small', key: 'stop', onclick: (e) => { closeMenu(e); ctx.act.showBoard(null); } },
      t('Stop showing: {board}', { board: boardName(shown, recs) })) : null,
    folded ? picture : null,
  ];
  const startTimer = (m) => ctx.intent.startTimer(m * 60, now ? itemTitle(now) : t('Timer'))
    .then((r) => { if (r && r.ok !== false) announce(tn('{n}-minute timer started.', '{n}-minute timer started.', m)); });
  const timerStarts = TIMER_MINUTES.map((m) => h('li', { key: m },
    h('button', {
      type: 'button', class: 'small',
      onclick: (e) => { closeMenu(e); startTimer(m); },
    }, tn('Start {n} minute', 'Start {n} minutes', m))));
  // Its Stop only: the countdown itself is the room's, just below in the banner (once on the page).
  const timerControl = timer
    ? h('button', {
      type: 'button', class: 'toolbar-timer', key: `timer-${timer.id}`,
      onclick: (e) => {
        closeMenu(e); // in More on a laptop or a phone
        ctx.intent.stopTimer(timer.id).then((r) => { if (r && r.ok !== false) announce(t('Timer stopped.')); });
      },
    }, t('Stop the timer ').trim())
    : compact ? null : h('details', { class: 'toolbar-menu toolbar-timers', key: 'timers' },
      h('summary', null, t('Timer')),
      h('ul', { class: 'menu-list' }, timerStarts));
  const goNext = fac && next ? h('button', {
    type: 'button', class: 'primary toolbar-go-next', key: 'go-next', 'data-focus-key': 'agenda-next-btn', title: t('Next: {item}', { item: itemTitle(next) }),
    onclick: (e) => { closeMenu(e); ctx.intent.moveToActivity(next.key); },
  }, t('Next: {item}', { item: itemTitle(next) })) : null;
  const vote = voteButton(recs, ctx, screen ? screen.id : null);
  // One first action in a phone's row: the vote while it has one (Next is then first in More).
  const nextInRow = !(narrow && vote);
  const cls = ['toolbar', boards.length > 1 && 'has-pick', narrow && 'toolbar-narrow'].filter(Boolean).join(' ');
  return h('section', { class: cls, key: 'toolbar', 'aria-label': t('Facilitator toolbar') },
    h('p', { class: 'toolbar-now', key: 'now', title: now ? `${now.time ? `${now.time} ` : ''}${itemTitle(now)}` : null },
      h('span', { class: 'toolbar-label' }, t('Now: ')),
      h('strong', { 'data-testid': 'agenda-now' }, now ? [now.time ? h('span', { class: 'toolbar-time', key: 'time' }, `${now.time} `) : null, itemTitle(now)] : t('Not started yet'))),
    nextInRow ? goNext : null,
    !fac ? h('p', { class: 'toolbar-next', key: 'next' }, t('Next: '), h('span', { 'data-testid': 'agenda-next' }, next ? itemTitle(next) : t('Nothing more today'))) : null,
    vote,
    folded ? null : boardTools,
    compact ? null : picture,
    compact ? null : timerControl, // a laptop or a phone: its Stop is in More
    h('details', { class: 'toolbar-menu toolbar-more', key: 'more' },
      h('summary', null, t('More')),
      h('div', { class: 'menu-body' },
        compact && timer ? h('div', { class: 'toolbar-timer-starts', key: 'timer-stop' }, timerControl) : null,
        folded && (board || boards.length) ? h('div', { class: 'toolbar-board-tools', key: 'board-tools' }, boardTools) : null,
        compact && !folded && picture ? h('div', { class: 'toolbar-board-tools', key: 'board-tools' }, picture) : null,
        compact && !timer ? h('div', { class: 'toolbar-timer-starts', role: 'group', 'aria-label': t('Timer'), key: 'timer-starts' },
          h('ul', { class: 'menu-list' }, timerStarts)) : null,
        h('ul', { class: 'menu-list', key: 'acts' },
          nextInRow || !goNext ? null : h('li', { key: 'next' }, goNext),
          back ? h('li', { key: 'back' }, h('button', {
            type: 'button', class: 'small', onclick: (e) => { closeMenu(e); ctx.intent.moveToActivity(back.key); },
          }, t('Back to: {item}', { item: itemTitle(back) }))) : null,
          fac ? h('li', { key: 'agenda' }, h('button', {
            type: 'button', class: 'small', 'data-focus-key': 'agenda-edit-btn', onclick: () => openAgendaDialog(ctx),
          }, t('Edit agenda'))) : null,
          canEdit(me) && parkingBoard(recs) ? h('li', { key: 'park' }, h('button', {
            type: 'button', class: 'small', 'data-focus-key': 'parking-add-btn', onclick: () => openParkingDialog(ctx),
          }, t('Add to the parking space'))) : null),
        extra)));
}

// ---- the invite (staff only, so it comes with this module) ---------------------------------------

/** The join link with a copy button (app/shell.js puts it in More, or out in the open while nobody else has joined yet). */
export function invite(wid, code, alone, w, intent) {
  // The code travels in the fragment, which never reaches a server or its logs.
  const url = `${location.origin}/w/${encodeURIComponent(wid)}/join#code=${encodeURIComponent(code)}`;
  return h('details', { class: 'invite', key: 'invite', oncreate: (el) => { if (alone) el.open = true; } },
    h('summary', null, t('Invite people')),
    h('div', { class: 'invite-body' },
      h('label', { for: 'join-link' }, t('Join link to share')),
      h('div', { class: 'row' },
        h('input', { id: 'join-link', type: 'text', readonly: true, value: url, key: `join-link-${url}` }),
        h('button', {
          type: 'button',
          onclick: async () => {
            const input = document.getElementById('join-link');
            try {
              await navigator.clipboard.writeText(url);
            } catch (e) {
              input.select();
              document.execCommand('copy');
            }
            toast(t('Join link copied.'), 'info', 3000);
          },
        }, t('Copy link'))),
      joinQr(wid, code),
      workshopLanguage(w, intent)));
}

/**
 * The join page as a QR code to scan from this screen (the projector's picture: ui/join_qr.js), and
 * in words beside it for anyone who cannot scan: the short address and the code to type there.
 * Filled in when the server's answer comes (the invite is drawn without a redraw of its own).
 */
function joinQr(wid, code) {
  return h('figure', {
    class: 'invite-qr', key: `invite-qr-${code}-${currentLanguage()}`, keepChildren: true, // drawn again for a new code or language
    oncreate: (el) => joinDetails(wid, code).then(({ info, qr }) => {
      if (qr) el.prepend(picture(qr));
      if (info) {
        const words = el.querySelector('figcaption');
        words.append(`${t('Go to')} `, strong(shortAddress(info.short_url)), ` ${t('and type the code')} `, strong(spaced(info.join_code)));
      }
    }),
  },
  h('figcaption', { 'data-testid': 'invite-qr-words' }));
}

function picture(src) {
  const img = document.createElement('img');
  img.className = 'invite-qr-img';
  img.alt = t('QR code: scan it to open the join page');
  img.src = src;
  return img;
}

function strong(text) {
  const el = document.createElement('strong');
  el.textContent = text;
  return el;
}

/** The facilitator sets the language the workshop's pages open in (W5); each person can still choose their own. */
function workshopLanguage(w, intent) {
  const now = w.language || 'en';
  return h('div', { class: 'field', key: 'workshop-language' },
    h('label', { for: 'workshop-language' }, t('Language of the workshop')),
    h('p', { class: 'hint', id: 'workshop-language-hint' }, t('Everyone’s pages open in this language. Each person can still choose their own.')),
    h('select', {
      id: 'workshop-language', 'aria-describedby': 'workshop-language-hint', key: `workshop-language-${now}`,
      onchange: (e) => intent.setWorkshopLanguage(e.currentTarget.value),
    }, Object.entries(LANGUAGES).map(([code, name]) => h('option', { value: code, lang: code, selected: code === now, key: code }, name))));
}
