// The projector page (role projector): read-only, no controls, large bold type. Under the agenda
// strip (day1_agenda.js: the current item and the next, on every page) it shows the running countdown big, and the board the facilitator is showing
// (screens.followShowing picks its screen), or the screen of the current activity.
import { h } from '../ui/dom.js';
import { workshop } from '../model/store.js';
import * as screens from '../app/screens.js';
import { timersFor, announcements, mainRoom } from '../model/rooms.js';
import { countdown, serverNow } from './rooms.js';

/** The projector's main area. */
export function render(recs, ctx) {
  const w = workshop(recs);
  const main = mainRoom(recs);
  const timers = timersFor(recs, main && main.id, serverNow());
  const latest = announcements(recs)[0];
  const shown = w && w.showing && w.showing.board_id ? recs.get(w.showing.board_id) : null;
  return h('div', { class: 'projector-view', key: 'projector-view' },
    timers.length ? h('div', { class: 'projector-timers', key: 'timers' }, timers.map((t) => countdown(t, { big: true }))) : null,
    latest ? h('p', { class: 'announcement projector-ann', key: `ann-${latest.id}` }, latest.text) : null,
    shown ? h('h2', { class: 'projector-showing', key: 'showing' }, screens.boardName(shown)) : null,
    screens.renderScreen(recs, ctx));
}
