// The Day 1 screens drawn as h() descriptions (no DOM): what each role sees and may do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allScreens, screenForBoard } from '../app/screens.js';
import '../screens/day1.js';
import * as boards from '../screens/day1_boards.js'; // the screens' module (app/lazy.js fetches it in a page)
import { agendaStrip } from '../screens/day1_agenda.js';
import { intents } from '../app/intents.js';

function screen(id) {
  return allScreens().find((s) => s.id === id);
}

/** All text of a description tree, and every element's props, for searching. */
function texts(v, out = []) {
  if (v == null) return out;
  if (Array.isArray(v)) { for (const c of v) texts(c, out); return out; }
  if (v.text !== undefined) { out.push(v.text); return out; }
  texts(v.children, out);
  return out;
}
function elements(v, out = []) {
  if (v == null) return out;
  if (Array.isArray(v)) { for (const c of v) elements(c, out); return out; }
  if (v.tag) { out.push(v); elements(v.children, out); }
  return out;
}
const allText = (v) => texts(v).join('');
const labels = (v) => elements(v).map((e) => e.props['aria-label']).filter(Boolean);

function store(me, list) {
  const records = new Map(list.map((r) => [r.id, r]));
  records.set(me.id, me);
  return { store: { me, pending: [] }, recs: records };
}

function ctxFor(me, list, extra = {}) {
  const { store: st, recs } = store(me, list);
  const drafts = new Map();
  return {
    recs,
    ctx: {
      store: st, ui: { editing: new Set(), follow: true, ...extra.ui }, readOnly: me.role === 'projector',
      act: { showScreen() {}, redraw() {}, showBoard() {} }, conn: { live: true },
      draft: (f, initial = '') => (drafts.has(f) ? drafts.get(f) : initial), setDraft: (f, t) => drafts.set(f, t),
      intent: intents(() => Promise.resolve({ ok: true })),
    },
  };
}

const base = [
  { id: 'w', kind: 'workshop', title: 'W', activity: 'voting', showing: null, agenda: [
    { key: 'voting', day: 1, time: '13:30', title: 'Voting', boards: ['nww'] },
    { key: 'root_causes', day: 1, time: '13:40', title: 'Root causes', boards: ['root_causes'] }] },
  { id: 'main', kind: 'room', type: 'main' },
  { id: 'nww', kind: 'board', type: 'nww', room_id: 'main', order: 2 },
  { id: 'pk', kind: 'board', type: 'parking', room_id: 'main', order: 4 },
  { id: 't1', kind: 'card', type: 'theme', board_id: 'nww', text: 'I am lonely', created_at: '1' },
  { id: 't2', kind: 'card', type: 'theme', board_id: 'nww', text: 'I want a say', created_at: '2' },
  { id: 'v', kind: 'round', board_id: 'nww', board_ids: ['nww'], status: 'open', per_person: 3, per_target: 2, hidden: true, abstained: [], opened_at: '1' },
  { id: 'd1', kind: 'vote', round_id: 'v', voter_id: 'ada', target_id: 't1' },
  { id: 'd2', kind: 'vote', round_id: 'v', voter_id: 'ada', target_id: 't1' },
];
const ada = { id: 'ada', kind: 'participant', role: 'participant', name: 'Ada', table_id: null };
const sam = { id: 'sam', kind: 'participant', role: 'facilitator', name: 'Sam' };

test('a participant in a hidden round sees only their own dots, with named buttons', () => {
  const { recs, ctx } = ctxFor(ada, base);
  const tree = screen('vote').render(recs, ctx, boards);
  const text = allText(tree);
  assert.match(text, /You have 1 dot left/);
  assert.match(text, /The counts are hidden until the vote closes/);
  assert.ok(labels(tree).includes('Add a dot to I am lonely'));
  assert.ok(labels(tree).includes('Take a dot back from I want a say'));
  assert.ok(labels(tree).includes('I am lonely: 2 dots from you'));
  assert.doesNotMatch(text, /Close the vote|Who still has dots/);
  // Two on one theme is the most: the button says why instead of sending.
  const add = elements(tree).find((e) => e.props['aria-label'] === 'Add a dot to I am lonely');
  assert.equal(add.props['aria-disabled'], 'true');
});

