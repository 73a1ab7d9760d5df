// The socket: hello with the token, resume with `since` after a drop (with backoff), op ids,
// ack / err, optimistic ops with rollback, and an outbox of ops not yet acknowledged that is
// kept in localStorage and sent again once the socket is back.
import {
  applyWelcome, applyEv, applyPresence, addPending, ackPending, rejectPending,
} from '../model/store.js';

const STATES = ['connecting', 'live', 'reconnecting', 'closed'];
const MAX_BACKOFF_MS = 10000;
const STALE_AFTER_HIDDEN_MS = 20000;
const IN_DOUBT_QUIET = ['not_found', 'invalid', 'conflict'];

export class Connection {
  /**
   * opts: {wid, token, store, onchange(), onstatus(state), onevent(ev, own, prev), onerror(err, op),
   *        oneph(msg), onnotice(msg), onfatal(err)}
   */
  constructor(opts) {
    Object.assign(this, { onchange() {}, onstatus() {}, onevent() {}, onerror() {}, oneph() {}, onnotice() {}, onfatal() {} }, opts);
    this.state = 'connecting';
    this.ws = null;
    this.welcomed = false;
    this.attempt = 0;
    this.timer = null;
    this.n = 0;
    this.clientId = Math.random().toString(36).slice(2, 8);
    this.waiters = new Map(); // op id -> resolve
    this.outboxKey = `coboard.outbox.${this.wid}`;
    this.outbox = loadJSON(this.outboxKey, []);
    for (const o of this.outbox) { o.inDoubt = true; addPending(this.store, o); }
    // A socket can look open but be dead after the network changed or the phone slept: then
    // start again at once and resume with `since` (cheap: only the missed events come back).
    this.hiddenAt = 0;
    window.addEventListener('online', () => this.restart());
    window.addEventListener('offline', () => { if (this.ws) this.ws.close(); });
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) { this.hiddenAt = Date.now(); return; }
      if (this.hiddenAt && Date.now() - this.hiddenAt > STALE_AFTER_HIDDEN_MS) this.restart();
      else this.reconnectNow();
    });
  }

  get live() {
    return this.state === 'live';
  }

  setState(s) {
    if (!STATES.includes(s) || s === this.state) return;
    this.state = s;
    this.onstatus(s);
  }

  start() {
    this.connect();
  }

  url() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${proto}//${location.host}/ws/workshops/${encodeURIComponent(this.wid)}`;
  }

  connect() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.state === 'closed') return;
    let ws;
    try { ws = new WebSocket(this.url()); } catch (e) { this.scheduleReconnect(); return; }
    this.ws = ws;
    ws.onopen = () => {
      const hello = { op: 'hello', token: this.token };
      if (this.welcomed) hello.since = this.store.seq;
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (e) => {
      if (ws !== this.ws) return;
      let msg;
      try { msg = JSON.parse(e.data); } catch (err) { return; }
      this.receive(msg);
    };
    ws.onclose = (e) => {
      if (ws !== this.ws) return;
      this.ws = null;
      for (const o of this.outbox) if (o.sent) o.inDoubt = true;
      if (this.state === 'closed') return;
      if (e.code === 4401) {
        this.fatal({ code: 'unauthorized', message: 'This link does not work any more. Ask the facilitator for a new link.' });
        return;
      }
      this.setState('reconnecting');
      this.scheduleReconnect();
    };
  }

  scheduleReconnect() {
    if (this.timer || this.state === 'closed') return;
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => { this.timer = null; this.connect(); }, base / 2 + Math.random() * base / 2);
  }

  /** Try at once (the network or the page came back), unless already connected. */
  reconnectNow() {
    if (this.state === 'closed' || this.ws) return;
    this.attempt = 0;
    this.connect();
  }

  /** Drop whatever socket there is and connect again now. */
  restart() {
    if (this.state === 'closed') return;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.close();
      for (const o of this.outbox) if (o.sent) o.inDoubt = true;
      this.setState('reconnecting');
    }
    this.attempt = 0;
    this.connect();
  }

  /** Drop the socket and resume with `since` (after a seq gap). */
  resync() {
    if (this.ws) this.ws.close();
  }

  fatal(err) {
    this.setState('closed');
    clearTimeout(this.timer);
    this.onfatal(err);
  }

  receive(msg) {
    switch (msg.t) {
      case 'welcome':
        applyWelcome(this.store, msg);
        this.welcomed = true;
        this.attempt = 0;
        this.setState('live');
        this.flush();
        this.onchange({ welcome: true });
        break;
      case 'ev': {
        // Keep the records this event replaces, so a view can say what changed.
        const prev = new Map();
        for (const r of msg.put || []) if (this.store.records.has(r.id)) prev.set(r.id, this.store.records.get(r.id));
        for (const id of msg.del || []) if (this.store.records.has(id)) prev.set(id, this.store.records.get(id));
        const r = applyEv(this.store, msg);
        if (r === 'gap') { this.resync(); return; }
        if (r === 'applied') {
          this.onevent(msg, Boolean(this.store.me && msg.by === this.store.me.id), prev);
          this.onchange({ ev: msg });
        }
        break;
      }
      case 'ack':
        ackPending(this.store, msg.id, msg.seq);
        this.settle(msg.id, { ok: true, ack: msg });
        this.onchange({});
        break;
      case 'err':
        if (msg.id == null) {
          if (msg.code === 'unauthorized') this.fatal(msg);
          return;
        }
        this.reject(msg);
        break;
      case 'presence':
        applyPresence(this.store, msg);
        this.onchange({ presence: msg });
        break;
      case 'eph':
        this.oneph(msg);
        break;
      case 'notice':
        this.onnotice(msg);
        break;
      default:
        break;
    }
  }

  reject(msg) {
    const o = this.outbox.find((x) => x.id === msg.id);
    rejectPending(this.store, msg.id);
    this.settle(msg.id, { ok: false, err: msg });
    // An op sent again after a drop may already have been applied (its ack was lost): the server
    // then finds nothing left to do (not_found, invalid, conflict), which is no news to the user.
    if (!(o && o.inDoubt && IN_DOUBT_QUIET.includes(msg.code))) this.onerror(msg, o);
    this.onchange({});
  }

  settle(id, result) {
    this.outbox = this.outbox.filter((o) => o.id !== id);
    this.saveOutbox();
    const w = this.waiters.get(id);
    if (w) { this.waiters.delete(id); w(result); }
  }

  /**
   * Send an op. Its effect shows at once (optimistic); it is kept in the outbox until acked and
   * sent again after a reconnect. Resolves {ok, ack} or {ok: false, err} (the change rolled back).
   */
  send(op, args) {
    this.n += 1;
    const o = { id: `${this.clientId}-${this.n}`, op, args };
    if (op === 'card.create') o.before = countSame(this.store.records, args);
    this.outbox.push(o);
    this.saveOutbox();
    addPending(this.store, o);
    const p = new Promise((resolve) => this.waiters.set(o.id, resolve));
    if (this.live) this.transmit(o);
    this.onchange({});
    return p;
  }

  transmit(o) {
    o.sent = true;
    this.ws.send(JSON.stringify({ op: o.op, id: o.id, args: o.args }));
  }

  /** After a welcome: send what is waiting, skipping creates the server already has. */
  flush() {
    for (const o of [...this.outbox]) {
      if (o.inDoubt && o.op === 'card.create' && countSame(this.store.records, o.args) > (o.before || 0)) {
        rejectPending(this.store, o.id);
        this.settle(o.id, { ok: true, ack: null });
        continue;
      }
      this.transmit(o);
    }
  }

  /** Send an ephemeral message (drag position...); dropped when offline. */
  eph(args) {
    if (this.live && this.ws) this.ws.send(JSON.stringify({ op: 'eph', args }));
  }

  saveOutbox() {
    try {
      localStorage.setItem(this.outboxKey, JSON.stringify(this.outbox.map(({ id, op, args, before }) => ({ id, op, args, before }))));
    } catch (e) { /* storage full or blocked: the outbox still lives in memory */ }
  }
}

function countSame(recs, args) {
  let n = 0;
  for (const r of recs.values()) {
    if (r.kind === 'card' && r.board_id === args.board_id && r.type === args.type && r.text === args.text) n += 1;
  }
  return n;
}

function loadJSON(key, fallback) {
  try {
    const v = JSON.parse(localStorage.getItem(key));
    return Array.isArray(v) ? v : fallback;
  } catch (e) {
    return fallback;
  }
}
