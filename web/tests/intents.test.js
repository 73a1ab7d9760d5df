// The named intents become the ops of the protocol, with the arguments the server's registry reads.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { intents } from '../app/intents.js';
import { OP, SERVER_OP } from '../protocol.js';
import { WEB, modules } from './fixtures/web_modules.js';

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

test('the rooms, timers, polls and settings intents send only the arguments given', () => {
  const { sent, intent } = recorder();
  intent.sendChat('Hello', null);
  intent.sendChat('Hello', 'room1');
  intent.lowerHand();
  intent.lowerHand('p1');
  intent.openBreakouts();
  intent.openBreakouts(600);
  intent.startTimer(180, 'Table 2 feedback');
  intent.startTimer(60, null, 'room1');
  intent.startTimer(60, '');
  intent.createPoll({ question: 'Q', options: ['a', 'b'], multiple: false, anonymous: true, show: 'live', roomId: '' });
  intent.createPoll({ question: 'Q', options: ['a', 'b'], multiple: true, anonymous: false, show: 'on_close', roomId: 'room1' });
  intent.openFeedback({ place: '', title: 'Day 1' });
  intent.openFeedback({ checkinId: 'k1' });
  intent.correctCheckin('k1', 'typo', { note: '', planStatus: undefined });
  intent.setPlanStatus('pl1', 'on_track');
  intent.setPlanStatus('pl1', 'stuck', 'No money');
  intent.mergeIdeas(['c1', 'c2']);
  intent.mergeIdeas(['c1', 'c2'], 'Walks');
  intent.addTopIdeas('r1', 3);
  intent.addTopIdeas('r1', 3, ['c9']);
  intent.openIdeaVote(['b1', 'b2']);
  intent.setTeam([{ name: 'Ann', role: 'Chair' }], '');
  intent.noteMopUpItem('i1', '');
  assert.deepEqual(sent, [
    ['chat.send', { text: 'Hello', everyone: true }],
    ['chat.send', { text: 'Hello', room_id: 'room1' }],
    ['hand.lower', {}],
    ['hand.lower', { participant_id: 'p1' }],
    ['breakout.open', {}],
    ['breakout.open', { seconds: 600 }],
    ['timer.start', { seconds: 180, label: 'Table 2 feedback' }],
    ['timer.start', { seconds: 60, room_id: 'room1' }],
    ['timer.start', { seconds: 60, label: '' }],
    ['poll.create', { question: 'Q', options: ['a', 'b'], multiple: false, anonymous: true, show: 'live' }],
    ['poll.create', { question: 'Q', options: ['a', 'b'], multiple: true, anonymous: false, show: 'on_close', room_id: 'room1' }],
    ['feedback.open', { title: 'Day 1' }],
    ['feedback.open', { checkin_id: 'k1' }],
    ['checkin.correct', { checkin_id: 'k1', reason: 'typo', note: '' }],
    ['plan.set_status', { plan_id: 'pl1', status: 'on_track' }],
    ['plan.set_status', { plan_id: 'pl1', status: 'stuck', reason: 'No money' }],
    ['card.merge', { card_ids: ['c1', 'c2'] }],
    ['card.merge', { card_ids: ['c1', 'c2'], text: 'Walks' }],
    ['grid.add_top', { round_id: 'r1', per_table: 3 }],
    ['grid.add_top', { round_id: 'r1', per_table: 3, chosen: ['c9'] }],
    ['round.open', { board_id: 'b1', board_ids: ['b1', 'b2'] }],
    ['welcome.update', { team: [{ name: 'Ann', role: 'Chair' }], parking_reviewer: null }],
    ['mop_up.note', { item_id: 'i1', taken_to: null }],
  ]);
});

test('every op of the protocol has an intent, and every intent sends an op of the protocol', () => {
  const { sent, intent } = recorder();
  for (const [name, fn] of Object.entries(intent)) {
    const before = sent.length;
    // Placeholder arguments: what is checked is the op each sends; the arguments' names are checked above.
    fn('x', 'y', 'z');
    assert.equal(sent.length, before + 1, `${name} sends one op`);
  }
  const ops = new Set(sent.map(([op]) => op));
  const all = new Set(Object.values(OP));
  assert.deepEqual([...ops].filter((op) => !all.has(op)), [], 'ops the protocol does not have');
  assert.deepEqual([...all].filter((op) => !ops.has(op)), [], 'ops with no intent');
});

// The browser's modules, their text with comments left out (a comment may name an op).

test('no screen sends an op by its name: they act through ctx.intent, and only the shell holds the send', () => {
  const found = [];
  for (const file of modules(WEB)) {
    const rel = path.relative(WEB, file);
    const code = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    // a literal op name sent (send('card.create', …)), the send handed to screens, or an op picked by a condition
    for (const m of code.matchAll(/\bsend\(\s*(?:['"`]|[^)]*\?\s*['"`])|\bctx\.send\b/g)) found.push(`${rel}: ${m[0]}`);
    // app/net.js is the connection the one send hands its ops to: it reads OP (a create kept in doubt) but picks none
    const own = [path.join('app', 'intents.js'), path.join('app', 'net.js')];
    if (!own.includes(rel) && /\bOP\.\w+/.test(code) && /\bsend\(/.test(code)) found.push(`${rel}: sends an OP itself`);
  }
  assert.deepEqual(found, []);
});

test('no module names an op by a string: each takes its name from OP or SERVER_OP of the generated protocol.js', () => {
  const names = new Set([...Object.values(OP), ...Object.values(SERVER_OP)]);
  const found = [];
  for (const file of modules(WEB)) {
    const rel = path.relative(WEB, file);
    if (rel.startsWith('protocol')) continue;
    const code = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\/?\*).*$/gm, '');
    for (const m of code.matchAll(/(['"`])([a-z_]+\.[a-z_]+)\1/g)) if (names.has(m[2])) found.push(`${rel}: ${m[0]}`);
  }
  assert.deepEqual(found, []);
});
