// The boards of Day 1's screens after the Welcome (registered by screens/day1.js, which draws them
// with this module once app/lazy.js has fetched it): Dot voting (and giving the top themes to
// tables), Our table (the theme, the "why? because…" chain, the 3 root causes, the 3 success
// statements, and table feedback with a 3-minute timer), and the Parking space.
import { h } from '../ui/dom.js';
import { workshop, canEdit, canFacilitate, nameOf, themingBoards } from '../model/store.js';
import { announce, toast } from '../ui/announce.js';
import {
  ROOT_CAUSES_MAX, roundOfBoard, myDots, dotsLeftText, dotsText, voteChoices, voteResults, votingProgress,
  voteTargets, tablesWithThemes, whyChain, rootCauses, successSlots, parkingBoard, parkingItems, feedbackState, votingBoard,
} from '../model/day1.js';
import { lazy } from '../app/lazy.js';
import { textForm } from '../ui/form.js';
import { t, tn, tp } from '../app/i18n.js';
import { boardHeading, BOARD_HEADINGS, tableName } from '../app/words.js';
import { openParking } from './day1_agenda.js';
import { redraw, FEEDBACK_ACTIVITY } from './day1.js';

/** The staff's forms (open a vote, give themes to tables, review the parking space): screens/day1_edit.js, loaded for staff only. */
const staffTools = () => lazy('day1Edit');

/** What a step or a root cause is called, in the reader's language. */
const WHAT = {
  step: { name: () => t('step'), change: () => t('Change the step'), deleted: () => t('Deleted the step.') },
  'root cause': { name: () => t('root cause'), change: () => t('Change the root cause'), deleted: () => t('Deleted the root cause.') },
};

function colourName(colour) {
  return { green: t('green'), orange: t('orange'), blue: t('blue') }[colour] || colour;
}

const FEEDBACK_SECONDS = 180;

// ---- Dot voting ----------------------------------------------------------------------------

export function voteScreen(recs, ctx) {
  const me = ctx.store.me;
  const board = votingBoard(recs, ctx.ui.day1VoteBoard);
  if (!board) return h('p', { class: 'empty', key: 'none' }, t('There is no board to vote on yet.'));
  const round = roundOfBoard(recs, board.id);
  const staff = canFacilitate(me) && !ctx.readOnly;
  const themes = voteTargets(recs, board.id).filter((c) => !c.pending);
  const boards = themingBoards(recs);
  return h('div', { class: 'voting', key: 'voting' },
    h('h2', { key: 'h' }, t('Dot voting: {board}', { board: BOARD_HEADINGS[board.type] ? boardHeading(board.type) : board.title })),
    staff && boards.length > 1 && !(round && round.status === 'open') ? h('div', { class: 'vote-board-pick', role: 'group', 'aria-label': t('Board to vote on'), key: 'pick' },
      boards.map((b) => h('button', {
        type: 'button', class: 'small', key: b.id, 'aria-pressed': b.id === board.id ? 'true' : 'false',
        onclick: () => { ctx.ui.day1VoteBoard = b.id; redraw(ctx); },
      }, h('span', { class: 'tag' }, b.type), ' ', h('span', { class: 'pick-name' }, boardHeading(b.type))))) : null,
    roundStatus(recs, ctx, board, round, themes),
    round && round.status === 'closed' ? results(recs, ctx, round, themes) : themeDots(recs, ctx, board, round, themes),
    staff && round && round.status === 'open' ? progressPanel(recs, round) : null,
    staff && round && round.status === 'closed' && board.type === 'nww' && staffTools() ? staffTools().giveThemes(recs, ctx, round, themes) : null,
    tablesSummary(recs, ctx));
}

