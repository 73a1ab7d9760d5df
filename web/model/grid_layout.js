// Where the Investment Grid draws its ideas so that none covers another: each idea wants its
// centre at the point it was placed; ideas that would overlap are pushed apart, each kept inside
// its own quadrant (so a pushed idea never appears to be in another quadrant) and inside the grid.
// Pure: boxes in, centres out (pixels). The stored positions never change; only the drawing.

/**
 * chips: [{id, x, y, w, h, box: {left, top, right, bottom}}], x/y the wanted centre, box the area
 * the chip must stay inside. Greedy, in the given order: each chip takes the free spot nearest
 * to where it was placed (a lattice of `step` px inside its box). Returns {at: Map id → {x, y}
 * (centres), clear: no chip overlaps another or an obstacle}.
 */
export function spreadChips(chips, { gap = 4, step = 4, obstacles = [] } = {}) {
  const placed = [...obstacles]; // what must stay readable (the quadrants' names), as {x, y, w, h}
  const at = new Map();
  let clear = true;
  for (const chip of chips) {
    const c = { ...chip };
    keepInside(c);
    let spot = free(c, placed, gap) ? { x: c.x, y: c.y } : null;
    if (!spot) {
      const b = c.box;
      const xs = lattice(b.left + c.w / 2, b.right - c.w / 2, step);
      const ys = lattice(b.top + c.h / 2, b.bottom - c.h / 2, step);
      const options = [];
      for (const x of xs) for (const y of ys) options.push({ x, y, d: (x - c.x) ** 2 + (y - c.y) ** 2 });
      options.sort((p, q) => p.d - q.d);
      spot = options.find((o) => free({ ...c, x: o.x, y: o.y }, placed, gap)) || null;
    }
    if (spot) { c.x = spot.x; c.y = spot.y; } else clear = false;
    placed.push(c);
    at.set(c.id, { x: c.x, y: c.y });
  }
  return { at, clear };
}

function lattice(from, to, step) {
  if (to <= from) return [from];
  const out = [];
  for (let v = from; v <= to + 1e-9; v += step) out.push(v);
  if (out[out.length - 1] < to) out.push(to);
  return out;
}

function free(c, placed, gap) {
  return placed.every((p) => !overlaps(c, p, gap));
}

function keepInside(c) {
  const b = c.box;
  c.x = Math.min(Math.max(c.x, b.left + c.w / 2), Math.max(b.left + c.w / 2, b.right - c.w / 2));
  c.y = Math.min(Math.max(c.y, b.top + c.h / 2), Math.max(b.top + c.h / 2, b.bottom - c.h / 2));
}

/** Do two boxes {x, y, w, h} (centres) overlap? For tests and for the fallback to codes only. */
export function overlaps(a, b, gap = 0) {
  return Math.abs(a.x - b.x) < (a.w + b.w) / 2 + gap && Math.abs(a.y - b.y) < (a.h + b.h) / 2 + gap;
}
