// Data in and out, as staff screens of the board page (loaded for staff only: app/lazy.js):
// importing people's answers (preview, mapping by hand, then import), cleaning them with the data
// amendment key and sending them to the boards, and the facilitator's exports and report. The
// board pictures, which everyone uses, are in pictures.js. Files come with the member's token
// (ui/files.js), never as plain links.
import { h } from '../ui/dom.js';
import { canFacilitate, workshop } from '../model/store.js';
import { announce } from '../ui/announce.js';
import { loadDraft } from '../app/session.js';
import {
  CODES, CARD_LIMIT, QUESTIONS, QUESTION_NAMES, FLAG_TEXT, STATUS_TEXT, FILTERS, NEEDS_TEXT, NEEDS_REASON, OPTIONAL_TEXT,
  MAX_PARTS, codeInfo, answers, datasets, flagsOf, blocked, answerSummary, filterAnswers, lengthText, charCount,
  suggestParts, amendArgs, roleChoices, mappingFor, questionColumns, heardFromRows, FLAGGED_REASON,
  ACCEPT, checkFile,
} from '../model/data.js';
import { upload, fileButton, statusLine } from '../ui/files.js';
import { timeText } from '../model/files.js';
import { registerScreen } from '../app/screens.js';
import { t, tn, plainWordsOn } from '../app/i18n.js';
import { boardCode } from '../app/words.js';

const PAGE = 50; // answers drawn at once: a list of hundreds stays quick on an old phone

/** This module's piece of ctx.ui. */
function ds(ctx) {
  if (!ctx.ui.data) {
    ctx.ui.data = {
      file: null, fileGen: 0, preview: null, reading: false, choices: {}, error: null, conflict: false,
      importing: false, imported: null, publishNow: false,
      filter: 'all', limit: PAGE, editing: new Set(), errors: new Map(), partGen: new Map(), published: null, publishing: false,
      busy: new Set(), cardsQuestion: 'all',
    };
  }
  return ctx.ui.data;
}

function redraw(ctx) {
  if (ctx.act.redraw) ctx.act.redraw();
}

function isStaff(me) {
  return canFacilitate(me);
}

// ---- import --------------------------------------------------------------------------------------

async function readPreview(ctx) {
  const s = ds(ctx);
  if (!s.file) return;
  s.reading = true;
  s.error = null;
  s.conflict = false;
  const seq = (s.previewSeq = (s.previewSeq || 0) + 1);
  redraw(ctx);
  const r = await upload(ctx.wid, '/responses?preview=true', s.file, { mapping: mappingFor(s.choices) });
  if (seq !== s.previewSeq) return; // a newer choice was made meanwhile: its preview wins
  s.reading = false;
  if (r.ok) {
    s.preview = r.body;
    const q = questionColumns(r.body);
    announce(t('Found {people} and {answers} in {columns}.', {
      people: tn('{n} person', '{n} people', r.body.responses),
      answers: tn('{n} answer', '{n} answers', totalAnswers(r.body)),
      columns: tn('{n} question column', '{n} question columns', q.ww.length + q.nww.length + q.iff.length),
    }));
  } else {
    s.error = r.message;
    // A mapping chosen by hand that the file cannot be read with keeps the last preview, so the
    // choice can be changed back; any other problem leaves no preview.
    if (!(r.status === 422 && Object.keys(s.choices).length)) s.preview = null;
    ctx.act.focusKey('import-error');
  }
  redraw(ctx);
}

function totalAnswers(p) {
  const a = (p && p.answers) || {};
  return (a.ww || 0) + (a.nww || 0) + (a.iff || 0);
}

function chooseFile(ctx, file) {
  const s = ds(ctx);
  s.imported = null;
  s.choices = {};
  s.preview = null;
  s.conflict = false;
  const problem = checkFile(file);
  if (problem) {
    s.file = null;
    s.error = problem;
    redraw(ctx);
    ctx.act.focusKey('import-error');
    return;
  }
  s.file = file;
  s.fileGen += 1;
  readPreview(ctx);
}

async function doImport(ctx, again = false) {
  const s = ds(ctx);
  if (!s.file || s.importing) return;
  s.importing = true;
  s.error = null;
  redraw(ctx);
  const q = `/responses?publish=${s.publishNow ? 'true' : 'false'}${again ? '&again=true' : ''}`;
  const r = await upload(ctx.wid, q, s.file, { mapping: mappingFor(s.choices) });
  s.importing = false;
  if (r.ok) {
    s.imported = { ...r.body, filename: s.file.name };
    s.file = null;
    s.preview = null;
    s.choices = {};
    s.fileGen += 1;
    s.conflict = false;
    announce(importedText(s.imported));
    ctx.act.focusKey('import-done');
  } else {
    s.error = r.message;
    s.conflict = r.status === 409;
    ctx.act.focusKey('import-error');
  }
  redraw(ctx);
}

function importedText(res) {
  const flagged = (res.flagged || []).length;
  const waiting = res.answers - res.cards;
  const said = [t('Imported {answers} from {people}.', {
    answers: tn('{n} answer', '{n} answers', res.answers), people: tn('{n} person', '{n} people', res.responses),
  })];
  if (res.cards) said.push(t('{n} of them went straight onto the boards.', { n: res.cards }));
  if (waiting) said.push(tn('{n} waits on the cleaning screen.', '{n} wait on the cleaning screen.', waiting));
  if (waiting && flagged) said.push(tn('{n} of them needs a change.', '{n} of them need a change.', flagged));
  return said.join(' ');
}