function roundStatus(recs, ctx, board, round, themes) {
  const me = ctx.store.me;
  const staff = canFacilitate(me) && !ctx.readOnly;
  // Staff open (the guide's settings) and close the vote from their toolbar (screens/toolbar.js);
  // other settings, and another vote after one closed, are in a dialog: the screen stays the board.
  if (!round || round.status === 'closed') {
    const settings = (again) => h('button', {
      type: 'button', class: 'small vote-settings-btn', key: again ? 'again' : 'settings', 'data-focus-key': 'vote-settings-btn',
      onclick: () => import('./day1_edit.js').then((m) => m.openVoteSettings(ctx, board, { again }), () => toast(t('Coboard could not be reached. Check your internet connection and try again.'), 'error')),
    }, again ? t('Open another vote…') : t('Vote settings…'));
    return h('div', { class: 'vote-status', key: 'status' },
      h('p', { key: 'p' }, round ? t('The vote has closed. The results are below.') : t('No vote is open on this board.'), staff ? [' ', settings(Boolean(round))] : null));
  }
  const mine = myDots(recs, round.id, me.id, ctx.store.pending);
  const abstained = (round.abstained || []).includes(me.id);
  const left = round.per_person - mine.total;
  return h('div', { class: 'vote-status open', key: 'status' },
    h('p', { class: 'vote-rules', key: 'rules' },
      tp(tn('The vote is open. Each person has {n} dot, at most {most} on one theme.', 'The vote is open. Each person has {n} dots, at most {most} on one theme.', round.per_person, { most: round.per_target }),
        tn('You can vote now. You have {n} dot. Put up to {most} on one theme.', 'You can vote now. You have {n} dots. Put up to {most} on one theme.', round.per_person, { most: round.per_target })),
      round.hidden ? [' ', t('The counts are hidden until the vote closes.')] : ''),
    canEdit(me) && !ctx.readOnly ? h('p', { class: 'dots-left', key: 'left', role: 'status', 'data-testid': 'dots-left' },
      abstained ? t("You said you won't vote this time.") : dotsLeftText(left)) : null,
    canEdit(me) && !ctx.readOnly ? h('button', {
      type: 'button', class: 'small', key: 'abstain', 'aria-pressed': abstained ? 'true' : 'false',
      onclick: () => ctx.intent.abstain(round.id, !abstained),
    }, abstained ? t('I will vote after all') : t("I won't vote this time")) : null);
}


/** The dots of one theme, drawn under its words, with the count as text. */
function dotRow(total, mineHere, label) {
  const n = total == null ? mineHere : total;
  const dots = [];
  for (let i = 0; i < Math.min(n, 40); i += 1) dots.push(h('span', { class: `dot${i < mineHere ? ' mine' : ''}`, key: `d${i}` }));
  const text = total == null ? t('{dots} from you', { dots: dotsText(mineHere) })
    : mineHere ? t('{dots}, {n} from you', { dots: dotsText(total), n: mineHere }) : dotsText(total);
  return h('div', { class: 'dot-row', key: 'dots' },
    h('span', { class: 'dots', role: 'img', 'aria-label': `${label}: ${text}` }, dots),
    h('span', { class: 'dot-count', 'aria-hidden': 'true' }, text));
}

function themeDots(recs, ctx, board, round, themes) {
  const me = ctx.store.me;
  const open = round && round.status === 'open';
  const mine = open ? myDots(recs, round.id, me.id, ctx.store.pending) : { total: 0, byTarget: new Map(), sending: new Map() };
  const tallies = round && round.tallies ? round.tallies : null; // absent: hidden until close
  const voter = open && canEdit(me) && !ctx.readOnly;
  if (!themes.length) return h('p', { class: 'empty', key: 'themes' }, t('This board has no themes yet.'));
  return h('ul', { class: `vote-themes type-${board.type}`, key: 'themes', 'aria-label': t('Themes') }, themes.map((theme) => {
    const here = mine.byTarget.get(theme.id) || 0;
    const choice = voteChoices(round, mine, theme.id);
    return h('li', { key: theme.id, class: 'vote-theme', 'data-theme-id': theme.id },
      h('h3', { class: 'vote-theme-text' }, theme.text),
      open || tallies ? dotRow(tallies ? Math.max(0, (tallies[theme.id] || 0) + (mine.sending.get(theme.id) || 0)) : null, here, theme.text) : null,
      voter ? h('div', { class: 'vote-buttons' },
        h('button', {
          type: 'button', class: 'small', 'aria-label': t('Add a dot to {theme}', { theme: theme.text }), 'aria-disabled': choice.canAdd ? null : 'true',
          'data-focus-key': `add-dot-${theme.id}`,
          onclick: () => {
            if (!choice.canAdd) { toast(choice.reason, 'error', 4000); return; }
            ctx.intent.castDot(round.id, theme.id);
            announce(t('Dot added to {theme}. {left}.', { theme: theme.text, left: dotsLeftText(round.per_person - mine.total - 1) }));
          },
        }, t('Add a dot')),
        h('button', {
          type: 'button', class: 'small', 'aria-label': t('Take a dot back from {theme}', { theme: theme.text }), 'aria-disabled': choice.canTake ? null : 'true',
          'data-focus-key': `take-dot-${theme.id}`,
          onclick: () => {
            if (!choice.canTake) { toast(t('You have no dot on this theme.'), 'error', 4000); return; }
            ctx.intent.takeBackDot(round.id, theme.id);
            announce(t('Dot taken back from {theme}. {left}.', { theme: theme.text, left: dotsLeftText(round.per_person - mine.total + 1) }));
          },
        }, t('Take a dot back'))) : null);
  }));
}

