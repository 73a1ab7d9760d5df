// Every call to the server's API says the language the page shows (issue 13): it goes through
// app/http.js apiFetch, which adds X-Coboard-Language, so the server's refusals (an upload's problem,
// a projector link refused, a calendar file, a poll's 401) are in the page's words. A module that
// calls fetch() itself would send none, and its errors would follow the server's own guess.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { apiFetch, postJSON } from '../app/http.js';
import { useCatalogue } from '../app/i18n.js';
import { WEB, modules } from './fixtures/web_modules.js';

// The one fetch() outside apiFetch: a catalogue of the interface (a static file, not the API).
const ALLOWED = { 'app/http.js': 1, 'app/i18n.js': 1 };


test('no module but app/http.js calls fetch() for the API', () => {
  const found = {};
  for (const file of modules(WEB)) {
    const code = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\/?\*).*$/gm, ''); // comments may name fetch()
    const n = (code.match(/(?<![\w.$])fetch\s*\(/g) || []).length + (code.match(/\bXMLHttpRequest\b|\bsendBeacon\b/g) || []).length;
    if (n) found[path.relative(WEB, file).split(path.sep).join('/')] = n;
  }
  assert.deepEqual(found, ALLOWED);
});

test('apiFetch and postJSON say the language the page shows, beside the headers given', async (t) => {
  const seen = [];
  t.mock.method(globalThis, 'fetch', async (url, init) => {
    seen.push({ url, init });
    return { ok: false, status: 401, json: async () => ({ code: 'unauthorized', message: 'Mewngofnodwch' }) };
  });
  useCatalogue('cy', {});
  t.after(() => useCatalogue('en', {}));
  await apiFetch('/api/workshops/w1/projector', { method: 'POST', headers: { Authorization: 'Bearer tok' } });
  const r = await postJSON('/api/join/lookup', { join_code: 'ABCD' }, { token: 'tok' });
  assert.equal(r.status, 401);
  assert.deepEqual(seen.map((s) => s.init.headers), [
    { 'X-Coboard-Language': 'cy', Authorization: 'Bearer tok' },
    { 'X-Coboard-Language': 'cy', 'Content-Type': 'application/json', Authorization: 'Bearer tok' },
  ]);
  assert.equal(seen[0].init.method, 'POST');
});
