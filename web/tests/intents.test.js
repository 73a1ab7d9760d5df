// The named intents become the ops of the protocol, with the arguments the server's registry reads.
import test from 'node:test';
import assert from 'node:assert/strict';
import { intents } from '../app/intents.js';

function recorder() {
  const sent = [];
  const intent = intents((op, args) => { sent.push([op, args]); return Promise.resolve({ ok: true }); });
  return { sent, intent };
}

test('a dot is cast and taken back as vote.cast / vote.retract with the round and the target', async () => {
  const { sent, intent } = recorder();
  assert.deepEqual(await intent.castDot('r1', 't1'), { ok: true });
  intent.takeBackDot('r1', 't1');
  intent.abstain('r1', false);
  assert.deepEqual(sent, [
    ['vote.cast', { round_id: 'r1', target_id: 't1' }],
    ['vote.retract', { round_id: 'r1', target_id: 't1' }],
    ['round.abstain', { round_id: 'r1', abstain: false }],
  ]);
});

test('card intents: one op each, the ids under the names the server reads', () => {
  const { sent, intent } = recorder();
  intent.addCard('b1', 'idea', 'Walking group', { hat: 'C', board_id: 'not this one' });
  intent.groupCard('c1', null);
  intent.moveCardToBoard('c1', 'b2');
  intent.copyCard('c1', 't2');
  intent.splitCard('c1', ['a', 'b']);
  intent.editCard('c1', 'New words');
  intent.deleteCard('c1');
  intent.createBoard('ww');
  intent.showBoard(null);
  assert.deepEqual(sent, [
    ['card.create', { hat: 'C', board_id: 'b1', type: 'idea', text: 'Walking group' }],
    ['card.group', { card_id: 'c1', theme_id: null }],
    ['card.update', { card_id: 'c1', board_id: 'b2' }],
    ['card.duplicate', { card_id: 'c1', theme_id: 't2' }],
    ['card.split', { card_id: 'c1', texts: ['a', 'b'] }],
    ['card.update', { card_id: 'c1', text: 'New words' }],
    ['card.delete', { card_id: 'c1' }],
    ['board.create', { type: 'ww' }],
    ['workshop.show', { board_id: null }],
  ]);
});