function results(recs, ctx, round, themes) {
  const rows = voteResults(round, themes);
  return h('section', { class: 'vote-results', 'aria-labelledby': 'vote-results-title', key: 'results' },
    h('h3', { id: 'vote-results-title' }, t('Results')),
    h('ol', { class: 'result-list' }, rows.map((r) => h('li', { key: r.card.id, class: 'result' },
      h('span', { class: 'place' }, r.place), ' ',
      h('span', { class: 'result-text' }, r.card.text), ' ',
      dotRow(r.dots, 0, r.card.text)))),
    round.closed_by ? h('p', { class: 'hint' }, t('Closed by {name}. The counts are final.', { name: nameOf(recs, round.closed_by) })) : null);
}

function progressPanel(recs, round) {
  const p = votingProgress(recs, round);
  return h('section', { class: 'vote-progress', 'aria-labelledby': 'vote-progress-title', key: 'progress' },
    h('h3', { id: 'vote-progress-title' }, t('Who still has dots')),
    p.waiting.length
      ? h('ul', null, p.waiting.map((x) => h('li', { key: x.person.id },
        h('strong', null, x.person.name), ': ', tn('{n} dot left', '{n} dots left', x.left), x.person.online ? '' : [' (', t('away'), ')'])))
      : h('p', null, t('Everyone has used all their dots.')),
    p.abstained.length ? h('p', { key: 'abs' }, t('Not voting this time:'), ' ', p.abstained.map((x) => x.person.name).join(', ')) : null,
    h('p', { class: 'hint', key: 'done' }, tn('{n} person has used all their dots.', '{n} people have used all their dots.', p.done.length)));
}


function tablesSummary(recs, ctx) {
  const tables = tablesWithThemes(recs).filter((x) => x.themeText);
  if (!tables.length) return null;
  return h('section', { class: 'tables-summary', 'aria-labelledby': 'tables-summary-title', key: 'tables' },
    h('h3', { id: 'tables-summary-title' }, t('Themes at the tables')),
    h('ul', null, tables.map((x) => h('li', { key: x.room.id },
      h('strong', null, tableName(x.room)), `: ${x.themeText} `,
      h('button', { type: 'button', class: 'small link-button', onclick: () => { ctx.ui.day1Table = x.room.id; ctx.act.showScreen('table'); } },
        t('Open the boards'), h('span', { class: 'visually-hidden' }, ' ', t('of {table}', { table: tableName(x.room) })))))));
}

/** A table's two boards; `table` is the one drawn (screens/day1.js shownTable). */
export function tableScreen(recs, ctx, table) {
  const me = ctx.store.me;
  const staff = canFacilitate(me) && !ctx.readOnly;
  const tables = tablesWithThemes(recs).filter((t) => t.rootBoard || t.successBoard);
  if (!table) return h('p', { class: 'empty', key: 'none' }, tp(t('Your table has no theme yet. The facilitator gives the top themes to the tables after the vote.'), t('Your table has no theme yet. It gets one after the vote.')));
  const mayWrite = canEdit(me) && !ctx.readOnly && (staff || me.table_id === table.room.id);
  return h('div', { class: 'table-day1', key: `table-${table.room.id}` },
    staff && tables.length > 1 ? h('div', { class: 'table-pick', role: 'group', 'aria-label': t('Table'), key: 'pick' },
      tables.map((x) => h('button', {
        type: 'button', class: 'small', key: x.room.id, 'aria-pressed': x.room.id === table.room.id ? 'true' : 'false',
        onclick: () => { ctx.ui.day1Table = x.room.id; redraw(ctx); },
      }, tableName(x.room)))) : null,
    staff ? feedbackBar(recs, ctx, table) : null,
    h('div', { class: 'table-theme', key: 'theme' },
      h('p', { class: 'table-name' }, tableName(table.room)),
      h('h2', { class: 'theme-at-top' }, h('span', { class: 'visually-hidden' }, t('Our theme:'), ' '), table.themeText || t('No theme yet'))),
    // Showing the root-causes board to everyone highlights both of the table's boards. While the
    // tables identify success, its board comes first (a phone's first screen shows it, what is on now above).
    h('div', { class: 'table-boards', key: 'boards', 'data-board-id': table.rootBoard ? table.rootBoard.id : null },
      successFirst(recs) ? [
        table.successBoard ? successBoard(recs, ctx, table, mayWrite) : null,
        table.rootBoard ? rootCausesBoard(recs, ctx, table, mayWrite) : null,
      ] : [
        table.rootBoard ? rootCausesBoard(recs, ctx, table, mayWrite) : null,
        table.successBoard ? successBoard(recs, ctx, table, mayWrite) : null,
      ]));
}