test('staff see the tallies and who still has dots (the close button is in their toolbar); the strip has Next and Edit', () => {
  const list = base.map((r) => (r.id === 'v' ? { ...r, tallies: { t1: 2 }, dots_used: { ada: 2 } } : r)).concat([ada]);
  const { recs, ctx } = ctxFor(sam, list);
  const tree = screen('vote').render(recs, ctx, boards);
  const text = allText(tree);
  assert.doesNotMatch(text, /Close the vote/); // one close button: the staff toolbar's
  assert.match(text, /Ada: 1 dot left/);
  assert.ok(labels(tree).includes('I am lonely: 2 dots'));
  const strip = allText(agendaStrip(recs, ctx));
  assert.match(strip, /Now13:30 Voting/);
  assert.match(strip, /Next: Root causes/);
  assert.match(strip, /Edit agenda/);
  assert.match(strip, /Add to the parking space/);
});

test('a projector sees the strip without buttons', () => {
  const { recs, ctx } = ctxFor({ id: 'pj', kind: 'participant', role: 'projector', name: 'Screen' }, base);
  const strip = agendaStrip(recs, ctx);
  assert.match(allText(strip), /13:30 Voting/);
  assert.equal(elements(strip).filter((e) => e.tag === 'button').length, 0);
});

test('table feedback: a participant without a table still follows the table being shown', () => {
  const tables = [
    { id: 'r1', kind: 'room', type: 'table', number: 1, name: 'Table 1', theme_id: 't1', theme_text: 'I am lonely' },
    { id: 'rc1', kind: 'board', type: 'root_causes', room_id: 'r1', order: 5 },
    { id: 'sc1', kind: 'board', type: 'success', room_id: 'r1', order: 6 },
    { id: 'n1', kind: 'card', type: 'note', board_id: 'rc1', step: 1, text: 'Why? Nobody visits', created_at: '3' },
    { id: 's1', kind: 'card', type: 'success', board_id: 'sc1', perspective: 'buyers', text: 'We fund buses', created_at: '4' },
  ];
  let { recs, ctx } = ctxFor(ada, base.concat(tables));
  assert.equal(screen('table').available(recs, ada), false);
  const showing = base.map((r) => (r.id === 'w' ? { ...r, showing: { board_id: 'rc1', by: 'sam', at: '5' } } : r)).concat(tables);
  ({ recs, ctx } = ctxFor(ada, showing));
  assert.equal(screen('table').available(recs, ada), true);
  assert.equal(screenForBoard(recs, ada, 'rc1').id, 'table');
  const tree = screen('table').render(recs, ctx, boards);
  const text = allText(tree);
  assert.match(text, /I am lonely/);
  assert.match(text, /Why\? Why\? Nobody visits/);
  assert.match(text, /0 of 3/);
  assert.match(text, /People who buy services \(a we statement, blue\)We fund buses/);
  // Not this person's table: nothing to write.
  assert.equal(elements(tree).filter((e) => e.tag === 'form').length, 0);
});

test('the next item on another day says which day', () => {
  const list = base.map((r) => (r.id === 'w' ? { ...r, activity: 'finish_1', agenda: [
    { key: 'finish_1', day: 1, time: '15:00', title: 'Finish', boards: [] },
    { key: 'welcome_2', day: 2, time: '10:00', title: 'Welcome / opening round', boards: ['welcome'] }] } : r));
  const { recs, ctx } = ctxFor(ada, list);
  assert.match(allText(agendaStrip(recs, ctx)), /NextDay 2, 10:00 Welcome \/ opening round/);
});
