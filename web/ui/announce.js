// Screen-reader announcements and focus helpers. Announcements are polite: they never move focus.
import { t, tn } from '../app/i18n.js';

let announcer = null;
let toastEl = null;
let queue = [];
let timer = null;
let toastTimer = null;

/** Create the live regions once (visually hidden announcer, visible toast/status line). */
export function setupLiveRegions(doc = document) {
  announcer = doc.getElementById('announcer');
  if (!announcer) {
    announcer = doc.createElement('div');
    announcer.id = 'announcer';
    announcer.className = 'visually-hidden';
    announcer.setAttribute('aria-live', 'polite');
    announcer.setAttribute('aria-atomic', 'true');
    doc.body.appendChild(announcer);
  }
  toastEl = doc.getElementById('toast');
  if (!toastEl) {
    toastEl = doc.createElement('div');
    toastEl.id = 'toast';
    toastEl.className = 'toast';
    toastEl.setAttribute('role', 'status');
    toastEl.setAttribute('aria-live', 'polite');
    doc.body.appendChild(toastEl);
  }
}

/**
 * Announce a short message politely. Messages arriving together are batched so a burst of
 * remote changes becomes one sentence instead of a flood.
 */
export function announce(message) {
  if (!announcer) setupLiveRegions();
  queue.push(message);
  if (timer) return;
  timer = setTimeout(() => {
    const msgs = queue;
    queue = [];
    timer = null;
    const text = msgs.length <= 2 ? msgs.join('. ')
      : tn('{last}. And {n} other change.', '{last}. And {n} other changes.', msgs.length - 1, { last: msgs[msgs.length - 1] });
    // Clearing first makes screen readers read a repeated sentence again.
    announcer.textContent = '';
    setTimeout(() => { announcer.textContent = text; }, 50);
  }, 400);
}

/** Show a visible message in the status line (also read politely). kind: 'info' | 'error'. */
export function toast(message, kind = 'info', ms = 7000) {
  if (!toastEl) setupLiveRegions();
  toastEl.textContent = '';
  toastEl.dataset.kind = kind;
  const text = document.createElement('span');
  text.textContent = message;
  toastEl.appendChild(text);
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'toast-close';
  close.textContent = t('Dismiss');
  close.addEventListener('click', () => hideToast());
  toastEl.appendChild(close);
  toastEl.classList.add('shown');
  clearTimeout(toastTimer);
  if (ms) toastTimer = setTimeout(hideToast, ms);
}

export function hideToast() {
  if (!toastEl) return;
  toastEl.classList.remove('shown');
  toastEl.textContent = '';
}

/** Focus the element matching a selector after the next render, without scrolling wildly. */
export function focusLater(root, selector) {
  requestAnimationFrame(() => {
    const el = root.querySelector(selector);
    if (el) {
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest' });
    }
  });
}

/** Put focus on the page's main heading after a page change (so screen readers hear it). */
export function focusHeading(root) {
  const hd = root.querySelector('h1');
  if (hd) {
    hd.setAttribute('tabindex', '-1');
    hd.focus({ preventScroll: true });
  }
}
