// The host console (facilitators and hosts): who is here and how they are doing, rooms and
// breakouts, timers, polls, chat in every room, and the projector link.
import { h } from '../ui/dom.js';
import { participants, workshop } from '../model/store.js';
import { announce, toast } from '../ui/announce.js';
import { loadToken } from '../app/session.js';
import { apiFetch } from '../app/http.js';
import { registerScreen } from '../app/screens.js';
import {
  isStaff, rooms, tables, chillOutRoom, mainRoom, roomName, roomOf, breakout, handsRaised, connectionTrouble,
  timersFor, parseOptions,
} from '../model/rooms.js';
import { oneField } from '../ui/form.js';
import { LIMITS } from '../protocol.js';
import { countdown, serverNow } from '../ui/countdown.js';
import { chat, unreadForStaff } from '../ui/chat.js';
import { polls } from '../ui/polls.js';
import { t, tn, tc } from '../app/i18n.js';
import { memberName, ordinal } from '../app/words.js';

/** A role as the host console names it, in the reader's language. */
const roleLabel = (role) => ({
  facilitator: t('Facilitator'), host: t('Tech host'), participant: t('Participant'), projector: t('Projector screen'),
})[role] || role;

registerScreen({
  id: 'host',
  order: 200,
  tab: true, // hands up and new messages show in its label: a tab on a wide screen, not under "Other screens"
  label: (recs, me) => {
    const n = handsRaised(recs).length;
    const m = unreadForStaff(recs, me);
    const notes = [n ? tn('{n} hand up', '{n} hands up', n) : '', m ? tn('{n} new message', '{n} new messages', m) : ''].filter(Boolean);
    return notes.length ? t('Host console ({notes})', { notes: notes.join(', ') }) : t('Host console');
  },
  unread: (recs, me) => unreadForStaff(recs, me), // shown on "Other screens" while the tab is under it (app/screens.js)
  available: (recs, me) => isStaff(me),
  boardIds: () => [],
  render: (recs, ctx) => render(recs, ctx),
});

function render(recs, ctx) {
  return h('div', { class: 'host-console', key: 'host-console' },
    h('h2', { key: 'h' }, t('Host console')),
    lookInto(recs, ctx),
    people(recs, ctx),
    hands(recs, ctx),
    roomsSection(recs, ctx),
    timers(recs, ctx),
    pollSection(recs, ctx),
    chat(recs, ctx, { staffView: true }),
    projectorLink(recs, ctx));
}

/** "Look into a room": filter the people list (and pick the chat below) without moving anyone. */
function lookInto(recs, ctx) {
  const filter = ctx.ui.hostRoom || '';
  return h('div', { class: 'look-into', key: 'look-into' },
    h('label', { for: 'host-room-filter' }, t('Look into a room')),
    h('select', {
      id: 'host-room-filter', key: 'host-room-filter',
      onchange: (e) => {
        ctx.ui.hostRoom = e.currentTarget.value;
        if (e.currentTarget.value) ctx.ui.chatStaff = e.currentTarget.value;
        ctx.act.redraw();
      },
    },
    h('option', { value: '', selected: filter === '' ? true : null }, t('Every room')),
    rooms(recs).map((r) => h('option', { value: r.id, key: r.id, selected: filter === r.id ? true : null }, roomName(recs, r.id)))));
}

