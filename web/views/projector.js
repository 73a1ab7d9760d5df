// The projector page (role projector): read-only, no controls, large bold type. It shows the
// current agenda item, the running countdown big, and the board the facilitator is showing
// (screens.followShowing picks its screen), or the screen of the current activity.
import { h } from '../dom.js';
import { workshop } from '../state.js';
import * as screens from './screens.js';
import { timersFor, announcements, mainRoom } from './rooms_model.js';
import { countdown } from './rooms.js';

/** The current agenda item and the next one, from workshop.agenda and workshop.activity. */
export function agendaNow(w) {
  const items = (w && Array.isArray(w.agenda)) ? w.agenda : [];
  const i = items.findIndex((it) => it.key === (w && w.activity));
  if (i < 0) return { current: null, next: null };
  return { current: items[i], next: items[i + 1] || null };
}

/** The projector's main area. */
export function render(recs, ctx) {
  const w = workshop(recs);
  const { current, next } = agendaNow(w);
  const main = mainRoom(recs);
  const timers = timersFor(recs, main && main.id);
  const latest = announcements(recs)[0];
  const shown = w && w.showing && w.showing.board_id ? recs.get(w.showing.board_id) : null;
  return h('div', { class: 'projector-view', key: 'projector-view' },
    current ? h('p', { class: 'agenda-now', key: 'agenda' },
      'Now: ', h('strong', null, current.title), current.time ? ` (${current.time})` : '',
      next ? h('span', { class: 'agenda-next' }, ` – next: ${next.title}${next.time ? ` at ${next.time}` : ''}`) : null) : null,
    timers.length ? h('div', { class: 'projector-timers', key: 'timers' }, timers.map((t) => countdown(t, { big: true }))) : null,
    latest ? h('p', { class: 'announcement projector-ann', key: `ann-${latest.id}` }, latest.text) : null,
    shown ? h('h2', { class: 'projector-showing', key: 'showing' }, screens.boardName(shown)) : null,
    screens.renderScreen(recs, ctx));
}
