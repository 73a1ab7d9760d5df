// The board page's header (app/shell.js draws it on every draw): the connection, who you are and
// the room tools, and the Menu with the settings; and how the page's drop-down menus close.
import { h } from '../ui/dom.js';
import { header, languageSwitch, plainWordsToggle } from '../ui/form.js';
import { canFacilitate } from '../model/store.js';
import { getPref, setPref } from './session.js';
import { memberName, roleName } from './words.js';
import { t } from './i18n.js';
import * as screens from './screens.js';
import { lazy, loadNow } from './lazy.js';
import * as rooms from '../screens/rooms.js';

function statusText(status) {
  return {
    connecting: t('Connecting…'),
    live: t('Connected'),
    reconnecting: t('Reconnecting… Your changes will be sent when you are back online.'),
    closed: t('Not connected'),
  }[status];
}

/** The header of a member's board page. `resting`: in the chill-out room; `staff`: the toolbar has their settings. */
export function siteHeader(recs, ctx, { w, resting, staff }) {
  const me = ctx.store.me;
  return header(
    connStatus(ctx),
    // Who you are and the room tools, then the Menu with the settings, for staff too: one line
    // at every width (headerFitter); on a phone, and when even they do not fit, all in the Menu.
    me && !menuHolds(ctx.ui) ? whoAmI(me) : null,
    me && !menuHolds(ctx.ui) ? rooms.headerTools(recs, ctx) : null,
    me ? pageMenu(recs, ctx, w, me, resting, staff) : null,
  );
}

/** Who you are and the room tools are in the Menu: on a phone, or when the header has no room for them. */
function menuHolds(ui) {
  return Boolean(ui.narrow || ui.headerTight);
}

/**
 * The header is one line at every width (issue 10), measured on the page as the tabs are (the
 * words' width depends on the language, large text and the window). Wider than a phone:
 * everything in the line if it fits; else the Menu is a drop-down with the display settings,
 * following, pictures and the language (data-fold="1"); else who you are and the room tools go in
 * too (ui.headerTight: the width they needed, to come back out at). Returns the page's fitHeader,
 * called after each draw.
 */
export function headerFitter(root, ui, schedule) {
  let headerSeen = '';
  let headerWatch = null;
  let headerLook = '';
  return function fitHeader() {
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
  };
}

function whoAmI(me) {
  return me ? h('p', { class: 'me', key: 'me' }, t('You: {name}', { name: memberName(me) }), me.role !== 'participant' ? ` (${roleName(me.role)})` : '') : null;
}

/**
 * The Menu: on a phone the screens first; the workshop, who you are, room tools, following, pictures, display. Staff have no
 * one to follow, and take pictures, change the display and the alert sound from their toolbar.
 */
function pageMenu(recs, ctx, w, me, resting, staff) {
  const { ui } = ctx;
  return h('details', {
    class: 'page-menu', key: 'page-menu',
    // Open (and laid out inline) on a wide screen; a phone starts with it closed.
    oncreate: (el) => { if (!ui.narrow) el.open = true; },
    ontoggle: (e) => { if (e.currentTarget.open && !staff) loadNow('pictures', ctx.act.redraw); },
  },
  // New messages' count on the Menu only where it holds the screens (a phone): wider, the host console's tab or "Other screens" has it.
  h('summary', null, t('Menu'), staff && ui.narrow && lazy('chat') ? lazy('chat').menuUnread(recs, ctx) : null),
  h('div', { class: 'menu-body' },
    ui.narrow && !resting ? screens.menuNav(recs, ctx) : null,
    w ? h('p', { class: 'menu-title', key: 'title' }, w.title) : null,
    w && w.purpose ? h('p', { class: 'menu-purpose', key: 'purpose' }, w.purpose) : null,
    menuHolds(ui) ? whoAmI(me) : null,
    menuHolds(ui) ? rooms.headerTools(recs, ctx) : null,
    resting || staff ? null : screens.followBar(recs, ctx, 'toggle'),
    resting || staff ? null : pictureEntry(recs, ctx), // comes when the Menu opens
    staff ? null : displayToggles(ctx),
    // On a phone the header has no room for these: the Menu has them (CSS shows one copy).
    plainWordsToggle(), languageSwitch()));
}

/**
 * "Take a picture of a board" for a participant (screens/pictures.js, loaded when the Menu opens): on a
 * phone in the Menu as it is; wider behind one "Take a picture" that opens it, as the toolbar has it for
 * staff (a button per board kept a participant's header from fitting in one line even at 1920 px).
 */
function pictureEntry(recs, ctx) {
  const bar = lazy('pictures') ? lazy('pictures').pictureBar(recs, ctx) : null;
  if (!bar || ctx.ui.narrow) return bar;
  return h('details', { class: 'toolbar-menu picture-menu', key: 'picture-menu' },
    h('summary', null, t('Take a picture')),
    h('div', { class: 'menu-body' }, bar));
}

/** The connection's state in words (the projector's stage draws it too). */
export function connStatus(ctx) {
  const { ui } = ctx;
  return h('div', { class: `conn conn-${ui.status}`, role: 'status', key: 'conn', 'data-transport': ui.mode || 'socket' },
    h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), statusText(ui.status), slowNote(ctx.store.me, ui.mode));
}

/** Large text and high contrast, kept on this device (the Menu has them; staff's in the toolbar's More). */
export function displayToggles(ctx) {
  return h('div', { class: 'display-toggles', role: 'group', 'aria-label': t('Display'), key: 'toggles' },
    toggle(ctx, 'largeText', t('Large text')), toggle(ctx, 'highContrast', t('High contrast')));
}

function toggle(ctx, name, label) {
  const on = getPref(name);
  return h('button', { type: 'button', class: 'toggle', 'aria-pressed': on ? 'true' : 'false', key: name, onclick: () => { setPref(name, !on); ctx.act.redraw(); } }, label);
}

/** For staff only: this page reaches the board by plain HTTP because the network blocks WebSockets. */
function slowNote(me, mode) {
  if (mode !== 'http' || !me || !canFacilitate(me)) return null;
  return h('small', { class: 'conn-mode', key: 'conn-mode', title: t('This network blocks live connections, so this page checks for changes every moment instead. Everything still works.') }, ' · ', t('Slow connection mode'));
}

/**
 * The drop-down menus (the Menu on a phone, the toolbar's More and Timer, Other screens) close as
 * menus do: Escape closes the one the focus is in and returns the focus to its button; a tap or
 * click outside closes any that is open. On a wide screen the Menu is laid out inline (left open) unless the line
 * has no room for it (headerFitter): then it is a drop-down too.
 */
const MENUS = 'details.toolbar-menu[open], details.screen-tools[open], details.page-menu[open]';

export function closeMenusLikeMenus(root, ui) {
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
