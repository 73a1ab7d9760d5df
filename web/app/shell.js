// The live board page: connects, keeps the record store and the UI state (app/ui_state.js), and
// draws the header (app/header.js), the toolbar or agenda, the current screen and the room panel
// on every change. All state changes go through ops on the socket (net.js), by ctx.intent.
import { h, render as patch, cssEscape } from '../ui/dom.js';
import {
  createStore, view, workshop, participants, canFacilitate,
} from '../model/store.js';
import { Connection } from './net.js';
import { announce, toast } from '../ui/announce.js';
import { header } from '../ui/form.js';
import { noteServerTime, startTicker } from '../ui/countdown.js';
import { saveToken, loadToken, rememberWorkshop, loadDraft, saveDraft } from './session.js';
import { t, currentLanguage, chosenLanguage, rememberWorkshopLanguage } from './i18n.js';
import * as screens from './screens.js';
import { intents } from './intents.js';
import { uiState } from './ui_state.js';
import { describeChange } from './describers.js';
import { siteHeader, headerFitter, connStatus, displayToggles, closeMenusLikeMenus } from './header.js';
// Screen modules register themselves with screens.registerScreen when imported: one line each here.
import * as rooms from '../screens/rooms.js';
import { lazy, loadFor, loadNow, readyFor } from './lazy.js'; // staff screens, Day 2, the projector stage: only for those who use them
import * as day1 from '../screens/day1.js';
// Day 2's screens, the data screens, plan follow-up, progress and feedback, the board pictures: app/lazy.js

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
  if (compactQuery) compactQuery.addEventListener('change', (e) => { ui.compact = e.matches; schedule(); });
  if (narrowQuery) {
    narrowQuery.addEventListener('change', (e) => {
      ui.narrow = e.matches;
      const menu = root.querySelector('.page-menu');
      if (menu) menu.open = !e.matches; // laid out inline on a wide screen, closed on a phone
      schedule();
    });
  }

  // Screens act through ctx.intent only: the one send (oneSend) stays here.
  const ctx = { store, ui, conn: null, act: {}, wid, readOnly: false, intent: null, ...fieldDrafts(wid, ui) };
  ctx.conn = connect(ctx, token, schedule);
  ctx.intent = intents(oneSend(ctx.conn)); // named intents on the one send: ctx.intent.castDot(roundId, targetId)
  Object.assign(ctx.act, pageActions(ctx, root, schedule));
  ui.screen = screens.loadScreen(wid); // ui.follow is known once we know who we are (staff: off, others: on)

  // A drag whose drag_end was lost (the dragger went offline) fades after a few seconds.
  setInterval(() => {
    const old = Date.now() - 4000;
    let any = false;
    for (const [id, d] of ui.remoteDrags) if (d.at < old) { ui.remoteDrags.delete(id); any = true; }
    if (any) schedule();
  }, 1000);

  const fitHeader = headerFitter(root, ui, schedule);

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
    // The projector is a stage of its own: no header, menus or panels, one focus (screens/projector.js).
    if (me) loadFor(me, schedule, recs);
    // The theming boards' card drag (event delegation on root) and their actions (act.group, …) come with their module (app/lazy.js).
    if (!dragAttached && lazy('theming')) {
      dragAttached = true;
      Object.assign(ctx.act, lazy('theming').actions(ctx));
      lazy('theming').attachDrag(root, ctx);
    }
    const projector = lazy('projector');
    if (ctx.readOnly && !ui.fatal && !projector) return; // its module is on the way: drawn when it arrives
    if (ctx.readOnly && !ui.fatal) {
      patch(root, [projector.page(recs, ctx, connStatus(ctx))]);
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
      siteHeader(recs, ctx, { w, resting, staff }),
      boardPage(recs, ctx, { w, resting, staff }),
      me && !resting ? rooms.aside(recs, ctx) : null,
      me && !ctx.readOnly ? rooms.whoIsHere(recs, me) : null,
    ]);
    fitHeader();
    if (ui.dialog) ui.dialog.redraw();
    if (reveal) screens.revealBoard(root, reveal, recs, ctx);
  }

  closeMenusLikeMenus(root, ui);
  startTicker(root);
  draw();
  // The screen the first draw will show has its module fetched now, beside the socket's hello.
  const activityMeta = document.querySelector('meta[name="coboard-activity"]');
  for (const name of screens.likelyModules(ui.screen, activityMeta ? activityMeta.content : '')) loadNow(name);
  ctx.conn.start();
}

