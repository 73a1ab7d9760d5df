// Rooms, hands, countdowns, chat channels and poll results: the pure selectors of model/rooms.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  rooms, tables, roomName, roomOf, inChillOut, peopleIn, handsRaised, connectionTrouble, secondsLeft, mmss,
  inWords, timersFor, bannerTimers, currentAnnouncement, sinceActivity, chatOf, announcements, pollsFor, myAnswer, resultsVisible, resultsWait, tooFewToShow, pollResults, parseOptions,
  unseenChillOuts,
} from '../model/rooms.js';

function recsOf(list) {
  return new Map(list.map((r) => [r.id, r]));
}

const base = [
  { id: 'w', kind: 'workshop', breakout: { status: 'open', choose: false, ends_at: '2026-01-01T10:10:00Z', opened_at: 'x' } },
  { id: 'm', kind: 'room', type: 'main', name: 'Main room', number: null },
  { id: 't2', kind: 'room', type: 'table', name: 'Table 2', number: 2 },
  { id: 't1', kind: 'room', type: 'table', name: 'Table 1', number: 1 },
  { id: 'c', kind: 'room', type: 'chill_out', name: 'Chill-out room', number: null },
  { id: 'ada', kind: 'participant', role: 'participant', name: 'Ada', room_id: 't1', hand_raised: true, hand_raised_at: '2026-01-01T10:02:00Z' },
  { id: 'ben', kind: 'participant', role: 'participant', name: 'Ben', room_id: 'c', hand_raised: true, hand_raised_at: '2026-01-01T10:01:00Z' },
  { id: 'sam', kind: 'participant', role: 'facilitator', name: 'Sam', room_id: null },
  { id: 'pj', kind: 'participant', role: 'projector', name: 'Projector', room_id: null },
];

test('rooms: main, tables by number, chill-out; names and where people are', () => {
  const recs = recsOf(base);
  assert.deepEqual(rooms(recs).map((r) => r.id), ['m', 't1', 't2', 'c']);
  assert.deepEqual(tables(recs).map((r) => r.id), ['t1', 't2']);
  assert.equal(roomName(recs, 't2'), 'Table 2');
  assert.equal(roomName(recs, null), 'Main room');
  assert.equal(roomOf(recs, recs.get('sam')).id, 'm');
  assert.ok(inChillOut(recs, recs.get('ben')));
  assert.ok(!inChillOut(recs, recs.get('ada')));
  assert.deepEqual(peopleIn(recs, 'm').map((p) => p.id), ['sam']); // projectors are not people in a room
});

test('hands in the order raised; a connection keeps dropping from 2 comebacks', () => {
  assert.deepEqual(handsRaised(recsOf(base)).map((p) => p.id), ['ben', 'ada']);
  assert.ok(!connectionTrouble(1));
  assert.ok(connectionTrouble(2));
});

test('countdowns: mm:ss text, words, and the timers of a room', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  assert.equal(secondsLeft('2026-01-01T10:01:15Z', now), 75);
  assert.equal(secondsLeft('2026-01-01T09:00:00Z', now), 0);
  assert.equal(mmss(75), '01:15');
  assert.equal(mmss(3725), '1:02:05');
  assert.equal(inWords(61), '1 minute 1 second');
  const recs = recsOf([...base,
    { id: 'a', kind: 'timer', status: 'running', label: 'All', room_id: null, ends_at: '2026-01-01T10:05:00Z' },
    { id: 'b', kind: 'timer', status: 'running', label: 'T2', room_id: 't2', ends_at: '2026-01-01T10:03:00Z' },
    { id: 'c2', kind: 'timer', status: 'stopped', label: 'Old', room_id: null, ends_at: '2026-01-01T10:04:00Z' },
  ]);
  assert.deepEqual(timersFor(recs, 't1', now).map((t) => t.label), ['All', 'Breakout rooms']);
  assert.deepEqual(timersFor(recs, 't2', now).map((t) => t.label), ['T2', 'All', 'Breakout rooms']);
});