function people(recs, ctx) {
  const me = ctx.store.me;
  const filter = ctx.ui.hostRoom || '';
  const rec = ctx.store.reconnects || {};
  const hands = handsRaised(recs).map((p) => p.id);
  const list = participants(recs).filter((p) => !filter || (roomOf(recs, p) || {}).id === filter);
  const all = rooms(recs);
  return h('section', { class: 'host-people', key: 'host-people', 'aria-labelledby': 'host-people-title' },
    h('h3', { id: 'host-people-title' }, filter ? t('People in {room}: {n}', { room: roomName(recs, filter), n: list.length }) : t('People: {n}', { n: list.length })),
    list.length ? h('ul', { class: 'host-people-list' }, list.map((p) => {
      const here = roomOf(recs, p);
      const drops = rec[p.id] || 0;
      const hand = hands.indexOf(p.id);
      const renaming = ctx.ui.renaming === p.id;
      return h('li', { key: p.id, class: `host-person${p.online ? ' online' : ' offline'}` },
        h('p', { class: 'hp-name' }, h('strong', null, memberName(p)), me && p.id === me.id ? ` ${t('(you)')}` : '', `, ${roleLabel(p.role)}`),
        h('p', { class: 'hp-state' },
          t('In {room}', { room: roomName(recs, here && here.id) }),
          p.table_id && (!here || p.table_id !== here.id) ? `, ${t('table: {table}', { table: roomName(recs, p.table_id) })}` : '',
          ` – ${p.online ? t('online') : t('away')}`,
          drops ? `, ${tn('came back {n} time', 'came back {n} times', drops)}` : '',
          connectionTrouble(drops) ? h('strong', { class: 'trouble' }, ` – ${t('connection keeps dropping')}`) : null,
          hand >= 0 ? h('strong', { class: 'hand-up' }, ` – ${t('hand raised ({place})', { place: ordinal(hand + 1) })}`) : null),
        p.role === 'projector' ? null : h('div', { class: 'hp-actions', key: 'actions' },
          renaming
            ? oneField(ctx, {
              field: `rename-person.${p.id}`, id: `rename-person-${p.id}`, label: t('New name for {name}', { name: p.name }), button: t('Save name'), maxlength: LIMITS.NAME, initial: p.name,
              submit: (name) => {
                ctx.intent.renamePerson(p.id, name);
                ctx.ui.renaming = null;
                announce(t('Renamed to {name}.', { name }));
                ctx.act.focusKey(`rename-${p.id}`);
              },
              cancel: () => { ctx.ui.renaming = null; ctx.setDraft(`rename-person.${p.id}`, null); ctx.act.redraw(); ctx.act.focusKey(`rename-${p.id}`); },
            })
            : h('button', { type: 'button', class: 'small', key: 'rename', 'data-focus-key': `rename-${p.id}`, onclick: () => { ctx.ui.renaming = p.id; ctx.act.redraw(); } },
              t('Rename'), h('span', { class: 'visually-hidden' }, ` ${p.name}`)),
          h('label', { for: `assign-${p.id}`, class: 'inline' }, t('Room')),
          h('select', {
            id: `assign-${p.id}`, key: `assign-${p.id}`,
            // The shown choice follows where the person is now (after a break, a move by another
            // host): an option's `selected` attribute stops counting once someone has used the list.
            oncreate: (el) => showValue(el, here && here.id), onupdate: (el) => showValue(el, here && here.id),
            onchange: (e) => { ctx.intent.moveToRoom(p.id, e.currentTarget.value); announce(t('{name} moved to {room}.', { name: p.name, room: roomName(recs, e.currentTarget.value) })); },
          }, all.map((r) => h('option', { value: r.id, key: r.id, selected: here && here.id === r.id ? true : null }, roomName(recs, r.id)))),
          here && here.type !== 'main' && mainRoom(recs) ? h('button', {
            type: 'button', class: 'small', key: 'back',
            onclick: () => { ctx.intent.moveToRoom(p.id, mainRoom(recs).id); announce(t('{name} is back in the main room.', { name: p.name })); },
          }, t('Move to main room'), h('span', { class: 'visually-hidden' }, `: ${p.name}`)) : null,
          me && me.role === 'facilitator' && p.id !== me.id ? [
            h('label', { for: `role-${p.id}`, class: 'inline', key: 'rl' }, t('Role')),
            h('select', {
              id: `role-${p.id}`, key: `role-${p.id}-${p.role}`,
              onchange: (e) => { ctx.intent.setRole(p.id, e.currentTarget.value); announce(t('{name} is now {role}.', { name: p.name, role: roleLabel(e.currentTarget.value) })); },
            }, ['participant', 'host', 'facilitator'].map((r) => h('option', { value: r, key: r, selected: p.role === r ? true : null }, roleLabel(r)))),
          ] : null));
    })) : h('p', { class: 'empty' }, t('Nobody here.')));
}

function showValue(select, value) {
  if (value && select.value !== value) select.value = value;
}

