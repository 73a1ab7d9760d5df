// Day 2 selectors: hats, the vote on ideas, the grid's geometry and quadrants, action plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ideasByHat, hatProgress, impactToTop, topToImpact, nudge, placedSentence, positionOf,
  planMissing, fieldStatus, typingNames, typingSentence, myDots, whyNoDot, topIdeas, tableTop, ideaRound,
  ideaBoardIds, plannableIdeas, tableFor, recap, currentDay, acronyms, inPlaceItems, leadChoices,
  QUAD_BOXES, MIDDLE_LINES, TOP_SHARE, ideasOffGrid, tableResults, gridWall, moreIdeas,
} from '../model/day2.js';
import { quadrantOf, LIMITS } from '../protocol.js';

function recs(list) {
  return new Map(list.map((r) => [r.id, r]));
}

const base = [
  { id: 'w', kind: 'workshop', day: 2 },
  { id: 'main', kind: 'room', type: 'main' },
  { id: 't1', kind: 'room', type: 'table', number: 1, theme_id: 'th1', theme_text: 'I am lonely' },
  { id: 't2', kind: 'room', type: 'table', number: 2, theme_id: 'th2', theme_text: 'I want a say' },
  { id: 't3', kind: 'room', type: 'table', number: 3 },
  { id: 'nww', kind: 'board', type: 'nww', room_id: 'main', order: 2 },
  { id: 'th1', kind: 'card', type: 'theme', board_id: 'nww', text: 'I am lonely', created_at: '1' },
  { id: 'd1', kind: 'card', type: 'data', board_id: 'nww', theme_id: 'th1', text: 'Nobody calls', created_at: '2' },
  { id: 'rc1', kind: 'board', type: 'root_causes', room_id: 't1', order: 5 },
  { id: 'r1', kind: 'card', type: 'root_cause', board_id: 'rc1', text: 'Buses', created_at: '3' },
  { id: 'n2', kind: 'card', type: 'note', board_id: 'rc1', text: 'because 2', step: 2, created_at: '5' },
  { id: 'n1', kind: 'card', type: 'note', board_id: 'rc1', text: 'because 1', step: 1, created_at: '6' },
  { id: 'ip1', kind: 'board', type: 'in_place', room_id: 't1', order: 7 },
  { id: 'i1', kind: 'board', type: 'ideas', room_id: 't1', order: 8 },
  { id: 'i2', kind: 'board', type: 'ideas', room_id: 't2', order: 9 },
  { id: 'ap1', kind: 'board', type: 'action_plan', room_id: 't1', order: 10 },
  { id: 'x1', kind: 'card', type: 'idea', board_id: 'i1', hat: 'T', code: '1T', text: 'Coffee', created_at: '10' },
  { id: 'x2', kind: 'card', type: 'idea', board_id: 'i1', hat: 'T', code: '1T', text: 'Booklet', created_at: '11' },
  { id: 'x3', kind: 'card', type: 'idea', board_id: 'i1', hat: 'R', code: '1R', text: 'Choir', created_at: '12' },
  { id: 'y1', kind: 'card', type: 'idea', board_id: 'i2', hat: 'C', code: '2C', text: 'Befriend', created_at: '13' },
  { id: 'p', kind: 'card', type: 'in_place', board_id: 'ip1', text: 'Library', created_at: '14' },
  { id: 'ada', kind: 'participant', name: 'Ada', role: 'participant', table_id: 't2' },
  { id: 'pj', kind: 'participant', name: 'Screen', role: 'projector' },
];

test('ideas sit in their hat column with "2 of 3" progress', () => {
  const r = recs(base);
  const by = ideasByHat(r, 'i1');
  assert.deepEqual(by.T.map((c) => c.id), ['x1', 'x2']);
  assert.deepEqual(by.C, []);
  assert.deepEqual(by.R.map((c) => c.code), ['1R']);
  assert.equal(hatProgress(2), '2 of 3 ideas');
  assert.equal(hatProgress(0), '0 of 3 ideas');
  assert.equal(hatProgress(4), '4 ideas (the aim was 3)');
  assert.deepEqual(inPlaceItems(r, 'ip1').map((c) => c.text), ['Library']);
});