test('what belongs to the activity on now: ended timers and messages from before it changed go', () => {
  const now = Date.parse('2026-01-01T10:00:30Z');
  const list = [
    { id: 'old', kind: 'timer', status: 'running', label: 'Table 2 feedback', room_id: null, started_at: '2026-01-01T09:57:00Z', ends_at: '2026-01-01T10:00:00Z' },
    { id: 'long', kind: 'timer', status: 'running', label: 'Break', room_id: null, started_at: '2026-01-01T09:58:00Z', ends_at: '2026-01-01T10:20:00Z' },
    { id: 'new', kind: 'timer', status: 'running', label: 'Now', room_id: null, started_at: '2026-01-01T09:59:30Z', ends_at: '2026-01-01T10:00:10Z' },
    { id: 'a1', kind: 'chat', room_id: null, text: 'Day 1 message', at: '2026-01-01T09:58:30Z', announcement: true },
  ];
  const w = { ...base[0], breakout: null };
  const never = recsOf([w, ...list]);
  assert.deepEqual(bannerTimers(never, 'm', now).map((x) => x.id), ['old', 'new', 'long']); // never moved on: all kept
  assert.equal(currentAnnouncement(never).id, 'a1');
  const moved = recsOf([{ ...w, activity_at: '2026-01-01T09:59:00Z' }, ...list]);
  assert.equal(sinceActivity(moved, '2026-01-01T09:59:00Z'), true);
  assert.equal(sinceActivity(moved, '2026-01-01T09:58:59Z'), false);
  // the ended one from before goes; one still running stays; one ended in this activity says time is up
  assert.deepEqual(bannerTimers(moved, 'm', now).map((x) => x.id), ['new', 'long']);
  assert.equal(currentAnnouncement(moved), null);
  const later = recsOf([{ ...w, activity_at: '2026-01-01T09:59:00Z' }, ...list,
    { id: 'a2', kind: 'chat', room_id: null, text: 'Day 2 message', at: '2026-01-01T10:00:00Z', announcement: true }]);
  assert.equal(currentAnnouncement(later).id, 'a2');
});

test('chat channels and announcements', () => {
  const recs = recsOf([...base,
    { id: 'm1', kind: 'chat', room_id: 't1', text: 'hi', at: '2', announcement: false },
    { id: 'm2', kind: 'chat', room_id: null, text: 'all', at: '1', announcement: false },
    { id: 'm3', kind: 'chat', room_id: null, text: 'Come back', at: '3', announcement: true },
    { id: 'm4', kind: 'chat', room_id: null, text: '', at: '4', announcement: true, hidden: true },
  ]);
  assert.deepEqual(chatOf(recs, 't1').map((m) => m.id), ['m1']);
  assert.deepEqual(chatOf(recs, null).map((m) => m.id), ['m2', 'm3', 'm4']);
  assert.deepEqual(announcements(recs).map((m) => m.id), ['m3']);
});

test('polls: room, my answer, when results show, named results', () => {
  const p1 = { id: 'p1', kind: 'poll', question: 'Q', options: ['A', 'B'], counts: [1, 2], answered: 3, status: 'open', show: 'on_close', anonymous: false, room_id: null, created_at: '1' };
  const p2 = { id: 'p2', kind: 'poll', question: 'T2 only', options: ['A', 'B'], counts: null, answered: 0, status: 'open', show: 'live', anonymous: true, room_id: 't2', created_at: '2' };
  const recs = recsOf([...base, p1, p2,
    { id: 'a1', kind: 'poll_answer', poll_id: 'p1', voter_id: 'ada', voter_name: 'Ada', choices: [1] },
    { id: 'a2', kind: 'poll_answer', poll_id: 'p1', voter_id: 'ben', voter_name: 'Ben', choices: [0, 1] },
  ]);
  assert.deepEqual(pollsFor(recs, recs.get('ada'), 't1').map((p) => p.id), ['p1']);
  assert.deepEqual(pollsFor(recs, recs.get('sam'), 'm', true).map((p) => p.id), ['p2', 'p1']);
  assert.deepEqual(myAnswer(recs, 'p1', 'ada').choices, [1]);
  assert.equal(resultsVisible(p1, recs.get('ada')), false);
  assert.equal(resultsVisible(p1, recs.get('sam')), true);
  assert.equal(resultsVisible({ ...p1, status: 'closed' }, recs.get('ada')), true);
  const r = pollResults(recs, p1);
  assert.deepEqual(r.map((x) => [x.count, x.percent]), [[1, 33], [2, 67]]);
  assert.deepEqual(r[1].names, ['Ada', 'Ben']);
  assert.deepEqual(pollResults(recs, { ...p1, anonymous: true })[1].names, []);
  // rule Q1: an open anonymous poll's results wait for the close, for the staff too, whatever `show` says
  assert.equal(resultsWait(p2), true);
  assert.equal(resultsVisible(p2, recs.get('sam')), false);
  assert.equal(resultsVisible({ ...p2, status: 'closed', counts: [1, 0] }, recs.get('ada')), true);
  assert.equal(resultsWait({ ...p2, status: 'closed' }), false);
  assert.equal(resultsWait(p1), false);
  // rule Q2: an anonymous poll closed with fewer than 3 answers shows no results, to the staff neither
  const few = { ...p2, status: 'closed', counts: null, answered: 2 };
  assert.equal(tooFewToShow(few), true);
  assert.equal(resultsVisible(few, recs.get('sam')), false);
  assert.equal(tooFewToShow({ ...p2, status: 'closed', counts: [2, 1], answered: 3 }), false);
  assert.equal(tooFewToShow(p2), false);
  assert.equal(tooFewToShow({ ...p1, status: 'closed' }), false);
  assert.deepEqual(parseOptions(' Yes \n\n No\n'), ['Yes', 'No']);
});

