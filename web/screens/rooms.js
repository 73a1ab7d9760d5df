// Rooms and the facilitation toolkit on every page: the room you are in, "Take a break" (the
// chill-out room) and raised hands in the header; the chill-out alert for staff; announcements,
// countdowns and your table at the top of every screen; polls (screens/polls.js) and chat beside the screens.
import { h } from '../ui/dom.js';
import { oneField } from '../ui/form.js';
import { LIMITS } from '../protocol.js';
import { view, nameOf, workshop } from '../model/store.js';
import { announce } from '../ui/announce.js';
import { t, tn, tp, clockText } from '../app/i18n.js';
import { roleName } from '../app/words.js';
import {
  isStaff, rooms, mainRoom, chillOutRoom, tables, roomName, roomOf, inChillOut, breakout, breakoutOpen,
  peopleIn, timersFor, bannerTimers, sinceActivity, secondsLeft, mmss, inWords, chatOf, currentAnnouncement, pollsFor,
  unreadChats, latestChatAt,
} from '../model/rooms.js';
import { messageHidden, hideMessage } from '../app/prefs.js';
import { lazy, loadNow } from '../app/lazy.js';

export { inChillOut };

const CHAT_MAX = 500;

// ---- chat messages not read yet -------------------------------------------------------------
// Per workshop, in this browser: for each channel the time of the last message seen there. On a
// first visit everything already said counts as seen. A host sees new messages in every room's
// chat (a call for help at Table 1 must reach them, whichever screen they are on).

let seenState = null; // {wid, marks}: one workshop a page

function seenKey(wid) {
  return `coboard.chatSeen.${wid}`;
}

function seenMarks(ctx, recs) {
  if (seenState && seenState.wid === ctx.wid) return seenState.marks;
  let marks = null;
  try { marks = JSON.parse(localStorage.getItem(seenKey(ctx.wid)) || 'null'); } catch (e) { marks = null; }
  if (!marks || typeof marks !== 'object') {
    marks = { $since: latestChatAt(recs) };
    // kept at once: what arrives after this first visit stays new after a reload, until it is read
    try { localStorage.setItem(seenKey(ctx.wid), JSON.stringify(marks)); } catch (e) { /* kept for this page only */ }
  }
  seenState = { wid: ctx.wid, marks };
  return marks;
}

function markSeen(ctx, recs, channel) {
  const marks = seenMarks(ctx, recs);
  const at = latestChatAt(recs, channel);
  if (!at || (marks[channel] || '') >= at) return;
  marks[channel] = at;
  try { localStorage.setItem(seenKey(ctx.wid), JSON.stringify(marks)); } catch (e) { /* kept for this page only */ }
  // The markers elsewhere on the page (tabs, the host console's name) change with it.
  ctx.act.redraw();
}

/** Unread messages by channel for this person (hosts: every room; others: their room and everyone). */
export function unread(recs, ctx) {
  const me = ctx.store.me;
  if (!me) return new Map();
  const counts = unreadChats(recs, me, seenMarks(ctx, recs));
  if (!isStaff(me)) {
    const here = (roomOf(recs, me) || {}).id;
    for (const k of [...counts.keys()]) if (k !== 'everyone' && k !== here) counts.delete(k);
  }
  return counts;
}

/** The number of unread messages in rooms' chats, for the host console's name (0 before the page knows). */
export function unreadForStaff(recs, me) {
  if (!seenState || !isStaff(me)) return 0;
  let n = 0;
  for (const v of unreadChats(recs, me, seenState.marks).values()) n += v;
  return n;
}

/**
 * For staff, on the Menu's button (a phone keeps the Host console in the Menu): a count of the
 * rooms' new chat messages, said in words to a screen reader; null when there are none.
 */
export function menuUnread(recs, ctx) {
  if (!isStaff(ctx.store.me)) return null;
  let n = 0; // through unread(): the header is drawn before the chat, and a fresh page knows its marks from here
  for (const v of unread(recs, ctx).values()) n += v;
  if (!n) return null;
  return h('span', { class: 'menu-unread', key: 'menu-unread' },
    h('span', { class: 'unread-badge', 'aria-hidden': 'true' }, String(n)),
    h('span', { class: 'visually-hidden' }, ' (', tn('{n} new message', '{n} new messages', n), ')'));
}

