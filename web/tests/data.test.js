// Tests of the data-in-and-out helpers: the amendment key, checking an amendment, the import
// preview's mapping and errors, and the snapshot history grouped by activity.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  CODES, answers, answerSummary, filterAnswers, flagsOf, cardTexts, amendArgs, suggestParts, joiningWords, lengthText,
  roleChoices, mappingFor, questionColumns, heardFromRows, checkFile, charCount,
} from '../model/data.js';
import { uploadError, groupSnapshots, pictureName, dispositionName, pictureTitle } from '../model/files.js';
import { readFileSync } from 'node:fs';
import { useCatalogue } from '../app/i18n.js';
import { boardName } from '../app/screens.js';

const LONG = 'x'.repeat(171);

function records(list) {
  return new Map(list.map((r) => [r.id, r]));
}

function answer(id, extra = {}) {
  return { id, kind: 'answer', question: 'nww', original: 'The bus stopped.', amended: null, parts: null, code: null, reason: null, resolved: false, status: 'pending', row: 2, created_at: '2026-01-01T10:00:00', ...extra };
}

test('the key has the eight codes of the guide, a to h', () => {
  assert.deepEqual(CODES.map((c) => c.code), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  assert.match(CODES[2].label, /split/);
});

test('answers come in spreadsheet row order, typed-in ones last', () => {
  const recs = records([answer('a3', { row: null }), answer('a2', { row: 5 }), answer('a1', { row: 2, question: 'iff' }), answer('a0', { row: 2, question: 'ww' }), { id: 'c1', kind: 'card' }]);
  assert.deepEqual(answers(recs).map((a) => a.id), ['a0', 'a1', 'a2', 'a3']);
});

test('flags: too long and open queries are worked out when the server sent none; the server\'s win', () => {
  assert.deepEqual(flagsOf(answer('a', { original: LONG })), ['too_long']);
  assert.deepEqual(flagsOf(answer('a', { original: LONG, amended: 'short', code: 'a' })), []);
  assert.deepEqual(flagsOf(answer('a', { code: 'h' })), ['query']);
  assert.deepEqual(flagsOf(answer('a', { code: 'h', resolved: true })), []);
  assert.deepEqual(flagsOf(answer('a', { status: 'omitted', code: 'f' })), ['omitted']);
  assert.deepEqual(flagsOf(answer('a', { flags: ['contact_details'] })), ['contact_details']);
});

test('card texts: parts of a split, else the amended text, else the original (never cut)', () => {
  assert.deepEqual(cardTexts(answer('a', { parts: ['one', 'two'] })), ['one', 'two']);
  assert.deepEqual(cardTexts(answer('a', { amended: 'new' })), ['new']);
  assert.deepEqual(cardTexts(answer('a', { original: LONG })), [LONG]);
});

test('summary and filters count what needs a look, queries, waiting, published and omitted', () => {
  const recs = records([
    answer('a1', { original: LONG, flags: ['too_long'] }),
    answer('a2', { code: 'h', flags: ['query'] }),
    answer('a3', { status: 'published', flags: [] }),
    answer('a4', { status: 'omitted', code: 'f', reason: 'rude', flags: ['omitted'] }),
    answer('a5', { flags: [] }),
  ]);
  const s = answerSummary(recs);
  assert.deepEqual([s.total, s.pending, s.ready, s.published, s.omitted, s.needsLook, s.queries, s.amended], [5, 3, 2, 1, 1, 1, 1, 2]);
  const list = answers(recs);
  assert.deepEqual(filterAnswers(list, 'look').map((a) => a.id), ['a1']);
  assert.deepEqual(filterAnswers(list, 'queries').map((a) => a.id), ['a2']);
  assert.deepEqual(filterAnswers(list, 'waiting').map((a) => a.id), ['a1', 'a2', 'a5']);
  assert.deepEqual(filterAnswers(list, 'omitted').map((a) => a.id), ['a4']);
  assert.equal(filterAnswers(list, 'all').length, 5);
});

test('an amendment is checked with the server\'s rules before it is sent', () => {
  const a = answer('a1', { original: 'I have not slept properly for three years and nobody listens to me.' });
  assert.equal(amendArgs(a, { code: '' }).field, 'code');
  assert.deepEqual(amendArgs(a, { code: 'none' }), { ok: true, args: { answer_id: 'a1', code: null } });
  assert.deepEqual(amendArgs(a, { code: 'a', amended: ' I have not slept for three years. ' }).args,
    { answer_id: 'a1', code: 'a', amended: 'I have not slept for three years.' });
  assert.equal(amendArgs(a, { code: 'a', amended: '' }).field, 'amended');
  assert.equal(amendArgs(a, { code: 'a', amended: `${a.original} more` }).field, 'amended');
  assert.equal(amendArgs(a, { code: 'b', amended: LONG }).field, 'amended');
  assert.equal(amendArgs(a, { code: 'f', reason: ' ' }).field, 'reason');
  assert.deepEqual(amendArgs(a, { code: 'f', reason: 'Not about support', amended: 'ignored' }).args,
    { answer_id: 'a1', code: 'f', reason: 'Not about support' });
  assert.equal(amendArgs(a, { code: 'e', reason: '' }).field, 'reason');
  assert.deepEqual(amendArgs(a, { code: 'h', amended: '' }).args, { answer_id: 'a1', code: 'h' });
  assert.deepEqual(amendArgs(a, { code: 'h', amended: ` ${a.original}` }).args, { answer_id: 'a1', code: 'h' }, 'the original unchanged is no amended text');
  assert.deepEqual(amendArgs(a, { code: 'e', reason: 'Named a worker', amended: 'I like my worker' }).args,
    { answer_id: 'a1', code: 'e', reason: 'Named a worker', amended: 'I like my worker' });
  assert.deepEqual(amendArgs(a, { code: 'c', parts: ['I have not slept.', '', 'Nobody listens.'] }).args,
    { answer_id: 'a1', code: 'c', parts: ['I have not slept.', 'Nobody listens.'] });
  assert.equal(amendArgs(a, { code: 'c', parts: ['one', ''] }).field, 'parts');
  assert.match(amendArgs(a, { code: 'c', parts: ['one', LONG] }).message, /Part 2 is 171/);
});

test('characters are counted as the server counts them', () => {
  assert.equal(charCount(' é '), 1);
  // 170 emoji are 340 UTF-16 units but 170 characters: they fit on a card, as the server says
  const emoji = '🙂'.repeat(170);
  assert.deepEqual(flagsOf(answer('a', { original: emoji })), []);
  assert.deepEqual(flagsOf(answer('a', { original: `${emoji}🙂` })), ['too_long']);
  assert.equal(amendArgs(answer('a'), { code: 'f', reason: '🙂'.repeat(500) }).ok, true);
  assert.equal(amendArgs(answer('a'), { code: 'f', reason: '🙂'.repeat(501) }).field, 'reason');
  assert.equal(lengthText('abc'), '3 of 170 characters');
  assert.match(lengthText(LONG), /171 characters – 1 over/);
});

test('a split is first guessed one part a sentence, else at commas, else the whole and an empty part', () => {
  assert.deepEqual(suggestParts('I am lonely. The bus stopped!'), ['I am lonely.', 'The bus stopped!']);
  assert.deepEqual(suggestParts('cold food and late carers'), ['cold food', 'late carers']);
  assert.deepEqual(suggestParts('Lonely'), ['Lonely', '']);
});

test('a split is guessed at the joining words of the answers\' language: Welsh "a" and "ac", not English "and"', () => {
  assert.deepEqual(joiningWords('en'), ['and']);
  assert.deepEqual(joiningWords('cy'), ['ac', 'a']);
  assert.deepEqual(joiningWords('fr'), ['and']); // a language not known here: English's
  assert.deepEqual(suggestParts("bwyd oer ac mae'r bws yn hwyr", 'cy'), ['bwyd oer', "mae'r bws yn hwyr"]);
  assert.deepEqual(suggestParts('bwyd oer a gofalwyr hwyr', 'cy'), ['bwyd oer', 'gofalwyr hwyr']);
  assert.deepEqual(suggestParts('unigrwydd, bwyd oer, a gofalwyr hwyr', 'cy'), ['unigrwydd', 'bwyd oer', 'gofalwyr hwyr']);
  assert.deepEqual(suggestParts('I want a bus and a carer', 'en'), ['I want a bus', 'a carer']); // English "a" is no join
  assert.deepEqual(suggestParts('cold food and late carers', 'cy'), ['cold food and late carers', '']);
  assert.deepEqual(suggestParts('Unig', 'cy'), ['Unig', '']);
});

test('import preview: role choices, the mapping by column index, question columns, who we heard from', () => {
  assert.deepEqual(roleChoices('wide', 'ww').map((r) => r.role), ['ww', 'nww', 'iff', 'ignore', 'about', 'private', 'respondent']);
  assert.ok(roleChoices('long', 'question').some((r) => r.role === 'answer'));
  assert.deepEqual(mappingFor({ 2: 'nww', 5: '' }), { 2: 'nww' });
  const preview = { columns: [{ index: 0, header: 'Id', role: 'respondent' }, { index: 1, header: 'What works?', role: 'ww' }, { index: 2, header: 'Q2', role: 'nww' }] };
  assert.deepEqual(questionColumns(preview), { ww: ['What works?'], nww: ['Q2'], iff: [] });
  assert.deepEqual(heardFromRows({ 'Age group': { '18-34': 3, '65+': 5 }, Empty: {} }),
    [{ column: 'Age group', groups: [['65+', 5], ['18-34', 3]] }]);
});

test('upload errors are plain words, with the line at fault', () => {
  assert.equal(uploadError(422, { message: 'This line cannot be read.', line: 7 }), 'Line 7: This line cannot be read.');
  assert.match(uploadError(413, null), /20 MB/);
  assert.match(uploadError(415, null), /not a CSV/);
  assert.equal(uploadError(409, { message: 'Already imported.' }), 'Already imported.');
  assert.match(uploadError(0, null), /could not be reached/);
  assert.equal(checkFile({ name: 'a.xls', size: 10 }).includes('.xls'), true);
  assert.equal(checkFile({ name: 'a.csv', size: 0 }), 'That file is empty.');
  assert.equal(checkFile({ name: 'a.csv', size: 10 }), null);
});

test('snapshot history: grouped by activity, newest group and newest picture first', () => {
  const list = [
    { id: 's1', activity: 'Welcome', taken_at: '2026-01-01T10:00:00Z', seq: 1 },
    { id: 's2', activity: 'Theming', taken_at: '2026-01-01T11:00:00Z', seq: 5 },
    { id: 's3', activity: 'Welcome', taken_at: '2026-01-01T10:05:00Z', seq: 2 },
    { id: 's4', activity: null, taken_at: '2026-01-01T09:00:00Z', seq: 0 },
  ];
  const g = groupSnapshots(list);
  assert.deepEqual(g.map((x) => x.label), ['Theming', 'Welcome', 'Before the agenda started']);
  assert.deepEqual(g[1].snapshots.map((s) => s.id), ['s3', 's1']);
  assert.deepEqual(groupSnapshots([]), []);
});

test('file names for pictures and from Content-Disposition', () => {
  assert.match(pictureName('WORKING WELL', '2026-01-01T10:05:00', 'png'), /^working-well-\d{4}\.png$/);
  assert.equal(pictureName('', null, 'pdf'), 'board.pdf');
  assert.equal(dispositionName('attachment; filename="board-snapshots.zip"', 'x'), 'board-snapshots.zip');
  assert.equal(dispositionName(null, 'x.pdf'), 'x.pdf');
});

test('other people\'s changes to the answers are said in a few words; participants hear only the cards', async () => {
  const { describeData } = await import('../model/describe.js');
  const recs = records([{ id: 'p1', kind: 'participant', name: 'Sam' }]);
  const ev = (op, put) => ({ op, by: 'p1', put, del: [] });
  assert.equal(describeData(ev('card.create', []), new Map(), recs), null);
  assert.equal(describeData(ev('responses.import', [{ kind: 'dataset', answers: 8 }, { kind: 'answer' }]), new Map(), recs), 'Sam imported 8 answers');
  assert.equal(describeData(ev('answer.amend', [answer('a1', { code: 'c', parts: ['x', 'y'] })]), new Map(), recs), 'Sam split an answer into 2 parts');
  assert.equal(describeData(ev('answer.amend', [answer('a1', { code: 'a' })]), new Map(), recs), 'Sam amended an answer (code a)');
  assert.equal(describeData(ev('answer.publish', [{ kind: 'card' }, { kind: 'card' }]), new Map(), recs), 'Sam put 2 cards on the boards');
  assert.equal(describeData(ev('answer.publish', []), new Map(), recs), null);
  assert.equal(describeData(ev('answer.resolve', [answer('a1', { code: 'h', resolved: true })]), new Map(), recs), 'Sam resolved a query');
});

test('the cleaning and import words are read in the reader\'s language (the Welsh catalogue)', async () => {
  const { readFileSync } = await import('node:fs');
  const { useCatalogue } = await import('../app/i18n.js');
  const { FLAG_TEXT, STATUS_TEXT, FILTERS, COLUMN_ROLES, QUESTIONS, QUESTION_NAMES } = await import('../model/data.js');
  useCatalogue('cy', JSON.parse(readFileSync(new URL('../i18n/cy.json', import.meta.url))));
  try {
    assert.equal(CODES[0].label, 'Rhy hir – wedi’i fyrhau');
    assert.equal(QUESTIONS.ww, 'Beth sy’n gweithio’n dda i chi?');
    assert.equal(QUESTION_NAMES.nww, 'Ddim yn gweithio’n dda');
    assert.equal(FLAG_TEXT.too_long, 'Rhy hir i gerdyn (dros 170 nod)');
    assert.equal(STATUS_TEXT.published, 'Ar y byrddau');
    assert.equal(lengthText('abc'), '3 o 170 nod');
    assert.equal(checkFile({ name: 'a.csv', size: 0 }), 'Mae’r ffeil honno’n wag.');
    assert.match(amendArgs(answer('a'), { code: 'c', parts: ['one', LONG] }).message, /^Mae rhan 2 yn 171 nod/);
    for (const words of [...FILTERS.map((f) => f.label), ...COLUMN_ROLES.map((r) => r.label), ...CODES.map((c) => c.label), ...CODES.map((c) => c.help)]) {
      assert.doesNotMatch(words, /\b(the|is|an|of|to|and)\b/, words);
    }
  } finally {
    useCatalogue('en', {});
  }
});

test('snapshot history in Welsh: a default agenda title and "before the agenda" in the reader\'s language, a typed one as written', async () => {
  const { readFileSync } = await import('node:fs');
  const { useCatalogue } = await import('../app/i18n.js');
  useCatalogue('cy', JSON.parse(readFileSync(new URL('../i18n/cy.json', import.meta.url))));
  try {
    const g = groupSnapshots([
      { id: 's1', activity: 'Welcome', taken_at: '2026-01-01T10:00:00Z', seq: 1 },
      { id: 's2', activity: 'Ein sgwrs am fysiau', taken_at: '2026-01-01T11:00:00Z', seq: 5 },
      { id: 's4', activity: null, taken_at: '2026-01-01T09:00:00Z', seq: 0 },
    ]);
    assert.deepEqual(g.map((x) => x.label), ['Ein sgwrs am fysiau', 'Croeso', 'Cyn i’r agenda ddechrau']);
  } finally {
    useCatalogue('en', {});
  }
});

test("a picture's stored English board title is said in the reader's language; typed titles and table names as written", () => {
  const cy = JSON.parse(readFileSync(new URL('../i18n/cy.json', import.meta.url)));
  const say = (type) => boardName({ type });
  const title = (board_type, board_title) => pictureTitle({ board_type, board_title }, say);
  try {
    useCatalogue('cy', cy);
    assert.equal(title('nww', 'NOT WORKING WELL'), 'DDIM YN GWEITHIO’N DDA');
    assert.equal(title('root_causes', 'Root causes – Table 2'), 'Achosion sylfaenol – Grŵp 2');
    assert.equal(title('action_plan', 'Action plan – Pobl ifanc'), `${say('action_plan')} – Pobl ifanc`); // a table someone named
    assert.notEqual(say('action_plan'), 'Action plan');
    assert.equal(title('ideas', 'Ein syniadau ni – Table 3'), 'Ein syniadau ni – Table 3'); // a title someone typed: as written
    assert.equal(title('grid', ''), say('grid'));
    assert.equal(title('odd', 'Something else'), 'Something else');
    useCatalogue('en', {});
    assert.equal(title('root_causes', 'Root causes – Table 2'), 'Root causes – Table 2');
    assert.equal(title('ww', 'WORKING WELL'), 'WORKING WELL');
  } finally {
    useCatalogue('en', {});
  }
});