test('remote toolkit changes that concern you are announced in words', async () => {
  const { describeRoomEvent } = await import('../screens/rooms.js');
  const recs = recsOf(base);
  const ada = recs.get('ada');
  const moved = { ...ada, room_id: 't2' };
  const prev = new Map([['ada', ada]]);
  const after = recsOf([...base.filter((r) => r.id !== 'ada'), moved]);
  assert.equal(describeRoomEvent({ op: 'room.assign', put: [moved] }, prev, after, moved), 'A host moved you to Table 2.');
  assert.equal(describeRoomEvent({ op: 'poll.create', put: [{ kind: 'poll', question: 'Tea?' }] }, new Map(), recs, ada), 'New poll: Tea?');
  assert.equal(describeRoomEvent({ op: 'timer.start', put: [{ kind: 'timer', label: 'Feedback', seconds: 180, room_id: 't2' }] }, new Map(), recs, ada), null);
  assert.equal(describeRoomEvent({ op: 'hand.raise', put: [ada] }, new Map(), recs, recs.get('sam')), 'Ada raised a hand.');
  assert.equal(describeRoomEvent({ op: 'hand.raise', put: [recs.get('ben')] }, new Map(), recs, ada), null);
});

test('unread chat: others\' messages after the last one seen, by channel; a first visit has seen all before it', async () => {
  const { unreadChats, latestChatAt } = await import('../model/rooms.js');
  const r = recsOf([
    { id: 'm1', kind: 'chat', room_id: 't1', by: 'ada', at: '2026-01-01T10:00:00Z', text: 'hi' },
    { id: 'm2', kind: 'chat', room_id: 't1', by: 'ada', at: '2026-01-01T10:05:00Z', text: 'help please' },
    { id: 'm3', kind: 'chat', room_id: null, by: 'ben', at: '2026-01-01T10:06:00Z', text: 'to everyone' },
    { id: 'm4', kind: 'chat', room_id: 't2', by: 'sam', at: '2026-01-01T10:07:00Z', text: 'mine' },
    { id: 'm5', kind: 'chat', room_id: null, by: 'sam', at: '2026-01-01T10:08:00Z', text: 'all rooms', announcement: true },
  ]);
  const sam = { id: 'sam', role: 'facilitator' };
  assert.deepEqual([...unreadChats(r, sam, {})], [['t1', 2], ['everyone', 1]]);
  assert.deepEqual([...unreadChats(r, sam, { t1: '2026-01-01T10:00:00Z' })], [['t1', 1], ['everyone', 1]]);
  assert.deepEqual([...unreadChats(r, sam, { $since: '2026-01-01T10:05:00Z' })], [['everyone', 1]]);
  assert.equal(latestChatAt(r), '2026-01-01T10:08:00Z');
  assert.equal(latestChatAt(r, 't1'), '2026-01-01T10:05:00Z');
});

test('the chill-out visits no staff member has marked as seen, the earliest first', () => {
  const recs = recsOf([
    { id: 'a', kind: 'participant', name: 'Ann', chill_out_alert: { at: '2026-01-01T10:05:00Z', seen_by: null } },
    { id: 'b', kind: 'participant', name: 'Bea', chill_out_alert: { at: '2026-01-01T10:01:00Z' } },
    { id: 'c', kind: 'participant', name: 'Cai', chill_out_alert: { at: '2026-01-01T10:00:00Z', seen_by: 'host1' } },
    { id: 'd', kind: 'participant', name: 'Dee' },
  ]);
  assert.deepEqual(unseenChillOuts(recs).map((p) => p.id), ['b', 'a']);
});