// ---- header: where you are, take a break, raise hand -----------------------------------------

/** Pieces for the site header. */
export function headerTools(recs, ctx) {
  const me = ctx.store.me;
  if (!me || ctx.readOnly) return null;
  const here = roomOf(recs, me);
  const chill = chillOutRoom(recs);
  const resting = inChillOut(recs, me);
  return h('div', { class: 'room-tools', key: 'room-tools' },
    h('p', { class: 'where', key: 'where' }, t('You are in:'), ' ', h('strong', null, roomName(recs, here && here.id))),
    chill && !resting ? h('button', {
      type: 'button', class: 'take-break', key: 'break', 'data-focus-key': 'take-break',
      oncreate: (el) => { if (ctx.ui.backFromBreak) { ctx.ui.backFromBreak = false; requestAnimationFrame(() => el.focus()); } },
      onclick: () => { ctx.intent.enterRoom(chill.id); announce(t('You are in the chill-out room.')); },
    }, t('Take a break')) : null,
    // The facilitator is the one hands are raised to (hosts answer them): no hand of their own.
    me.role === 'facilitator' ? null : h('button', {
      type: 'button', class: 'toggle hand', key: 'hand', 'aria-pressed': me.hand_raised ? 'true' : 'false',
      onclick: () => {
        if (me.hand_raised) ctx.intent.lowerHand(); else ctx.intent.raiseHand();
        announce(me.hand_raised ? t('Hand lowered.') : t('Hand raised. A host will come to you.'));
      },
    }, me.hand_raised ? t('Lower hand') : t('Raise hand')));
}

// ---- the chill-out room ---------------------------------------------------------------------

/** The calm page shown while you are in the chill-out room. */
export function chillOutPage(recs, ctx) {
  const me = ctx.store.me;
  const back = me.return_room_id && recs.get(me.return_room_id) ? me.return_room_id : (mainRoom(recs) || {}).id;
  return h('section', { class: 'chill-out', key: 'chill-out', 'aria-labelledby': 'chill-title' },
    h('h2', { id: 'chill-title', tabindex: '-1', oncreate: (el) => requestAnimationFrame(() => el.focus({ preventScroll: true })) }, t('You are taking a break')),
    h('p', null, tp(t('Take all the time you need. Nothing will be lost while you are here.'), t('Rest as long as you like. Nothing is lost.'))),
    h('p', null, tp(t('A host knows you are here and can help if you want. Your boards and your typed words are kept.'), t('A host knows you are here. They can help you.'))),
    h('p', null, t('When you are ready, press “Come back”.')),
    h('button', {
      type: 'button', class: 'primary come-back', key: 'come-back',
      onclick: () => { ctx.ui.backFromBreak = true; ctx.intent.enterRoom(back); announce(t('Welcome back. You are in {room}.', { room: roomName(recs, back) })); },
    }, t('Come back to {room}', { room: roomName(recs, back) })));
}

// ---- the chill-out room, for staff (their alert and its sound: screens/staff_alerts.js) -------

/**
 * People whose visit to the chill-out room no facilitator or host has marked as seen yet. Kept in
 * their records (`chill_out_alert`), so every staff page shows it, also after a reload, until one
 * of the staff presses "Seen".
 */
export function unseenChillOuts(recs) {
  return [...recs.values()]
    .filter((r) => r.kind === 'participant' && r.chill_out_alert && !r.chill_out_alert.seen_by)
    .sort((a, b) => String(a.chill_out_alert.at).localeCompare(String(b.chill_out_alert.at)));
}

/** "14:05", in the page's language (app/i18n.js clockText). */
export const clock = clockText;

// ---- the server's clock ------------------------------------------------------------------------

// Countdowns end at the server's time; a phone's clock may be minutes off. Each live event says
// when the server applied it: that time minus our receive time is the clock difference minus the
// delivery delay, so the largest such sample (over recent events) is the best estimate.
let skew = 0;
let samples = [];

