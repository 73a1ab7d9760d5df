// Screens only some members use, fetched by dynamic import() once the member is known, so a
// participant's phone never downloads them (they are also left out of the page's modulepreload
// list, which follows static imports only: server/api/modules.py).
import { canFacilitate } from '../model/store.js';

/** name → who needs it and how to load it. A module that registers screens does so on import. */
const LAZY = {
  host: { needed: (me) => canFacilitate(me), load: () => import('../screens/host.js') },
  projector: { needed: (me) => me.role === 'projector', load: () => import('../screens/projector.js') },
  mopUp: { needed: (me) => canFacilitate(me), load: () => import('../screens/mop_up.js') },
};

const loaded = new Map(); // name → module, once loaded
const loading = new Set();

/** The module if it is loaded (else null): `lazy('projector')`. */
export function lazy(name) {
  return loaded.get(name) || null;
}

/** Start loading what this member needs; `ready()` is called after each module arrives. */
export function loadFor(me, ready) {
  if (!me) return;
  for (const [name, entry] of Object.entries(LAZY)) {
    if (loaded.has(name) || loading.has(name) || !entry.needed(me)) continue;
    loading.add(name);
    entry.load().then((mod) => { loaded.set(name, mod); }, (e) => { console.error(`could not load ${name}`, e); })
      .finally(() => { loading.delete(name); ready(); });
  }
}

/** Whether everything this member needs has arrived. */
export function readyFor(me) {
  return !me || Object.entries(LAZY).every(([name, entry]) => !entry.needed(me) || loaded.has(name));
}
