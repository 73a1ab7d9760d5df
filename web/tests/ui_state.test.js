// The one declared UI state (app/ui_state.js): every key a module reads or writes on `ui` / `ctx.ui`
// is declared there, and every declared key is used. A new key is added there, with what it holds.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { uiState } from '../app/ui_state.js';
import { WEB, modules } from './fixtures/web_modules.js';


/** The UI-state keys a module's code names: `ui.x`, `ctx.ui.x`, `const { x, y } = ctx.ui`; `ui[…]` is refused (no key to check). */
function keysUsed(code) {
  const text = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');
  const keys = new Set();
  for (const m of text.matchAll(/(?<![\w$.])(?:ctx\.)?ui\.([A-Za-z_$][\w$]*)/g)) keys.add(m[1]);
  for (const m of text.matchAll(/\{([^{}]*)\}\s*=\s*(?:ctx\.)?ui\b/g)) {
    for (const part of m[1].split(',')) if (part.trim()) keys.add(part.trim().split(/[\s:=]/)[0]);
  }
  const dynamic = [...text.matchAll(/(?<![\w$.])(?:ctx\.)?ui\[/g)].length;
  return { keys, dynamic };
}

test('the reader of keys finds dotted, destructured and computed uses', () => {
  const { keys, dynamic } = keysUsed("const { status, mode } = ctx.ui;\nif (ui.follow) ctx.ui.screen = 'x'; // ui.notThis\nctx.ui[key] = 1; gui.no = 2;");
  assert.deepEqual([...keys].sort(), ['follow', 'mode', 'screen', 'status']);
  assert.equal(dynamic, 1);
});

test('every UI-state key a module uses is declared in app/ui_state.js, and every declared key is used', () => {
  const declared = new Set(Object.keys(uiState()));
  const undeclared = [];
  const used = new Set();
  for (const file of modules(WEB)) {
    const rel = path.relative(WEB, file);
    if (rel === path.join('app', 'ui_state.js')) continue;
    const { keys, dynamic } = keysUsed(readFileSync(file, 'utf8'));
    if (dynamic) undeclared.push(`${rel}: ui[…] (name the key)`);
    for (const k of keys) {
      used.add(k);
      if (!declared.has(k)) undeclared.push(`${rel}: ui.${k}`);
    }
  }
  assert.deepEqual(undeclared, []);
  assert.deepEqual([...declared].filter((k) => !used.has(k)), [], 'declared but used nowhere');
});

test('the shell makes its ctx.ui from the declaration', () => {
  const shell = readFileSync(path.join(WEB, 'app', 'shell.js'), 'utf8');
  assert.match(shell, /const ui = uiState\(/);
  const ui = uiState({ narrow: true });
  assert.equal(ui.narrow, true);
  assert.equal(ui.compact, false);
  assert.ok(ui.editing instanceof Set && ui.drafts instanceof Map && ui.remoteDrags instanceof Map);
  assert.notEqual(uiState().editing, uiState().editing); // a fresh state each page
  assert.ok('activityStamp' in ui && ui.activityStamp === undefined); // app/screens.js: undefined before the first draw
});
