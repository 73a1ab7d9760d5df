// Files from the server for the data screens. Every such route needs the member's token in an
// Authorization header, so files are fetched here and handed to the browser as blobs (a download,
// a new tab, or an object URL for a thumbnail); a plain link could not send the token.
import { loadToken } from '../app/session.js';
import { dispositionName, uploadError } from '../model/files.js';
import { h } from './dom.js';
import { announce } from './announce.js';
import { t } from '../app/i18n.js';
import { apiFetch } from '../app/http.js';

/** The workshop's API path. */
export function api(wid, path) {
  return `/api/workshops/${encodeURIComponent(wid)}${path}`;
}

/**
 * apiFetch() with the member's token. Resolves {ok, status, body (JSON or null), blob?, name?, message}
 * and never throws: a network failure comes back as status 0 with a readable message.
 */
export async function request(wid, path, { method = 'GET', body = null, json = null, as = 'json', fallbackName = 'download' } = {}) {
  const headers = { Authorization: `Bearer ${loadToken(wid) || ''}` };
  let payload = body;
  if (json !== null) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(json); }
  let r;
  try {
    r = await apiFetch(api(wid, path), { method, headers, body: payload, cache: 'no-store' });
  } catch (e) {
    return { ok: false, status: 0, body: null, message: uploadError(0, null) };
  }
  if (!r.ok) {
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    return { ok: false, status: r.status, body: data, message: uploadError(r.status, data) };
  }
  if (as === 'blob') {
    const blob = await r.blob();
    return { ok: true, status: r.status, blob, name: dispositionName(r.headers.get('Content-Disposition'), fallbackName) };
  }
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  return { ok: true, status: r.status, body: data };
}

/** Hand a blob to the browser as a download with a file name. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Fetch a file and download it; resolves {ok, message}. */
export async function download(wid, path, fallbackName) {
  const r = await request(wid, path, { as: 'blob', fallbackName });
  if (!r.ok) return r;
  saveBlob(r.blob, r.name || fallbackName);
  return { ok: true, name: r.name || fallbackName, blob: r.blob };
}

/**
 * Open an HTML document (the report) in a new tab from a blob. The tab is opened at once (while
 * the click still counts as the person's), then pointed at the blob; when a blocker stops the
 * tab, the file is downloaded instead.
 */
export async function openInTab(wid, path, fallbackName) {
  let tab = null;
  try { tab = window.open('', '_blank'); } catch (e) { tab = null; }
  if (tab) {
    try { tab.document.title = t('Opening the report…'); tab.document.body.textContent = t('Opening the report…'); } catch (e) { /* other origin */ }
  }
  const r = await request(wid, path, { as: 'blob', fallbackName });
  if (!r.ok) { if (tab) tab.close(); return r; }
  const blob = r.blob.type ? r.blob : new Blob([r.blob], { type: 'text/html' });
  const url = URL.createObjectURL(blob);
  if (tab && !tab.closed) {
    tab.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 120_000);
    return { ok: true, opened: true };
  }
  URL.revokeObjectURL(url);
  saveBlob(blob, r.name || fallbackName);
  return { ok: true, opened: false };
}

/** Upload a file (multipart field "file") with query parameters and an optional mapping. */
export async function upload(wid, path, file, { mapping = null } = {}) {
  const form = new FormData();
  form.append('file', file, file.name || 'answers.csv');
  if (mapping && Object.keys(mapping).length) form.append('mapping', JSON.stringify(mapping));
  return request(wid, path, { method: 'POST', body: form });
}

// ---- thumbnails: object URLs kept per snapshot, loaded when they scroll into view ----------------

const thumbs = new Map(); // snapshot id -> {url?, failed?, loading?}
const waiting = [];
let busy = 0;
const AT_ONCE = 2; // an old phone and a small server: two pictures at a time

/** The object URL of a snapshot's picture, or null while it loads; onready() redraws. */
export function thumbState(id) {
  return thumbs.get(id) || null;
}

/** Ask for a snapshot's picture (SVG, drawn by the browser: no work for the server). */
export function loadThumb(wid, id, onready) {
  if (thumbs.has(id)) return;
  thumbs.set(id, { loading: true });
  waiting.push({ wid, id, onready });
  pump();
}

function pump() {
  while (busy < AT_ONCE && waiting.length) {
    const job = waiting.shift();
    busy += 1;
    request(job.wid, `/snapshots/${encodeURIComponent(job.id)}.svg`, { as: 'blob', fallbackName: 'board.svg' }).then((r) => {
      if (r.ok) {
        const blob = r.blob.type === 'image/svg+xml' ? r.blob : new Blob([r.blob], { type: 'image/svg+xml' });
        thumbs.set(job.id, { url: URL.createObjectURL(blob) });
      } else {
        thumbs.set(job.id, { failed: true, message: r.message });
      }
    }).finally(() => {
      busy -= 1;
      if (job.onready) job.onready();
      pump();
    });
  }
}

/** Load a thumbnail when its element comes into view (at once where there is no observer). */
export function whenVisible(el, fn) {
  if (typeof IntersectionObserver === 'undefined') { fn(); return; }
  const io = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) { io.disconnect(); fn(); }
  }, { rootMargin: '200px' });
  io.observe(el);
}

// ---- a download button with a busy state, and the line that says how it went -----------------

/** The downloads' piece of ctx.ui: which buttons are busy, and each area's last result. */
function state(ctx) {
  if (!ctx.ui.files) ctx.ui.files = { busy: new Set(), status: new Map() };
  return ctx.ui.files;
}

/** Say a result in `area`'s status line (kind 'info' or 'error'). */
export function setStatus(ctx, area, text, kind = 'info') {
  state(ctx).status.set(area, { text, kind });
}

/** A button that fetches a file with the token; the result is said in `area`'s status line. */
export function fileButton(ctx, { key, area, label, hidden, path, name, open = false, cls = '' }) {
  const s = state(ctx);
  const busy = s.busy.has(key);
  const redraw = () => { if (ctx.act.redraw) ctx.act.redraw(); };
  return h('button', {
    type: 'button', class: `small file-button ${cls}`, key, 'data-focus-key': key, 'aria-busy': busy ? 'true' : null,
    onclick: async () => {
      if (s.busy.has(key)) return;
      s.busy.add(key);
      s.status.set(area, { text: t('Preparing {name}…', { name }), kind: 'info' });
      redraw();
      const r = open ? await openInTab(ctx.wid, path, name) : await download(ctx.wid, path, name);
      s.busy.delete(key);
      if (r.ok) {
        const text = open ? (r.opened ? t('Opened in a new tab.') : t('Downloaded {name} (your browser blocked the new tab).', { name })) : t('Downloaded {name}.', { name: r.name || name });
        s.status.set(area, { text, kind: 'info' });
        announce(text);
      } else {
        s.status.set(area, { text: r.message, kind: 'error' });
      }
      redraw();
    },
  }, busy ? t('Preparing…') : label, hidden ? h('span', { class: 'visually-hidden' }, ` ${hidden}`) : null);
}

/** The status line of an area: what its last download (or picture) did. */
export function statusLine(ctx, area) {
  const st = state(ctx).status.get(area);
  return h('p', { class: `data-status${st && st.kind === 'error' ? ' is-error' : ''}`, role: 'status', key: `status-${area}`, id: `status-${area}` },
    st ? st.text : '');
}
