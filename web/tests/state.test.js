// Tests of the pure record store: node --test web/tests/
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  createStore, applyWelcome, applyEv, applyPresence, addPending, ackPending, rejectPending,
  view, themingBoards, unthemedCards, themesWithCards, participantsOnline, boardsOfType,
  cardsOfBoard, dataCardsOfTheme, nameOf, tempId, workshop, canFacilitate, canEdit,
} from '../model/store.js';

const board = (id, type, order) => ({ id, kind: 'board', v: 1, type, order, title: type, room_id: 'r1' });
const data = (id, boardId, themeId = null, t = id) => ({ id, kind: 'card', v: 1, type: 'data', board_id: boardId, text: `text ${id}`, tag: 'nww', theme_id: themeId, created_at: t });
const theme = (id, boardId, text, t = id) => ({ id, kind: 'card', v: 1, type: 'theme', board_id: boardId, text, count: 0, created_at: t });
const person = (id, name, role = 'participant', online = false) => ({ id, kind: 'participant', v: 1, name, role, online });

function welcomed(extra = []) {
  const s = createStore();
  applyWelcome(s, {
    t: 'welcome', seq: 10, me: person('p1', 'Ada'),
    records: [
      { id: 'w1', kind: 'workshop', v: 1, title: 'Our workshop' },
      board('b-iff', 'iff', 2), board('b-ww', 'ww', 0), board('b-nww', 'nww', 1),
      person('p1', 'Ada'), person('p2', 'Sam', 'facilitator'), person('p3', 'Bea'),
      theme('t1', 'b-nww', 'I am lonely', '2026-01-01T00:00:01Z'),
      data('d1', 'b-nww', null, '2026-01-01T00:00:02Z'), data('d2', 'b-nww', 't1', '2026-01-01T00:00:03Z'),
      data('d3', 'b-nww', null, '2026-01-01T00:00:04Z'),
      ...extra,
    ],
    online: ['p1', 'p2'],
  });
  return s;
}

test('welcome with records sets seq, me, online and records', () => {
  const s = welcomed();
  assert.equal(s.seq, 10);
  assert.equal(s.me.name, 'Ada');
  assert.equal(workshop(s.records).title, 'Our workshop');
  assert.deepEqual(participantsOnline(s.records).map((p) => p.name), ['Sam', 'Ada']);
});

test('a second welcome with records replaces everything', () => {
  const s = welcomed();
  applyWelcome(s, { seq: 20, me: person('p1', 'Ada'), records: [person('p1', 'Ada'), board('b-ww', 'ww', 0)], online: [] });
  assert.equal(s.seq, 20);
  assert.equal(s.records.has('d1'), false);
  assert.equal(s.records.size, 2);
});

test('welcome with replay applies the missed events in order and skips ones already seen', () => {
  const s = welcomed();
  applyWelcome(s, {
    seq: 12, me: person('p1', 'Ada'), online: ['p1'],
    replay: [
      { t: 'ev', seq: 9, put: [data('old', 'b-nww')], del: [] },
      { t: 'ev', seq: 11, put: [{ ...data('d1', 'b-nww'), theme_id: 't1' }], del: [] },
      { t: 'ev', seq: 12, put: [], del: ['d3'] },
    ],
  });
  assert.equal(s.seq, 12);
  assert.equal(s.records.has('old'), false, 'an event at or before our seq is not applied again');
  assert.equal(s.records.get('d1').theme_id, 't1');
  assert.equal(s.records.has('d3'), false);
  assert.deepEqual(participantsOnline(s.records).map((p) => p.id), ['p1']);
});

test('ev put replaces a record and del removes it', () => {
  const s = welcomed();
  const v0 = s.version;
  assert.equal(applyEv(s, { t: 'ev', seq: 11, put: [{ ...data('d1', 'b-nww'), theme_id: 't1', v: 2 }], del: [] }), 'applied');
  assert.equal(s.records.get('d1').theme_id, 't1');
  assert.equal(applyEv(s, { t: 'ev', seq: 12, put: [], del: ['d3'] }), 'applied');
  assert.equal(s.records.has('d3'), false);
  assert.equal(s.seq, 12);
  assert.ok(s.version > v0);
});

test('an empty ev still moves seq on (someone else\'s secret vote)', () => {
  const s = welcomed();
  assert.equal(applyEv(s, { t: 'ev', seq: 11, put: [], del: [] }), 'applied');
  assert.equal(s.seq, 11);
});

test('a duplicate ev is ignored and a gap is reported without applying', () => {
  const s = welcomed();
  assert.equal(applyEv(s, { t: 'ev', seq: 10, put: [data('x', 'b-nww')], del: [] }), 'duplicate');
  assert.equal(s.records.has('x'), false);
  assert.equal(applyEv(s, { t: 'ev', seq: 13, put: [data('y', 'b-nww')], del: [] }), 'gap');
  assert.equal(s.records.has('y'), false);
  assert.equal(s.seq, 10);
});

test('ev updates me when my participant record changes', () => {
  const s = welcomed();
  applyEv(s, { seq: 11, put: [person('p1', 'Ada', 'host')], del: [] });
  assert.equal(s.me.role, 'host');
  assert.equal(canFacilitate(s.me), true);
});

test('presence updates online state', () => {
  const s = welcomed();
  applyPresence(s, { t: 'presence', participant_id: 'p3', online: true });
  applyPresence(s, { t: 'presence', participant_id: 'p2', online: false });
  assert.deepEqual(participantsOnline(s.records).map((p) => p.name).sort(), ['Ada', 'Bea']);
  assert.equal(s.seq, 10, 'presence has no seq');
});

