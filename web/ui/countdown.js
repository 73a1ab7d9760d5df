// Countdowns and the clock they read: the server's time (a phone's clock may be minutes off), and a
// countdown as text that ticks once a second and warns a minute before its end. (A time of day in
// the reader's language: app/i18n.js clockText.)
// Used by the banner (screens/rooms.js), the host console, the toolbar and the projector.
import { h } from './dom.js';
import { announce } from './announce.js';
import { t } from '../app/i18n.js';
import { secondsLeft, mmss, inWords } from '../model/rooms.js';

// ---- the server's clock ------------------------------------------------------------------------

// Countdowns end at the server's time; a phone's clock may be minutes off. Each live event says
// when the server applied it: that time minus our receive time is the clock difference minus the
// delivery delay, so the largest such sample (over recent events) is the best estimate.
let skew = 0;
let samples = [];

/** app/shell.js passes each live event's `at` here. */
export function noteServerTime(at) {
  const when = Date.parse(at);
  if (Number.isNaN(when)) return;
  samples.push(when - Date.now());
  if (samples.length > 20) samples = samples.slice(-20);
  skew = Math.max(...samples);
}

/** Now, by the server's clock (as far as we can tell). */
export function serverNow() {
  return Date.now() + skew;
}

// ---- countdowns -----------------------------------------------------------------------------

const warned = new Set();
let ticker = null;

/** Keep every countdown on the page ticking (text only, once a second) and warn a minute before the end. */
export function startTicker(root) {
  if (ticker) return;
  ticker = setInterval(() => {
    for (const el of root.querySelectorAll('[data-ends-at]')) {
      const left = secondsLeft(el.getAttribute('data-ends-at'), serverNow());
      const text = el.querySelector('.count');
      if (text && text.firstChild && text.firstChild.data !== mmss(left)) text.firstChild.data = mmss(left);
      el.classList.toggle('warning', left <= 60);
      el.classList.toggle('ended', left === 0);
      if (left === 0 && el.hasAttribute('data-earlier')) { el.hidden = true; continue; } // the workshop has moved on since it started
      const id = el.getAttribute('data-timer-id');
      if (left <= 60 && left > 0 && !warned.has(id)) {
        warned.add(id);
        announce(t('One minute left: {label}.', { label: el.getAttribute('data-label') }));
      }
      if (left === 0 && !warned.has(`${id}-end`)) {
        warned.add(`${id}-end`);
        announce(t('Time is up: {label}.', { label: el.getAttribute('data-label') }));
      }
    }
  }, 1000);
}

/** One countdown: label and mm:ss as text; a warning style in the last minute. */
export function countdown(timer, { big = false, stop = null, earlier = false } = {}) {
  const left = secondsLeft(timer.ends_at, serverNow());
  if (left <= 60) warned.add(timer.id); // joined in the last minute: no sudden warning
  return h('div', {
    class: `countdown${big ? ' big' : ''}${left <= 60 ? ' warning' : ''}${left === 0 ? ' ended' : ''}`, key: `timer-${timer.id}`,
    'data-ends-at': timer.ends_at, 'data-timer-id': timer.id, 'data-label': timer.label,
    // started in an earlier activity: it goes when it ends (the ticker hides it), no "time is up" left over
    'data-earlier': earlier ? 'true' : null,
  },
  // "Time is up!" once it ends: drawn by styles/rooms.css from this attribute, in the reader's language
  h('span', { class: 'label', 'data-ended-label': t('Time is up!') }, `${timer.label}: `),
  h('span', { class: 'count', role: 'timer' }, mmss(left)),
  h('span', { class: 'visually-hidden' }, ' ', t('({time} left when this was drawn)', { time: inWords(left) })),
  stop);
}