test('day, tables and the recap keep Day 1 as it was', () => {
  const r = recs(base);
  assert.equal(currentDay(r), 2);
  assert.equal(tableFor(r, r.get('ada')), 't2');
  assert.equal(tableFor(r, { id: 'f', role: 'facilitator' }), 't1');
  assert.equal(tableFor(r, r.get('ada'), 't1'), 't1');
  const rc = recap(r);
  assert.equal(rc.theming[0].board.id, 'nww');
  assert.equal(rc.theming[0].themes[0].count, 1);
  assert.equal(rc.tables.length, 2);
  assert.deepEqual(rc.tables[0].rootCauses.map((c) => c.text), ['Buses']);
  assert.deepEqual(rc.tables[0].why.map((c) => c.text), ['because 1', 'because 2']);
  assert.deepEqual(acronyms('Ask the CMHT or PALS, not me'), ['CMHT', 'PALS']);
});

test('quadrants: 0.5 belongs to the upper and right side, like the server', () => {
  assert.equal(quadrantOf(0.5, 0.49), 'quick_win');
  assert.equal(quadrantOf(0.5, 0.5), 'major_project');
  assert.equal(quadrantOf(0.49, 0.49), 'fill_in');
  assert.equal(quadrantOf(0.49, 0.5), 'thankless_task');
  assert.equal(quadrantOf(1, 0), 'quick_win');
  assert.equal(quadrantOf(0, 1), 'thankless_task');
});

test('the top half of the grid has more room, and the mapping goes both ways', () => {
  assert.equal(impactToTop(1), 0);
  assert.equal(impactToTop(0), 1);
  assert.ok(Math.abs(impactToTop(0.5) - 0.6) < 1e-9);
  for (const i of [0, 0.1, 0.3, 0.5, 0.62, 0.9, 1]) assert.ok(Math.abs(topToImpact(impactToTop(i)) - i) < 1e-9, String(i));
  assert.ok(impactToTop(0.75) < impactToTop(0.25));
});

test('the drawn quadrants and middle lines are the quadrant split: every point is drawn inside its own quadrant', () => {
  assert.equal(MIDDLE_LINES.left, LIMITS.QUADRANT_SPLIT);
  assert.ok(Math.abs(MIDDLE_LINES.top - TOP_SHARE) < 1e-9); // the split is drawn where the top half's extra room ends
  assert.ok(Math.abs(topToImpact(MIDDLE_LINES.top) - LIMITS.QUADRANT_SPLIT) < 1e-9);
  const steps = [0, 0.1, 0.25, 0.49, 0.499, 0.5, 0.501, 0.62, 0.9, 1];
  for (const impact of steps) {
    for (const effort of steps) {
      const [l, top, r, b] = QUAD_BOXES[quadrantOf(impact, effort)];
      const y = impactToTop(impact);
      assert.ok(effort >= l && effort <= r && y >= top - 1e-9 && y <= b + 1e-9, `${impact}, ${effort} drawn outside ${quadrantOf(impact, effort)}`);
    }
  }
  // The four boxes tile the grid.
  const area = Object.values(QUAD_BOXES).reduce((n, [l, t, r, b]) => n + (r - l) * (b - t), 0);
  assert.ok(Math.abs(area - 1) < 1e-9);
});

test('arrow keys nudge an idea from the middle and say the new quadrant', () => {
  const card = { code: '2T', impact: null, effort: null };
  const pos = positionOf(card);
  assert.deepEqual(pos, { impact: 0.5, effort: 0.5, placed: false });
  const up = nudge(pos, 'ArrowUp');
  assert.deepEqual(up, { impact: 0.55, effort: 0.5 });
  const left = nudge(up, 'ArrowLeft');
  assert.deepEqual(left, { impact: 0.55, effort: 0.45 });
  assert.equal(placedSentence(card, left.impact, left.effort), '2T now in Quick Wins');
  assert.deepEqual(nudge({ impact: 1, effort: 0 }, 'ArrowUp'), { impact: 1, effort: 0 });
  assert.equal(nudge(pos, 'Enter'), null);
});

