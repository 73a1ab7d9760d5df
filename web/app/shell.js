// The live board page: connects, keeps the record store, and draws the header, the theming
// boards and who is here. All state changes go through ops on the socket (net.js).
import { h, render as patch, cssEscape } from '../ui/dom.js';
import {
  createStore, view, workshop, participants, canFacilitate,
} from '../model/store.js';
import { Connection } from './net.js';
import { announce, toast } from '../ui/announce.js';
import { loadDraft, saveDraft } from './drafts.js';
import { getPref, setPref } from './prefs.js';
import { header } from '../ui/form.js';
import { noteServerTime, startTicker } from '../ui/countdown.js';
import { menuUnread } from '../ui/chat.js';
import { languageSwitch, plainWordsToggle } from '../ui/language.js';
import { saveToken, loadToken, rememberWorkshop } from './session.js';
import { memberName, roleName } from './words.js';
import { t, currentLanguage, chosenLanguage, rememberWorkshopLanguage } from './i18n.js';
import * as people from '../screens/people.js';
import * as screens from './screens.js';
import { intents } from './intents.js';
import { uiState } from './ui_state.js';
import { describeChange } from './describers.js';
// Screen modules register themselves with screens.registerScreen when imported: one line each here.
import * as rooms from '../screens/rooms.js';
import { lazy, loadFor, loadNow, readyFor } from './lazy.js'; // staff screens, Day 2, the projector stage: only for those who use them
import * as day1 from '../screens/day1.js';
// Day 2's screens, the data screens, plan follow-up, progress and feedback, the board pictures: app/lazy.js

function statusText(status) {
  return {
    connecting: t('Connecting…'),
    live: t('Connected'),
    reconnecting: t('Reconnecting… Your changes will be sent when you are back online.'),
    closed: t('Not connected'),
  }[status];
}

