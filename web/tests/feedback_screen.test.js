// The feedback screen drawn as an h() description (no DOM): a round's results say their count with the catalogue's plural forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderFeedback } from '../screens/feedback.js';
import { LABELS } from '../protocol_all.js';

function texts(v, out = []) {
  if (v == null) return out;
  if (Array.isArray(v)) { for (const c of v) texts(c, out); return out; }
  if (v.text !== undefined) { out.push(String(v.text)); return out; }
  texts(v.children, out);
  return out;
}

function closedRound(answers) {
  const score = { mean: 4, count: answers };
  const ratings = Object.fromEntries(Object.keys(LABELS.feedbackRatings).map((k) => [k, score]));
  return {
    id: 'f1', kind: 'feedback', number: 1, status: 'closed', opened_at: '2026-12-03T09:00:00Z', answers,
    results: { answers, ratings, satisfaction: score, words: [], self_words: [] },
  };
}

function caption(answers) {
  const recs = new Map([['f1', closedRound(answers)]]);
  const ctx = { store: { me: { id: 'ada', role: 'participant' }, pending: [] }, ui: {}, readOnly: false, draft: () => '', setDraft() {} };
  return texts(renderFeedback(recs, ctx)).find((s) => s.startsWith('Average from 1 to 5'));
}

test('the results table says "1 answer", not "1 answers"', () => {
  assert.equal(caption(1), 'Average from 1 to 5 (1 answer)');
  assert.equal(caption(4), 'Average from 1 to 5 (4 answers)');
});
