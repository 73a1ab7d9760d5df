// protocol.js carries only the labels the first screens use; protocol_all.js has every one. A module
// that imports LABELS from protocol.js and reads a label kept in protocol_all.js would get
// `undefined` in a browser, and only on the screen that reads it: this finds it from the sources.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as first from '../protocol.js';
import * as all from '../protocol_all.js';
import { WEB, modules } from './fixtures/web_modules.js';


/** The label names a module reads from the LABELS it imports: `LABELS.hats`, `const { hats } = LABELS`. */
function labelsRead(source) {
  const names = [...source.matchAll(/\bLABELS\s*\.\s*([A-Za-z_$][\w$]*)/g)].map((m) => m[1]);
  for (const m of source.matchAll(/\{([^{}]*)\}\s*=\s*LABELS\b/g)) {
    names.push(...m[1].split(',').map((part) => part.split(':')[0].trim()).filter(Boolean));
  }
  return names;
}

const importsLabelsFrom = (source, file) => new RegExp(`import\\s*\\{[^}]*\\bLABELS\\b[^}]*\\}\\s*from\\s*['"][./]*${file}['"]`).test(source);

test('protocol_all.js is protocol.js with every label', () => {
  for (const name of Object.keys(first)) {
    if (name !== 'LABELS') assert.equal(all[name], first[name], name);
  }
  for (const [name, value] of Object.entries(first.LABELS)) assert.deepEqual(all.LABELS[name], value, name);
  assert.ok(Object.keys(all.LABELS).length > Object.keys(first.LABELS).length);
  assert.ok(Object.isFrozen(all.LABELS));
});

test('every label a module reads is in the file it imports LABELS from', () => {
  let checked = 0;
  for (const file of modules(WEB)) {
    const source = readFileSync(file, 'utf8');
    const from = importsLabelsFrom(source, 'protocol.js') ? first : importsLabelsFrom(source, 'protocol_all.js') ? all : null;
    if (!from) continue;
    for (const name of labelsRead(source)) {
      checked += 1;
      assert.ok(name in from.LABELS,
        `${path.relative(WEB, file)} reads LABELS.${name}, which ${from === first ? 'protocol.js lacks: import from protocol_all.js' : 'does not exist'}`);
    }
  }
  assert.ok(checked > 10, `only ${checked} label reads found`);
});

test('the check finds a label read from the wrong file', () => {
  assert.deepEqual(labelsRead("const q = LABELS.feedbackQuestions; const { reviewQuestions, hats: h } = LABELS;"),
    ['feedbackQuestions', 'reviewQuestions', 'hats']);
  assert.ok(importsLabelsFrom("import { LIMITS, LABELS } from '../protocol.js';", 'protocol.js'));
  assert.ok(!importsLabelsFrom("import { LABELS } from '../protocol_all.js';", 'protocol.js'));
  assert.ok(!('feedbackQuestions' in first.LABELS) && 'feedbackQuestions' in all.LABELS);
});