test('dots: 3 each, at most 2 on one idea; the top 3 of each table go to the grid', () => {
  const round = { id: 'v', kind: 'round', board_id: 'i1', board_ids: ['i1', 'i2'], status: 'open', per_person: 3, per_target: 2,
    tallies: { x2: 2, x3: 1, y1: 1 }, opened_at: '20' };
  const r = recs([...base, round,
    { id: 'v1', kind: 'vote', round_id: 'v', target_id: 'x2', voter_id: 'ada' },
    { id: 'v2', kind: 'vote', round_id: 'v', target_id: 'x2', voter_id: 'ada' }]);
  assert.deepEqual(ideaBoardIds(r), ['i1', 'i2']);
  assert.equal(ideaRound(r).id, 'v');
  const dots = myDots(r, round, 'ada');
  assert.equal(dots.used, 2);
  assert.equal(dots.left, 1);
  assert.match(whyNoDot(round, dots, 'x2'), /already put 2 dots/);
  assert.equal(whyNoDot(round, dots, 'x1'), null);
  assert.match(whyNoDot({ ...round, status: 'closed' }, dots, 'x1'), /closed/);
  assert.match(whyNoDot(round, { used: 3, left: 0, on: new Map() }, 'x1'), /all your 3 dots/);
  assert.deepEqual(topIdeas(r, round, 3).map((c) => c.id), ['x2', 'x3', 'y1']);
  assert.deepEqual(topIdeas(r, round, 1).map((c) => c.id), ['x2', 'y1']);
});

test('G4: ideas tied across a table\'s last place are joint, for the facilitator to choose', () => {
  const round = { id: 'v', kind: 'round', board_id: 'i1', board_ids: ['i1', 'i2'], status: 'closed', per_person: 3, per_target: 2,
    tallies: { x1: 1, x2: 2, x3: 1, y1: 1 }, opened_at: '20' };
  const r = recs([...base, round]);
  const t1 = tableTop(r, round, 'i1', 2);
  assert.deepEqual(t1.sure.map((c) => c.id), ['x2']);
  assert.deepEqual(t1.tied.map((c) => c.id).sort(), ['x1', 'x3']);
  assert.equal(t1.place, 'joint 2nd');
  const all = tableTop(r, round, 'i1', 3);  // every tied idea fits: nothing to choose
  assert.deepEqual([all.sure.length, all.tied, all.place], [3, [], null]);
  assert.deepEqual(topIdeas(r, round, 2).map((c) => c.id), ['x2', 'y1']);  // the tied wait for the facilitator
});

test('plans: only Quick Wins and Major Projects; incomplete says what is missing', () => {
  const r = recs([...base,
    { id: 'g', kind: 'board', type: 'grid', room_id: 'main', order: 20 },
    { id: 'q1', kind: 'card', type: 'idea', board_id: 'g', code: '1T', quadrant: 'quick_win', created_at: '30' },
    { id: 'q2', kind: 'card', type: 'idea', board_id: 'g', code: '2C', quadrant: 'thankless_task', created_at: '31' },
    { id: 'q3', kind: 'card', type: 'idea', board_id: 'g', code: '1R', quadrant: 'major_project', created_at: '32' },
    { id: 'q4', kind: 'card', type: 'idea', board_id: 'g', code: '1T', quadrant: null, created_at: '33' }]);
  assert.deepEqual(plannableIdeas(r).map((c) => c.id), ['q1', 'q3']);
  assert.match(planMissing({ lead_id: null, fields: { next_week: '' } }), /choose a lead and write a first step for next week/);
  assert.match(planMissing({ lead_id: 'ada', fields: { next_week: ' ' } }), /first step for next week/);
  assert.match(planMissing({ lead_id: null, fields: { next_week: 'Call the library' } }), /choose a lead\.$/);
  assert.equal(planMissing({ lead_id: 'ada', fields: { next_week: 'Call' } }), null);
  assert.deepEqual(leadChoices(r).map((p) => p.id), ['ada']);
});

test('a field being edited is never overwritten: a remote save shows as a choice', () => {
  assert.equal(fieldStatus({ server: 'a', base: 'a', local: 'ab', editing: true }), 'same');
  assert.equal(fieldStatus({ server: 'x', base: 'a', local: 'ab', editing: true }), 'conflict');
  assert.equal(fieldStatus({ server: 'ab', base: 'a', local: 'ab', editing: true }), 'same');
  assert.equal(fieldStatus({ server: 'x', base: 'a', local: 'a', editing: false }), 'remote');
});

