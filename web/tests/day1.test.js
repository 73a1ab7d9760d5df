// Tests of the Day 1 selectors: agenda, voting, tables, root causes, success, parking, feedback.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  agendaNowNext, agendaByDay, agendaArgs, boardsForItem, validTime, roundOfBoard, myDots, dotsLeftText, dotsText,
  voteChoices, ordinal, voteResults, votingProgress, tablesWithThemes, myTable, defaultTableThemes, whyChain,
  rootCauses, successSlots, parkingItems, feedbackState, STAGES, QUESTIONS, PERSPECTIVES,
} from '../model/day1.js';
import { predict } from '../model/store.js';

const agenda = [
  { key: 'welcome', day: 1, time: '10:00', title: 'Welcome', boards: ['welcome'] },
  { key: 'voting', day: 1, time: '13:30', title: 'Voting', boards: ['nww'] },
  { key: 'root_causes', day: 1, time: '13:40', title: 'Root causes', boards: ['root_causes'] },
  { key: 'welcome_2', day: 2, time: '10:00', title: 'Welcome / opening round', boards: ['welcome'] },
];

function records(list) {
  return new Map(list.map((r) => [r.id, r]));
}

test('the fixed texts: 8 stages, 3 questions, 3 perspectives', () => {
  assert.equal(STAGES.length, 8);
  assert.deepEqual(QUESTIONS.map((q) => q[0]), ['ww', 'nww', 'iff']);
  assert.deepEqual(PERSPECTIVES.map((p) => [p.key, p.colour]), [['people_families', 'green'], ['providers', 'orange'], ['buyers', 'blue']]);
});

test('agenda: now and next, before the start and in the middle', () => {
  const w = { id: 'w', kind: 'workshop', agenda, activity: null };
  let nn = agendaNowNext(records([w]));
  assert.equal(nn.now, null);
  assert.equal(nn.next.key, 'welcome');
  nn = agendaNowNext(records([{ ...w, activity: 'voting' }]));
  assert.equal(nn.now.title, 'Voting');
  assert.equal(nn.next.key, 'root_causes');
  nn = agendaNowNext(records([{ ...w, activity: 'welcome_2' }]));
  assert.equal(nn.next, null);
  assert.deepEqual(agendaByDay(agenda).map(([d, items]) => [d, items.length]), [[1, 3], [2, 1]]);
});

test('agenda: times and the args of agenda.update', () => {
  assert.ok(validTime('10:40') && validTime('') && validTime(null));
  assert.ok(!validTime('9:40') && !validTime('24:00') && !validTime('10.40'));
  const args = agendaArgs([{ key: 'a', day: '2', time: '', title: ' Lunch ', boards: [] }]);
  assert.deepEqual(args, { items: [{ key: 'a', day: 2, title: 'Lunch', boards: [] }] });
});

test('agenda boards: the main board, or my own table\'s board; staff see every table', () => {
  const recs = records([
    { id: 'main', kind: 'room', type: 'main' },
    { id: 't1', kind: 'room', type: 'table', name: 'Table 1', number: 1 },
    { id: 't2', kind: 'room', type: 'table', name: 'Table 2', number: 2 },
    { id: 'bn', kind: 'board', type: 'nww', room_id: 'main', order: 2 },
    { id: 'r1', kind: 'board', type: 'root_causes', room_id: 't1', order: 5 },
    { id: 'r2', kind: 'board', type: 'root_causes', room_id: 't2', order: 6 },
  ]);
  const ada = { id: 'p', role: 'participant', table_id: 't2' };
  assert.deepEqual(boardsForItem(recs, agenda[1], ada).map((x) => x.board.id), ['bn']);
  assert.deepEqual(boardsForItem(recs, agenda[2], ada).map((x) => x.board.id), ['r2']);
  const staff = boardsForItem(recs, agenda[2], { id: 'f', role: 'facilitator' });
  assert.deepEqual(staff.map((x) => [x.board.id, x.label]), [['r1', 'Root causes, Table 1'], ['r2', 'Root causes, Table 2']]);
  assert.deepEqual(boardsForItem(recs, agenda[0], ada), [{ type: 'welcome', label: 'Welcome', board: null }]);
});