/** board.js passes each live event's `at` here. */
export function noteServerTime(at) {
  const when = Date.parse(at);
  if (Number.isNaN(when)) return;
  samples.push(when - Date.now());
  if (samples.length > 20) samples = samples.slice(-20);
  skew = Math.max(...samples);
}

/** Now, by the server's clock (as far as we can tell). */
export function serverNow() {
  return Date.now() + skew;
}

// ---- announcements of other people's changes that concern you --------------------------------

/** A sentence for a remote room / toolkit event, or null. */
export function describeRoomEvent(ev, prev, recs, me) {
  if (!ev || !me) return null;
  const put = ev.put || [];
  const mine = put.find((r) => r.id === me.id);
  const before = prev && prev.get(me.id);
  const staff = isStaff(me);
  switch (ev.op) {
    case 'poll.create': {
      const p = put.find((r) => r.kind === 'poll');
      return p ? t('New poll: {question}', { question: p.question }) : null;
    }
    case 'poll.close': {
      const p = put.find((r) => r.kind === 'poll');
      return p ? t('Poll closed: {question}', { question: p.question }) : null;
    }
    case 'breakout.broadcast': {
      const m = put.find((r) => r.kind === 'chat');
      return m ? t('Message to every room: {text}', { text: m.text }) : null;
    }
    case 'breakout.open':
      if (mine && mine.room_id !== (before && before.room_id)) return t('Breakout rooms are open. You are at {room}.', { room: roomName(recs, mine.room_id) });
      return breakout(recs) && breakout(recs).choose && !staff ? t('Breakout rooms are open. Choose your table.') : t('Breakout rooms are open.');
    case 'breakout.close':
      return t('Breakout rooms closed. Everyone is back in the main room.');
    case 'timer.start': {
      const timer = put.find((r) => r.kind === 'timer');
      if (!timer || (timer.room_id && timer.room_id !== (roomOf(recs, me) || {}).id && !staff)) return null;
      return t('Timer started: {label}, {time}.', { label: timer.label || t('timer'), time: inWords(timer.seconds) });
    }
    case 'room.assign':
      if (mine && before && mine.room_id !== before.room_id) return t('A host moved you to {room}.', { room: roomName(recs, mine.room_id) });
      return null;
    case 'participant.rename':
      if (mine && before && mine.name !== before.name) return t('Your name is now {name}.', { name: mine.name });
      return null;
    case 'participant.set_role':
      if (mine && before && mine.role !== before.role) return t('You are now: {role}.', { role: mine.role === 'host' ? t('tech host') : roleName(mine.role) });
      return null;
    case 'hand.raise': {
      const p = put.find((r) => r.kind === 'participant');
      return staff && p ? t('{name} raised a hand.', { name: p.name }) : null;
    }
    case 'hand.lower':
      if (mine && before && before.hand_raised && !mine.hand_raised) return t('A host lowered your hand.');
      return null;
    default:
      return null;
  }
}

// ---- countdowns -----------------------------------------------------------------------------

const warned = new Set();
let ticker = null;

/** Keep every countdown on the page ticking (text only, once a second) and warn a minute before the end. */
export function startTicker(root) {
  if (ticker) return;
  ticker = setInterval(() => {
    for (const el of root.querySelectorAll('[data-ends-at]')) {
      const left = secondsLeft(el.getAttribute('data-ends-at'), serverNow());
      const text = el.querySelector('.count');
      if (text && text.firstChild && text.firstChild.data !== mmss(left)) text.firstChild.data = mmss(left);
      el.classList.toggle('warning', left <= 60);
      el.classList.toggle('ended', left === 0);
      if (left === 0 && el.hasAttribute('data-earlier')) { el.hidden = true; continue; } // the workshop has moved on since it started
      const id = el.getAttribute('data-timer-id');
      if (left <= 60 && left > 0 && !warned.has(id)) {
        warned.add(id);
        announce(t('One minute left: {label}.', { label: el.getAttribute('data-label') }));
      }
      if (left === 0 && !warned.has(`${id}-end`)) {
        warned.add(`${id}-end`);
        announce(t('Time is up: {label}.', { label: el.getAttribute('data-label') }));
      }
    }
  }, 1000);
}

