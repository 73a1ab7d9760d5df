// The chat, where a room talks: your room's channel and "Everyone" (staff may look into every room
// and hide a message), and which messages this person has not read yet, kept in this browser. Drawn
// beside every screen (screens/rooms.js) and in the host console (screens/host.js); loaded when it is
// needed (app/lazy.js).
import { h } from './dom.js';
import { oneField } from './form.js';
import { nameOf } from '../model/store.js';
import { t, tn, clockText } from '../app/i18n.js';
import {
  isStaff, rooms, roomName, roomOf, chatOf, unreadChats, latestChatAt,
} from '../model/rooms.js';

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
    marks = { $since: ctx.ui.chatFrom === null ? latestChatAt(recs) : ctx.ui.chatFrom }; // as the page opened (screens/rooms.js)
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

// ---- the chat ------------------------------------------------------------------------------

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
  let sel = staffView ? ctx.ui.chatStaff : ctx.ui.chat;
  if (sel == null || !channels.some((c) => (c.id || 'everyone') === sel)) sel = channels[0].id || 'everyone';
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
        onclick: () => { if (staffView) ctx.ui.chatStaff = cid; else ctx.ui.chat = cid; ctx.act.redraw(); },
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
    h('span', { class: 'msg-by' }, m.by_name || nameOf(recs, m.by), m.announcement ? [' (', t('to every room'), ')'] : '', `, ${clockText(m.at)}: `),
    hidden && !(staff && m.text)
      ? h('span', { class: 'msg-removed' }, t('Message removed by a host.'))
      : h('span', { class: 'msg-text' }, m.text),
    hidden && staff ? h('span', { class: 'msg-note' }, ' (', t('hidden from participants'), ')') : null,
    staff ? h('button', {
      type: 'button', class: 'small', key: `hide-${hidden}`,
      onclick: () => ctx.intent.hideChat(m.id, !hidden),
    }, hidden ? t('Show again') : t('Hide'), h('span', { class: 'visually-hidden' }, ' ', t('message from {name}', { name: m.by_name || t('someone') }))) : null);
}
