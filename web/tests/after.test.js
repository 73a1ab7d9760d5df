// After the workshop: plans' status in words, check-ins due, who follows up, feedback answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dayInWords, statusWords, plansInTableOrder, nextCheckin, checkinWords, dueCheckins, mayRecord,
  comesBackToFollowUp, feedbackAnswer, needsReason, openFeedback, lastUpdate, feedbackTitle,
} from '../model/after.js';
import { readFileSync } from 'node:fs';
import { useCatalogue } from '../app/i18n.js';

const cy = JSON.parse(readFileSync(new URL('../i18n/cy.json', import.meta.url)));

function recs(list) {
  return new Map(list.map((r) => [r.id, r]));
}

const lead = { id: 'lee', role: 'participant', table_id: null };
const atTable = { id: 'ada', role: 'participant', table_id: 't1' };
const other = { id: 'oli', role: 'participant', table_id: 't2' };
const host = { id: 'hana', role: 'host' };

const base = [
  { id: 't1', kind: 'room', type: 'table', number: 1 },
  { id: 't2', kind: 'room', type: 'table', number: 2 },
  { id: 'b1', kind: 'board', type: 'action_plan', room_id: 't1' },
  { id: 'b2', kind: 'board', type: 'action_plan', room_id: 't2' },
  { id: 'p2', kind: 'action_plan', board_id: 'b2', lead_id: null, status: 'planned', created_at: '1',
    history: [{ status: 'planned', reason: null }] },
  { id: 'p1', kind: 'action_plan', board_id: 'b1', lead_id: 'lee', status: 'stuck', created_at: '2', follow_up_start: '2026-12-01',
    history: [{ status: 'planned', reason: null }, { status: 'stuck', reason: 'Waiting for the bus company', at: 'x' }] },
  { id: 'k2', kind: 'checkin', plan_id: 'p1', due: '2027-03-01', label: '3 months', status: 'due' },
  { id: 'k1', kind: 'checkin', plan_id: 'p1', due: '2026-12-22', label: '2–4 weeks: check and challenge', status: 'due' },
  { id: 'k0', kind: 'checkin', plan_id: 'p1', due: '2026-12-10', label: 'Early', status: 'done' },
];

test('status in words, with the reason the latest change gave', () => {
  const r = recs(base);
  assert.equal(statusWords(r.get('p1')), 'Stuck: Waiting for the bus company');
  assert.equal(statusWords(r.get('p2')), 'Planned');
  assert.equal(statusWords({ status: 'on_track', history: [{ status: 'stuck', reason: 'old news' }] }), 'On track');
  assert.equal(lastUpdate(r, r.get('p1')).words, 'Stuck: Waiting for the bus company');
  assert.ok(needsReason('stuck') && needsReason('at_risk') && needsReason('stopped') && !needsReason('done'));
});

test('plans in table order, the next check-in and its words', () => {
  const r = recs(base);
  assert.deepEqual(plansInTableOrder(r).map((p) => p.id), ['p1', 'p2']);
  assert.equal(nextCheckin(r, 'p1').id, 'k1');
  assert.equal(dayInWords('2027-03-01'), '1 March 2027');
  assert.equal(checkinWords(r.get('k2'), '2026-12-02'), '3 months: 1 March 2027');
  assert.equal(checkinWords(r.get('k1'), '2027-01-05'), '2–4 weeks: check and challenge: due now (since 22 December 2026)');
  assert.equal(checkinWords(r.get('k0'), '2027-01-05'), 'Early: done');
});

test('due check-ins reach staff and the lead, not others; the table may record', () => {
  const r = recs(base);
  assert.deepEqual(dueCheckins(r, lead, '2027-03-05').map((d) => d.checkin.id), ['k1', 'k2']);
  assert.deepEqual(dueCheckins(r, host, '2026-12-30').map((d) => d.checkin.id), ['k1']);
  assert.deepEqual(dueCheckins(r, other, '2027-03-05'), []);
  assert.ok(mayRecord(r, r.get('p1'), atTable) && !mayRecord(r, r.get('p1'), other) && mayRecord(r, r.get('p1'), lead));
  assert.ok(comesBackToFollowUp(r, lead) && !comesBackToFollowUp(r, atTable));
});

test('a feedback answer keeps only what was given', () => {
  assert.deepEqual(feedbackAnswer({ equals: '4', brave: '', satisfaction: '9', words: [' kind ', '', 'slow'], self_word: ' ', help: 'Tea' }),
    { equals: 4, words: ['kind', 'slow'], help: 'Tea' });
  const r = recs([{ id: 'f1', kind: 'feedback', status: 'closed', opened_at: '1' }, { id: 'f2', kind: 'feedback', status: 'open', opened_at: '2' }]);
  assert.equal(openFeedback(r).id, 'f2');
});

test('in Welsh: statuses, the guide\'s check-in labels and the default feedback titles come from the catalogue', () => {
  const r = recs([...base, { id: 'f1', kind: 'feedback', title: 'Feedback: 3 months', checkin_id: 'k2' }]);
  useCatalogue('cy', cy);
  try {
    assert.equal(statusWords(r.get('p1')), 'Yn sownd: Waiting for the bus company'); // the reason as written
    assert.equal(checkinWords(r.get('k2'), '2026-12-02'), '3 mis: 1 Mawrth 2027');
    assert.equal(checkinWords(r.get('k1'), '2027-01-05'), '2–4 wythnos: gwirio a herio: yn ddyledus nawr (ers 22 Rhagfyr 2026)');
    assert.equal(checkinWords(r.get('k2'), '2027-03-01'), '3 mis: yn ddyledus heddiw');
    assert.equal(checkinWords(r.get('k0'), '2027-01-05'), 'Early: wedi’i chynnal'); // a label someone wrote stays
    assert.equal(feedbackTitle({ title: 'How is the group working?' }, r), 'Sut mae’r grŵp yn gweithio?');
    assert.equal(feedbackTitle(r.get('f1'), r), 'Adborth: 3 mis');
    assert.equal(feedbackTitle({ title: 'Feedback: 3 months' }, r), 'Feedback: 3 months'); // typed by staff, no check-in
    assert.equal(feedbackTitle({ title: 'Ein hadborth' }, r), 'Ein hadborth');
  } finally {
    useCatalogue('en', {});
  }
  assert.equal(feedbackTitle(r.get('f1'), r), 'Feedback: 3 months');
});

test('a feedback round\'s statements in the reader\'s language: the guide\'s with its place, others as stored', async () => {
  const { ratingStatements } = await import('../model/after.js');
  const f = { place: 'our area', questions: { brave: 'We are brave', better_for_everyone: 'We are focused on making our area better for everyone', own: 'We laugh a lot' } };
  const named = { place: 'Caerdydd', questions: { better_for_everyone: 'We are focused on making Caerdydd better for everyone' } };
  try {
    useCatalogue('cy', cy);
    const said = ratingStatements(f);
    assert.equal(said.brave, cy.messages['We are brave']);
    assert.equal(said.better_for_everyone, cy.messages['We are focused on making {place} better for everyone'].replace('{place}', cy.messages['our area']));
    assert.equal(said.own, 'We laugh a lot'); // someone's own words, as written
    assert.match(ratingStatements(named).better_for_everyone, /Caerdydd/);
    assert.doesNotMatch(ratingStatements(named).better_for_everyone, /better for everyone/);
  } finally {
    useCatalogue('en', {});
  }
  assert.equal(ratingStatements(f).better_for_everyone, 'We are focused on making our area better for everyone');
});