function successFirst(recs) {
  const w = workshop(recs);
  return Boolean(w && w.activity === 'success');
}

function rootCausesBoard(recs, ctx, table, mayWrite) {
  const b = table.rootBoard;
  const chain = whyChain(recs, b.id);
  const causes = rootCauses(recs, b.id);
  const me = ctx.store.me;
  const locked = Boolean(b.locked);
  const write = mayWrite && !locked;
  return h('section', { class: 'board day1-board root-causes', 'aria-labelledby': `rc-title-${b.id}`, key: b.id },
    h('h3', { class: 'board-header rc-header', id: `rc-title-${b.id}`, tabindex: '-1', 'data-focus-key': `board-${b.id}` }, t('Root causes')),
    h('div', { class: 'zone' },
      h('h4', { id: `why-${b.id}` }, t('Why? Because…')),
      h('p', { class: 'hint' }, tp(t('Ask “why?” like a child, and write each answer as the next step.'), t('Ask “Why?”. Write the answer. Then ask “Why?” again.'))),
      chain.length
        ? h('ol', { class: 'why-chain', 'aria-labelledby': `why-${b.id}` }, chain.map((c, i) => h('li', { key: c.id, class: `why-step${c.pending ? ' pending' : ''}` },
          h('span', { class: 'step-label' }, i === 0 ? t('Why?') : t('Because…'), ' '), editableText(ctx, c, 'step', write))))
        : h('p', { class: 'empty' }, t('No steps yet.')),
      write ? textForm(ctx, {
        field: `why.${b.id}`, id: `why-new-${b.id}`, label: chain.length ? t('Because… (the next step)') : t('Why? (the first step)'), button: t('Add step'),
        submit: (text) => ctx.intent.addCard(b.id, 'note', text),
      }) : null),
    h('div', { class: 'zone' },
      h('h4', { id: `causes-${b.id}` }, t('The 3 most likely reasons')),
      h('p', { class: 'rc-progress', 'data-testid': 'rc-progress' }, t('{n} of {max}', { n: causes.length, max: ROOT_CAUSES_MAX })),
      causes.length ? h('ul', { class: 'rc-cards', 'aria-labelledby': `causes-${b.id}` }, causes.map((c) => h('li', { key: c.id, class: `rc-card${c.pending ? ' pending' : ''}` },
        h('span', { class: 'rc-label' }, t('Root cause')), editableText(ctx, c, 'root cause', write)))) : null,
      write && causes.length < ROOT_CAUSES_MAX ? textForm(ctx, {
        field: `cause.${b.id}`, id: `cause-new-${b.id}`, label: t('Root cause {n} of {max}', { n: causes.length + 1, max: ROOT_CAUSES_MAX }), button: t('Add root cause'),
        submit: (text) => ctx.intent.addCard(b.id, 'root_cause', text),
      }) : null));
}

/** A step or root cause: its words with Edit and Delete, or the field to change them. */
function editableText(ctx, c, what, write) {
  const me = ctx.store.me;
  const key = `card.${c.id}`;
  if (write && ctx.ui.editing.has(key)) {
    const stop = () => { ctx.ui.editing.delete(key); ctx.setDraft(`edit.${c.id}`, null); redraw(ctx); ctx.act.focusKey && ctx.act.focusKey(`edit-${c.id}`); };
    return h('div', { class: 'inline-edit', key: 'edit' }, textForm(ctx, {
      field: `edit.${c.id}`, id: `edit-${c.id}`, label: WHAT[what].change(), button: t('Save'), initial: c.text, keepDraftKey: true,
      cancel: stop,
      submit: (text) => { if (text !== c.text) ctx.intent.editCard(c.id, text); stop(); },
    }));
  }
  return [
    h('span', { class: 'card-text', key: 'text' }, c.text),
    write && !c.pending ? h('button', {
      type: 'button', class: 'small', key: 'edit-btn', 'aria-label': t('Edit {what}: {text}', { what: WHAT[what].name(), text: c.text }), 'data-focus-key': `edit-${c.id}`,
      onclick: () => { ctx.ui.editing.add(key); redraw(ctx); },
    }, t('Edit')) : null,
    write && mayDelete(me, c) ? deleteButton(ctx, c, what) : null,
  ];
}