test('who is typing where', () => {
  const typing = new Map([['p.aim', new Map([['ada', { name: 'Ada', at: 1000 }], ['me', { name: 'Me', at: 1000 }], ['old', { name: 'Old', at: 0 }]])]]);
  assert.deepEqual(typingNames(typing, 'p', 'aim', 4500, 'me'), ['Ada']);
  assert.deepEqual(typingNames(typing, 'p', 'involve', 1000, 'me'), []);
  assert.equal(typingSentence(['Ada']), 'Ada is typing…');
  assert.equal(typingSentence(['Ada', 'Ben', 'Cy']), 'Ada, Ben and Cy are typing…');
  assert.equal(typingSentence([]), '');
});

test('other people\'s Day 2 changes in a sentence', async () => {
  const { describeDay2 } = await import('../model/day2.js');
  const r = recs([...base, { id: 'sam', kind: 'participant', name: 'Sam', role: 'facilitator' }]);
  const prev = new Map([['a1', { id: 'a1', kind: 'action_plan', fields: { aim: '', next_week: '' } }]]);
  assert.equal(describeDay2({ op: 'grid.place', by: 'sam', put: [{ kind: 'card', code: '2T', quadrant: 'quick_win' }] }, prev, r), 'Sam moved 2T to Quick Wins');
  assert.equal(describeDay2({ op: 'card.create', by: 'ada', put: [{ kind: 'card', type: 'idea', code: '1R' }] }, prev, r), 'Ada added idea 1R');
  assert.equal(describeDay2({ op: 'card.create', by: 'ada', put: [{ kind: 'card', type: 'theme' }] }, prev, r), null);
  assert.equal(describeDay2({ op: 'plan.update', by: 'sam', put: [{ id: 'a1', kind: 'action_plan', fields: { aim: '', next_week: 'Ring' } }] }, prev, r),
    'Sam changed answer 3 of the action plan');
  assert.equal(describeDay2({ op: 'card.merge', by: 'sam', put: [{ kind: 'card', code: '1C+2C' }] }, prev, r), 'Sam merged ideas into 1C+2C');
  // day.begin is said by describeData: on a participant's phone Day 2's modules load only once it has begun
  const { describeData } = await import('../model/describe.js');
  assert.equal(describeDay2({ op: 'day.begin', by: 'sam', put: [] }, prev, r), null);
  assert.equal(describeData({ op: 'day.begin', by: 'sam', put: [] }, prev, r), 'Sam began Day 2. Day 1\'s boards are kept as they were.');
  assert.equal(describeDay2({ op: 'round.open', by: 'sam', put: [{ kind: 'round', board_id: 'i1', board_ids: ['i1', 'i2'] }] }, prev, r),
    'Sam opened the vote on ideas: 3 dots each, at most 2 on one idea');
  assert.equal(describeDay2({ op: 'round.close', by: 'sam', put: [{ kind: 'round', board_id: 'nww' }] }, prev, r), null);
});

test('the ideas not on the grid yet: by table, most dots first, without those already sent', () => {
  const round = { id: 'v', kind: 'round', board_id: 'i1', board_ids: ['i1', 'i2'], status: 'closed', per_person: 3, per_target: 2,
    tallies: { x3: 2, x2: 1 }, opened_at: '20' };
  const before = ideasOffGrid(recs([...base, round]));
  assert.deepEqual(before.map((x) => [x.table.id, x.ideas.map((i) => `${i.card.id}:${i.dots}`)]),
    [['t1', ['x3:2', 'x2:1', 'x1:0']], ['t2', ['y1:0']]]);
  const grid = [{ id: 'g', kind: 'board', type: 'grid', room_id: 'main', order: 20 },
    { id: 'gx3', kind: 'card', type: 'idea', board_id: 'g', source_id: 'x3', code: '1R', text: 'Choir', created_at: '30' },
    { id: 'gy1', kind: 'card', type: 'idea', board_id: 'g', source_id: 'y1', code: '2C', text: 'Befriend', created_at: '31' }];
  const after = ideasOffGrid(recs([...base, round, ...grid]));
  assert.deepEqual(after.map((x) => [x.table.id, x.ideas.map((i) => i.card.id)]), [['t1', ['x2', 'x1']]]); // Table 2 has none left
});

