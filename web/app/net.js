// The connection to the board: hello with the token, resume with `since` after a drop (with
// backoff), op ids, ack / err, optimistic ops with rollback, and an outbox of ops not yet
// acknowledged that is kept in localStorage and sent again once the connection is back.
//
// Two transports carry the same frames (PROTOCOL.md, "Where WebSockets are blocked"): the socket,
// and plain HTTP (ops by POST, events by long poll) for council and NHS networks whose proxies
// block WebSockets. When the socket cannot open, or opens but never gets as far as a welcome,
// a few times in a row, the page moves to HTTP by itself, and tries the socket again now and then,
// moving back once it works. The store, the outbox and the drafts do not care which one is in use.
import {
  applyWelcome, applyEv, applyPresence, addPending, ackPending, rejectPending,
} from '../model/store.js';
import { t } from './i18n.js';
import { apiFetch } from './http.js';
import { OP } from '../protocol.js';

const STATES = ['connecting', 'live', 'reconnecting', 'closed'];
const MAX_BACKOFF_MS = 10000;
const STALE_AFTER_HIDDEN_MS = 20000;
const IN_DOUBT_QUIET = ['not_found', 'invalid', 'conflict'];
const SOCKET_TRIES_BEFORE_HTTP = 2; // socket attempts in a row that never reached a welcome
const WELCOME_TIMEOUT_MS = 8000; // a proxy can hold an upgrade open and say nothing
const SOCKET_PROBE_MS = [10000, 20000, 30000]; // on HTTP: try the socket again after these waits (then every 30 s)
const POLL_WAIT_S = 25;
const POST_RETRY_MS = 2000;

export class Connection {
  /**
   * opts: {wid, token, store, onchange(), onstatus(state), onmode(mode), onevent(ev, own, prev),
   *        onerror(err, op), oneph(msg), onnotice(msg), onfatal(err)}
   */
  constructor(opts) {
    Object.assign(this, { onchange() {}, onstatus() {}, onmode() {}, onevent() {}, onerror() {}, oneph() {}, onnotice() {}, onfatal() {} }, opts);
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
    this.mode = 'socket'; // or 'http'
    this.socketFailures = 0;
    this.probe = null; // a socket being tried while on HTTP
    this.probes = 0;
    this.probeTimer = null;
    this.pollRun = 0; // bumped to stop a poll loop
    this.pollAbort = null;
    this.posting = null; // the op whose POST is on its way (HTTP sends one at a time, in order)
    this.ephNext = null;
    this.ephPosting = false;
    for (const o of this.outbox) { o.inDoubt = true; addPending(this.store, o); }
    // A socket can look open but be dead after the network changed or the phone slept: then
    // start again at once and resume with `since` (cheap: only the missed events come back).
    this.hiddenAt = 0;
    window.addEventListener('online', () => this.restart());
    window.addEventListener('offline', () => { if (this.ws) this.ws.close(); else if (this.mode === 'http') this.lostHttp(); });
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
    if (this.mode === 'http') { this.poll(); return; }
    const ws = this.openSocket();
    if (ws) this.ws = ws;
    else this.socketFailed();
  }

  /** A new socket that says hello, or null when the browser will not even make one. */
  openSocket() {
    let ws;
    try { ws = new WebSocket(this.url()); } catch (e) { return null; }
    ws.onopen = () => {
      const hello = { op: 'hello', token: this.token };
      if (this.welcomed) hello.since = this.store.seq;
      ws.send(JSON.stringify(hello));
    };
    // Open but silent (a proxy holding the upgrade): give up on it after a while.
    ws.welcomeTimer = setTimeout(() => {
      if (ws.welcomed) return;
      const onclose = ws.onclose;
      ws.onclose = null;
      try { ws.close(); } catch (e) { /* already closing */ }
      if (onclose) onclose({ code: 1006 });
    }, WELCOME_TIMEOUT_MS);
    ws.onmessage = (e) => {
      let msg;
      try { msg = JSON.parse(e.data); } catch (err) { return; }
      if (msg.t === 'welcome') { ws.welcomed = true; clearTimeout(ws.welcomeTimer); }
      if (ws === this.probe) {
        if (msg.t === 'welcome') this.adoptSocket(ws);
        else if (msg.t === 'err' && msg.id == null && msg.code === 'unauthorized') this.fatal(msg);
        else return;
      }
      if (ws !== this.ws) return;
      this.receive(msg);
    };
    ws.onclose = (e) => {
      clearTimeout(ws.welcomeTimer);
      if (ws === this.probe) { this.probe = null; this.scheduleProbe(); return; }
      if (ws !== this.ws) return;
      this.ws = null;
      for (const o of this.outbox) if (o.sent) o.inDoubt = true;
      if (this.state === 'closed') return;
      if (e.code === 4401) {
        this.fatal({ code: 'unauthorized', message: t('This link does not work any more. Ask the facilitator for a new link.') });
        return;
      }
      if (this.live) this.setState('reconnecting');
      if (ws.welcomed) this.socketFailures = 0;
      else { this.socketFailed(); return; }
      this.scheduleReconnect();
    };
    return ws;
  }

