// Tests of the connection state machine (web/app/net.js) against a fake WebSocket and a fake
// fetch: hello, outbox, ack / err with rollback, resume with `since`, gaps, in-doubt creates after
// a drop, and the move to the HTTP transport (and back) when the socket is blocked.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createStore, view } from '../model/store.js';

// The browser globals net.js uses, faked.
const storage = new Map();
globalThis.localStorage = {
  getItem: (k) => (storage.has(k) ? storage.get(k) : null),
  setItem: (k, v) => storage.set(k, String(v)),
  removeItem: (k) => storage.delete(k),
};
const listeners = [];
const fire = (type) => { for (const [t, fn] of listeners) if (t === type) fn(); };
globalThis.window = { addEventListener: (t, fn) => listeners.push([t, fn]) };
globalThis.document = { addEventListener: (t, fn) => listeners.push([t, fn]), hidden: false };
globalThis.location = { protocol: 'http:', host: 'board.test' };

class FakeSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.sent = [];
    FakeSocket.all.push(this);
  }
  send(data) { this.sent.push(JSON.parse(data)); }
  close(code = 1006) { if (this.onclose) this.onclose({ code }); }
  open() { this.onopen(); }
  push(msg) { this.onmessage({ data: JSON.stringify(msg) }); }
  ops() { return this.sent.filter((f) => f.op !== 'hello' && f.op !== 'eph'); }
}
globalThis.WebSocket = FakeSocket;

const { Connection } = await import('../app/net.js');

const board = { id: 'b1', kind: 'board', v: 1, type: 'nww' };
const theme = { id: 't1', kind: 'card', v: 1, type: 'theme', board_id: 'b1', text: 'I am lonely' };
const card = { id: 'd1', kind: 'card', v: 1, type: 'data', board_id: 'b1', text: 'x', theme_id: null };
const me = { id: 'p1', kind: 'participant', v: 1, name: 'Ada', role: 'participant' };

function setup(t) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  storage.clear();
  FakeSocket.all = [];
  listeners.length = 0;
  const store = createStore();
  const seen = { errors: [], events: [], statuses: [], fatal: null };
  const conn = new Connection({
    wid: 'w1', token: 'tok', store,
    onerror: (e) => seen.errors.push(e),
    onevent: (ev, own) => seen.events.push({ ev, own }),
    onstatus: (s) => seen.statuses.push(s),
    onfatal: (e) => { seen.fatal = e; },
  });
  conn.start();
  return { store, conn, seen, ws: () => FakeSocket.all[FakeSocket.all.length - 1] };
}

function welcome(ws, seq = 5, extra = {}) {
  ws.push({ t: 'welcome', seq, me, records: [board, theme, card, me], online: ['p1'], ...extra });
}

test('hello first with the token, then live after welcome', (t) => {
  const { conn, seen, ws } = setup(t);
  assert.equal(ws().url, 'ws://board.test/ws/workshops/w1');
  ws().open();
  assert.deepEqual(ws().sent, [{ op: 'hello', token: 'tok' }]);
  welcome(ws());
  assert.equal(conn.live, true);
  assert.deepEqual(seen.statuses, ['live']);
});

test('an op before welcome waits in the outbox and goes after welcome, with an id', (t) => {
  const { conn, store, ws } = setup(t);
  ws().open();
  conn.send('card.group', { card_id: 'd1', theme_id: 't1' });
  assert.equal(ws().ops().length, 0);
  welcome(ws());
  const [op] = ws().ops();
  assert.equal(op.op, 'card.group');
  assert.ok(op.id);
  assert.equal(view(store).get('d1').theme_id, 't1', 'shown at once');
});