function mayDelete(me, c) {
  return !c.pending && (canFacilitate(me) || c.created_by === me.id);
}

function deleteButton(ctx, c, what) {
  return h('button', {
    type: 'button', class: 'small danger', 'aria-label': t('Delete {what}: {text}', { what: WHAT[what].name(), text: c.text }),
    onclick: () => { ctx.intent.deleteCard(c.id); announce(WHAT[what].deleted()); },
  }, t('Delete'));
}

function successBoard(recs, ctx, table, mayWrite) {
  const b = table.successBoard;
  const slots = successSlots(recs, b.id);
  const write = mayWrite && !b.locked;
  const errors = ctx.ui.day1Errors || (ctx.ui.day1Errors = new Map());
  return h('section', { class: 'board day1-board success', 'data-board-id': b.id, 'aria-labelledby': `sc-title-${b.id}`, key: b.id },
    h('h3', { class: 'board-header success-header', id: `sc-title-${b.id}`, tabindex: '-1', 'data-focus-key': `board-${b.id}` }, t('Identifying success')),
    h('ul', { class: 'success-slots' }, slots.map((s) => {
      const key = `${b.id}.${s.key}`;
      const editing = ctx.ui.editing.has(key);
      const err = errors.get(key);
      const id = `success-${s.key}-${b.id}`;
      return h('li', { key: s.key, class: `success-slot colour-${s.colour}`, 'data-perspective': s.key },
        h('h4', { class: 'slot-label' }, s.label, h('span', { class: 'slot-kind' }, ' (', s.statement, ', ', colourName(s.colour), ')')),
        err ? h('p', { class: 'field-error', role: 'alert', key: 'err' }, err) : null,
        s.card && !editing ? h('p', { class: 'success-text', key: 'text' }, s.card.text) : null,
        s.card && !editing && write && !s.card.pending ? h('button', {
          type: 'button', class: 'small', key: 'edit', 'data-focus-key': `edit-${key}`,
          onclick: () => { errors.delete(key); ctx.ui.editing.add(key); redraw(ctx); },
        }, t('Edit'), h('span', { class: 'visually-hidden' }, ' ', t('the statement of {who}', { who: s.label }))) : null,
        !s.card && !write ? h('p', { class: 'empty', key: 'none' }, t('Not written yet.')) : null,
        write && (!s.card || editing) ? textForm(ctx, {
          field: `success.${key}`, id, initial: s.card ? s.card.text : '',
          label: s.card ? t('Change the statement of {who}', { who: s.label }) : t('Statement of {who}', { who: s.label }),
          hint: tp(t('{kind}, for example “{example}”', { kind: `${s.statement[0].toUpperCase()}${s.statement.slice(1)}`, example: s.example }),
            t('Say what good would look like. For example: “{example}”', { example: s.example })),
          button: s.card ? t('Save') : t('Add statement'), keepDraftKey: Boolean(s.card),
          cancel: s.card ? () => { ctx.ui.editing.delete(key); ctx.setDraft(`success.${key}`, null); redraw(ctx); } : null,
          submit: async (text) => {
            errors.delete(key);
            let r;
            if (s.card) {
              ctx.ui.editing.delete(key);
              r = s.card.text === text ? null : await ctx.intent.editCard(s.card.id, text);
            } else {
              r = await ctx.intent.addCard(b.id, 'success', text, { perspective: s.key });
            }
            if (r && r.ok === false) {
              errors.set(key, r.err.message || t('Not saved.'));
              ctx.setDraft(`success.${key}`, text); // keep the words for another try
            }
            redraw(ctx);
          },
        }) : null);
    })));
}