function importScreen(recs, ctx) {
  const s = ds(ctx);
  const done = datasets(recs);
  return h('section', { class: 'data-screen', key: 'import', 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title', key: 'title' }, t("Import people's answers")),
    h('p', { key: 'intro' }, t('Upload the spreadsheet of answers to the three questions. You will see what was found before anything is imported, and nothing goes on the boards until you say so.')),
    h('ul', { class: 'question-list', key: 'questions' }, Object.entries(QUESTIONS).map(([q, text]) => h('li', { key: q },
      h('span', { class: `tag tag-${q}` }, boardCode(q)), ` ${text}`))),
    done.length ? h('details', { class: 'data-done', key: 'done' },
      h('summary', null, tn('Imported so far: {n} file', 'Imported so far: {n} files', done.length)),
      h('ul', null, done.map((d) => h('li', { key: d.id },
        t('{file}: {answers} from {people} ({when})', {
          file: d.filename, answers: tn('{n} answer', '{n} answers', d.answers),
          people: tn('{n} person', '{n} people', d.responses), when: timeText(d.imported_at),
        }),
        heardTables(d.heard_from, `heard-${d.id}`))))) : null,
    s.error ? h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', key: 'error', 'data-focus-key': 'import-error' },
      h('h3', null, s.conflict ? t('This file was imported before') : t('There is a problem with the file')),
      h('p', null, s.error),
      s.conflict ? h('div', { class: 'data-actions' },
        h('button', { type: 'button', class: 'danger', onclick: () => doImport(ctx, true) }, t('Import it again anyway')),
        h('button', { type: 'button', onclick: () => { s.error = null; s.conflict = false; redraw(ctx); ctx.act.focusKey('answers-file'); } }, t('Keep the first import'))) : null) : null,
    s.imported ? h('div', { class: 'data-done-box', role: 'status', tabindex: '-1', key: 'imported', 'data-focus-key': 'import-done' },
      h('h3', null, t('Imported')),
      h('p', null, importedText(s.imported)),
      h('button', { type: 'button', class: 'primary', onclick: () => ctx.act.showScreen('cleaning') }, t('Clean the answers'))) : null,
    fileChooser(ctx),
    s.reading ? h('p', { class: 'data-status', role: 'status', key: 'reading' }, t('Reading the file…')) : null,
    s.preview && s.file ? previewPanel(ctx, s.preview) : null);
}

function fileChooser(ctx) {
  const s = ds(ctx);
  return h('div', {
    class: 'drop-zone', key: 'drop',
    ondragover: (e) => { e.preventDefault(); e.currentTarget.classList.add('over'); },
    ondragleave: (e) => e.currentTarget.classList.remove('over'),
    ondrop: (e) => {
      e.preventDefault();
      e.currentTarget.classList.remove('over');
      const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (f) chooseFile(ctx, f);
    },
  },
  h('label', { for: 'answers-file', key: 'label' }, t('Choose the spreadsheet of answers (CSV or Excel .xlsx)')),
  h('p', { class: 'hint', id: 'answers-file-hint', key: 'hint' },
    t('One row a person with a column for each question (as a form exports it), or one row an answer. Up to 20 MB. You can also drop the file here.')),
  h('input', {
    id: 'answers-file', type: 'file', accept: ACCEPT, key: `file-${s.fileGen}`, 'data-focus-key': 'answers-file',
    'aria-describedby': 'answers-file-hint',
    // A new field is drawn for each file (so the same file can be chosen again): it is given the
    // chosen file, so the browser does not say "No file chosen" beside "Chosen: …".
    oncreate: (el) => {
      if (!s.file || typeof DataTransfer !== 'function') return;
      try { const dt = new DataTransfer(); dt.items.add(s.file); el.files = dt.files; } catch (e) { /* the note below still names it */ }
    },
    onchange: (e) => { const f = e.currentTarget.files && e.currentTarget.files[0]; if (f) chooseFile(ctx, f); },
  }),
  s.file ? h('p', { class: 'chosen', key: 'chosen' }, `${t('Chosen:')} `, h('strong', null, s.file.name)) : null);
}

