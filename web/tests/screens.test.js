// The screen registry: availability, order, the remembered choice, and "follow me".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  registerScreen, availableScreens, selectedScreen, screenForBoard, followShowing, isTool,
} from '../app/screens.js';

const recs = new Map([
  ['w', { id: 'w', kind: 'workshop', activity: 'voting', showing: null }],
  ['b1', { id: 'b1', kind: 'board', type: 'nww' }],
  ['b9', { id: 'b9', kind: 'board', type: 'secret' }],
]);
const staff = { id: 'f', role: 'facilitator' };
const person = { id: 'p', role: 'participant' };

registerScreen({ id: 'zz-staff', order: 900, label: () => 'Staff', available: (r, me) => me.role !== 'participant', boardIds: () => ['b9'], render: () => null });
registerScreen({ id: 'zz-vote', order: 901, activities: ['voting'], label: () => 'Vote', available: () => true, boardIds: () => ['b1'], render: () => null });

test('screens a role cannot open are left out, in order', () => {
  const ids = availableScreens(recs, person).map((s) => s.id);
  assert.ok(ids.includes('theming'));
  assert.ok(!ids.includes('zz-staff'));
  assert.ok(availableScreens(recs, staff).some((s) => s.id === 'zz-staff'));
  assert.ok(ids.indexOf('theming') < ids.indexOf('zz-vote'));
});

test('the chosen screen is kept while available, else the activity picks one', () => {
  assert.equal(selectedScreen(recs, staff, 'zz-staff').id, 'zz-staff');
  assert.equal(selectedScreen(recs, person, 'zz-staff').id, 'zz-vote');
  assert.equal(selectedScreen(recs, person, null).id, 'zz-vote');
});

test('follow me selects the screen showing the board, once per change', () => {
  const shown = new Map(recs);
  shown.set('w', { ...recs.get('w'), showing: { board_id: 'b9', by: 'f', at: '1' } });
  assert.equal(screenForBoard(shown, person, 'b9'), null);
  const ctx = { store: { me: staff }, ui: { screen: 'theming', follow: true } };
  assert.equal(followShowing(shown, ctx), 'b9');
  assert.equal(ctx.ui.screen, 'zz-staff');
  ctx.ui.screen = 'theming';
  assert.equal(followShowing(shown, ctx), null); // the same showing: the person's own choice stays
  assert.equal(ctx.ui.screen, 'theming');
  const off = { store: { me: person }, ui: { screen: 'theming', follow: false } };
  shown.set('w', { ...recs.get('w'), showing: { board_id: 'b1', by: 'f', at: '2' } });
  followShowing(shown, off);
  assert.equal(off.ui.screen, 'theming');
});

test('followers move with the agenda when no board is being shown', () => {
  const r = new Map(recs);
  r.set('w', { ...recs.get('w'), activity: 'welcome' });
  const ctx = { store: { me: person }, ui: { screen: 'theming', follow: true } };
  followShowing(r, ctx); // first draw: the person's own choice stays
  assert.equal(ctx.ui.screen, 'theming');
  r.set('w', { ...recs.get('w'), activity: 'voting' });
  followShowing(r, ctx);
  assert.equal(ctx.ui.screen, 'zz-vote');
  const proj = { store: { me: { id: 'pj', role: 'projector' } }, ui: { screen: 'zz-staff', follow: true }, readOnly: true };
  followShowing(r, proj); // a projector starts on the current activity, never on a remembered screen
  assert.equal(proj.ui.screen, 'zz-vote');
});

test('activity screens are tabs, the others tools; on Day 2 a screen only Day 1 uses is a tool too', () => {
  const agenda = [{ key: 'voting', day: 1 }, { key: 'iff_feedback', day: 2 }, { key: 'ww_theming', day: 1 }, { key: 'closing_1', day: 1 }, { key: 'closing_2', day: 2 }];
  const day = (n) => new Map([...recs, ['w', { ...recs.get('w'), day: n, agenda }]]);
  const vote = { id: 'v', activities: ['voting'] };
  const theming = { id: 't', activities: ['ww_theming', 'iff_feedback'] };
  const parking = { id: 'p', activities: ['closing_1', 'closing_2'] };
  const pictures = { id: 'x', activities: [] };
  const host = { id: 'h', tab: true };
  for (const s of [vote, theming, parking, host]) assert.equal(isTool(s, day(1)), false, s.id);
  assert.equal(isTool(pictures, day(1)), true);
  assert.equal(isTool(vote, day(2)), true);
  for (const s of [theming, parking, host]) assert.equal(isTool(s, day(2)), false, s.id);
  assert.equal(isTool(pictures, day(2)), true);
  assert.equal(isTool({ id: 'custom', activities: ['not_in_the_agenda'] }, day(2)), false); // unknown: kept a tab
});