function hands(recs, ctx) {
  const list = handsRaised(recs);
  return h('section', { class: 'host-hands', key: 'host-hands', 'aria-labelledby': 'host-hands-title' },
    h('h3', { id: 'host-hands-title' }, t('Raised hands: {n}', { n: list.length })),
    list.length ? h('ol', null, list.map((p) => h('li', { key: p.id },
      `${p.name} (${roomName(recs, (roomOf(recs, p) || {}).id)}) `,
      h('button', { type: 'button', class: 'small', onclick: () => { ctx.intent.lowerHand(p.id); announce(t("{name}'s hand lowered.", { name: p.name })); } },
        t('Lower hand'), h('span', { class: 'visually-hidden' }, ` ${tc('whose hand', 'of {name}', { name: p.name })}`)))))
      : h('p', { class: 'empty' }, t('No hands raised.')));
}

function roomsSection(recs, ctx) {
  const list = tables(recs);
  const chill = chillOutRoom(recs);
  const b = breakout(recs);
  const open = b && b.status === 'open';
  return h('section', { class: 'host-rooms', key: 'host-rooms', 'aria-labelledby': 'host-rooms-title' },
    h('h3', { id: 'host-rooms-title' }, t('Rooms and breakouts')),
    h('p', { class: 'breakout-state' }, open
      ? (b.choose ? t('Breakout rooms are open: people choose their table.') : t('Breakout rooms are open.'))
      : t('Breakout rooms are closed: everyone is in the main room.')),
    list.length ? h('ul', { class: 'table-list' }, list.map((r) => {
      const n = participants(recs).filter((p) => p.role !== 'projector' && p.table_id === r.id).length;
      return h('li', { key: r.id }, `${roomName(recs, r.id)}: ${tn('{n} person', '{n} people', n)}`, r.theme_text ? ` – ${t('theme: {theme}', { theme: r.theme_text })}` : '');
    })) : h('p', { class: 'empty' }, t('No tables yet.')),
    h('div', { class: 'button-row' },
      h('button', { type: 'button', onclick: () => { ctx.intent.addRoom('table'); announce(t('Table added.')); } }, t('Add a table')),
      chill ? null : h('button', { type: 'button', onclick: () => { ctx.intent.addRoom('chill_out'); announce(t('Chill-out room created.')); } }, t('Create the chill-out room')),
      list.length ? h('button', { type: 'button', onclick: () => { ctx.intent.shareOutAtRandom(); announce(t('People shared out at random.')); } }, t('Share people out at random')) : null),
    list.length ? oneField(ctx, {
      field: 'breakout.minutes', id: 'breakout-minutes', type: 'number', label: t('Open breakout rooms'),
      hint: t('Countdown in minutes (leave empty for none).'), button: t('Open breakouts'),
      submit: (v) => {
        const minutes = Number(v);
        if (v && !(minutes > 0 && minutes <= 240)) { ctx.act.say(t('Type a number of minutes from 1 to 240, or leave it empty.'), 'error'); return false; }
        ctx.intent.openBreakouts(minutes ? Math.round(minutes * 60) : 0);
        announce(t('Breakout rooms open.'));
        return true;
      },
    }) : null,
    list.length ? h('div', { class: 'button-row', key: 'choose-row' },
      h('button', { type: 'button', onclick: () => { ctx.intent.letPeopleChooseTables(); announce(t('People can choose their table.')); } }, t('Let people choose their table')),
      open ? h('button', { type: 'button', class: 'primary', onclick: () => { ctx.intent.closeBreakouts(); announce(t('Breakouts closed. Everyone is back in the main room.')); } }, t('Close breakouts (everyone back)')) : null) : null,
    oneField(ctx, {
      field: 'broadcast', id: 'broadcast-text', label: t('Message to every room'), button: t('Send to every room'), maxlength: 500,
      submit: (text) => { ctx.intent.broadcast(text); announce(t('Message sent to every room.')); },
    }));
}

function roomSelect(recs, id, label) {
  return [
    h('label', { for: id, key: `${id}-l` }, label),
    h('select', { id, key: id },
      h('option', { value: '' }, t('Every room')),
      rooms(recs).filter((r) => r.type !== 'chill_out').map((r) => h('option', { value: r.id, key: r.id }, roomName(recs, r.id)))),
  ];
}