function previewPanel(ctx, p) {
  const s = ds(ctx);
  const q = questionColumns(p);
  const total = totalAnswers(p);
  const heard = heardFromRows(p.heard_from);
  return h('section', { class: 'preview', key: `preview-${s.fileGen}`, 'aria-labelledby': 'preview-title' },
    h('h3', { id: 'preview-title', tabindex: '-1', 'data-focus-key': 'preview-title' }, t('What we found in {file}', { file: s.file.name })),
    h('dl', { class: 'facts', key: 'facts' },
      h('div', null, h('dt', null, t('Layout')), h('dd', null, p.layout === 'long' ? t('One row an answer') : t('One row a person'))),
      h('div', null, h('dt', null, t('People')), h('dd', null, String(p.responses))),
      ['ww', 'nww', 'iff'].map((k) => h('div', { key: k }, h('dt', null, h('span', { class: `tag tag-${k}` }, boardCode(k)), ` ${QUESTION_NAMES[k]}`),
        h('dd', null, tn('{n} answer', '{n} answers', p.answers[k] || 0), q[k].length ? '' : ` ${t('(no column found)')}`)))),
    p.problem ? h('div', { class: 'preview-problem', role: 'alert', key: 'problem' },
      h('p', null, h('strong', null, `${t('No question columns were found.')} `),
        t('Choose below which columns hold the answers to each question (ww, nww or iff).'))) : null,
    h('h4', { key: 'h-cols' }, t('Columns')),
    h('p', { class: 'hint', key: 'cols-hint' }, t('Check what each column is. Change one by hand if it was not recognised; the preview is read again. Names and contact details are never read.')),
    h('ul', { class: 'column-list', key: 'cols' }, p.columns.map((c) => columnRow(ctx, p, c))),
    h('h4', { key: 'h-flagged' }, t('Answers that need a look: {n}', { n: p.flagged.length })),
    p.flagged.length
      ? h('ul', { class: 'flagged-list', key: 'flagged' }, p.flagged.map((f, i) => h('li', { key: `${f.row}-${f.question}-${i}` },
        h('p', { class: 'flag-head' }, `${t('Row {n}', { n: f.row })} `, h('span', { class: `tag tag-${f.question}` }, boardCode(f.question)), ` ${FLAGGED_REASON[f.reason] || f.reason}`),
        h('p', { class: 'flag-text' }, f.text, h('span', { class: 'len' }, ` (${lengthText(f.text)})`)))))
      : h('p', { class: 'empty', key: 'no-flagged' }, t('None: every answer fits on a card.')),
    h('h4', { key: 'h-heard' }, t('Who we heard from')),
    heard.length ? heardTables(p.heard_from, 'heard')
      : h('p', { class: 'empty', key: 'no-heard' }, t('No column about the people (such as age group or service used) was found.')),
    h('div', { class: 'field check', key: 'publish-now' },
      h('input', {
        type: 'checkbox', id: 'publish-now', checked: s.publishNow, key: 'cb',
        onchange: (e) => { s.publishNow = e.currentTarget.checked; redraw(ctx); },
      }),
      h('label', { for: 'publish-now' }, t('Put answers that need no change straight on the boards'))),
    h('p', { class: 'hint', key: 'publish-hint' }, s.publishNow
      ? t('Answers that fit on a card go to the boards now; the rest wait on the cleaning screen.')
      : t('Every answer waits on the cleaning screen until you send them to the boards.')),
    h('div', { class: 'data-actions', key: 'actions' },
      total ? h('button', {
        type: 'button', class: 'primary', 'data-focus-key': 'do-import', 'aria-busy': s.importing ? 'true' : null,
        onclick: () => doImport(ctx),
      }, s.importing ? t('Importing…') : tn('Import {n} answer', 'Import {n} answers', total)) : null,
      h('button', { type: 'button', onclick: () => { s.file = null; s.preview = null; s.choices = {}; s.fileGen += 1; redraw(ctx); ctx.act.focusKey('answers-file'); } }, t('Choose another file'))));
}

/** "Who we heard from": a small table a column (groups under 3 people were folded by the server). */
function heardTables(heardFrom, key) {
  const rows = heardFromRows(heardFrom);
  if (!rows.length) return null;
  return h('div', { class: 'heard', key }, rows.map((row) => h('table', { key: row.column, class: 'heard-table' },
    h('caption', null, row.column),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('Group')), h('th', { scope: 'col' }, t('People')))),
    h('tbody', null, row.groups.map(([g, n]) => h('tr', { key: g }, h('th', { scope: 'row' }, g), h('td', null, String(n))))))),
  h('p', { class: 'hint' }, t('Groups of fewer than 3 people are never shown on their own.')));
}

function columnRow(ctx, p, c) {
  const s = ds(ctx);
  const id = `col-role-${c.index}`;
  const role = s.choices[c.index] || c.role;
  return h('li', { key: `col-${c.index}`, class: `column role-${role}` },
    h('label', { for: id }, `${t('Column {n}:', { n: c.index + 1 })} `, h('span', { class: 'col-header' }, c.header || t('(no heading)'))),
    c.examples && c.examples.length ? h('ul', { class: 'examples', 'aria-label': t('Examples from column {n}', { n: c.index + 1 }) },
      c.examples.map((x, i) => h('li', { key: i }, x))) : null,
    h('select', {
      id, key: `sel-${s.fileGen}-${c.index}`, value: role, 'data-focus-key': id,
      onchange: (e) => { s.choices[c.index] = e.currentTarget.value; readPreview(ctx); },
    }, roleChoices(p.layout, role).map((r) => h('option', { value: r.role, key: r.role }, r.label))));
}

// ---- cleaning --------------------------------------------------------------------------------------