test('ack resolves, err rolls back and reports the server message', async (t) => {
  const { conn, store, seen, ws } = setup(t);
  ws().open();
  welcome(ws());
  const p1 = conn.send('card.group', { card_id: 'd1', theme_id: 't1' });
  const id1 = ws().ops()[0].id;
  ws().push({ t: 'ack', id: id1, seq: 6, result: {} });
  ws().push({ t: 'ev', seq: 6, op: 'card.group', by: 'p1', put: [{ ...card, theme_id: 't1', v: 2 }], del: [] });
  assert.equal((await p1).ok, true);
  assert.equal(store.pending.length, 0);
  assert.deepEqual(seen.events.map((e) => e.own), [true]);

  const p2 = conn.send('card.group', { card_id: 'd1', theme_id: null });
  assert.equal(view(store).get('d1').theme_id, null);
  const id2 = ws().ops()[1].id;
  ws().push({ t: 'err', id: id2, code: 'forbidden', message: 'Not now.' });
  const r = await p2;
  assert.equal(r.ok, false);
  assert.equal(view(store).get('d1').theme_id, 't1', 'rolled back');
  assert.equal(seen.errors[0].message, 'Not now.');
  assert.equal(JSON.parse(storage.get('coboard.outbox.w1')).length, 0);
});

test('after a drop: reconnecting, hello with since, unacked ops sent again', (t) => {
  const { conn, store, seen, ws } = setup(t);
  ws().open();
  welcome(ws(), 5);
  conn.send('card.group', { card_id: 'd1', theme_id: 't1' });
  const first = ws();
  first.close();
  assert.equal(conn.state, 'reconnecting');
  assert.deepEqual(seen.statuses, ['live', 'reconnecting']);
  conn.send('card.update', { card_id: 't1', text: 'I feel alone' });
  assert.equal(view(store).get('t1').text, 'I feel alone', 'offline ops still show');
  t.mock.timers.tick(600);
  assert.notEqual(ws(), first, 'a new socket after the backoff');
  ws().open();
  assert.deepEqual(ws().sent[0], { op: 'hello', token: 'tok', since: 5 });
  ws().push({ t: 'welcome', seq: 6, me, replay: [{ t: 'ev', seq: 6, op: 'card.create', by: 'p2', put: [{ ...card, id: 'd2' }], del: [] }], online: [] });
  assert.deepEqual(ws().ops().map((o) => o.op), ['card.group', 'card.update']);
  assert.ok(store.records.has('d2'));
  assert.equal(conn.live, true);
});

test('a create that reached the server before the drop is not sent twice', (t) => {
  const { conn, store, ws } = setup(t);
  ws().open();
  welcome(ws(), 5);
  conn.send('card.create', { board_id: 'b1', type: 'theme', text: 'I want a job' });
  assert.equal(ws().ops().length, 1);
  ws().close();
  t.mock.timers.tick(600);
  ws().open();
  // The replay shows the theme was made (its ack was lost with the connection).
  ws().push({ t: 'welcome', seq: 6, me, replay: [{ t: 'ev', seq: 6, op: 'card.create', by: 'p1', put: [{ ...theme, id: 't2', text: 'I want a job' }], del: [] }] });
  assert.equal(ws().ops().length, 0);
  assert.equal(store.pending.length, 0);
  assert.equal([...view(store).values()].filter((r) => r.text === 'I want a job').length, 1);
});

test('a missing seq makes the client resume with since', (t) => {
  const { store, ws } = setup(t);
  ws().open();
  welcome(ws(), 5);
  const first = ws();
  ws().push({ t: 'ev', seq: 7, op: 'card.create', by: 'p2', put: [{ ...card, id: 'd9' }], del: [] });
  assert.equal(store.records.has('d9'), false, 'not applied over a gap');
  t.mock.timers.tick(600);
  assert.notEqual(ws(), first);
  ws().open();
  assert.equal(ws().sent[0].since, 5);
});

test('the outbox survives a reload (localStorage) and is sent after the next welcome', (t) => {
  const { conn, ws } = setup(t);
  conn.send('card.group', { card_id: 'd1', theme_id: 't1' });
  assert.equal(JSON.parse(storage.get('coboard.outbox.w1')).length, 1);
  // A new page load.
  FakeSocket.all = [];
  const store2 = createStore();
  const conn2 = new Connection({ wid: 'w1', token: 'tok', store: store2 });
  conn2.start();
  ws().open();
  welcome(ws());
  assert.deepEqual(ws().ops().map((o) => o.op), ['card.group']);
  assert.equal(view(store2).get('d1').theme_id, 't1');
});

