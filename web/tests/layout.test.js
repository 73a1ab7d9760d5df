// Where things live in web/ (web/README.md): model/ is pure, ui/ holds what screens share, and a
// screen takes a widget from ui/ or a selector from model/, never from another screen's module.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const WEB = fileURLToPath(new URL('..', import.meta.url));

function modulesIn(dir) {
  return readdirSync(path.join(WEB, dir)).filter((f) => f.endsWith('.js')).map((f) => `${dir}/${f}`);
}

/** Every module a module names, static imports and `import()` alike, as paths under web/. */
function importsOf(module) {
  const code = readFileSync(path.join(WEB, module), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const specs = [...code.matchAll(/\bfrom\s*['"](\.[^'"]+)['"]|\bimport\s*\(\s*['"](\.[^'"]+)['"]\s*\)|^\s*import\s*['"](\.[^'"]+)['"]/gm)]
    .map((m) => m[1] || m[2] || m[3]);
  return specs.map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(module), s)));
}

// One screen in several modules: Day 1's (day1.js, day1_agenda.js, day1_boards.js, day1_edit.js) and Day 2's.
const family = (module) => path.posix.basename(module, '.js').split('_')[0];

// Named here with the reason, so a new one is a decision, not a drift.
const ALLOWED = new Map([
  ['screens/toolbar.js → screens/day1_edit.js', "staff's toolbar opens the facilitator's agenda editor"],
]);

test('a screen imports another screen only within its own (Day 1, Day 2); shared widgets come from ui/', () => {
  const found = [];
  for (const module of modulesIn('screens')) {
    for (const target of importsOf(module)) {
      if (!target.startsWith('screens/') || family(target) === family(module)) continue;
      const pair = `${module} → ${target}`;
      if (!ALLOWED.has(pair)) found.push(pair);
    }
  }
  assert.deepEqual(found, []);
});

test('the countdowns, the server clock, the chat, polls and the parking dialog are widgets of ui/', async () => {
  for (const [module, names] of [
    ['ui/countdown.js', ['countdown', 'startTicker', 'serverNow', 'noteServerTime']],
    ['ui/chat.js', ['chat', 'unread', 'unreadForStaff', 'menuUnread']],
    ['ui/polls.js', ['polls']],
    ['ui/parking_dialog.js', ['openParkingDialog']],
  ]) {
    const code = readFileSync(path.join(WEB, module), 'utf8');
    for (const name of names) assert.match(code, new RegExp(`^export function ${name}\\(`, 'm'), `${module} exports ${name}`);
  }
  const rooms = readFileSync(path.join(WEB, 'screens/rooms.js'), 'utf8');
  assert.doesNotMatch(rooms, /^export (function|const) (countdown|serverNow|chat|clock|unseenChillOuts)\b/m);
});

test('ui/ and model/ never reach into screens/, and model/ into no widget', () => {
  const found = [];
  for (const module of [...modulesIn('ui'), ...modulesIn('model')]) {
    for (const target of importsOf(module)) {
      if (target.startsWith('screens/') || (module.startsWith('model/') && target.startsWith('ui/'))) found.push(`${module} → ${target}`);
    }
  }
  assert.deepEqual(found, []);
});