export function render(root, { wid }) {
  const hashToken = new URLSearchParams(location.hash.slice(1)).get('token');
  if (hashToken) {
    saveToken(wid, hashToken);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = hashToken || loadToken(wid);
  if (!token) return noToken(root);

  const store = createStore();
  // `narrow`: a phone-sized window (the breakpoint of styles/shell.css): the screens are in the Menu
  // and the toolbar is one row, its other controls in its More.
  // `compact`: narrower than a 1600 px screen (a laptop, or a phone): the toolbar's picture and timers go into its More.
  const narrowQuery = window.matchMedia ? window.matchMedia('(max-width: 50rem)') : null;
  const compactQuery = window.matchMedia ? window.matchMedia('(max-width: 100rem)') : null;
  const ui = uiState({ narrow: Boolean(narrowQuery && narrowQuery.matches), compact: Boolean(compactQuery && compactQuery.matches) }); // every key: app/ui_state.js
  let scheduled = false;
  let dragAttached = false;
  const heard = []; // others' events waiting to be said: [event, records it replaced, records after it]
  if (compactQuery) compactQuery.addEventListener('change', (e) => { ui.compact = e.matches; schedule(); });
  if (narrowQuery) {
    narrowQuery.addEventListener('change', (e) => {
      ui.narrow = e.matches;
      const menu = root.querySelector('.page-menu');
      if (menu) menu.open = !e.matches; // laid out inline on a wide screen, closed on a phone
      schedule();
    });
  }

  const conn = new Connection({
    wid, token, store,
    onchange: schedule,
    onstatus(s) {
      const was = ui.status;
      ui.status = s;
      if (s === 'reconnecting' && was === 'live') announce(t('Connection lost. Reconnecting.'));
      if (s === 'live' && was === 'reconnecting') announce(t('Back online.'));
      schedule();
    },
    onmode(mode) {
      ui.mode = mode; // 'http' when the network blocks WebSockets: only staff are told (see slowNote)
      schedule();
    },
    onevent(ev, own, prev) {
      noteServerTime(ev.at);
      const projector = lazy('projector');
      if (projector) projector.noteEvent(ui, ev, prev);
      // A projector is read on the wall, not listened to: nobody's changes are spoken there, so no
      // earlier activity's timer or anyone's name waits in its page for the next announcement.
      if (own || (store.me && store.me.role === 'projector')) return;
      heard.push([ev, prev, view(store)]);
      // What others' changes are called (model/describe.js) comes with the first one: said in order.
      if (lazy('describe')) sayHeard();
      else loadNow('describe').then(sayHeard);
    },
    onerror(err) {
      toast(t('Not saved: {reason}', { reason: err.message || t('the server refused this change.') }), 'error');
    },
    oneph(msg) {
      if (store.me && msg.by === store.me.id) return;
      const a = msg.args || {};
      if (a.kind === 'drag' && a.card_id) ui.remoteDrags.set(a.card_id, { by: msg.by, x: a.x, y: a.y, at: Date.now() });
      else if (a.kind === 'drag_end' && a.card_id) ui.remoteDrags.delete(a.card_id);
      else if (a.kind === 'typing' && a.plan_id && lazy('day2')) lazy('day2').onTyping(ui, msg, view(store), schedule);
      else return;
      schedule();
    },
    onnotice(msg) {
      if (lazy('staffAlerts')) lazy('staffAlerts').onNotice(ctx, msg); // notices are staff's (chill-out)
      schedule();
    },
    onfatal(err) {
      ui.fatal = err;
      schedule();
    },
  });

  /**
   * Read out other people's changes heard so far (politely, to screen-reader users), each with the
   * records as it left them, in the words of the describers loaded (app/describers.js): if
   * model/describe.js could not be fetched, the rooms' and Day 2's own words still come.
   */
  function sayHeard() {
    for (const [ev, prev, recs] of heard.splice(0)) {
      const text = describeChange(ev, prev, recs, store.me);
      if (text) announce(text);
    }
  }

  // A drag whose drag_end was lost (the dragger went offline) fades after a few seconds.
  setInterval(() => {
    const old = Date.now() - 4000;
    let any = false;
    for (const [id, d] of ui.remoteDrags) if (d.at < old) { ui.remoteDrags.delete(id); any = true; }
    if (any) schedule();
  }, 1000);

  function send(op, args) {
    const p = conn.send(op, args);
    if (!conn.live) toast(t('Saved on this device. It will be sent when you are back online.'), 'info');
    return p;
  }
  const intent = intents(send); // named intents on the one send: ctx.intent.castDot(roundId, targetId)

  function focusKey(key) {
    requestAnimationFrame(() => {
      const el = root.querySelector(`[data-focus-key="${cssEscape(key)}"]`);
      if (el) { el.focus({ preventScroll: true }); el.scrollIntoView({ block: 'nearest' }); }
    });
  }

  const act = {
    say: (msg, kind) => toast(msg, kind),
    focusKey,
    openCard(cardId, e, mode = 'move') {
      // The click a mouse or finger makes when it lets go of a drag is not a request to open.
      const s = ui.suppressClick;
      if (s && s.id === cardId && performance.now() < s.until && !(e && e.detail === 0)) return;
      // The card dialog comes on the first tap (ui/card_dialog.js): a phone's first load does without it.
      import('../ui/card_dialog.js').then((m) => { if (!ui.dialog) m.openCardDialog(ctx, cardId, mode); },
        () => toast(t('Coboard could not be reached. Check your internet connection and try again.'), 'error'));
    },
  };

  /** The text of a field: typed (memory), saved (localStorage), or the initial text. */
  function draft(field, initial = '') {
    if (!ui.drafts.has(field)) ui.drafts.set(field, loadDraft(wid, field) || initial);
    return ui.drafts.get(field);
  }

  function setDraft(field, text) {
    if (text === null) {
      ui.drafts.delete(field);
      saveDraft(wid, field, '');
      return;
    }
    ui.drafts.set(field, text);
    saveDraft(wid, field, text);
  }

  // Screens act through ctx.intent only: the one send stays here.
  const ctx = { store, ui, conn, act, draft, setDraft, wid, readOnly: false, intent };
  ui.screen = screens.loadScreen(wid); // ui.follow is known once we know who we are (staff: off, others: on)
  act.showScreen = (id) => {
    ui.screen = id;
    screens.saveScreen(wid, id);
    schedule();
    const shown = screens.allScreens().find((x) => x.id === id);
    if (shown) announce(t('{screen} shown.', { screen: screens.screenLabel(shown, view(store), store.me) }));
  };
  act.redraw = () => schedule();
  act.setFollow = (on) => {
    ui.follow = Boolean(on);
    screens.saveFollow(wid, ui.follow);
    if (on) ui.showingStamp = null; // jump to what is being shown now
    schedule();
  };
  act.showBoard = (boardId) => {
    intent.showBoard(boardId);
    announce(boardId ? t('Showing this board to everyone.') : t('Stopped showing a board.'));
  };

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      draw();
    });
  }

  function draw() {
    const recs = view(store);
    const me = store.me;
    const w = workshop(recs);
    if (w) document.title = t('{title} – Coboard', { title: w.title });
    // The facilitator's default language, unless this person chose their own: drawn again in it.
    if (w && rememberWorkshopLanguage(wid, w.language || 'en') && !chosenLanguage() && (w.language || 'en') !== currentLanguage()) {
      location.reload();
      return;
    }
    if (me && w && ui.rememberedTitle !== w.title) {
      ui.rememberedTitle = w.title;
      rememberWorkshop({ wid, title: w.title, role: me.role });
    }
    ctx.readOnly = Boolean(me && me.role === 'projector');
    document.documentElement.classList.toggle('projector-mode', ctx.readOnly);
    const resting = Boolean(me && !ctx.readOnly && rooms.inChillOut(recs, me));
    if (me && ui.follow === null) ui.follow = screens.loadFollow(wid, me);
    const reveal = me ? screens.followShowing(recs, ctx) || ui.heldReveal || null : null;
    ui.heldReveal = null;
    const staff = Boolean(me && !ctx.readOnly && canFacilitate(me));
    const alone = participants(recs).length <= 1;
    // The projector is a stage of its own: no header, menus or panels, one focus (screens/projector.js).
    if (me) loadFor(me, schedule, recs);
    // The theming boards' card drag (event delegation on root) and their actions (act.group, …) come with their module (app/lazy.js).
    if (!dragAttached && lazy('theming')) {
      dragAttached = true;
      Object.assign(act, lazy('theming').actions(ctx));
      lazy('theming').attachDrag(root, ctx);
    }
    const projector = lazy('projector');
    if (ctx.readOnly && !ui.fatal && !projector) return; // its module is on the way: drawn when it arrives
    if (ctx.readOnly && !ui.fatal) {
      patch(root, [projector.page(recs, ctx, connStatus())]);
      requestAnimationFrame(() => projector.refit(root, schedule));
      return;
    }
    // The first draw with the board waits for its screen's module when that is already on its way
    // (fetched beside the socket, below): the board comes with it, not "Loading…" a round trip later.
    if (me && !ui.fatal && !ui.boardDrawn) {
      const coming = screens.screenModuleOnItsWay(recs, ctx);
      if (coming) {
        ui.heldReveal = reveal;
        coming.then(schedule);
        return;
      }
      ui.boardDrawn = true;
    }
    patch(root, [
      header(
        connStatus(),
        // Who you are and the room tools, then the Menu with the settings, for staff too: one line
        // at every width (fitHeader); on a phone, and when even they do not fit, all in the Menu.
        me && !menuHolds() ? whoAmI(me) : null,
        me && !menuHolds() ? rooms.headerTools(recs, ctx) : null,
        me ? pageMenu(recs, w, me, resting, staff) : null,
      ),
      // Busy while screens this member needs are still on their way (app/lazy.js): their tabs come with them.
      h('main', { id: 'main', tabindex: '-1', key: 'main-board', class: 'board-page', 'aria-busy': me && !readyFor(me, recs) ? 'true' : null },
        ui.fatal
          ? h('div', { class: 'error-summary', role: 'alert', key: 'fatal' },
            h('h1', null, t('You are not connected to this workshop')),
            h('p', null, ui.fatal.message || t('This link does not work any more.')),
            h('p', null, t('Ask the facilitator for the join link and join again.')))
          : null,
        h('h1', { key: 'title', class: 'page-title' }, w ? w.title : t('Workshop board')),
        w && w.purpose ? h('p', { class: 'purpose', key: 'purpose' }, w.purpose) : null,
        !me && !ui.fatal ? h('p', { class: 'loading', key: 'loading' }, t('Loading the boards…')) : null,
        // Staff get one toolbar for the current activity (display settings and the invite in its
        // More menu); everyone else the agenda strip, follow bar and picture bar.
        staff && lazy('toolbar') ? lazy('toolbar').render(recs, ctx, [
          displayToggles(),
          h('div', { class: 'staff-prefs', key: 'staff-prefs' }, lazy('staffAlerts') ? lazy('staffAlerts').soundToggle(ctx) : null),
          w && w.join_code && !alone ? lazy('toolbar').invite(wid, w.join_code, false, w, intent) : null,
        ]) : me ? day1.agendaStrip(recs, ctx) : null,
        // While nobody has joined yet the invite is out in the open, ready to copy.
        staff && w && w.join_code && alone && lazy('toolbar') ? lazy('toolbar').invite(wid, w.join_code, true, w, intent) : null,
        me && !resting ? rooms.banner(recs, ctx) : null,
        me && !resting && !ui.narrow ? screens.nav(recs, ctx) : null, // a phone has them in the Menu
        me && !resting && !staff ? screens.followBar(recs, ctx, 'showing') : null,
        resting ? rooms.chillOutPage(recs, ctx) : me ? screens.renderScreen(recs, ctx) : null),
      me && !resting ? rooms.aside(recs, ctx) : null,
      me && !ctx.readOnly ? people.render(recs, me) : null,
    ]);
    fitHeader();
    if (ui.dialog) ui.dialog.redraw();
    if (reveal) screens.revealBoard(root, reveal, recs, ctx);
  }

  /** Who you are and the room tools are in the Menu: on a phone, or when the header has no room for them. */
  function menuHolds() {
    return Boolean(ui.narrow || ui.headerTight);
  }

  // The header is one line at every width (issue 10), measured on the page as the tabs are (the
  // words' width depends on the language, large text and the window). Wider than a phone:
  // everything in the line if it fits; else the Menu is a drop-down with the display settings,
  // following, pictures and the language (data-fold="1"); else who you are and the room tools go in
  // too (ui.headerTight: the width they needed, to come back out at).
  let headerSeen = '';
  let headerWatch = null;
  let headerLook = '';
  function fitHeader() {
    const el = root.querySelector(':scope > .site-header');
    const menu = el && el.querySelector(':scope > .page-menu');
    if (!el || !menu || ui.narrow) {
      if (el) delete el.dataset.fold;
      headerSeen = '';
      return;
    }
    if (typeof ResizeObserver !== 'undefined' && (!headerWatch || headerWatch.el !== el)) {
      if (headerWatch) headerWatch.disconnect();
      headerWatch = new ResizeObserver(() => fitHeader());
      headerWatch.el = el;
      headerWatch.observe(el);
    }
    const look = document.documentElement.className; // large text
    if (look !== headerLook && ui.headerTight) { ui.headerTight = 0; headerLook = look; schedule(); return; }
    headerLook = look;
    const seen = `${el.clientWidth}|${look}|${el.textContent}`;
    if (seen === headerSeen) return;
    const folded = el.dataset.fold === '1';
    const wasOpen = menu.open;
    const over = () => el.scrollWidth > el.clientWidth + 1;
    delete el.dataset.fold;
    menu.open = true; // all in the line, as on a wide screen
    const fold = over();
    if (fold) el.dataset.fold = '1';
    menu.open = !fold || (folded && wasOpen); // a drop-down starts closed; one open stays open
    headerSeen = seen;
    if (fold && !ui.headerTight && over()) { ui.headerTight = el.scrollWidth; schedule(); }
    else if (ui.headerTight && (!fold || el.clientWidth >= ui.headerTight)) { ui.headerTight = 0; schedule(); }
  }

  function whoAmI(me) {
    return me ? h('p', { class: 'me', key: 'me' }, t('You: {name}', { name: memberName(me) }), me.role !== 'participant' ? ` (${roleName(me.role)})` : '') : null;
  }

  /**
   * The Menu: on a phone the screens first; the workshop, who you are, room tools, following, pictures, display. Staff have no
   * one to follow, and take pictures, change the display and the alert sound from their toolbar.
   */
  function pageMenu(recs, w, me, resting, staff) {
    return h('details', {
      class: 'page-menu', key: 'page-menu',
      // Open (and laid out inline) on a wide screen; a phone starts with it closed.
      oncreate: (el) => { if (!ui.narrow) el.open = true; },
      ontoggle: (e) => { if (e.currentTarget.open && !staff) loadNow('pictures', schedule); },
    },
    // New messages' count on the Menu only where it holds the screens (a phone): wider, the host console's tab or "Other screens" has it.
    h('summary', null, t('Menu'), staff && ui.narrow ? menuUnread(recs, ctx) : null),
    h('div', { class: 'menu-body' },
      ui.narrow && !resting ? screens.menuNav(recs, ctx) : null,
      w ? h('p', { class: 'menu-title', key: 'title' }, w.title) : null,
      w && w.purpose ? h('p', { class: 'menu-purpose', key: 'purpose' }, w.purpose) : null,
      menuHolds() ? whoAmI(me) : null,
      menuHolds() ? rooms.headerTools(recs, ctx) : null,
      resting || staff ? null : screens.followBar(recs, ctx, 'toggle'),
      resting || staff ? null : pictureEntry(recs), // comes when the Menu opens
      staff ? null : displayToggles(),
      // On a phone the header has no room for these: the Menu has them (CSS shows one copy).
      plainWordsToggle(), languageSwitch()));
  }

  /**
   * "Take a picture of a board" for a participant (screens/pictures.js, loaded when the Menu opens): on a
   * phone in the Menu as it is; wider behind one "Take a picture" that opens it, as the toolbar has it for
   * staff (a button per board kept a participant's header from fitting in one line even at 1920 px).
   */
  function pictureEntry(recs) {
    const bar = lazy('pictures') ? lazy('pictures').pictureBar(recs, ctx) : null;
    if (!bar || ui.narrow) return bar;
    return h('details', { class: 'toolbar-menu picture-menu', key: 'picture-menu' },
      h('summary', null, t('Take a picture')),
      h('div', { class: 'menu-body' }, bar));
  }

  function connStatus() {
    return h('div', { class: `conn conn-${ui.status}`, role: 'status', key: 'conn', 'data-transport': ui.mode || 'socket' },
      h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), statusText(ui.status), slowNote(store.me, ui.mode));
  }

  function displayToggles() {
    return h('div', { class: 'display-toggles', role: 'group', 'aria-label': t('Display'), key: 'toggles' },
      toggle('largeText', t('Large text')), toggle('highContrast', t('High contrast')));
  }

  function toggle(name, label) {
    const on = getPref(name);
    return h('button', { type: 'button', class: 'toggle', 'aria-pressed': on ? 'true' : 'false', key: name, onclick: () => { setPref(name, !on); schedule(); } }, label);
  }

  closeMenusLikeMenus(root, ui);
  startTicker(root);
  draw();
  // The screen the first draw will show has its module fetched now, beside the socket's hello.
  const activityMeta = document.querySelector('meta[name="coboard-activity"]');
  for (const name of screens.likelyModules(ui.screen, activityMeta ? activityMeta.content : '')) loadNow(name);
  conn.start();
}