  /** The socket did not get as far as a welcome: try again, or move to HTTP after a few tries. */
  socketFailed() {
    this.socketFailures += 1;
    if (this.state === 'live') this.setState('reconnecting');
    if (this.socketFailures >= SOCKET_TRIES_BEFORE_HTTP) this.useHttp();
    else this.scheduleReconnect();
  }

  scheduleReconnect() {
    if (this.timer || this.state === 'closed') return;
    if (this.mode === 'http') { this.poll(); return; }
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => { this.timer = null; this.connect(); }, base / 2 + Math.random() * base / 2);
  }

  /** Try at once (the network or the page came back), unless already connected. */
  reconnectNow() {
    if (this.state === 'closed' || this.ws) return;
    if (this.mode === 'http') { if (!this.live) this.poll(); return; }
    this.attempt = 0;
    this.connect();
  }

  /** Drop whatever socket there is and connect again now (on HTTP: poll again now, and try the socket). */
  restart() {
    if (this.state === 'closed') return;
    if (this.mode === 'http') {
      this.poll();
      this.probes = 0;
      this.probeSocket();
      return;
    }
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

  /** Drop the socket and resume with `since` (after a seq gap); on HTTP the next poll asks from `since`. */
  resync() {
    if (this.ws) this.ws.close();
    else this.gapped = true;
  }

  fatal(err) {
    if (this.state === 'closed') return;
    this.setState('closed');
    clearTimeout(this.timer);
    clearTimeout(this.probeTimer);
    this.pollRun += 1;
    if (this.pollAbort) this.pollAbort.abort();
    if (this.probe) { const p = this.probe; this.probe = null; p.onclose = null; p.close(); }
    this.onfatal(err);
  }

  // ---- the HTTP transport --------------------------------------------------------------

  /** Move to HTTP: ops by POST, events by long poll; the socket is tried again later. */
  useHttp() {
    if (this.mode === 'http') return;
    this.mode = 'http';
    this.ws = null;
    this.probes = 0;
    this.onmode('http');
    this.poll();
    this.scheduleProbe();
  }

  api(path) {
    return `/api/workshops/${encodeURIComponent(this.wid)}/${path}`;
  }

  /** One call to the API with the member's token; throws {status} when it does not answer 200. */
  async call(method, path, body, signal) {
    const headers = { Authorization: `Bearer ${this.token}`, 'X-Coboard-Client': this.clientId };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await apiFetch(this.api(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store' });
    if (!r.ok) {
      let answer = null;
      try { answer = await r.json(); } catch (e) { answer = null; }
      throw Object.assign(new Error('http'), { status: r.status, answer });
    }
    return r.json();
  }

  httpFailed(e) {
    if (e && e.status === 401) {
      this.fatal({ code: 'unauthorized', message: (e.answer && e.answer.message) || t('This link does not work any more. Ask the facilitator for a new link.') });
      return true;
    }
    return false;
  }

  /** A poll failed (or the browser went offline): show reconnecting and keep trying with backoff. */
  lostHttp() {
    for (const o of this.outbox) if (o.sent) o.inDoubt = true;
    if (this.live) this.setState('reconnecting');
  }

  /** The long-poll loop. A new call replaces a loop already running. */
  async poll() {
    if (this.state === 'closed' || this.mode !== 'http') return;
    clearTimeout(this.timer);
    this.timer = null;
    this.pollRun += 1;
    const run = this.pollRun;
    if (this.pollAbort) this.pollAbort.abort();
    const stale = () => run !== this.pollRun || this.mode !== 'http' || this.state === 'closed';
    let failures = 0;
    let needState = !this.welcomed;
    while (!stale()) {
      const abort = typeof AbortController === 'function' ? new AbortController() : null;
      this.pollAbort = abort;
      try {
        if (needState) {
          const view = await this.call('GET', 'state', undefined, abort && abort.signal);
          if (stale()) return;
          needState = false;
          this.receive({ t: 'welcome', ...view });
          continue;
        }
        // The first poll after (re)connecting answers at once: it is how we know we are back.
        const wait = this.live ? POLL_WAIT_S : 0;
        const body = await this.call('GET', `events?since=${this.store.seq}&wait=${wait}&client=${encodeURIComponent(this.clientId)}`, undefined, abort && abort.signal);
        if (stale()) return;
        failures = 0;
        if (body.reset) { needState = true; continue; }
        this.gapped = false;
        for (const f of body.frames || []) {
          this.receive(f);
          if (this.gapped || stale()) break;
        }
        if (!this.live && !stale()) this.backOnline();
      } catch (e) {
        if (stale()) return;
        if (this.httpFailed(e)) return;
        this.lostHttp();
        failures += 1;
        const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures);
        await new Promise((resolve) => { this.timer = setTimeout(resolve, base / 2 + Math.random() * base / 2); });
        this.timer = null;
      }
    }
  }

  /** Live again over HTTP after a resumed poll: send what waits. */
  backOnline() {
    this.attempt = 0;
    this.setState('live');
    this.flush();
    this.onchange({});
  }

  /** POST the outbox one op at a time, in order (ops can depend on the one before). */
  async pump() {
    if (this.posting || this.mode !== 'http' || !this.live) return;
    const o = this.outbox.find((x) => !x.sent);
    if (!o) return;
    this.posting = o;
    o.sent = true;
    let frame;
    try {
      frame = await this.call('POST', 'ops', { op: o.op, id: o.id, args: o.args });
    } catch (e) {
      this.posting = null;
      o.sent = false;
      o.inDoubt = true;
      if (this.httpFailed(e)) return;
      if (this.mode === 'socket') { if (this.live && this.ws) this.transmit(o); return; }
      setTimeout(() => this.pump(), POST_RETRY_MS);
      return;
    }
    this.posting = null;
    this.receive(frame);
    this.pump();
  }

  /** Ephemeral messages over HTTP: one POST at a time, the latest wins (drags are coarser). */
  async postEph() {
    if (this.ephPosting || !this.ephNext) return;
    this.ephPosting = true;
    const args = this.ephNext;
    this.ephNext = null;
    try { await this.call('POST', 'ops', { op: 'eph', args }); } catch (e) { /* ephemeral: dropped */ }
    this.ephPosting = false;
    if (this.ephNext && this.mode === 'http' && this.live) this.postEph();
  }

  /** On HTTP: try the socket again after a wait that grows to 30 s. */
  scheduleProbe() {
    clearTimeout(this.probeTimer);
    if (this.mode !== 'http' || this.state === 'closed') return;
    const wait = SOCKET_PROBE_MS[Math.min(this.probes, SOCKET_PROBE_MS.length - 1)];
    this.probes += 1;
    this.probeTimer = setTimeout(() => this.probeSocket(), wait);
  }

  probeSocket() {
    clearTimeout(this.probeTimer);
    if (this.mode !== 'http' || this.state === 'closed' || this.probe) return;
    this.probe = this.openSocket();
    if (!this.probe) this.scheduleProbe();
  }

  /** The tried socket got its welcome: move back to it, stopping the poll loop. */
  adoptSocket(ws) {
    this.probe = null;
    clearTimeout(this.probeTimer);
    this.mode = 'socket';
    this.socketFailures = 0;
    this.pollRun += 1;
    if (this.pollAbort) this.pollAbort.abort();
    clearTimeout(this.timer);
    this.timer = null;
    this.ws = ws;
    this.onmode('socket');
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
    if (op === OP.cardCreate) o.before = countSame(this.store.records, args);
    this.outbox.push(o);
    this.saveOutbox();
    addPending(this.store, o);
    const p = new Promise((resolve) => this.waiters.set(o.id, resolve));
    if (this.live) this.transmit(o);
    this.onchange({});
    return p;
  }

  transmit(o) {
    if (this.mode === 'http') { o.sent = false; this.pump(); return; }
    o.sent = true;
    this.ws.send(JSON.stringify({ op: o.op, id: o.id, args: o.args }));
  }

  /** After a welcome: send what is waiting, skipping creates the server already has. */
  flush() {
    for (const o of [...this.outbox]) {
      if (o.inDoubt && o.op === OP.cardCreate && countSame(this.store.records, o.args) > (o.before || 0)) {
        rejectPending(this.store, o.id);
        this.settle(o.id, { ok: true, ack: null });
        continue;
      }
      if (o === this.posting) continue; // its POST is still on its way: its answer settles it
      this.transmit(o);
    }
  }

  /** Send an ephemeral message (drag position...); dropped when offline. */
  eph(args) {
    if (this.live && this.mode === 'http') { this.ephNext = args; this.postEph(); return; }
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
