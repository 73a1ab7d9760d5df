// The browser's catalogue helper with the real Welsh catalogue (web/i18n/cy.json, made from the
// .po by `make i18n`): messages, placeholders, the six Welsh plural forms, and the choice of language.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { t, tn, tc, useCatalogue, pickLanguage, currentLanguage, usePlainWords, tp } from '../app/i18n.js';
import { boardHeading, boardName, memberName, roleName } from '../app/words.js';
import { BOARD_HEADINGS } from '../app/words.js';

const cy = JSON.parse(readFileSync(new URL('../i18n/cy.json', import.meta.url)));

test('English is the msgid, placeholders filled', () => {
  useCatalogue('en', {});
  assert.equal(t('You: {name}', { name: 'Ada' }), 'You: Ada');
  assert.equal(tn('Split into {n} card', 'Split into {n} cards', 1), 'Split into 1 card');
  assert.equal(tn('Split into {n} card', 'Split into {n} cards', 0), 'Split into 0 cards');
  assert.equal(tn('Split into {n} card', 'Split into {n} cards', 2), 'Split into 2 cards');
});

test('Welsh from the catalogue, falling back to English for a message it lacks', () => {
  useCatalogue('cy', cy);
  assert.equal(currentLanguage(), 'cy');
  assert.equal(t('You: {name}', { name: 'Ada' }), 'Chi: Ada');
  assert.equal(t('Connected'), 'Wedi cysylltu');
  assert.equal(t('Not in any catalogue'), 'Not in any catalogue');
  useCatalogue('en', {});
});

test('a word said two ways in Welsh: tc() reads the message of its context (a msgctxt in the .po)', () => {
  useCatalogue('cy', cy);
  assert.equal(t('Theme'), 'Creu themâu'); // the stage of the process: a verb in Welsh
  assert.equal(tc('noun', 'Theme'), 'Thema'); // a theme card
  assert.equal(tc('noun', 'Not in any catalogue'), 'Not in any catalogue');
  useCatalogue('en', {});
  assert.equal(tc('noun', 'Theme'), 'Theme');
});

test('Welsh plurals: six forms, chosen by the same CLDR categories as the server', () => {
  useCatalogue('cy', cy);
  assert.deepEqual(cy.plural_tags, ['zero', 'one', 'two', 'few', 'many', 'other']);
  const forms = cy.messages['Split into {n} card'];
  assert.equal(forms.length, 6);
  const said = (n) => tn('Split into {n} card', 'Split into {n} cards', n);
  assert.equal(said(1), 'Wedi’i rannu’n 1 cerdyn');
  assert.equal(said(2), 'Wedi’i rannu’n 2 gerdyn');
  assert.equal(said(3), 'Wedi’i rannu’n 3 cherdyn');
  assert.equal(said(6), 'Wedi’i rannu’n 6 cherdyn');
  assert.equal(said(4), 'Wedi’i rannu’n 4 o gardiau');
  assert.equal(said(0), forms[0].replace('{n}', '0'));
  useCatalogue('en', {});
});

test('every protocol label has its words in the catalogue', () => {
  useCatalogue('cy', cy);
  for (const type of Object.keys(BOARD_HEADINGS)) {
    assert.notEqual(boardHeading(type), BOARD_HEADINGS[type], type);
    assert.ok(boardName(type), type);
  }
  for (const role of ['facilitator', 'host', 'participant', 'projector']) assert.notEqual(roleName(role), role);
  useCatalogue('en', {});
});

test('the language shown: the person’s choice, else the workshop’s, else the browser’s, else English', () => {
  assert.equal(pickLanguage({ chosen: 'en', workshop: 'cy', browser: ['cy-GB'] }), 'en');
  assert.equal(pickLanguage({ chosen: null, workshop: 'cy', browser: ['en-GB'] }), 'cy');
  assert.equal(pickLanguage({ browser: ['fr-FR', 'cy-GB'] }), 'cy');
  assert.equal(pickLanguage({ chosen: 'xx', browser: ['fr'] }), 'en');
});

test('plain words: the short version only when the person asked for it', () => {
  assert.equal(tp('Long text', 'Short.'), 'Long text');
  usePlainWords(true);
  assert.equal(tp('Long text', 'Short.'), 'Short.');
  usePlainWords(false);
});

test('a projector\'s stored name (LABELS.projectorName numbered) is said in the reader\'s language; other names as written', () => {
  const wall = { role: 'projector', name: 'Projector 2' };
  useCatalogue('en', {});
  assert.equal(memberName(wall), 'Projector 2');
  useCatalogue('cy', cy);
  assert.equal(memberName(wall), 'Taflunydd 2');
  assert.equal(memberName({ role: 'projector', name: 'Projector 12' }), 'Taflunydd 12');
  assert.equal(memberName({ role: 'participant', name: 'Projector 2' }), 'Projector 2'); // a person's own name
  assert.equal(memberName({ role: 'projector', name: 'Wal y neuadd' }), 'Wal y neuadd'); // renamed by staff
  assert.equal(memberName({ role: 'participant', name: 'Ada' }), 'Ada');
  useCatalogue('en', {});
});
