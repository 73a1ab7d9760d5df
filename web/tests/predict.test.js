// The browser's predictions agree with the server: predict() of web/model/predict.js against the
// fixtures the server writes (tests/unit/predictions.py → web/tests/fixtures/predictions.json).
// Every field a prediction sets must be what the server decided; a record the prediction
// creates is matched to the record the server created; what it deletes is what the server
// deleted. An op the browser predicts with no fixture fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { predict, PREDICTED_OPS } from '../model/predict.js';

const { fixtures } = JSON.parse(readFileSync(new URL('./fixtures/predictions.json', import.meta.url), 'utf8'));

// Fields a prediction may hold that the server's record decides later: its version, the moment
// and author it was made by, and the marker the screen shows while the op is on its way.
const TRANSIENT = new Set(['id', 'v', 'pending', 'created_at', 'created_by']);

function compare(predicted, decided, where) {
  for (const [field, value] of Object.entries(predicted)) {
    if (TRANSIENT.has(field) || value === undefined) continue;
    assert.deepEqual(value, decided[field], `${where}: field ${field} predicted ${JSON.stringify(value)}, `
      + `the server decided ${JSON.stringify(decided[field])}`);
  }
}

test('every op the browser predicts has a fixture written by the server', () => {
  const covered = new Set(fixtures.map((f) => f.op));
  for (const op of PREDICTED_OPS) assert.ok(covered.has(op), `no server fixture for the predicted op ${op}`);
});

for (const f of fixtures) {
  if (!PREDICTED_OPS.includes(f.op)) continue;
  test(`predict(${f.op}): ${f.name}`, () => {
    const recs = new Map(f.records.map((r) => [r.id, r]));
    const { put, del } = predict(recs, f.op, f.args, 'fixture');
    const decided = new Map(f.change.put.map((r) => [r.id, r]));
    const created = f.change.put.filter((r) => !recs.has(r.id));
    let made = 0;
    for (const record of put) {
      if (recs.has(record.id)) {
        assert.ok(decided.has(record.id), `${f.name}: predicted a change to ${record.id}, the server did not change it`);
        compare(record, decided.get(record.id), f.name);
      } else {
        const match = created[made++];
        assert.ok(match, `${f.name}: predicted a new ${record.kind} the server did not create`);
        compare(record, match, f.name);
      }
    }
    assert.equal(made, created.filter((r) => r.kind === 'card').length, `${f.name}: new cards predicted`);
    assert.deepEqual([...del].sort(), [...f.change.del].sort(), `${f.name}: deleted records`);
  });
}