test('G3: an idea merged into another on the grid is on the grid, and so is a table merge holding one', async () => {
  const { heldOnGrid, isOnGrid } = await import('../model/day2.js');
  const round = { id: 'v', kind: 'round', board_id: 'i1', board_ids: ['i1', 'i2'], status: 'closed', per_person: 3, per_target: 2,
    tallies: {}, opened_at: '20' };
  const grid = [{ id: 'g', kind: 'board', type: 'grid', room_id: 'main', order: 20 },
    { id: 'gm', kind: 'card', type: 'idea', board_id: 'g', source_id: 'x3', source_ids: ['x3', 'y1'], merged_from: ['gx3', 'gy1'],
      code: '1R+2C', text: 'Choir and befriending', created_at: '32' }];
  const r = recs([...base, round, ...grid]);
  assert.deepEqual(ideasOffGrid(r).map((x) => [x.table.id, x.ideas.map((i) => i.card.id)]), [['t1', ['x1', 'x2']]]);
  const held = heldOnGrid(r);
  assert.ok(isOnGrid(held, { id: 'y1' }) && isOnGrid(held, { id: 'm', source_ids: ['x2', 'x3'] }) && !isOnGrid(held, { id: 'x2' }));
});

// The length of an action plan's answer as the server keeps it (server/domain/plans.py: NFC, Python's
// strip, then code points) — the same cases as tests/unit/test_characters.py's plan answers.
test('C1: an answer is counted as the server keeps it, edges trimmed as Python trims them', async () => {
  const { planAnswerLength } = await import('../model/day2.js');
  const limit = LIMITS.PLAN_FIELD;
  const cases = [
    ['🙂'.repeat(limit), limit], ['e\u0301'.repeat(limit), limit], ['ŵ'.repeat(500) + 'w\u0302'.repeat(500), limit],
    ['a'.repeat(limit) + '\n', limit], ['  ' + 'ŷ'.repeat(limit) + '\r\n\t', limit], ['a'.repeat(limit) + '\x1f\x85', limit],
    ['\ufeff' + 'a'.repeat(limit), limit + 1], ['🙂'.repeat(limit + 1), limit + 1], ['\u0301' + 'a'.repeat(limit - 1), limit],
  ];
  for (const [text, n] of cases) assert.equal(planAnswerLength(text), n, JSON.stringify(text.slice(0, 4)));
});

test('the vote on ideas for the wall: each table ranked within itself, its top ideas and ties as "joint"', () => {
  const round = { id: 'v', kind: 'round', board_id: 'i1', board_ids: ['i1', 'i2'], status: 'closed', per_person: 3, per_target: 2,
    tallies: { x1: 1, x2: 2, x3: 1, y1: 1 }, opened_at: '20' };
  const rows = (x) => x.rows.map((r) => `${r.card.id} ${r.place} ${r.dots}`);
  const two = tableResults(recs([...base, round]), round, 2);
  assert.deepEqual(two.map((x) => x.table.id), ['t1', 't2']);
  assert.deepEqual(rows(two[0]), ['x2 1st 2', 'x1 joint 2nd 1', 'x3 joint 2nd 1']); // tied across the cut-off: both shown
  assert.deepEqual([two[0].rest, two[0].tie], [0, true]);
  assert.deepEqual(rows(two[1]), ['y1 1st 1']); // 1 dot is Table 2's first, not "joint 2nd" of every table
  assert.deepEqual([two[1].rest, two[1].tie], [0, false]);
  const one = tableResults(recs([...base, round]), round, 1);
  assert.deepEqual([rows(one[0]), one[0].rest, one[0].tie], [['x2 1st 2'], 2, false]);
  // An idea without dots never makes the top; once a tied idea is on the grid, the facilitator has chosen.
  const r2 = { ...round, tallies: { x1: 1, x3: 1 } };
  const grid = [{ id: 'g', kind: 'board', type: 'grid', room_id: 'main', order: 20 },
    { id: 'gx1', kind: 'card', type: 'idea', board_id: 'g', source_id: 'x1', code: '1T', text: 'Coffee', created_at: '30' }];
  const chosen = tableResults(recs([...base, r2, ...grid]), r2, 1);
  assert.deepEqual([rows(chosen[0]), chosen[0].rest, chosen[0].tie], [['x1 joint 1st 1', 'x3 joint 1st 1'], 1, false]);
  assert.deepEqual([rows(chosen[1]), chosen[1].rest], [[], 1]);
  // a tied idea merged into another on the grid (G3) was chosen too
  const merged = [grid[0], { id: 'gm', kind: 'card', type: 'idea', board_id: 'g', source_id: 'y1', source_ids: ['y1', 'x3'], code: '2C+1R', text: 'Both', created_at: '31' }];
  assert.equal(tableResults(recs([...base, r2, ...merged]), r2, 1)[0].tie, false);
  assert.equal(tableResults(recs([...base, r2, grid[0]]), r2, 1)[0].tie, true);
  assert.deepEqual(tableResults(recs(base), null), []);
});

