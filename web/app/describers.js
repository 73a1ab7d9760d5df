// What is said of other people's changes (announced politely to screen-reader users): describers,
// each registered by the module that knows its ops when that module is loaded, tried in order; the
// first sentence wins. Day 2's (screens/day2.js) come first, then the collected answers' and the
// boards' (model/describe.js, fetched with the first change heard: app/lazy.js), then the rooms'
// (screens/rooms.js), which speak of changes to you. A describer's module not loaded (yet) is not asked.
const describers = [];

/**
 * Add a describer, or replace the one with its id: `describe(ev, prev, recs, me)` → a sentence or
 * null (not its to say). `ev` is the event, `prev` the records it replaced, `recs` the records after.
 */
export function registerDescriber({ id, order, describe }) {
  const i = describers.findIndex((d) => d.id === id);
  if (i >= 0) describers.splice(i, 1);
  describers.push({ id, order, describe });
  describers.sort((a, b) => a.order - b.order);
}

/** The sentence for another person's change, or null when nobody has one. */
export function describeChange(ev, prev, recs, me) {
  for (const d of describers) {
    const text = d.describe(ev, prev, recs, me);
    if (text) return text;
  }
  return null;
}

/** The registered describers' ids, in the order they are asked. */
export function describerIds() {
  return describers.map((d) => d.id);
}