/**
 * The drop-down menus (the Menu on a phone, the toolbar's More and Timer, Other screens) close as
 * menus do: Escape closes the one the focus is in and returns the focus to its button; a tap or
 * click outside closes any that is open. On a wide screen the Menu is laid out inline (left open) unless the line
 * has no room for it (fitHeader): then it is a drop-down too.
 */
const MENUS = 'details.toolbar-menu[open], details.screen-tools[open], details.page-menu[open]';

function closeMenusLikeMenus(root, ui) {
  const dropDowns = () => [...root.querySelectorAll(MENUS)].filter((d) => ui.narrow || !d.classList.contains('page-menu') || d.closest('[data-fold="1"]'));
  root.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented || inDialog(e.target)) return; // a dialog's Escape is its own
    const menu = dropDowns().reverse().find((d) => d.contains(e.target)); // the innermost first
    if (!menu) return;
    e.preventDefault();
    menu.open = false;
    const summary = menu.querySelector(':scope > summary');
    if (summary) summary.focus();
  });
  document.addEventListener('click', (e) => {
    // A dialog opened from a menu (Edit agenda…) gives the focus back to its button in that menu: left open.
    if (inDialog(e.target)) return;
    for (const d of dropDowns()) if (!d.contains(e.target)) d.open = false;
  });
}

function inDialog(el) {
  return Boolean(el && el.closest && el.closest('dialog'));
}

/** For staff only: this page reaches the board by plain HTTP because the network blocks WebSockets. */
function slowNote(me, mode) {
  if (mode !== 'http' || !me || !canFacilitate(me)) return null;
  return h('small', { class: 'conn-mode', key: 'conn-mode', title: t('This network blocks live connections, so this page checks for changes every moment instead. Everything still works.') }, ' · ', t('Slow connection mode'));
}

function noToken(root) {
  patch(root, [
    header(),
    h('main', { id: 'main', tabindex: '-1', class: 'narrow' },
      h('h1', null, t('Join the workshop first')),
      h('p', null, t('To see this board you need the join link from the facilitator. Open that link and type your first name.'))),
  ]);
}