function timers(recs, ctx) {
  const list = timersFor(recs, null, serverNow(), true).filter((x) => x.timer);
  return h('section', { class: 'host-timers', key: 'host-timers', 'aria-labelledby': 'host-timers-title' },
    h('h3', { id: 'host-timers-title' }, t('Timers')),
    list.length ? h('ul', { class: 'timer-list' }, list.map((tm) => h('li', { key: tm.id },
      countdown(tm, {
        stop: h('button', { type: 'button', class: 'small', onclick: () => { ctx.intent.stopTimer(tm.id); announce(t('Timer stopped.')); } },
          t('Stop'), h('span', { class: 'visually-hidden' }, ` ${t('timer {label}', { label: tm.label })}`)),
      }), h('span', { class: 'timer-room' }, ` (${tm.room_id ? roomName(recs, tm.room_id) : t('every room')})`))))
      : h('p', { class: 'empty' }, t('No timer running.')),
    h('form', {
      class: 'timer-form', key: 'timer-form', novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const f = e.currentTarget;
        const minutes = Number(f.querySelector('#timer-minutes').value);
        if (!(minutes > 0 && minutes <= 240)) { ctx.act.say(t('Type a number of minutes from 1 to 240.'), 'error'); f.querySelector('#timer-minutes').focus(); return; }
        const label = f.querySelector('#timer-label').value.trim();
        const room = f.querySelector('#timer-room').value;
        ctx.intent.startTimer(Math.round(minutes * 60), label || null, room || null);
        ctx.setDraft('timer.label', null);
        f.querySelector('#timer-label').value = '';
        announce(t('Timer started.'));
      },
    },
    h('div', { class: 'field' },
      h('label', { for: 'timer-minutes' }, t('Minutes')),
      h('input', { id: 'timer-minutes', key: 'timer-minutes', type: 'number', min: '1', max: '240', inputmode: 'numeric', value: ctx.draft('timer.minutes', '5'), oninput: (e) => ctx.setDraft('timer.minutes', e.currentTarget.value) })),
    h('div', { class: 'field' },
      h('label', { for: 'timer-label' }, t('What it is for (optional)')),
      h('input', { id: 'timer-label', key: 'timer-label', type: 'text', maxlength: String(LIMITS.TIMER_LABEL), value: ctx.draft('timer.label'), oninput: (e) => ctx.setDraft('timer.label', e.currentTarget.value) })),
    h('div', { class: 'field' }, roomSelect(recs, 'timer-room', t('Where'))),
    h('button', { type: 'submit' }, t('Start timer'))));
}

