// The describer registry (app/describers.js): what is said of another person's change comes from the
// describers loaded, asked in their order whatever order their modules arrived in; the first sentence wins.
import test from 'node:test';
import assert from 'node:assert/strict';
import { describeChange, describerIds, registerDescriber } from '../app/describers.js';

const recs = new Map([
  ['ada', { id: 'ada', kind: 'participant', name: 'Ada', role: 'participant' }],
  ['sam', { id: 'sam', kind: 'participant', name: 'Sam', role: 'facilitator' }],
  ['t2', { id: 't2', kind: 'room', type: 'table', name: 'Table 2' }],
]);
const idea = { op: 'card.create', by: 'ada', put: [{ id: 'c1', kind: 'card', type: 'idea', code: '1R', board_id: 'b1' }] };

test('before Day 2 is loaded its ideas are said as cards; once loaded, in its own words', async () => {
  // The boards' and the rooms' describers arrive first (as on a participant's phone on Day 1).
  await import('../model/describe.js');
  await import('../screens/rooms.js');
  assert.deepEqual(describerIds(), ['answers', 'boards', 'rooms']);
  assert.equal(describeChange(idea, new Map(), recs, recs.get('sam')), 'Ada added a card');
  await import('../screens/day2.js');
  assert.deepEqual(describerIds(), ['day2', 'answers', 'boards', 'rooms']);
  assert.equal(describeChange(idea, new Map(), recs, recs.get('sam')), 'Ada added idea 1R');
});

test("a change to you is the rooms' to say; nobody's sentence is null", () => {
  const me = { id: 'ada', kind: 'participant', name: 'Ada', room_id: 'm' };
  const moved = { ...me, room_id: 't2' };
  const after = new Map([...recs, ['ada', moved]]);
  assert.equal(describeChange({ op: 'room.assign', by: 'sam', put: [moved] }, new Map([['ada', me]]), after, moved), 'A host moved you to Table 2.');
  assert.equal(describeChange({ op: 'eph.nothing', by: 'sam', put: [] }, new Map(), recs, me), null);
});

test('a describer registered again replaces the first, keeping the order by `order`', () => {
  registerDescriber({ id: 'test-late', order: 95, describe: () => 'late' });
  registerDescriber({ id: 'test-late', order: 5, describe: (ev) => (ev.op === 'x.y' ? 'early' : null) });
  assert.equal(describerIds()[0], 'test-late');
  assert.equal(describerIds().filter((id) => id === 'test-late').length, 1);
  assert.equal(describeChange({ op: 'x.y', put: [] }, new Map(), recs, null), 'early');
});