function cleaningScreen(recs, ctx) {
  const s = ds(ctx);
  const list = answers(recs);
  const sum = answerSummary(recs);
  const shown = filterAnswers(list, s.filter);
  if (!s.restored && list.length) {
    // An amendment being written when the page was closed opens again with its words.
    s.restored = true;
    list.forEach((a, i) => {
      if (!loadDraft(ctx.wid, `amend.${a.id}.code`)) return;
      s.editing.add(a.id);
      if (s.filter === 'all' && i >= s.limit) s.limit = i + 1;
    });
  }
  return h('section', { class: 'data-screen cleaning', key: 'cleaning', 'aria-labelledby': 'cleaning-title' },
    h('h2', { id: 'cleaning-title', key: 'title' }, t('Clean the answers')),
    h('p', { key: 'intro' }, t('Every answer keeps its original words. Record each change with a code from the data amendment key, then send the answers to the ww, nww and iff boards.')),
    keyPanel(),
    !list.length ? h('div', { key: 'none' },
      h('p', { class: 'empty' }, t('No answers yet. Import a spreadsheet, or type an answer in below.')),
      h('button', { type: 'button', onclick: () => ctx.act.showScreen('answers') }, t('Import answers'))) : null,
    list.length ? h('p', { class: 'summary', key: 'summary', role: 'status' },
      `${t('{answers}: {pending} waiting ({ready} ready to send), {published} on the boards, {omitted} left out.', {
        answers: tn('{n} answer', '{n} answers', sum.total), pending: sum.pending, ready: sum.ready, published: sum.published, omitted: sum.omitted,
      })} `,
      sum.needsLook ? h('strong', null, `${tn('{n} needs a change before it can go on a card.', '{n} need a change before they can go on a card.', sum.needsLook)} `) : null,
      sum.queries ? h('strong', null, tn('{n} open query.', '{n} open queries.', sum.queries)) : null) : null,
    list.length ? h('div', { class: 'data-actions', key: 'send' },
      h('button', {
        type: 'button', class: 'primary', 'data-focus-key': 'publish', 'aria-busy': s.publishing ? 'true' : null,
        // Nothing ready: nothing to press (the summary above says what is waiting, and why).
        disabled: !s.publishing && !sum.ready,
        onclick: () => publish(ctx),
      }, s.publishing ? t('Sending…') : sum.ready ? tn('Send {n} answer to the boards', 'Send {n} answers to the boards', sum.ready) : t('No answers ready to send')),
      sum.published ? h('button', { type: 'button', onclick: () => ctx.act.showScreen('theming') }, t('See the cards on the boards')) : null) : null,
    s.published ? h('p', { class: 'data-status', role: 'status', key: 'published' }, s.published) : null,
    list.length ? h('div', { class: 'data-actions downloads', key: 'downloads', role: 'group', 'aria-label': t('Downloads of the answers') },
      fileButton(ctx, { key: 'dl-responses', area: 'cleaning', label: t('Download the cleaned spreadsheet (XLSX)'), path: '/responses.xlsx', name: 'responses.xlsx' }),
      cardsDownload(ctx, 'cleaning')) : null,
    statusLine(ctx, 'cleaning'),
    addAnswerForm(ctx),
    list.length ? h('div', { class: 'filters', role: 'group', 'aria-label': t('Show'), key: 'filters' },
      FILTERS.map((f) => h('button', {
        type: 'button', class: 'small toggle', key: f.key, 'aria-pressed': s.filter === f.key ? 'true' : 'false',
        onclick: () => { s.filter = f.key; s.limit = PAGE; redraw(ctx); },
      }, `${f.label} (${filterAnswers(list, f.key).length})`))) : null,
    list.length ? h('h3', { key: 'h-list', id: 'answer-list-title' }, `${FILTERS.find((f) => f.key === s.filter).label}: ${shown.length}`) : null,
    shown.length ? h('ol', { class: 'answer-list', key: 'list', 'aria-labelledby': 'answer-list-title' },
      shown.slice(0, s.limit).map((a) => answerItem(recs, ctx, a)))
      : list.length ? h('p', { class: 'empty', key: 'none-shown' }, t('No answers here.')) : null,
    shown.length > s.limit ? h('div', { class: 'data-actions', key: 'more' },
      h('p', { class: 'more-note' }, t('Showing {shown} of {total}.', { shown: s.limit, total: shown.length })),
      h('button', {
        type: 'button', 'data-focus-key': 'show-more',
        onclick: () => {
          const first = shown[s.limit];
          s.limit += PAGE;
          redraw(ctx);
          if (first) ctx.act.focusKey(`amend-btn-${first.id}`);
        },
      }, t('Show {n} more', { n: Math.min(PAGE, shown.length - s.limit) }))) : null);
}

/** The amendment key in plain words: what each letter means for the answer. */
function plainCode(code) {
  return {
    a: t('We made it shorter. It still says the same thing.'),
    b: t('We changed the words so they are easy to understand.'),
    c: t('It said more than one thing. We made one card for each thing.'),
    d: t('We wrote it the way the person would say it, starting with “I”.'),
    e: t('We changed it for another reason. We wrote the reason down.'),
    f: t('We did not put it on a card. We wrote down why.'),
    g: t('It said too many things. We kept the main ones.'),
    h: t('We need to check this before we decide.'),
  }[code];
}

function keyPanel() {
  const plain = plainWordsOn();
  return h('details', { class: 'amend-key', key: 'key', open: true },
    h('summary', null, t('The data amendment key')),
    plain ? h('p', { class: 'plain-box', key: 'plain' }, t('Each letter is a change we made to an answer. The answer’s own words are always kept too.')) : null,
    h('dl', null, CODES.map((c) => h('div', { key: c.code },
      h('dt', null, h('span', { class: 'code' }, c.code), ` ${c.label}`),
      h('dd', null, c.help, plain && plainCode(c.code) ? h('span', { class: 'plain-code' }, ' ', plainCode(c.code)) : null)))),
    h('p', { class: 'hint' }, t('A card holds at most {max} characters. Longer answers are flagged and wait for a shorter text; nothing is ever cut.', { max: CARD_LIMIT })));
}