test('the vote on ideas while open: every idea of a table, most dots first; as written while the counts are hidden', () => {
  const open = { id: 'v', kind: 'round', board_id: 'i1', board_ids: ['i1', 'i2'], status: 'open', per_person: 3, per_target: 2,
    tallies: { x3: 2, x2: 1 }, opened_at: '20' };
  const shown = tableResults(recs([...base, open]), open);
  assert.deepEqual(shown[0].rows.map((r) => `${r.card.id}:${r.dots}`), ['x3:2', 'x2:1', 'x1:0']);
  assert.equal(shown[0].rest, 0);
  const hidden = { ...open, hidden: true, tallies: undefined };
  assert.deepEqual(tableResults(recs([...base, hidden]), hidden)[0].rows.map((r) => r.card.id), ['x1', 'x2', 'x3']);
});

test('the grid for the wall: each quadrant most impact first, the ideas not placed yet apart; what a full list says of the rest', () => {
  const grid = [{ id: 'g', kind: 'board', type: 'grid', room_id: 'main', order: 20 },
    { id: 'a', kind: 'card', type: 'idea', board_id: 'g', code: '1T', quadrant: 'quick_win', impact: 0.7, effort: 0.2, created_at: '30' },
    { id: 'b', kind: 'card', type: 'idea', board_id: 'g', code: '2C', quadrant: 'quick_win', impact: 0.9, effort: 0.4, created_at: '31' },
    { id: 'c', kind: 'card', type: 'idea', board_id: 'g', code: '3R', quadrant: 'quick_win', impact: 0.9, effort: 0.1, created_at: '32' },
    { id: 'd', kind: 'card', type: 'idea', board_id: 'g', code: '1R', quadrant: null, created_at: '33' },
    { id: 'e', kind: 'card', type: 'idea', board_id: 'g', code: '4T', quadrant: 'fill_in', impact: 0.2, effort: 0.3, created_at: '34' },
    { id: 'f', kind: 'card', type: 'idea', board_id: 'g', code: '2T', created_at: '35' }];
  const wall = gridWall(recs([...base, ...grid]));
  assert.deepEqual(wall.quadrants.quick_win.map((c) => c.id), ['c', 'b', 'a']);
  assert.deepEqual(wall.quadrants.fill_in.map((c) => c.id), ['e']);
  assert.deepEqual([wall.quadrants.major_project, wall.quadrants.thankless_task], [[], []]);
  assert.deepEqual(wall.unplaced.map((c) => c.id), ['d', 'f']);
  assert.equal(moreIdeas([{ code: '3T' }, { code: '4C' }, { code: '3T' }]), 'and 3 more ideas: 3T, 4C');
  assert.equal(moreIdeas([{ code: '1R' }]), 'and 1 more idea: 1R');
  assert.equal(moreIdeas([{}, {}]), 'and 2 more ideas');
  assert.equal(moreIdeas([{ code: '3T' }, { code: '4C' }], true), '2 ideas: 3T, 4C'); // not one of them shown
});

test('in Welsh: who is typing and where an idea now is, from the catalogue', async () => {
  const { readFileSync } = await import('node:fs');
  const { useCatalogue } = await import('../app/i18n.js');
  useCatalogue('cy', JSON.parse(readFileSync(new URL('../i18n/cy.json', import.meta.url))));
  try {
    assert.equal(typingSentence(['Ada']), 'Mae Ada yn teipio…');
    assert.equal(typingSentence(['Ada', 'Ben', 'Cy']), 'Mae Ada, Ben a Cy yn teipio…');
    assert.equal(placedSentence({ code: '2T' }, 0.55, 0.45), 'Mae 2T nawr yn y cwadrant Enillion Cyflym');
    assert.equal(placedSentence({}, 0.55, 0.45), 'Mae’r syniad nawr yn y cwadrant Enillion Cyflym');
  } finally {
    useCatalogue('en', {});
  }
  assert.equal(placedSentence({}, 0.55, 0.45), 'The idea is now in Quick Wins');
});