/** One countdown: label and mm:ss as text; a warning style in the last minute. */
export function countdown(timer, { big = false, stop = null, earlier = false } = {}) {
  const left = secondsLeft(timer.ends_at, serverNow());
  if (left <= 60) warned.add(timer.id); // joined in the last minute: no sudden warning
  return h('div', {
    class: `countdown${big ? ' big' : ''}${left <= 60 ? ' warning' : ''}${left === 0 ? ' ended' : ''}`, key: `timer-${timer.id}`,
    'data-ends-at': timer.ends_at, 'data-timer-id': timer.id, 'data-label': timer.label,
    // started in an earlier activity: it goes when it ends (the ticker hides it), no "time is up" left over
    'data-earlier': earlier ? 'true' : null,
  },
  // "Time is up!" once it ends: drawn by styles/rooms.css from this attribute, in the reader's language
  h('span', { class: 'label', 'data-ended-label': t('Time is up!') }, `${timer.label}: `),
  h('span', { class: 'count', role: 'timer' }, mmss(left)),
  h('span', { class: 'visually-hidden' }, ' ', t('({time} left when this was drawn)', { time: inWords(left) })),
  stop);
}

function timersBar(recs, ctx, roomId) {
  const list = bannerTimers(recs, roomId, serverNow());
  if (!list.length) return null;
  return h('div', { class: 'timers', key: 'timers', role: 'group', 'aria-label': t('Time left') },
    list.map((x) => countdown(x, { earlier: !sinceActivity(recs, x.started_at) })));
}

// ---- the strip at the top of every screen ---------------------------------------------------

/** Alerts (staff), the latest announcement, countdowns and your table. */
export function banner(recs, ctx) {
  const me = ctx.store.me;
  if (!me) return null;
  const here = roomOf(recs, me);
  const staff = isStaff(me);
  // The newest message to every room, while the activity it was sent in is on and until hidden
  // here (remembered in this browser: a reload does not bring it back).
  const latest = currentAnnouncement(recs);
  const dismissed = Boolean(latest && messageHidden(latest.id));
  return h('div', { class: 'room-banner', key: 'room-banner' },
    staff && lazy('staffAlerts') ? lazy('staffAlerts').chillAlert(recs, ctx) : null,
    latest && !dismissed ? h('div', { class: 'announcement', key: `ann-${latest.id}`, role: 'region', 'aria-label': t('Announcement') },
      h('p', { class: 'ann-head' }, t('Message to every room from {name}:', { name: latest.by_name || t('the host') })),
      h('p', { class: 'ann-text' }, latest.text),
      h('button', { type: 'button', class: 'small', onclick: () => { hideMessage(latest.id); ctx.act.redraw(); } }, t('Hide message'))) : null,
    timersBar(recs, ctx, here && here.id),
    staff ? null : yourTable(recs, ctx));
}

/** While breakouts are open: your table and who is there; in choose mode, the tables to pick from. */
function yourTable(recs, ctx) {
  const me = ctx.store.me;
  const b = breakout(recs);
  if (!b || b.status !== 'open') return null;
  const here = roomOf(recs, me);
  const list = tables(recs);
  const atTable = here && here.type === 'table';
  return h('section', { class: 'your-table', key: 'your-table', 'aria-labelledby': 'your-table-title' },
    atTable
      ? [
        h('h2', { id: 'your-table-title', key: 't' }, t('You are at {room}', { room: roomName(recs, here.id) })),
        h('p', { key: 'who' }, t('With:'), ' ', peopleIn(recs, here.id).filter((p) => p.id !== me.id).map((p) => p.name).join(', ') || t('nobody else yet')),
        here.theme_text ? h('p', { key: 'theme' }, t('Your theme:'), ' ', h('strong', null, here.theme_text)) : null,
      ]
      : h('h2', { id: 'your-table-title', key: 't' }, b.choose ? t('Choose your table') : t('Breakout rooms are open')),
    b.choose ? h('div', { class: 'choose-table', key: 'choose', role: 'group', 'aria-label': t('Tables') },
      atTable ? h('p', { key: 'p' }, t('You can move to another table:')) : null,
      list.map((r) => h('button', {
        type: 'button', key: r.id, 'aria-pressed': here && here.id === r.id ? 'true' : 'false',
        onclick: () => { ctx.intent.enterRoom(r.id); announce(t('You joined {room}.', { room: roomName(recs, r.id) })); },
      }, roomName(recs, r.id), ' (', tn('{n} person', '{n} people', peopleIn(recs, r.id).length), ')'))) : null,
    !atTable && !b.choose ? h('p', { key: 'wait' }, tp(t('You have no table yet. A host will put you at one, or stay in the main room.'), t('You have no table yet. A host will help you find one.'))) : null);
}