function cardsDownload(ctx, area) {
  const s = ds(ctx);
  const q = s.cardsQuestion;
  return h('div', { class: 'cards-dl', key: 'cards-dl' },
    h('label', { for: `cards-q-${area}` }, t('Printable cards for')),
    h('select', { id: `cards-q-${area}`, key: `cards-q-${area}`, value: q, onchange: (e) => { s.cardsQuestion = e.currentTarget.value; redraw(ctx); } },
      h('option', { value: 'all' }, t('All three questions')),
      ['ww', 'nww', 'iff'].map((k) => h('option', { value: k, key: k }, `${boardCode(k)} – ${QUESTION_NAMES[k]}`))),
    fileButton(ctx, { key: `dl-cards-${area}`, area, label: t('Download printable cards (PDF)'), path: `/cards.pdf?question=${q}`, name: `cards-${q}.pdf` }));
}

// Why answers were not sent (answer.publish's `skipped` reasons), each with how many.
const SKIPPED = {
  too_long: (n) => t('{n} too long', { n }),
  contact_details: (n) => t('{n} with contact details', { n }),
  omitted: (n) => t('{n} left out', { n }),
  no_board: (n) => t('{n} with no board to go on', { n }),
};

async function publish(ctx) {
  const s = ds(ctx);
  if (s.publishing) return;
  s.publishing = true;
  s.published = null;
  redraw(ctx);
  const r = await ctx.intent.publishAnswers();
  s.publishing = false;
  if (r && r.ok) {
    const res = (r.ack && r.ack.result) || {};
    const cards = (res.card_ids || []).length;
    const skipped = res.skipped || [];
    const why = {};
    for (const x of skipped) why[x.reason] = (why[x.reason] || 0) + 1;
    const parts = Object.entries(why).map(([k, n]) => (SKIPPED[k] ? SKIPPED[k](n) : `${n} ${k}`));
    s.published = tn('{n} card sent to the boards.', '{n} cards sent to the boards.', cards)
      + (skipped.length ? ` ${tn('{n} answer waits: {why}.', '{n} answers wait: {why}.', skipped.length, { why: parts.join(', ') })}` : '');
    announce(s.published);
  } else if (r && r.err) {
    s.published = t('Not sent: {reason}', { reason: r.err.message });
  }
  redraw(ctx);
}

function addAnswerForm(ctx) {
  const field = 'answer-new';
  const q = ctx.draft(`${field}.q`, 'nww');
  return h('details', { class: 'add-answer', key: 'add-answer', oncreate: (el) => { if (ctx.draft(`${field}.text`)) el.open = true; } },
    h('summary', null, t('Type in an answer (from a paper form or an interview)')),
    h('form', {
      novalidate: true, key: 'form',
      onsubmit: (e) => {
        e.preventDefault();
        const ta = e.currentTarget.querySelector('textarea');
        const text = ta.value.trim();
        if (!text) { ctx.act.say(t('Type the answer first.'), 'error'); ta.focus(); return; }
        ctx.intent.addAnswer(ctx.draft(`${field}.q`, 'nww'), text).then((r) => { if (r && r.ok) announce(t('Answer added. It waits with the others.')); });
        ta.value = '';
        ctx.setDraft(`${field}.text`, null);
      },
    },
    h('label', { for: 'new-answer-q' }, t('Question')),
    h('select', { id: 'new-answer-q', key: 'q', value: q, onchange: (e) => ctx.setDraft(`${field}.q`, e.currentTarget.value) },
      ['ww', 'nww', 'iff'].map((k) => h('option', { value: k, key: k }, `${boardCode(k)} – ${QUESTIONS[k]}`))),
    h('label', { for: 'new-answer-text' }, t("The answer, in the person's words")),
    h('textarea', {
      id: 'new-answer-text', key: 'text', rows: 3, value: ctx.draft(`${field}.text`), 'aria-describedby': 'new-answer-count',
      oninput: (e) => { ctx.setDraft(`${field}.text`, e.currentTarget.value); showCount('new-answer-count', e.currentTarget.value); },
    }),
    counter('new-answer-count', ctx.draft(`${field}.text`)),
    h('button', { type: 'submit' }, t('Add the answer'))));
}

function counter(id, text) {
  const over = charCount(text) > CARD_LIMIT;
  return h('p', { class: `counter${over ? ' over' : ''}`, id, key: id, 'aria-live': 'polite' }, countText(text));
}

function countText(text) {
  const n = charCount(text);
  return n > CARD_LIMIT ? t('{n} of {max} characters – {over} too many for a card', { n, max: CARD_LIMIT, over: n - CARD_LIMIT })
    : t('{n} of {max} characters', { n, max: CARD_LIMIT });
}

// Typing updates only its counter, not the whole screen: cheap on an old phone.
function showCount(id, text) {
  const el = document.getElementById(id);
  if (!el || !el.firstChild) return;
  el.firstChild.data = countText(text);
  el.classList.toggle('over', charCount(text) > CARD_LIMIT);
}

