// Rooms and the facilitation toolkit on every page: the room you are in, "Take a break" (the
// chill-out room) and raised hands in the header; the chill-out alert for staff; announcements,
// countdowns and your table at the top of every screen; polls (screens/polls.js) and chat beside the screens;
// who is here, below them.
// The countdowns and the chat are widgets of ui/ (the host console, the toolbar and the projector draw them too);
// the chat's module comes when it is needed (app/lazy.js).
import { h } from '../ui/dom.js';
import { oneField } from '../ui/form.js';
import { countdown, serverNow } from '../ui/countdown.js';
import { LIMITS, OP } from '../protocol.js';
import { announce } from '../ui/announce.js';
import { t, tn, tp } from '../app/i18n.js';
import { roleName } from '../app/words.js';
import { participants } from '../model/store.js';
import {
  isStaff, mainRoom, chillOutRoom, tables, roomName, roomOf, inChillOut, breakout,
  peopleIn, bannerTimers, sinceActivity, inWords, currentAnnouncement, pollsFor, latestChatAt,
} from '../model/rooms.js';
import { messageHidden, hideMessage } from '../app/session.js';
import { lazy, loadNow } from '../app/lazy.js';
import { registerDescriber } from '../app/describers.js';

export { inChillOut };

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

// ---- announcements of other people's changes that concern you --------------------------------

/** A sentence for a remote room / toolkit event, or null. */
export function describeRoomEvent(ev, prev, recs, me) {
  if (!ev || !me) return null;
  const put = ev.put || [];
  const mine = put.find((r) => r.id === me.id);
  const before = prev && prev.get(me.id);
  const staff = isStaff(me);
  switch (ev.op) {
    case OP.pollCreate: {
      const p = put.find((r) => r.kind === 'poll');
      return p ? t('New poll: {question}', { question: p.question }) : null;
    }
    case OP.pollClose: {
      const p = put.find((r) => r.kind === 'poll');
      return p ? t('Poll closed: {question}', { question: p.question }) : null;
    }
    case OP.breakoutBroadcast: {
      const m = put.find((r) => r.kind === 'chat');
      return m ? t('Message to every room: {text}', { text: m.text }) : null;
    }
    case OP.breakoutOpen:
      if (mine && mine.room_id !== (before && before.room_id)) return t('Breakout rooms are open. You are at {room}.', { room: roomName(recs, mine.room_id) });
      return breakout(recs) && breakout(recs).choose && !staff ? t('Breakout rooms are open. Choose your table.') : t('Breakout rooms are open.');
    case OP.breakoutClose:
      return t('Breakout rooms closed. Everyone is back in the main room.');
    case OP.timerStart: {
      const timer = put.find((r) => r.kind === 'timer');
      if (!timer || (timer.room_id && timer.room_id !== (roomOf(recs, me) || {}).id && !staff)) return null;
      return t('Timer started: {label}, {time}.', { label: timer.label || t('timer'), time: inWords(timer.seconds) });
    }
    case OP.roomAssign:
      if (mine && before && mine.room_id !== before.room_id) return t('A host moved you to {room}.', { room: roomName(recs, mine.room_id) });
      return null;
    case OP.participantRename:
      if (mine && before && mine.name !== before.name) return t('Your name is now {name}.', { name: mine.name });
      return null;
    case OP.participantSetRole:
      if (mine && before && mine.role !== before.role) return t('You are now: {role}.', { role: mine.role === 'host' ? t('tech host') : roleName(mine.role) });
      return null;
    case OP.handRaise: {
      const p = put.find((r) => r.kind === 'participant');
      return staff && p ? t('{name} raised a hand.', { name: p.name }) : null;
    }
    case OP.handLower:
      if (mine && before && before.hand_raised && !mine.hand_raised) return t('A host lowered your hand.');
      return null;
    default:
      return null;
  }
}

// Asked last (app/describers.js): what is said of changes to you, where no one else has a sentence.
registerDescriber({ id: 'rooms', order: 90, describe: describeRoomEvent });

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
    chatHere(recs, ctx),
    renameSelf(ctx));
}

/**
 * The chat (ui/chat.js), or its heading until the module comes: at once when there is something to
 * read in this person's room or "Everyone", else when the panel comes into view (a phone's first
 * screen is the board; the chat is below it). Staff have it from the start (app/lazy.js).
 */
function chatHere(recs, ctx) {
  // What was said before the page opened counts as seen on a first visit, however late the module comes.
  if (ctx.ui.chatFrom === null) ctx.ui.chatFrom = latestChatAt(recs);
  const mod = lazy('chat');
  if (mod) return mod.chat(recs, ctx);
  const here = roomOf(recs, ctx.store.me);
  const load = () => loadNow('chat', () => { if (ctx.act.redraw) ctx.act.redraw(); });
  if (latestChatAt(recs, 'everyone') || (here && latestChatAt(recs, here.id))) load();
  return h('section', {
    class: 'chat', key: 'chat-coming', 'aria-labelledby': 'chat-title',
    oncreate: (el) => {
      if (typeof IntersectionObserver !== 'function') { load(); return; }
      const seen = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) { seen.disconnect(); load(); }
      });
      seen.observe(el);
    },
  }, h('h2', { id: 'chat-title' }, t('Chat')));
}

/** For hosts, on every screen: which rooms' chats have new messages, with a way to read them. */
function unreadNotice(recs, ctx) {
  const me = ctx.store.me;
  if (!isStaff(me)) return null;
  const here = (roomOf(recs, me) || {}).id;
  const mod = lazy('chat'); // staff have it from the start (app/lazy.js)
  if (!mod) return null;
  const rows = [...mod.unread(recs, ctx)].filter(([k]) => k !== 'everyone' && k !== here);
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

// ---- who is here: everyone in the workshop with their online state (a word, not only a dot) ----

const perspectiveName = (p) => ({ lived_experience: t('lived experience'), provider: t('provider'), commissioner: t('commissioner'), other: t('other') })[p];
const roleInList = (r) => ({ facilitator: t('facilitator'), host: t('tech host'), participant: '', projector: t('projector screen') })[r];

/** The "Who is here" panel as a description for `render`. */
export function whoIsHere(recs, me) {
  const people = participants(recs).filter((p) => p.role !== 'projector');
  const online = people.filter((p) => p.online).length;
  return h('aside', { class: 'people', 'aria-labelledby': 'people-title', key: 'people' },
    h('h2', { id: 'people-title' }, t('Who is here')),
    h('p', { class: 'people-summary' }, t('{n} of {total} online', { n: online, total: people.length })),
    h('ul', { class: 'people-list' }, people.map((p) => h('li', { key: p.id, class: p.online ? 'online' : 'offline' },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'person-name' }, p.name, me && p.id === me.id ? [' (', t('you'), ')'] : ''),
      roleInList(p.role) ? h('span', { class: 'person-role' }, ', ', roleInList(p.role)) : null,
      h('span', { class: 'person-state' }, ' – ', p.online ? t('online') : t('away')),
      // Perspective reaches facilitators and hosts only; it helps them hear from everyone.
      p.perspective ? h('span', { class: 'person-perspective' }, ' (', perspectiveName(p.perspective) || p.perspective, ')') : null))));
}