// ---- beside the screens: polls and chat -----------------------------------------------------

/** The tools panel: polls and chat. */
export function aside(recs, ctx) {
  const me = ctx.store.me;
  if (!me || ctx.readOnly) return null;
  return h('aside', { class: 'room-panel', 'aria-label': t('Polls and chat'), key: 'room-panel' },
    unreadNotice(recs, ctx),
    pollsHere(recs, ctx),
    chat(recs, ctx),
    renameSelf(ctx));
}

/** For hosts, on every screen: which rooms' chats have new messages, with a way to read them. */
function unreadNotice(recs, ctx) {
  const me = ctx.store.me;
  if (!isStaff(me)) return null;
  const here = (roomOf(recs, me) || {}).id;
  const rows = [...unread(recs, ctx)].filter(([k]) => k !== 'everyone' && k !== here);
  if (!rows.length) return null;
  return h('div', { class: 'unread-notice', key: 'unread-notice', role: 'status' },
    h('p', { class: 'unread-title' }, h('strong', null, t('New chat messages'))),
    h('ul', null, rows.map(([room, n]) => h('li', { key: room },
      h('button', {
        type: 'button', class: 'small unread-go',
        onclick: () => {
          ctx.ui.chatStaff = room;
          ctx.act.showScreen('host');
          ctx.act.focusKey(`chat-log-${room}`);
        },
      }, roomName(recs, room), ': ', tn('{n} new message', '{n} new messages', n), h('span', { class: 'visually-hidden' }, ' ', t('(read them)')))))));
}

/** This person's polls (screens/polls.js, fetched once there is one: most workshops have none). */
function pollsHere(recs, ctx) {
  const me = ctx.store.me;
  const here = roomOf(recs, me);
  if (!pollsFor(recs, me, here && here.id, false).length) return null;
  const mod = lazy('polls');
  if (mod) return mod.polls(recs, ctx, { everyRoom: false });
  loadNow('polls', () => { if (ctx.act.redraw) ctx.act.redraw(); });
  return null;
}

/** People rename themselves (a nickname, a typo, a shared device). */
function renameSelf(ctx) {
  const me = ctx.store.me;
  return h('details', {
    class: 'rename-self', key: 'rename-self',
    oncreate: (el) => { if (ctx.draft('rename-self')) el.open = true; },
  },
  h('summary', null, t('Change your name')),
  oneField(ctx, {
    field: 'rename-self', id: 'rename-self-input', label: t('Your name'), button: t('Save name'), maxlength: LIMITS.NAME, initial: '',
    hint: t('Now: {name}', { name: me.name }),
    submit: (name) => { ctx.intent.renameMe(name); announce(t('Your name is now {name}.', { name })); },
  }));
}