/** The page's main part: the title, the toolbar (staff) or the agenda strip, the banner, the screens' tabs and the screen. */
function boardPage(recs, ctx, { w, resting, staff }) {
  const { ui, wid } = ctx;
  const me = ctx.store.me;
  const alone = participants(recs).length <= 1;
  // Busy while screens this member needs are still on their way (app/lazy.js): their tabs come with them.
  return h('main', { id: 'main', tabindex: '-1', key: 'main-board', class: 'board-page', 'aria-busy': me && !readyFor(me, recs) ? 'true' : null },
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
      displayToggles(ctx),
      h('div', { class: 'staff-prefs', key: 'staff-prefs' }, lazy('staffAlerts') ? lazy('staffAlerts').soundToggle(ctx) : null),
      w && w.join_code && !alone ? lazy('toolbar').invite(wid, w.join_code, false, w, ctx.intent) : null,
    ]) : me ? day1.agendaStrip(recs, ctx) : null,
    // While nobody has joined yet the invite is out in the open, ready to copy.
    staff && w && w.join_code && alone && lazy('toolbar') ? lazy('toolbar').invite(wid, w.join_code, true, w, ctx.intent) : null,
    me && !resting ? rooms.banner(recs, ctx) : null,
    me && !resting && !ui.narrow ? screens.nav(recs, ctx) : null, // a phone has them in the Menu
    me && !resting && !staff ? screens.followBar(recs, ctx, 'showing') : null,
    resting ? rooms.chillOutPage(recs, ctx) : me ? screens.renderScreen(recs, ctx) : null);
}

/** The connection to the workshop: its frames keep the store; what they change is drawn (`schedule`) or said. */
function connect(ctx, token, schedule) {
  const { wid, store, ui } = ctx;
  const heard = []; // others' events waiting to be said: [event, records it replaced, records after it]

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

  return new Connection({
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
      ui.mode = mode; // 'http' when the network blocks WebSockets: only staff are told (app/header.js slowNote)
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
}

/** The page's one send, which only ctx.intent calls (app/intents.js): an op on the connection, said to wait when offline. */
function oneSend(conn) {
  return function send(op, args) {
    const p = conn.send(op, args);
    if (!conn.live) toast(t('Saved on this device. It will be sent when you are back online.'), 'info');
    return p;
  };
}

/** The text of a field: typed (memory), saved (localStorage), or the initial text; and keeping it. */
function fieldDrafts(wid, ui) {
  return {
    draft(field, initial = '') {
      if (!ui.drafts.has(field)) ui.drafts.set(field, loadDraft(wid, field) || initial);
      return ui.drafts.get(field);
    },
    setDraft(field, text) {
      if (text === null) {
        ui.drafts.delete(field);
        saveDraft(wid, field, '');
        return;
      }
      ui.drafts.set(field, text);
      saveDraft(wid, field, text);
    },
  };
}

/** ctx.act: what screens ask of the page (the theming module adds its card actions when it comes). */
function pageActions(ctx, root, schedule) {
  const { ui, wid, store } = ctx;
  return {
    say: (msg, kind) => toast(msg, kind),
    focusKey(key) {
      requestAnimationFrame(() => {
        const el = root.querySelector(`[data-focus-key="${cssEscape(key)}"]`);
        if (el) { el.focus({ preventScroll: true }); el.scrollIntoView({ block: 'nearest' }); }
      });
    },
    openCard(cardId, e, mode = 'move') {
      // The click a mouse or finger makes when it lets go of a drag is not a request to open.
      const s = ui.suppressClick;
      if (s && s.id === cardId && performance.now() < s.until && !(e && e.detail === 0)) return;
      // The card dialog comes on the first tap (ui/card_dialog.js): a phone's first load does without it.
      import('../ui/card_dialog.js').then((m) => { if (!ui.dialog) m.openCardDialog(ctx, cardId, mode); },
        () => toast(t('Coboard could not be reached. Check your internet connection and try again.'), 'error'));
    },
    showScreen(id) {
      ui.screen = id;
      screens.saveScreen(wid, id);
      schedule();
      const shown = screens.allScreens().find((x) => x.id === id);
      if (shown) announce(t('{screen} shown.', { screen: screens.screenLabel(shown, view(store), store.me) }));
    },
    redraw: () => schedule(),
    setFollow(on) {
      ui.follow = Boolean(on);
      screens.saveFollow(wid, ui.follow);
      if (on) ui.showingStamp = null; // jump to what is being shown now
      schedule();
    },
    showBoard(boardId) {
      ctx.intent.showBoard(boardId);
      announce(boardId ? t('Showing this board to everyone.') : t('Stopped showing a board.'));
    },
  };
}

function noToken(root) {
  patch(root, [
    header(),
    h('main', { id: 'main', tabindex: '-1', class: 'narrow' },
      h('h1', null, t('Join the workshop first')),
      h('p', null, t('To see this board you need the join link from the facilitator. Open that link and type your first name.'))),
  ]);
}
