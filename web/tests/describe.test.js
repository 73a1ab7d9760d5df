// Tests of the sentences announced for other people's changes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { describeEvent } from '../model/describe.js';

const recs = new Map([
  ['p2', { id: 'p2', kind: 'participant', name: 'Ada' }],
  ['b1', { id: 'b1', kind: 'board', type: 'nww' }],
  ['b2', { id: 'b2', kind: 'board', type: 'ww' }],
  ['t1', { id: 't1', kind: 'card', type: 'theme', text: 'I am lonely', board_id: 'b1' }],
]);

test('group into a theme and out of it', () => {
  const d = { id: 'd1', kind: 'card', type: 'data', board_id: 'b1', theme_id: 't1' };
  assert.equal(describeEvent({ op: 'card.group', by: 'p2', put: [d] }, new Map(), recs), 'Ada moved a card to I am lonely');
  assert.equal(describeEvent({ op: 'card.group', by: 'p2', put: [{ ...d, theme_id: null }] }, new Map(), recs), 'Ada took a card out of its theme');
});

test('create, rename, move board, delete', () => {
  const t = { id: 't9', kind: 'card', type: 'theme', text: 'I want a job', board_id: 'b1' };
  assert.equal(describeEvent({ op: 'card.create', by: 'p2', put: [t] }, new Map(), recs), 'Ada added the theme I want a job');
  assert.equal(describeEvent({ op: 'card.update', by: 'p2', put: [{ ...t, text: 'I want work' }] }, new Map([['t9', t]]), recs), 'Ada renamed a theme to I want work');
  const d = { id: 'd1', kind: 'card', type: 'data', board_id: 'b1' };
  assert.equal(describeEvent({ op: 'card.update', by: 'p2', put: [{ ...d, board_id: 'b2' }] }, new Map([['d1', d]]), recs), 'Ada moved a card to Working well');
  assert.equal(describeEvent({ op: 'card.delete', by: 'p2', put: [], del: ['t9'] }, new Map([['t9', t]]), recs), 'Ada deleted the theme I want a job');
  assert.equal(describeEvent({ op: 'card.delete', by: 'nobody', put: [], del: ['x'] }, new Map(), recs), 'Someone deleted a card');
});

test('unknown ops are not announced, joins are', () => {
  assert.equal(describeEvent({ op: 'round.open', by: 'p2', put: [{ id: 'r', kind: 'round' }] }, new Map(), recs), null);
  assert.equal(describeEvent({ op: 'participant.join', by: 'p3', put: [{ id: 'p3', kind: 'participant', name: 'Bea' }] }, new Map(), recs), 'Bea joined');
});