// An answer's description is kept while its record is the same and it is not being edited, so a
// change to one answer of two hundred redraws that one only (dom.js skips the same description).
const itemMemo = new WeakMap();

function answerItem(recs, ctx, a) {
  const s = ds(ctx);
  const editing = s.editing.has(a.id);
  if (!editing) {
    const m = itemMemo.get(a);
    if (m && m.busy === s.busy.has(`resolve-${a.id}`)) return m.vnode;
  }
  const vnode = answerVnode(ctx, a, editing);
  if (!editing) itemMemo.set(a, { vnode, busy: s.busy.has(`resolve-${a.id}`) });
  return vnode;
}

function answerVnode(ctx, a, editing) {
  const s = ds(ctx);
  const flags = flagsOf(a);
  const info = a.code ? codeInfo(a.code) : null;
  const titleId = `answer-${a.id}-title`;
  const attention = blocked(a) || flags.includes('query');
  return h('li', { key: a.id, class: `answer status-${a.status}${attention ? ' flagged' : ''}`, 'data-answer-id': a.id },
    h('article', { 'aria-labelledby': titleId },
      h('h4', { class: 'answer-head', id: titleId },
        h('span', { class: `tag tag-${a.question}` }, boardCode(a.question)),
        ` ${a.row ? t('Row {n}', { n: a.row }) : t('Typed in')}`, h('span', { class: 'status' }, ` – ${STATUS_TEXT[a.status] || a.status}`)),
      flags.length ? h('ul', { class: 'flags', 'aria-label': t('Needs a look'), key: 'flags' },
        flags.map((f) => h('li', { key: f, class: `flag flag-${f}` }, FLAG_TEXT[f] || f))) : null,
      h('p', { class: 'label', key: 'orig-label' }, t('Original')),
      h('blockquote', { class: 'original', key: 'orig' }, a.original),
      h('p', { class: `len${charCount(a.original) > CARD_LIMIT ? ' over' : ''}`, key: 'orig-len' }, lengthText(a.original)),
      info ? h('div', { class: 'amendment', key: 'amendment' },
        h('p', { class: 'label' }, `${t('Code')} `, h('span', { class: 'code' }, a.code), ` ${info.label}`,
          a.code === 'h' ? ` ${a.resolved ? t('(resolved)') : t('(open)')}` : ''),
        a.parts && a.parts.length
          ? h('ol', { class: 'parts', 'aria-label': t('The parts') }, a.parts.map((p, i) => h('li', { key: i }, p)))
          : a.amended ? h('p', { class: 'amended' }, h('span', { class: 'label' }, `${t('Amended:')} `), a.amended) : null,
        a.reason ? h('p', { class: 'reason' }, h('span', { class: 'label' }, `${t('Reason:')} `), a.reason) : null) : null,
      editing ? amendForm(ctx, a) : h('div', { class: 'data-actions', key: 'btns' },
        h('button', {
          type: 'button', class: 'small', 'data-focus-key': `amend-btn-${a.id}`,
          onclick: () => { s.editing.add(a.id); s.errors.delete(a.id); redraw(ctx); ctx.act.focusKey(`amend-code-${a.id}`); },
        }, a.code ? t('Change the amendment') : t('Amend'), h('span', { class: 'visually-hidden' },
          ` ${a.row ? t('answer in row {row}, {question}', { row: a.row, question: boardCode(a.question) }) : t('answer typed in, {question}', { question: boardCode(a.question) })}`)),
        a.code === 'h' && !a.resolved ? h('button', {
          type: 'button', class: 'small', 'data-focus-key': `resolve-${a.id}`,
          onclick: () => ctx.intent.resolveQuery(a.id).then((r) => { if (r && r.ok) announce(t('Query marked as resolved.')); }),
        }, t('Mark the query resolved')) : null)));
}

function formValues(ctx, a) {
  const base = `amend.${a.id}`;
  const code = ctx.draft(`${base}.code`, a.code || '');
  const amended = ctx.draft(`${base}.text`, a.amended || (a.parts ? '' : a.original));
  const reason = ctx.draft(`${base}.reason`, a.reason || '');
  let parts;
  try { parts = JSON.parse(ctx.draft(`${base}.parts`, '') || 'null'); } catch (e) { parts = null; }
  if (!Array.isArray(parts) || parts.length < 2) parts = a.parts && a.parts.length >= 2 ? a.parts.slice()
    : suggestParts(a.amended || a.original, (workshop(ctx.store.records) || {}).language || 'en'); // answers are in the workshop's language
  return { code, amended, reason, parts };
}

function closeEditor(ctx, a) {
  const s = ds(ctx);
  const base = `amend.${a.id}`;
  for (const f of ['code', 'text', 'reason', 'parts']) ctx.setDraft(`${base}.${f}`, null);
  s.editing.delete(a.id);
  s.errors.delete(a.id);
  redraw(ctx);
  ctx.act.focusKey(`amend-btn-${a.id}`);
}