test('a bad token is fatal: no reconnect loop', (t) => {
  const { conn, seen, ws } = setup(t);
  ws().open();
  ws().push({ t: 'err', code: 'unauthorized', message: 'This link is not valid.' });
  ws().close(4401);
  assert.equal(conn.state, 'closed');
  assert.equal(seen.fatal.message, 'This link is not valid.');
  const n = FakeSocket.all.length;
  t.mock.timers.tick(20000);
  assert.equal(FakeSocket.all.length, n);
});

test('the network coming back, or a page woken after a long sleep, starts a fresh socket that resumes', (t) => {
  const { conn, ws } = setup(t);
  ws().open();
  welcome(ws(), 5);
  conn.send('card.group', { card_id: 'd1', theme_id: 't1' });
  const first = ws();
  fire('online');
  assert.notEqual(ws(), first);
  assert.equal(conn.state, 'reconnecting');
  first.push({ t: 'ev', seq: 6, put: [], del: [] }); // a late frame from the old socket is ignored
  ws().open();
  assert.deepEqual(ws().sent[0], { op: 'hello', token: 'tok', since: 5 });
  welcome(ws(), 5);
  assert.deepEqual(ws().ops().map((o) => o.op), ['card.group'], 'the unacked op is sent again');

  const second = ws();
  document.hidden = true;
  fire('visibilitychange');
  t.mock.timers.tick(5000);
  document.hidden = false;
  fire('visibilitychange');
  assert.equal(ws(), second, 'a short look away keeps the socket');
  document.hidden = true;
  fire('visibilitychange');
  const realNow = Date.now;
  Date.now = () => realNow() + 60000;
  try {
    document.hidden = false;
    fire('visibilitychange');
  } finally {
    Date.now = realNow;
  }
  assert.notEqual(ws(), second, 'after a long sleep the socket is replaced');
});

test('an op sent again after a drop and refused as already done is rolled back quietly', (t) => {
  const { conn, seen, ws } = setup(t);
  ws().open();
  welcome(ws(), 5);
  conn.send('card.duplicate', { card_id: 'd1', theme_id: 't1' });
  ws().close();
  conn.send('card.group', { card_id: 'd1', theme_id: null }); // made offline: never sent before
  t.mock.timers.tick(600);
  ws().open();
  welcome(ws(), 6);
  const [dup, group] = ws().ops();
  ws().push({ t: 'err', id: dup.id, code: 'invalid', message: 'The card is already in that theme.' });
  assert.equal(seen.errors.length, 0, 'in doubt: probably applied before the drop');
  ws().push({ t: 'err', id: group.id, code: 'invalid', message: 'Nope.' });
  assert.deepEqual(seen.errors.map((e) => e.message), ['Nope.'], 'an op first sent now reports its error');
});

// ---- the HTTP transport, when the socket is blocked ------------------------------------------

// The server's API, faked: every fetch waits until the test answers it.
const calls = [];
globalThis.fetch = (url, opts = {}) => new Promise((resolve, reject) => {
  const call = {
    url, method: opts.method || 'GET', headers: opts.headers || {}, body: opts.body ? JSON.parse(opts.body) : undefined,
    answer(status, body) { this.done = true; resolve({ ok: status === 200, status, json: async () => body }); },
    fail() { this.done = true; reject(new TypeError('Failed to fetch')); },
  };
  if (opts.signal) opts.signal.addEventListener('abort', () => { call.done = true; reject(new Error('aborted')); });
  calls.push(call);
});
const settle = () => new Promise((resolve) => setImmediate(resolve));
const pending = (path) => calls.filter((c) => !c.done && new URL(c.url, 'http://board.test').pathname.endsWith(path));

/** A page whose sockets are refused: each one closes before it opens. */
async function blocked(t) {
  calls.length = 0;
  const s = setup(t);
  s.modes = [];
  s.conn.onmode = (m) => s.modes.push(m);
  s.ws().close(1006);
  t.mock.timers.tick(600);
  s.ws().close(1006);
  await settle();
  return s;
}