/** Table feedback (staff): show a table's boards to everyone with a 3-minute timer, then the next. */
function feedbackBar(recs, ctx, table) {
  const f = feedbackState(recs);
  if (!f.tables.length) return null;
  // Only at feedback time (or while a table is being shown): not during root causes and success.
  const w = workshop(recs);
  if (!f.current && !(w && w.activity === FEEDBACK_ACTIVITY)) return null;
  const show = (x) => {
    const boardId = (x.rootBoard || x.successBoard).id;
    ctx.ui.day1Table = x.room.id;
    // The previous table's 3 minutes end when the next table starts: one countdown on screen.
    const labels = new Set(f.tables.map((x) => t('{table} feedback', { table: tableName(x.room) })));
    for (const r of recs.values()) {
      if (r.kind === 'timer' && r.status === 'running' && labels.has(r.label)) ctx.intent.stopTimer(r.id);
    }
    ctx.act.showBoard(boardId);
    ctx.intent.startTimer(FEEDBACK_SECONDS, t('{table} feedback', { table: tableName(x.room) }));
  };
  const next = f.current ? f.next : (f.tables.find((x) => x.room.id === table.room.id) || f.tables[0]);
  return h('div', { class: 'feedback-bar', role: 'group', 'aria-labelledby': 'feedback-title', key: 'feedback' },
    h('h3', { id: 'feedback-title', class: 'feedback-title' }, t('Table feedback')),
    f.current ? h('p', { class: 'feedback-now', key: 'now' }, t('Showing to everyone:'), ' ', h('strong', null, tableName(f.current.room))) : null,
    next ? h('button', { type: 'button', class: 'primary', key: 'next', onclick: () => show(next) },
      f.current ? t('Next table: {table}', { table: tableName(next.room) }) : t('Show {table} to everyone (3 minutes)', { table: tableName(next.room) })) : null,
    f.current && !next ? h('p', { key: 'last' }, t('That was the last table.')) : null,
    f.current ? h('button', { type: 'button', class: 'small', key: 'stop', onclick: () => ctx.act.showBoard(null) }, t('Stop showing')) : null);
}

// ---- Parking space ---------------------------------------------------------------------------

export function parkingScreen(recs, ctx) {
  const me = ctx.store.me;
  const w = workshop(recs);
  const b = parkingBoard(recs);
  const staff = canFacilitate(me) && !ctx.readOnly;
  const { waiting, reviewed } = parkingItems(recs);
  return h('section', { class: 'board parking', 'data-board-id': b ? b.id : null, 'aria-labelledby': 'parking-title', key: 'parking' },
    h('h2', { class: 'board-header parking-header', id: 'parking-title', tabindex: '-1', 'data-focus-key': b ? `board-${b.id}` : null }, t('Parking space')),
    h('div', { class: 'zone' },
      h('p', { key: 'rev' }, t('Reviewed by:'), ' ', h('strong', null, w && w.parking_reviewer ? w.parking_reviewer : t('not named yet'))),
      canEdit(me) && !ctx.readOnly ? h('button', { type: 'button', key: 'add', 'data-focus-key': 'parking-add-btn-2', onclick: () => openParking(ctx) }, t('Add to the parking space')) : null,
      h('h3', { id: 'parking-waiting', key: 'hw' }, t('Waiting for review: {n}', { n: waiting.length })),
      waiting.length
        ? h('ul', { class: 'parking-list', 'aria-labelledby': 'parking-waiting', key: 'lw' }, waiting.map((c) => h('li', { key: c.id, class: 'parking-item' },
          h('p', { class: 'card-text' }, c.text),
          h('p', { class: 'hint' }, t('Added by {name}', { name: nameOf(recs, c.created_by) })),
          staff && !c.pending && staffTools() ? staffTools().reviewForm(ctx, c) : null)))
        : h('p', { class: 'empty', key: 'ew' }, t('Nothing waiting.')),
      h('h3', { id: 'parking-reviewed', key: 'hr' }, t('Reviewed: {n}', { n: reviewed.length })),
      reviewed.length
        ? h('ul', { class: 'parking-list', 'aria-labelledby': 'parking-reviewed', key: 'lr' }, reviewed.map((c) => h('li', { key: c.id, class: 'parking-item reviewed' },
          h('p', { class: 'card-text' }, h('span', { class: 'reviewed-mark' }, t('Reviewed:'), ' '), c.text),
          c.response ? h('p', { class: 'response' }, t('Response:'), ' ', c.response) : null,
          c.reviewed_by ? h('p', { class: 'hint' }, t('by {name}', { name: nameOf(recs, c.reviewed_by) })) : null)))
        : h('p', { class: 'empty', key: 'er' }, t('Nothing reviewed yet.'))));
}
