// The grid's drawing: ideas placed on one spot are spread apart, inside their quadrant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spreadChips, overlaps } from '../model/grid_layout.js';

const quad = { left: 0, top: 0, right: 170, bottom: 250 };

test('fifteen ideas dropped on one spot end up apart, each inside its quadrant', () => {
  const chips = Array.from({ length: 15 }, (_, i) => ({ id: `c${i}`, x: 85, y: 120, w: 46, h: 44, box: quad }));
  const { at, clear } = spreadChips(chips);
  assert.ok(clear);
  const placed = chips.map((c) => ({ ...c, ...at.get(c.id) }));
  for (const c of placed) {
    assert.ok(c.x - c.w / 2 >= quad.left && c.x + c.w / 2 <= quad.right, `${c.id} inside left/right`);
    assert.ok(c.y - c.h / 2 >= quad.top && c.y + c.h / 2 <= quad.bottom, `${c.id} inside top/bottom`);
  }
  for (let i = 0; i < placed.length; i += 1) for (let j = i + 1; j < placed.length; j += 1) assert.ok(!overlaps(placed[i], placed[j]), `${i} and ${j}`);
});

test('ideas already apart stay where they were placed', () => {
  const chips = [{ id: 'a', x: 30, y: 30, w: 40, h: 40, box: quad }, { id: 'b', x: 120, y: 200, w: 40, h: 40, box: quad }];
  const { at } = spreadChips(chips);
  assert.deepEqual(at.get('a'), { x: 30, y: 30 });
  assert.deepEqual(at.get('b'), { x: 120, y: 200 });
});

test('more ideas than a quadrant holds: reported, so the grid can fall back', () => {
  const small = { left: 0, top: 0, right: 60, bottom: 60 };
  const chips = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, x: 30, y: 30, w: 40, h: 40, box: small }));
  assert.equal(spreadChips(chips).clear, false);
});

test('an obstacle (a quadrant\'s name) is kept clear', () => {
  const label = { x: 40, y: 10, w: 80, h: 20 };
  const chips = Array.from({ length: 4 }, (_, i) => ({ id: `c${i}`, x: 40, y: 10, w: 40, h: 40, box: quad }));
  const { at, clear } = spreadChips(chips, { obstacles: [label] });
  assert.ok(clear);
  for (const c of chips) assert.ok(!overlaps({ ...c, ...at.get(c.id) }, label), c.id);
});