function pollSection(recs, ctx) {
  return h('section', { class: 'host-polls', key: 'host-polls', 'aria-labelledby': 'host-polls-title' },
    h('h3', { id: 'host-polls-title' }, t('Polls')),
    h('form', {
      class: 'poll-form', key: 'poll-form', novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const f = e.currentTarget;
        const question = f.querySelector('#poll-question').value.trim();
        const options = parseOptions(f.querySelector('#poll-options').value);
        if (!question) { ctx.act.say(t('Type the question first.'), 'error'); f.querySelector('#poll-question').focus(); return; }
        if (options.length < 2 || options.length > 10) { ctx.act.say(t('Type 2 to 10 options, one on each line.'), 'error'); f.querySelector('#poll-options').focus(); return; }
        const room = f.querySelector('#poll-room').value;
        ctx.intent.createPoll({
          question, options,
          multiple: f.querySelector('#poll-multiple').checked,
          anonymous: !f.querySelector('#poll-named').checked,
          show: f.querySelector('#poll-show-close').checked ? 'on_close' : 'live',
          roomId: room,
        });
        ctx.setDraft('poll.question', null);
        ctx.setDraft('poll.options', null);
        f.querySelector('#poll-question').value = '';
        f.querySelector('#poll-options').value = '';
        announce(t('Poll started.'));
      },
    },
    h('h4', null, t('New poll')),
    h('div', { class: 'field' },
      h('label', { for: 'poll-question' }, t('Question')),
      h('input', { id: 'poll-question', key: 'poll-question', type: 'text', maxlength: '200', value: ctx.draft('poll.question'), oninput: (e) => ctx.setDraft('poll.question', e.currentTarget.value) })),
    h('div', { class: 'field' },
      h('label', { for: 'poll-options' }, t('Options')),
      h('p', { class: 'hint', id: 'poll-options-hint' }, t('One on each line, 2 to 10 options.')),
      h('textarea', { id: 'poll-options', key: 'poll-options', rows: '4', 'aria-describedby': 'poll-options-hint', value: ctx.draft('poll.options'), oninput: (e) => ctx.setDraft('poll.options', e.currentTarget.value) })),
    h('div', { class: 'checks' },
      h('div', { class: 'choice' }, h('input', { type: 'checkbox', id: 'poll-multiple', key: 'poll-multiple' }), h('label', { for: 'poll-multiple' }, t('People may choose more than one'))),
      h('div', { class: 'choice' }, h('input', { type: 'checkbox', id: 'poll-named', key: 'poll-named' }), h('label', { for: 'poll-named' }, t('Named: hosts see who chose what (otherwise anonymous)')))),
    h('fieldset', { class: 'checks' },
      h('legend', null, t('Show the results')),
      h('div', { class: 'choice' }, h('input', { type: 'radio', name: 'poll-show', id: 'poll-show-live', key: 'poll-show-live', checked: true }), h('label', { for: 'poll-show-live' }, t('Live, as people answer (named polls: an anonymous poll always waits for the close)'))),
      h('div', { class: 'choice' }, h('input', { type: 'radio', name: 'poll-show', id: 'poll-show-close', key: 'poll-show-close' }), h('label', { for: 'poll-show-close' }, t('When the poll closes')))),
    h('div', { class: 'field' }, roomSelect(recs, 'poll-room', t('Who is asked'))),
    h('button', { type: 'submit', class: 'primary' }, t('Start poll'))),
    polls(recs, ctx, { everyRoom: true, heading: t('Every poll') }));
}

function projectorLink(recs, ctx) {
  const me = ctx.store.me;
  // A tech host sets up the room's screens too (the API makes the link for staff: facilitator or host).
  if (!me || (me.role !== 'facilitator' && me.role !== 'host')) return null;
  const url = ctx.ui.projectorUrl;
  return h('section', { class: 'host-projector', key: 'host-projector', 'aria-labelledby': 'host-projector-title' },
    h('h3', { id: 'host-projector-title' }, t('Projector')),
    h('p', null, t('A link for the big screen: it shows what you show, in large type, and cannot change anything.')),
    h('button', {
      type: 'button', key: 'make',
      onclick: async () => {
        try {
          const r = await apiFetch(`/api/workshops/${encodeURIComponent(ctx.wid)}/projector`, {
            method: 'POST', headers: { Authorization: `Bearer ${loadToken(ctx.wid)}` },
          });
          const body = await r.json().catch(() => null);
          // The fallback is its own t() call, not inside t()'s arguments, where the extractor does not look.
          const reason = (body && body.message) || t('the server refused.');
          if (!r.ok) { toast(t('No projector link: {reason}', { reason }), 'error'); return; }
          ctx.ui.projectorUrl = body.url;
          announce(t('Projector link ready.'));
          ctx.act.redraw();
        } catch (e) {
          toast(t('Coboard could not be reached. Check your internet connection and try again.'), 'error');
        }
      },
    }, url ? t('Make another projector link') : t('Make a projector link')),
    url ? h('div', { class: 'row', key: `url-${url}` },
      h('label', { for: 'projector-link', class: 'visually-hidden' }, t('Projector link')),
      h('input', { id: 'projector-link', key: `projector-link-${url}`, type: 'text', readonly: true, value: url }),
      h('button', {
        type: 'button',
        onclick: async () => {
          try { await navigator.clipboard.writeText(url); } catch (e) { const i = document.getElementById('projector-link'); i.select(); document.execCommand('copy'); }
          toast(t('Projector link copied. Open it on the computer connected to the big screen.'), 'info', 4000);
        },
      }, t('Copy link'))) : null);
}

export { workshop };