test('selectors: theming boards in ww, nww, iff order; unthemed cards; themes with their cards', () => {
  const s = welcomed();
  const recs = view(s);
  assert.deepEqual(themingBoards(recs).map((b) => b.type), ['ww', 'nww', 'iff']);
  assert.deepEqual(boardsOfType(recs, 'nww').map((b) => b.id), ['b-nww']);
  assert.deepEqual(unthemedCards(recs, 'b-nww').map((c) => c.id), ['d1', 'd3']);
  const themes = themesWithCards(recs, 'b-nww');
  assert.equal(themes.length, 1);
  assert.equal(themes[0].theme.text, 'I am lonely');
  assert.deepEqual(themes[0].cards.map((c) => c.id), ['d2']);
  assert.equal(themes[0].count, 1);
  assert.equal(cardsOfBoard(recs, 'b-nww').length, 4);
  assert.deepEqual(dataCardsOfTheme(recs, 't1').map((c) => c.id), ['d2']);
  assert.equal(nameOf(recs, 'p2'), 'Sam');
  assert.equal(nameOf(recs, 'nobody'), 'Someone');
  assert.equal(canEdit({ role: 'projector' }), false);
  assert.equal(canFacilitate({ role: 'participant' }), false);
});

test('optimistic group shows at once, stays after ack until its ev, and the view then follows the server', () => {
  const s = welcomed();
  addPending(s, { id: 'o1', op: 'card.group', args: { card_id: 'd1', theme_id: 't1' } });
  assert.equal(view(s).get('d1').theme_id, 't1');
  assert.equal(s.records.get('d1').theme_id, null, 'the server copy is untouched');
  assert.equal(themesWithCards(view(s), 'b-nww')[0].count, 2);
  ackPending(s, 'o1', 11);
  assert.equal(view(s).get('d1').theme_id, 't1', 'still shown between ack and ev');
  applyEv(s, { seq: 11, put: [{ ...data('d1', 'b-nww'), theme_id: 't1', v: 2 }], del: [] });
  assert.equal(s.pending.length, 0);
  assert.equal(view(s).get('d1').theme_id, 't1');
});

test('ev arriving before ack, then ack, leaves no pending op', () => {
  const s = welcomed();
  addPending(s, { id: 'o1', op: 'card.group', args: { card_id: 'd1', theme_id: 't1' } });
  applyEv(s, { seq: 11, put: [{ ...data('d1', 'b-nww'), theme_id: 't1', v: 2 }], del: [] });
  ackPending(s, 'o1', 11);
  assert.equal(s.pending.length, 0);
});

test('rejected op rolls back', () => {
  const s = welcomed();
  addPending(s, { id: 'o1', op: 'card.group', args: { card_id: 'd1', theme_id: 't1' } });
  assert.equal(view(s).get('d1').theme_id, 't1');
  assert.equal(rejectPending(s, 'o1').op, 'card.group');
  assert.equal(view(s).get('d1').theme_id, null);
  assert.equal(rejectPending(s, 'o1'), null);
});

test('optimistic create shows a pending theme with a temporary id', () => {
  const s = welcomed();
  addPending(s, { id: 'o2', op: 'card.create', args: { board_id: 'b-nww', type: 'theme', text: 'I need help' } });
  const themes = themesWithCards(view(s), 'b-nww');
  assert.equal(themes.length, 2);
  assert.equal(themes[1].theme.id, tempId('o2'));
  assert.equal(themes[1].theme.pending, true);
});

test('optimistic delete of a theme returns its cards to not yet themed', () => {
  const s = welcomed();
  addPending(s, { id: 'o3', op: 'card.delete', args: { card_id: 't1' } });
  const recs = view(s);
  assert.equal(recs.has('t1'), false);
  assert.deepEqual(unthemedCards(recs, 'b-nww').map((c) => c.id), ['d1', 'd2', 'd3']);
});

test('optimistic move to another board takes the card out of its theme and retags it', () => {
  const s = welcomed();
  addPending(s, { id: 'o4', op: 'card.update', args: { card_id: 'd2', board_id: 'b-ww' } });
  const c = view(s).get('d2');
  assert.equal(c.board_id, 'b-ww');
  assert.equal(c.tag, 'ww');
  assert.equal(c.theme_id, null);
});

test('optimistic duplicate and split', () => {
  const s = welcomed([theme('t2', 'b-nww', 'I want to work', '2026-01-01T00:00:05Z')]);
  addPending(s, { id: 'o5', op: 'card.duplicate', args: { card_id: 'd2', theme_id: 't2' } });
  assert.equal(dataCardsOfTheme(view(s), 't2').length, 1);
  addPending(s, { id: 'o6', op: 'card.split', args: { card_id: 'd1', texts: ['a', 'b'] } });
  const un = unthemedCards(view(s), 'b-nww');
  assert.deepEqual(un.map((c) => c.text), ['text d3', 'a', 'b']);
});

test('the view is memoised until the store changes', () => {
  const s = welcomed();
  addPending(s, { id: 'o1', op: 'card.group', args: { card_id: 'd1', theme_id: 't1' } });
  const a = view(s);
  assert.equal(view(s), a);
  applyEv(s, { seq: 11, put: [], del: ['d3'] });
  assert.notEqual(view(s), a);
  assert.equal(view(s).has('d3'), false);
});