test('voting: the open round wins, my dots, what I may do', () => {
  const closed = { id: 'v1', kind: 'round', board_id: 'b', status: 'closed', opened_at: '1', per_person: 3, per_target: 2, tallies: {} };
  const open = { id: 'v2', kind: 'round', board_id: 'b', status: 'open', opened_at: '2', per_person: 3, per_target: 2, tallies: {} };
  const recs = records([closed, open,
    { id: 'd1', kind: 'vote', round_id: 'v2', voter_id: 'me', target_id: 't1' },
    { id: 'd2', kind: 'vote', round_id: 'v2', voter_id: 'me', target_id: 't1' },
    { id: 'd3', kind: 'vote', round_id: 'v1', voter_id: 'me', target_id: 't2' }]);
  assert.equal(roundOfBoard(recs, 'b').id, 'v2');
  assert.equal(roundOfBoard(records([closed]), 'b').id, 'v1');
  assert.equal(roundOfBoard(recs, 'other'), null);
  const mine = myDots(recs, 'v2', 'me');
  assert.equal(mine.total, 2);
  assert.equal(dotsLeftText(open.per_person - mine.total), 'You have 1 dot left');
  assert.equal(dotsLeftText(0), 'You have used all your dots');
  assert.equal(dotsText(3), '3 dots');
  assert.equal(dotsText(1), '1 dot');
  assert.deepEqual(voteChoices(open, mine, 't1'), { canAdd: false, canTake: true, reason: 'You already put 2 dots here, the most on one theme.' });
  assert.equal(voteChoices(open, mine, 't2').canAdd, true);
  assert.equal(voteChoices(closed, mine, 't2').canAdd, false);
  const full = myDots(records([...recs.values(), { id: 'd4', kind: 'vote', round_id: 'v2', voter_id: 'me', target_id: 't3' }]), 'v2', 'me');
  assert.equal(voteChoices(open, full, 't2').canAdd, false);
});

test('results: sorted by dots, ties shown as ties', () => {
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 103].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '103rd']);
  const themes = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, text: id }));
  const round = { tallies: { a: 2, b: 5, c: 2, d: 1 } };
  const res = voteResults(round, themes);
  assert.deepEqual(res.map((r) => [r.card.id, r.dots, r.place]), [
    ['b', 5, '1st'], ['a', 2, 'joint 2nd'], ['c', 2, 'joint 2nd'], ['d', 1, '4th'], ['e', 0, '5th']]);
  assert.deepEqual(defaultTableThemes(round, themes, 3), ['b', 'a', 'c']);
  // A hidden round still open: no tallies, everyone level.
  assert.ok(voteResults({}, themes).every((r) => r.place === 'joint 1st'));
});

test('who has not used all their dots; abstainers apart; projectors never', () => {
  const recs = records([
    { id: 'a', kind: 'participant', role: 'participant', name: 'Ada' },
    { id: 'b', kind: 'participant', role: 'participant', name: 'Ben' },
    { id: 'c', kind: 'participant', role: 'participant', name: 'Cy' },
    { id: 'f', kind: 'participant', role: 'facilitator', name: 'Sam' },
    { id: 'x', kind: 'participant', role: 'projector', name: 'Screen' },
  ]);
  const round = { per_person: 3, dots_used: { a: 3, b: 1 }, abstained: ['c'] };
  const p = votingProgress(recs, round);
  assert.deepEqual(p.waiting.map((x) => [x.person.name, x.left]), [['Ben', 2]]);
  assert.deepEqual(p.abstained.map((x) => x.person.name), ['Cy']);
  assert.deepEqual(p.done.map((x) => x.person.name), ['Ada']);
});

test('tables, the why-chain, root causes, success slots', () => {
  const recs = records([
    { id: 't2', kind: 'room', type: 'table', number: 2, name: 'Table 2', theme_id: 'th', theme_text: 'I am lonely' },
    { id: 't1', kind: 'room', type: 'table', number: 1, name: 'Table 1' },
    { id: 'rb', kind: 'board', type: 'root_causes', room_id: 't2' },
    { id: 'sb', kind: 'board', type: 'success', room_id: 't2' },
    { id: 'n2', kind: 'card', type: 'note', board_id: 'rb', step: 2, text: 'Because the bus stopped', created_at: '1' },
    { id: 'n1', kind: 'card', type: 'note', board_id: 'rb', step: 1, text: 'Why? I stay in', created_at: '2' },
    { id: 'rc', kind: 'card', type: 'root_cause', board_id: 'rb', text: 'No transport', created_at: '3' },
    { id: 's1', kind: 'card', type: 'success', board_id: 'sb', perspective: 'providers', text: 'We ask', created_at: '4' },
  ]);
  const tables = tablesWithThemes(recs);
  assert.deepEqual(tables.map((t) => t.room.id), ['t1', 't2']);
  assert.equal(tables[1].themeText, 'I am lonely');
  assert.equal(tables[1].rootBoard.id, 'rb');
  assert.equal(myTable(recs, { table_id: 't2' }).successBoard.id, 'sb');
  assert.equal(myTable(recs, { table_id: null }), null);
  assert.deepEqual(whyChain(recs, 'rb').map((c) => c.id), ['n1', 'n2']);
  assert.deepEqual(rootCauses(recs, 'rb').map((c) => c.id), ['rc']);
  assert.deepEqual(successSlots(recs, 'sb').map((s) => [s.key, s.card && s.card.id]), [['people_families', null], ['providers', 's1'], ['buyers', null]]);
});

