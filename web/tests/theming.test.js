// Which theming board a phone shows: the one picked, until the agenda moves to another activity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentBoard } from '../screens/theming.js';

function recs(activity, showing = null) {
  return new Map([
    ['w', { id: 'w', kind: 'workshop', activity, showing }],
    ['bw', { id: 'bw', kind: 'board', type: 'ww' }],
    ['bn', { id: 'bn', kind: 'board', type: 'nww' }],
    ['bi', { id: 'bi', kind: 'board', type: 'iff' }],
  ]);
}

test("the activity's board is shown first, else the one shown to everyone, else the first", () => {
  assert.equal(currentBoard(recs('nww_theming'), {}).id, 'bn');
  assert.equal(currentBoard(recs('iff_feedback'), {}).id, 'bi');
  assert.equal(currentBoard(recs('lunch', { board_id: 'bi' }), {}).id, 'bi');
  assert.equal(currentBoard(recs('lunch'), {}).id, 'bw');
});

test('a board picked by hand stays until the activity changes', () => {
  const ui = { themingPick: { id: 'bi', activity: 'nww_theming' } };
  assert.equal(currentBoard(recs('nww_theming'), ui).id, 'bi');
  assert.equal(currentBoard(recs('iff_feedback'), ui).id, 'bi', 'a new activity forgets the pick…');
  assert.equal(ui.themingPick, null, '…and brings its own board forward');
  ui.themingPick = { id: 'gone', activity: 'iff_feedback' };
  assert.equal(currentBoard(recs('iff_feedback'), ui).id, 'bi', 'a board that has gone is not picked');
});

test('a break or lunch keeps the board of the activity before (it went back to the first)', () => {
  const ui = {};
  assert.equal(currentBoard(recs('nww_theming'), ui).id, 'bn');
  assert.equal(currentBoard(recs('lunch_1'), ui).id, 'bn');
  assert.equal(currentBoard(recs('lunch_1', { board_id: 'bi' }), ui).id, 'bi', 'the board shown to everyone still wins');
  assert.equal(currentBoard(recs('ww_theming'), ui).id, 'bw');
  assert.equal(currentBoard(recs('break_1'), ui).id, 'bw');
});