test('a socket refused twice moves the page to HTTP: state, then long polls, and live', async (t) => {
  const { conn, store, seen, modes } = await blocked(t);
  assert.deepEqual(modes, ['http']);
  const [state] = pending('/state');
  assert.equal(state.url, '/api/workshops/w1/state');
  assert.equal(state.headers.Authorization, 'Bearer tok');
  assert.equal(state.headers['X-Coboard-Language'], 'en', "the page's language, for the server's refusals");
  state.answer(200, { seq: 5, me, records: [board, theme, card, { ...me, online: true }] });
  await settle();
  assert.equal(conn.live, true);
  assert.deepEqual(seen.statuses, ['live'], 'no "reconnecting" on the way: nothing alarming');
  const [poll] = pending('/events');
  const q = new URL(poll.url, 'http://board.test').searchParams;
  assert.equal(q.get('since'), '5');
  assert.equal(q.get('wait'), '25');
  poll.answer(200, { frames: [{ t: 'ev', seq: 6, op: 'card.create', by: 'p2', put: [{ ...card, id: 'd2' }], del: [] },
    { t: 'presence', participant_id: 'p2', online: true }], seq: 6 });
  await settle();
  assert.ok(store.records.has('d2'));
  assert.ok(store.online.has('p2'));
  assert.equal(new URL(pending('/events')[0].url, 'http://board.test').searchParams.get('since'), '6');
});

test('a socket that opens but never says welcome counts as refused', async (t) => {
  calls.length = 0;
  const { conn, ws } = setup(t);
  ws().open();
  t.mock.timers.tick(8000);
  t.mock.timers.tick(1000);
  ws().open();
  t.mock.timers.tick(8000);
  await settle();
  assert.equal(conn.mode, 'http');
  assert.equal(pending('/state').length, 1);
});

test('on HTTP, ops are POSTed one at a time in order, acked, and errors roll back', async (t) => {
  const { conn, store, seen } = await blocked(t);
  pending('/state')[0].answer(200, { seq: 5, me, records: [board, theme, card, me] });
  await settle();
  const p1 = conn.send('card.update', { card_id: 'd1', board_id: 'b1' });
  const p2 = conn.send('card.group', { card_id: 'd1', theme_id: 't1' });
  await settle();
  let posts = pending('/ops');
  assert.deepEqual(posts.map((c) => c.body.op), ['card.update'], 'the second waits for the first');
  assert.equal(posts[0].headers.Authorization, 'Bearer tok');
  posts[0].answer(200, { t: 'ack', id: posts[0].body.id, seq: 6, result: {} });
  await settle();
  assert.equal((await p1).ok, true);
  posts = pending('/ops');
  assert.deepEqual(posts.map((c) => c.body.op), ['card.group']);
  assert.equal(view(store).get('d1').theme_id, 't1', 'shown at once');
  posts[0].answer(200, { t: 'err', id: posts[0].body.id, code: 'forbidden', message: 'Not now.' });
  assert.equal((await p2).ok, false);
  assert.equal(view(store).get('d1').theme_id, null, 'rolled back');
  assert.equal(seen.errors[0].message, 'Not now.');
  assert.equal(JSON.parse(storage.get('coboard.outbox.w1')).length, 0);
});

test('on HTTP, a lost poll shows reconnecting, keeps the outbox, and resumes from since', async (t) => {
  const { conn, seen } = await blocked(t);
  pending('/state')[0].answer(200, { seq: 5, me, records: [board, theme, card, me] });
  await settle();
  pending('/events')[0].fail();
  await settle();
  assert.equal(conn.state, 'reconnecting');
  conn.send('card.group', { card_id: 'd1', theme_id: 't1' });
  await settle();
  assert.equal(pending('/ops').length, 0, 'not sent while the connection is down');
  assert.equal(JSON.parse(storage.get('coboard.outbox.w1')).length, 1);
  t.mock.timers.tick(2000);
  await settle();
  const [poll] = pending('/events');
  const q = new URL(poll.url, 'http://board.test').searchParams;
  assert.deepEqual([q.get('since'), q.get('wait')], ['5', '0'], 'the first poll back answers at once');
  poll.answer(200, { frames: [], seq: 5 });
  await settle();
  assert.equal(conn.live, true);
  assert.deepEqual(seen.statuses, ['live', 'reconnecting', 'live']);
  assert.deepEqual(pending('/ops').map((c) => c.body.op), ['card.group']);
});

