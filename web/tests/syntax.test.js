// Every module the browser loads parses as an ES module. A screen that no node test imports (most
// of web/screens touch the DOM at import) would otherwise reach a browser with a syntax error
// — a merge's conflict markers left in web/screens/day2.js once broke every page loading Day 2.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { WEB, modules } from './fixtures/web_modules.js';

test('the browser modules are many enough to mean something', () => {
  assert.ok(modules(WEB).length > 30);
});

for (const file of modules(WEB)) {
  test(`${path.relative(WEB, file)} parses as an ES module`, () => {
    // --check parses without running; the default type makes `import` legal outside a package.json.
    assert.doesNotThrow(() => execFileSync(process.execPath,
      ['--experimental-default-type=module', '--check', file], { stdio: 'pipe' }));
  });
}