function saveAmendment(ctx, a) {
  const s = ds(ctx);
  const form = formValues(ctx, a);
  const checked = amendArgs(a, form);
  if (!checked.ok) {
    s.errors.set(a.id, checked);
    redraw(ctx);
    ctx.act.focusKey(`amend-error-${a.id}`);
    return;
  }
  s.errors.delete(a.id);
  const args = checked.args;
  ctx.intent.amendAnswer(args).then((r) => {
    if (r && r.ok) {
      const what = args.code === null ? t('Amendment undone.')
        : args.code === 'c' ? tn('Split into {n} part.', 'Split into {n} parts.', args.parts.length)
          : args.code === 'f' ? t('Left out, with the reason kept.') : t('Amended with code {code}.', { code: args.code });
      announce(what);
      closeEditor(ctx, a);
    } else if (r && r.err) {
      s.errors.set(a.id, { field: r.err.field || 'code', message: r.err.message });
      redraw(ctx);
      ctx.act.focusKey(`amend-error-${a.id}`);
    }
  });
}

function amendForm(ctx, a) {
  const s = ds(ctx);
  const base = `amend.${a.id}`;
  const v = formValues(ctx, a);
  const err = s.errors.get(a.id);
  const info = codeInfo(v.code);
  const wantsText = NEEDS_TEXT.includes(v.code) || OPTIONAL_TEXT.includes(v.code);
  const wantsReason = NEEDS_REASON.includes(v.code) || v.code === 'h';
  const gen = s.partGen.get(a.id) || 0;
  const setParts = (parts) => ctx.setDraft(`${base}.parts`, JSON.stringify(parts));
  const codeId = `amend-code-${a.id}`;
  return h('form', {
    class: 'amend-form', key: 'amend-form', novalidate: true,
    onsubmit: (e) => { e.preventDefault(); saveAmendment(ctx, a); },
    onkeydown: (e) => { if (e.key === 'Escape') { e.preventDefault(); closeEditor(ctx, a); } },
  },
  err ? h('p', { class: 'field-error', role: 'alert', tabindex: '-1', key: 'err', id: `amend-error-${a.id}`, 'data-focus-key': `amend-error-${a.id}` },
    h('span', { class: 'visually-hidden' }, t('Error: ')), err.message) : null,
  h('label', { for: codeId, key: 'code-label' }, t('Code from the data amendment key')),
  h('select', {
    id: codeId, key: 'code', value: v.code, 'data-focus-key': codeId,
    'aria-invalid': err && err.field === 'code' ? 'true' : null,
    onchange: (e) => { ctx.setDraft(`${base}.code`, e.currentTarget.value); s.errors.delete(a.id); redraw(ctx); },
  },
  h('option', { value: '' }, t('Choose a code…')),
  CODES.map((c) => h('option', { value: c.code, key: c.code }, `${c.code} – ${c.label}`)),
  a.code ? h('option', { value: 'none', key: 'none' }, t('No change – undo the amendment')) : null),
  info ? h('p', { class: 'hint', key: 'code-help' }, info.help) : null,
  a.status === 'published' ? h('p', { class: 'hint', key: 'on-boards' },
    v.code === 'f' ? t('This answer is on the boards: leaving it out takes its cards off the boards (the record keeps it).')
      : t('This answer is on the boards: its cards change with it, in the theme they are in.')) : null,
  v.code === 'c' ? h('fieldset', { class: 'parts-edit', key: `parts-${gen}` },
    h('legend', null, t('The parts (each becomes its own card)')),
    v.parts.map((p, i) => {
      const id = `amend-part-${a.id}-${i}`;
      return h('div', { class: 'field', key: `part-${gen}-${i}` },
        h('label', { for: id }, t('Part {n}', { n: i + 1 })),
        h('textarea', {
          id, rows: 2, value: p, 'data-focus-key': id, 'aria-describedby': `${id}-count`,
          'aria-invalid': err && err.field === 'parts' ? 'true' : null,
          oninput: (e) => { const now = formValues(ctx, a).parts; now[i] = e.currentTarget.value; setParts(now); showCount(`${id}-count`, e.currentTarget.value); },
        }),
        counter(`${id}-count`, p),
        v.parts.length > 2 ? h('button', {
          type: 'button', class: 'small',
          onclick: () => { const now = formValues(ctx, a).parts; now.splice(i, 1); setParts(now); s.partGen.set(a.id, gen + 1); redraw(ctx); ctx.act.focusKey(`amend-part-${a.id}-${Math.max(0, i - 1)}`); },
        }, t('Remove part {n}', { n: i + 1 })) : null);
    }),
    v.parts.length < MAX_PARTS ? h('button', {
      type: 'button', class: 'small', key: 'add-part',
      onclick: () => { const now = formValues(ctx, a).parts; now.push(''); setParts(now); s.partGen.set(a.id, gen + 1); redraw(ctx); ctx.act.focusKey(`amend-part-${a.id}-${now.length - 1}`); },
    }, t('Add another part')) : null) : null,
  wantsText ? h('div', { class: 'field', key: 'text' },
    h('label', { for: `amend-text-${a.id}` }, NEEDS_TEXT.includes(v.code) ? t('Amended text') : t('Amended text (optional)')),
    h('textarea', {
      id: `amend-text-${a.id}`, key: 'ta', rows: 3, value: v.amended,
      'aria-describedby': [`amend-text-${a.id}-count`, err && err.field === 'amended' ? `amend-error-${a.id}` : null].filter(Boolean).join(' '),
      'aria-invalid': err && err.field === 'amended' ? 'true' : null,
      oninput: (e) => { ctx.setDraft(`${base}.text`, e.currentTarget.value); showCount(`amend-text-${a.id}-count`, e.currentTarget.value); },
    }),
    counter(`amend-text-${a.id}-count`, v.amended)) : null,
  wantsReason ? h('div', { class: 'field', key: 'reason' },
    h('label', { for: `amend-reason-${a.id}` }, v.code === 'h' ? t('What needs checking (optional)') : t('Reason')),
    h('input', {
      id: `amend-reason-${a.id}`, key: 'reason-in', type: 'text', value: v.reason, maxlength: '500', autocomplete: 'off',
      'aria-describedby': err && err.field === 'reason' ? `amend-error-${a.id}` : null,
      'aria-invalid': err && err.field === 'reason' ? 'true' : null,
      oninput: (e) => ctx.setDraft(`${base}.reason`, e.currentTarget.value),
    })) : null,
  h('div', { class: 'data-actions', key: 'actions' },
    h('button', { type: 'submit', class: 'primary' }, t('Save the amendment')),
    h('button', { type: 'button', onclick: () => closeEditor(ctx, a) }, t('Cancel'))));
}

