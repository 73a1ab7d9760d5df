// Screens only some members use, fetched by dynamic import() once the member is known, so a
// participant's phone never downloads them (they are also left out of the page's modulepreload
// list, which follows static imports only: server/api/modules.py).
import { canFacilitate, isFacilitator, isStaff, workshop } from '../model/store.js';

/** Whether the workshop has a record of this kind yet (the after-workshop screens wait for plans). */
function has(recs, kind) {
  if (!recs) return false;
  for (const r of recs.values()) if (r.kind === kind) return true;
  return false;
}

/** Whether Day 2 has begun, or its Investment Grid exists (the grid screen shows it from then on). */
function dayTwo(recs) {
  if (!recs) return false;
  const w = workshop(recs);
  if (w && w.day === 2) return true;
  for (const r of recs.values()) if (r.kind === 'board' && r.type === 'grid') return true;
  return false;
}

/**
 * name → who needs it (the member, and the workshop's records) and how to load it. A module that
 * registers screens does so on import. The after-workshop screens come once there are action
 * plans (or, for feedback, a round of it): nobody needs them on Day 1. Day 2's screens come on
 * Day 2 (the facilitator has them from the start: the Day 2 tab prepares it); answers import,
 * cleaning and the exports only for staff.
 */
const LAZY = {
  host: { needed: (me) => canFacilitate(me), load: () => import('../screens/host.js') },
  projector: { needed: (me) => me.role === 'projector', load: () => import('../screens/projector.js') },
  mopUp: { needed: (me) => canFacilitate(me), load: () => import('../screens/mop_up.js') },
  followUp: { needed: (me, recs) => me.role !== 'projector' && has(recs, 'action_plan'), load: () => import('../screens/plan_follow_up.js') },
  progress: { needed: (me, recs) => me.role !== 'projector' && has(recs, 'action_plan'), load: () => import('../screens/progress.js') },
  privacy: { needed: (me) => isFacilitator(me), load: () => import('../screens/privacy.js') },
  feedback: { needed: (me, recs) => me.role !== 'projector' && (canFacilitate(me) || has(recs, 'feedback')), load: () => import('../screens/feedback.js') },
  // Before Day 2 only the facilitator needs these: beginning Day 2 (day.begin) is theirs alone,
  // and the Day 2 tab is where they do it. A tech host gets them when Day 2 begins, like everyone.
  day2: {
    needed: (me, recs) => isFacilitator(me) || dayTwo(recs),
    load: () => Promise.all([import('../screens/day2.js'), import('../screens/day2_grid.js'), import('../screens/day2_plans.js')])
      .then(([day2]) => day2),
  },
  data: { needed: (me) => canFacilitate(me), load: () => import('../screens/data.js') },
  day1Edit: { needed: (me) => canFacilitate(me), load: () => import('../screens/day1_edit.js') },
  pictures: { needed: () => false, load: () => import('../screens/pictures.js') }, // on demand: loadNow('pictures')
  // The theming boards and their card drag, when a screen that draws them is first drawn (screens.js
  // `module`): a participant's phone that opens on the welcome or a vote does without them. Staff
  // have them from the start, as they move between the boards.
  staffAlerts: { needed: (me) => isStaff(me), load: () => import('../screens/staff_alerts.js') },
  describe: { needed: () => false, load: () => import('../model/describe.js') }, // on demand: with the first change made by someone else (app/shell.js)
  polls: { needed: () => false, load: () => import('../ui/polls.js') }, // on demand: once there is a poll (screens/rooms.js)
  // The chat: staff at once (new messages reach them on any screen); anyone else once their room or
  // "Everyone" has a message, or the chat beside the screens comes into view (screens/rooms.js):
  // on a phone it is below the board.
  chat: { needed: (me) => isStaff(me), load: () => import('../ui/chat.js') },
  // Dot voting, a table's boards and the parking space (screens/day1.js registers them): when one is first drawn.
  day1Boards: { needed: (me) => canFacilitate(me) && me.role !== 'projector', load: () => import('../screens/day1_boards.js') },
  theming: {
    needed: (me) => canFacilitate(me) && me.role !== 'projector',
    load: () => Promise.all([import('../screens/theming.js'), import('../ui/drag.js')]).then(([theming]) => theming),
  },
  toolbar: { needed: (me) => canFacilitate(me), load: () => import('../screens/toolbar.js') },
};

const loaded = new Map(); // name → module, once loaded
const loading = new Map(); // name → the promise of its module, while on its way
const failed = new Map(); // name → when it may be tried again (offline: no fetch on every redraw)

/** The module if it is loaded (else null): `lazy('projector')`. */
export function lazy(name) {
  return loaded.get(name) || null;
}

/** Fetch one entry (once: a second caller waits for the same fetch); resolves when it has arrived or failed. */
function fetchEntry(name) {
  if (loaded.has(name)) return Promise.resolve();
  if (!loading.has(name)) {
    loading.set(name, LAZY[name].load().then((mod) => { loaded.set(name, mod); }, (e) => {
      console.error(`could not load ${name}`, e);
      failed.set(name, Date.now() + 3000);
    }).finally(() => { loading.delete(name); }));
  }
  return loading.get(name);
}

/** Start loading what this member needs now; `ready()` is called after each module arrives. */
export function loadFor(me, ready, recs = null) {
  if (!me) return;
  for (const [name, entry] of Object.entries(LAZY)) {
    if (loaded.has(name) || loading.has(name) || (failed.get(name) || 0) > Date.now() || !entry.needed(me, recs)) continue;
    fetchEntry(name).then(ready);
  }
}

/**
 * Load one module now, whoever the member (the board pictures: once their screen or the Menu opens;
 * a screen's `module`). `ready` is called when it has arrived, even when the fetch had already begun.
 */
export function loadNow(name, ready) {
  if (!LAZY[name] || loaded.has(name) || (failed.get(name) || 0) > Date.now()) return Promise.resolve();
  const p = fetchEntry(name);
  return ready ? p.then(ready) : p;
}

/** The promise of a module on its way (it resolves once it has arrived or failed), else null. */
export function pending(name) {
  return loading.get(name) || null;
}

/** Whether everything this member needs has arrived. */
export function readyFor(me, recs = null) {
  return !me || Object.entries(LAZY).every(([name, entry]) => !entry.needed(me, recs) || loaded.has(name));
}
