// One meaning of "character" (C1): web/protocol.js's charCount counts as the server does —
// Unicode code points after NFC — with the same cases as tests/unit/test_characters.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charCount, LIMITS } from '../protocol.js';

const CASES = [['é', 1], ['e\u0301', 1], ['ŵ', 1], ['w\u0302', 1], ['ŷ', 1], ['y\u0302', 1],
  ['🙂', 1], ['👍🏽', 2], ['👩‍👩‍👧', 5]];

for (const [text, count] of CASES) {
  test(`C1: ${JSON.stringify(text)} is ${count} character(s)`, () => assert.equal(charCount(text), count));
}

test('C1: 170 decomposed accents are exactly the card limit', () => {
  assert.equal(charCount('e\u0301'.repeat(LIMITS.CARD_TEXT)), LIMITS.CARD_TEXT);
  assert.equal(charCount('🙂'.repeat(LIMITS.CARD_TEXT + 1)), LIMITS.CARD_TEXT + 1);
});