// ---- exports and the report -------------------------------------------------------------------------

function exportsScreen(recs, ctx) {
  const me = ctx.store.me;
  const fac = me && me.role === 'facilitator';
  const btn = (o) => fileButton(ctx, { area: 'exports', ...o });
  return h('section', { class: 'data-screen exports', key: 'exports', 'aria-labelledby': 'exports-title' },
    h('h2', { id: 'exports-title', key: 'title' }, t('Reports and downloads')),
    statusLine(ctx, 'exports'),
    h('section', { key: 'report', 'aria-labelledby': 'report-title', class: 'export-group' },
      h('h3', { id: 'report-title' }, t('The report')),
      h('p', null, t('The Working Together for Change report: purpose, who we heard from, the themes, votes, root causes, success, ideas, the Investment Grid, action plans and the parking space.')),
      h('div', { class: 'data-actions' },
        btn({ key: 'report-html', label: t('Open the report'), hidden: t('(opens in a new tab)'), path: '/report.html', name: 'report.html', open: true }),
        btn({ key: 'report-pdf', label: t('Download the report (PDF)'), path: '/report.pdf', name: 'report.pdf' })),
      h('h3', null, t('You said, we did')),
      h('p', null, t('A one-page summary to share with everyone who gave their views.')),
      h('div', { class: 'data-actions' },
        btn({ key: 'ysd-html', label: t('Open "You said, we did"'), hidden: t('(opens in a new tab)'), path: '/you-said-we-did.html', name: 'you-said-we-did.html', open: true }),
        btn({ key: 'ysd-pdf', label: t('Download "You said, we did" (PDF)'), path: '/you-said-we-did.pdf', name: 'you-said-we-did.pdf' }))),
    h('section', { key: 'whole', 'aria-labelledby': 'whole-title', class: 'export-group' },
      h('h3', { id: 'whole-title' }, t('The whole workshop')),
      h('div', { class: 'data-actions' },
        btn({ key: 'x-xlsx', label: t('Spreadsheet (XLSX, a sheet each)'), path: '/export.xlsx', name: 'workshop.xlsx' }),
        btn({ key: 'x-zip', label: t('CSV files (ZIP)'), path: '/export.zip', name: 'workshop-csv.zip' }),
        fac ? btn({ key: 'x-json', label: t('Backup for Coboard (export.json)'), path: '/export.json', name: 'export.json' }) : null),
      fac ? h('p', { class: 'hint' }, t('The backup gives back the same workshop when it is restored on a Coboard server.')) : null),
    h('section', { key: 'answers', 'aria-labelledby': 'answers-dl-title', class: 'export-group' },
      h('h3', { id: 'answers-dl-title' }, t('Collected answers')),
      h('div', { class: 'data-actions' },
        btn({ key: 'x-responses', label: t('Cleaned spreadsheet (XLSX)'), path: '/responses.xlsx', name: 'responses.xlsx' }),
        cardsDownload(ctx, 'exports'))),
    h('section', { key: 'pics', 'aria-labelledby': 'pics-title', class: 'export-group' },
      h('h3', { id: 'pics-title' }, t('Pictures of the boards')),
      h('button', { type: 'button', onclick: () => ctx.act.showScreen('pictures') }, t('Go to the board pictures'))));
}

// ---- the screens ----------------------------------------------------------------------------------

registerScreen({
  id: 'answers', order: 20, activities: [],
  label: () => t('Import answers'),
  available: (recs, me) => isStaff(me),
  boardIds: () => [],
  render: importScreen,
});

registerScreen({
  id: 'cleaning', order: 21, activities: [],
  label: (recs) => {
    const s = answerSummary(recs);
    const n = s.needsLook + s.queries;
    return n ? t('Clean answers ({n} to check)', { n }) : t('Clean answers');
  },
  available: (recs, me) => isStaff(me),
  boardIds: () => [],
  render: cleaningScreen,
});

registerScreen({
  id: 'exports', order: 96, activities: [],
  label: () => t('Reports and downloads'),
  available: (recs, me) => isStaff(me),
  boardIds: () => [],
  render: exportsScreen,
});

