// For staff only (app/lazy.js loads it for them): the alert that someone went to the chill-out room,
// with its soft chime (a `notice` frame) and the switch for that sound.
import { h } from '../ui/dom.js';
import { nameOf } from '../model/store.js';
import { t, clockText } from '../app/i18n.js';
import { chillOutRoom, peopleIn, unseenChillOuts } from '../model/rooms.js';

const SOUND_KEY = 'coboard.pref.sound';

export function soundOn() {
  try { return localStorage.getItem(SOUND_KEY) !== '0'; } catch (e) { return true; }
}

function setSound(on) {
  try { localStorage.setItem(SOUND_KEY, on ? '1' : '0'); } catch (e) { /* not remembered */ }
}

let audio = null;

/** A short, soft two-note chime (Web Audio API; no sound file). */
export function chime() {
  try {
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return;
    audio = audio || new AC();
    if (audio.state === 'suspended') audio.resume();
    const t0 = audio.currentTime;
    [[660, 0], [880, 0.18]].forEach(([freq, at]) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t0 + at);
      gain.gain.exponentialRampToValueAtTime(0.25, t0 + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + at + 0.35);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0 + at);
      osc.stop(t0 + at + 0.4);
    });
  } catch (e) { /* no sound on this device: the visible alert stays */ }
}

/** app/shell.js passes every `notice` frame here: the chime. The alert itself comes from the records. */
export function onNotice(ctx, msg) {
  if (!msg || msg.kind !== 'chill_out_entered') return;
  if (soundOn()) chime();
}

/** The staff alert: who went to the chill-out room and when; stays until "Seen". */
export function chillAlert(recs, ctx) {
  const alerts = unseenChillOuts(recs).map((p) => ({ participant_id: p.id, at: p.chill_out_alert.at }));
  const chill = chillOutRoom(recs);
  const resting = chill ? peopleIn(recs, chill.id) : [];
  return [h('div', { class: `chill-alert${alerts.length ? ' shown' : ''}`, role: 'alert', key: 'chill-alert' },
    alerts.length ? [
      h('h2', { key: 'h' }, t('Someone went to the chill-out room')),
      h('ul', { key: 'list' }, alerts.map((a, i) => h('li', { key: `${a.participant_id}-${a.at}-${i}` },
        h('strong', null, nameOf(recs, a.participant_id)), ' ', t('went to the chill-out room at {time}.', { time: clockText(a.at) })))),
      h('button', {
        type: 'button', class: 'primary', key: 'seen',
        onclick: () => {
          for (const a of alerts) ctx.intent.markChillOutSeen(a.participant_id);
          ctx.act.redraw();
          requestAnimationFrame(() => { const m = document.getElementById('main'); if (m) m.focus({ preventScroll: true }); });
        },
      }, t('Seen')),
    ] : null),
  // Kept from the records, so a reloaded page still knows who is resting.
  resting.length && !alerts.length ? h('p', { class: 'resting-now', key: 'resting-now' },
    t('In the chill-out room now:'), ' ', h('strong', null, resting.map((p) => p.name).join(', '))) : null];
}

/** Staff: a sound when someone goes to the chill-out room (in the Menu). */
export function soundToggle(ctx) {
  const on = soundOn();
  return h('button', {
    type: 'button', class: 'toggle small', key: 'sound', 'aria-pressed': on ? 'true' : 'false',
    onclick: () => { setSound(!on); ctx.act.redraw(); },
  }, t('Alert sound'));
}