test('on HTTP, a reset reloads the state, and a 401 ends it without a loop', async (t) => {
  const { conn, seen } = await blocked(t);
  pending('/state')[0].answer(200, { seq: 5, me, records: [board, theme, card, me] });
  await settle();
  pending('/events')[0].answer(200, { reset: true, seq: 900 });
  await settle();
  pending('/state')[0].answer(200, { seq: 900, me, records: [board, me] });
  await settle();
  assert.equal(new URL(pending('/events')[0].url, 'http://board.test').searchParams.get('since'), '900');
  pending('/events')[0].answer(401, { code: 'unauthorized', message: 'This link is not valid.' });
  await settle();
  assert.equal(conn.state, 'closed');
  assert.equal(seen.fatal.message, 'This link is not valid.');
  t.mock.timers.tick(60000);
  await settle();
  assert.equal(pending('/events').length + pending('/state').length, 0);
});

test('on HTTP the socket is tried again later, and the page moves back once it is welcomed', async (t) => {
  const { conn, modes, ws } = await blocked(t);
  pending('/state')[0].answer(200, { seq: 5, me, records: [board, theme, card, me] });
  await settle();
  const sockets = FakeSocket.all.length;
  t.mock.timers.tick(10000);
  assert.equal(FakeSocket.all.length, sockets + 1, 'a socket tried after 10 s');
  ws().close(1006); // still blocked
  t.mock.timers.tick(19000);
  assert.equal(FakeSocket.all.length, sockets + 1, 'the next try waits longer');
  t.mock.timers.tick(1000);
  assert.equal(FakeSocket.all.length, sockets + 2);
  conn.send('card.group', { card_id: 'd1', theme_id: 't1' });
  await settle();
  const post = pending('/ops')[0];
  ws().open();
  assert.deepEqual(ws().sent[0], { op: 'hello', token: 'tok', since: 5 });
  conn.send('card.update', { card_id: 't1', text: 'I feel alone' });
  ws().push({ t: 'welcome', seq: 5, me, replay: [] });
  await settle();
  assert.deepEqual(modes, ['http', 'socket']);
  assert.equal(conn.live, true);
  assert.equal(pending('/events').length, 0, 'the long poll is stopped');
  assert.deepEqual(ws().ops().map((o) => o.op), ['card.update'], 'the op whose POST is on its way is not sent twice');
  post.answer(200, { t: 'ack', id: post.body.id, seq: 6, result: {} });
  await settle();
  assert.deepEqual(conn.outbox.map((o) => o.op), ['card.update'], 'the late POST answer settles its op');
  conn.eph({ kind: 'drag', card_id: 'd1', x: 0.1, y: 0.2 });
  assert.equal(ws().sent.filter((f) => f.op === 'eph').length, 1, 'eph back on the socket');
});

test('on HTTP, drags go by POST, one at a time, the latest winning', async (t) => {
  const { conn } = await blocked(t);
  pending('/state')[0].answer(200, { seq: 5, me, records: [board, theme, card, me] });
  await settle();
  for (const x of [0.1, 0.2, 0.3]) conn.eph({ kind: 'drag', card_id: 'd1', x, y: 0.5 });
  await settle();
  const [first] = pending('/ops');
  assert.deepEqual(first.body, { op: 'eph', args: { kind: 'drag', card_id: 'd1', x: 0.1, y: 0.5 } });
  first.answer(200, { t: 'ok' });
  await settle();
  const rest = pending('/ops');
  assert.deepEqual(rest.map((c) => c.body.args.x), [0.3]);
});