/** The chat: your room and "Everyone"; staff may look into any room and hide messages. */
export function chat(recs, ctx, { staffView = false } = {}) {
  const me = ctx.store.me;
  const staff = isStaff(me);
  const here = roomOf(recs, me);
  const channels = [{ id: here ? here.id : null, label: t('{room} chat', { room: roomName(recs, here && here.id) }) }];
  channels.push({ id: null, label: t('Everyone') });
  if (staff && staffView) {
    for (const r of rooms(recs)) if (!channels.some((c) => c.id === r.id)) channels.push({ id: r.id, label: t('{room} chat', { room: roomName(recs, r.id) }) });
  }
  const key = staffView ? 'chatStaff' : 'chat';
  let sel = ctx.ui[key];
  if (sel === undefined || !channels.some((c) => (c.id || 'everyone') === sel)) sel = channels[0].id || 'everyone';
  const channel = channels.find((c) => (c.id || 'everyone') === sel);
  const msgs = chatOf(recs, channel.id).filter((m) => !m.announcement || channel.id === null);
  const field = `chat.${sel}`;
  const idp = `${key}-${sel}`;
  const news = unread(recs, ctx);
  const seen = () => { if (news.get(sel)) requestAnimationFrame(() => markSeen(ctx, recs, sel)); };
  return h('section', { class: 'chat', key: `chat-${key}`, 'aria-labelledby': `${key}-title` },
    h('h2', { id: `${key}-title` }, staffView ? t('Chat in every room') : t('Chat')),
    h('div', { class: 'chat-tabs', role: 'group', 'aria-label': t('Chat channel') }, channels.map((c) => {
      const cid = c.id || 'everyone';
      const n = cid === sel ? 0 : (news.get(cid) || 0);
      return h('button', {
        type: 'button', key: cid, class: `small${n ? ' has-unread' : ''}`, 'aria-pressed': cid === sel ? 'true' : 'false',
        onclick: () => { ctx.ui[key] = cid; ctx.act.redraw(); },
      }, c.label, n ? h('span', { class: 'unread-count' }, ' (', tn('{n} new', '{n} new', n), ')') : null);
    })),
    // Being drawn on the page is being seen: the channel's messages stop counting as new.
    msgs.length
      ? h('div', {
        class: 'chat-log', role: 'log', 'aria-label': channel.label, key: `log-${sel}`, tabindex: '0', 'data-focus-key': `chat-log-${sel}`,
        oncreate: (el) => { el.scrollTop = el.scrollHeight; seen(); },
        onupdate: (el) => { if (el._count !== msgs.length) { el._count = msgs.length; el.scrollTop = el.scrollHeight; } seen(); },
      }, h('ol', { class: 'chat-messages' }, msgs.slice(-100).map((m) => message(recs, ctx, m))))
      : h('p', { class: 'empty', key: `none-${sel}` }, t('No messages yet.')),
    oneField(ctx, {
      field, id: `${idp}-text`, label: channel.id === null ? t('Message to everyone') : t('Message to {room}', { room: roomName(recs, channel.id) }),
      button: t('Send'), maxlength: CHAT_MAX,
      submit: (text) => {
        ctx.intent.sendChat(text, channel.id);
      },
    }));
}

function message(recs, ctx, m) {
  const staff = isStaff(ctx.store.me);
  const hidden = m.hidden;
  return h('li', { key: m.id, class: `msg${m.announcement ? ' announcement-msg' : ''}${hidden ? ' hidden-msg' : ''}` },
    h('span', { class: 'msg-by' }, m.by_name || nameOf(recs, m.by), m.announcement ? [' (', t('to every room'), ')'] : '', `, ${clock(m.at)}: `),
    hidden && !(staff && m.text)
      ? h('span', { class: 'msg-removed' }, t('Message removed by a host.'))
      : h('span', { class: 'msg-text' }, m.text),
    hidden && staff ? h('span', { class: 'msg-note' }, ' (', t('hidden from participants'), ')') : null,
    staff ? h('button', {
      type: 'button', class: 'small', key: `hide-${hidden}`,
      onclick: () => ctx.intent.hideChat(m.id, !hidden),
    }, hidden ? t('Show again') : t('Hide'), h('span', { class: 'visually-hidden' }, ' ', t('message from {name}', { name: m.by_name || t('someone') }))) : null);
}

// re-exported for the host console and the projector
export { rooms, tables, roomName, chillOutRoom, mainRoom, peopleIn, breakoutOpen, timersFor, workshop, view };