test('parking space and table feedback', () => {
  const base = [
    { id: 'pb', kind: 'board', type: 'parking', room_id: 'main' },
    { id: 'i1', kind: 'card', type: 'note', board_id: 'pb', text: 'Transport costs', created_at: '1' },
    { id: 'i2', kind: 'card', type: 'note', board_id: 'pb', text: 'Who pays?', created_at: '2', reviewed: true, response: 'Council' },
    { id: 't1', kind: 'room', type: 'table', number: 1, theme_text: 'A' },
    { id: 't2', kind: 'room', type: 'table', number: 2, theme_text: 'B' },
    { id: 'r1', kind: 'board', type: 'root_causes', room_id: 't1' },
    { id: 'r2', kind: 'board', type: 'root_causes', room_id: 't2' },
  ];
  const p = parkingItems(records(base));
  assert.deepEqual([p.waiting.map((c) => c.id), p.reviewed.map((c) => c.id)], [['i1'], ['i2']]);
  let f = feedbackState(records([...base, { id: 'w', kind: 'workshop', showing: null }]));
  assert.equal(f.current, null);
  assert.equal(f.next.room.id, 't1');
  f = feedbackState(records([...base, { id: 'w', kind: 'workshop', showing: { board_id: 'r1' } }]));
  assert.equal(f.current.room.id, 't1');
  assert.equal(f.next.room.id, 't2');
  f = feedbackState(records([...base, { id: 'w', kind: 'workshop', showing: { board_id: 'r2' } }]));
  assert.equal(f.next, null);
});

test('my dots count the ones on their way (own ops not yet applied)', () => {
  const recs = records([{ id: 'd1', kind: 'vote', round_id: 'v', voter_id: 'me', target_id: 't1' }]);
  const pending = [
    { op: 'vote.cast', args: { round_id: 'v', target_id: 't2' } },
    { op: 'vote.retract', args: { round_id: 'v', target_id: 't1' } },
    { op: 'vote.retract', args: { round_id: 'v', target_id: 't3' } }, // nothing there: ignored
    { op: 'vote.cast', args: { round_id: 'other', target_id: 't2' } },
    { op: 'card.create', args: { board_id: 'b' } },
  ];
  const mine = myDots(recs, 'v', 'me', pending);
  assert.equal(mine.total, 1);
  assert.equal(mine.byTarget.get('t1'), 0);
  assert.equal(mine.byTarget.get('t2'), 1);
  assert.equal(mine.sending.get('t2'), 1);
});

test('a success statement being saved already fills its slot', () => {
  const { put } = predict(new Map(), 'card.create', { board_id: 'sb', type: 'success', perspective: 'buyers', text: 'We fund buses' }, 'op1');
  const recs = records(put);
  const slots = successSlots(recs, 'sb');
  assert.equal(slots[2].card.text, 'We fund buses');
  assert.equal(slots[2].card.pending, true);
});

test("an agenda item's title: the guide's own in the reader's language, a typed one as written, none for no item", async () => {
  const { itemTitle } = await import('../model/day1.js');
  const { useCatalogue } = await import('../app/i18n.js');
  const { readFileSync } = await import('node:fs');
  useCatalogue('cy', JSON.parse(readFileSync(new URL('../i18n/cy.json', import.meta.url))));
  try {
    assert.equal(itemTitle({ key: 'voting', title: 'Dot voting' }), 'Pleidleisio â dotiau');
    assert.equal(itemTitle({ key: 'x1', title: 'Lunch with the mayor' }), 'Lunch with the mayor');
    assert.equal(itemTitle(null), '');
    assert.equal(itemTitle({ key: 'x2', title: '' }), '');
  } finally {
    useCatalogue('en', {});
  }
});
