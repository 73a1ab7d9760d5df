// Day 2 on the board: the recap of Day 1 (read-only), What's in place already?, new ideas under
// three hats, and the vote on ideas across every table. The Investment Grid and the action plans
// live in day2_grid.js and day2_plans.js. Every screen registers itself with screens.js.
import { t, tn } from '../app/i18n.js';
import { h } from '../ui/dom.js';
import { canFacilitate, canEdit, nameOf, workshop, boardsOfType, isFacilitator } from '../model/store.js';
import { announce } from '../ui/announce.js';
import {
  HATS, currentDay, themedTables, tableBoards, tableFor, tableName, recap, inPlaceItems, ideasByHat,
  hatProgress, acronyms, ideaBoardIds, ideaRound, myDots, whyNoDot, tableTop, heldOnGrid, isOnGrid, describeDay2,
} from '../model/day2.js';
import { textForm, howTo } from '../ui/form.js';
import { confirmDialog, openScreenDialog } from '../ui/dialog.js';
import * as day1 from '../model/day1.js';
import { registerScreen, boardName } from '../app/screens.js';
import { registerDescriber } from '../app/describers.js';
import { LIMITS } from '../protocol.js';

const SUCCESS_NAMES = { people_families: () => t('People and families'), providers: () => t('People who provide services'), buyers: () => t('People who buy services') };

/** Day 2's own piece of ctx.ui. */
export function d2(ctx) {
  if (!ctx.ui.day2) ctx.ui.day2 = { table: null, followStamp: null, fields: new Map(), merge: new Set(), gridStatus: '', planError: null };
  if (!ctx.ui.typing) ctx.ui.typing = new Map();
  return ctx.ui.day2;
}

/** Draw again after a change that is only on this page (board.js gives act.redraw). */
export function redraw(ctx) {
  if (ctx.act.redraw) ctx.act.redraw();
  else ctx.act.showScreen(ctx.ui.screen);
}

/** Whether the person may write on a table's own boards (the server checks too). */
export function mayWriteTable(me, tableId) {
  return canEdit(me) && (canFacilitate(me) || (me && me.table_id === tableId));
}

/**
 * The table a table screen shows: the one being shown to everyone (for people who follow),
 * the one picked in the select, else the person's own.
 */
export function currentTable(recs, ctx) {
  const s = d2(ctx);
  const w = workshop(recs);
  const showing = w && w.showing && w.showing.board_id ? w.showing : null;
  const stamp = showing ? `${showing.board_id}@${showing.at}` : '';
  if (stamp !== s.followStamp) {
    s.followStamp = stamp;
    const b = showing && recs.get(showing.board_id);
    if (b && ctx.ui.follow !== false && themedTables(recs).some((t) => t.id === b.room_id)) s.table = b.room_id;
  }
  return tableFor(recs, ctx.store.me, s.table);
}

/** A labelled select to look at another table. */
export function tablePicker(recs, ctx, tableId, idSuffix) {
  const list = themedTables(recs);
  if (list.length < 2 || ctx.readOnly) return null; // a projector follows what is shown
  const id = `table-pick-${idSuffix}`;
  return h('div', { class: 'table-pick', key: `pick-${idSuffix}` },
    h('label', { for: id }, t('Table')),
    h('select', {
      id, key: id, value: tableId,
      onupdate: (el) => { if (document.activeElement !== el && el.value !== tableId) el.value = tableId; },
      onchange: (e) => { d2(ctx).table = e.currentTarget.value; redraw(ctx); },
    }, list.map((x) => h('option', { value: x.id, key: x.id }, `${tableName(x)}: ${x.theme_text || ''}`))));
}

function themeLine(table) {
  return h('p', { class: 'd2-theme', key: 'theme' }, h('span', { class: 'd2-theme-label' }, `${t('Not working well theme:')} `),
    h('strong', null, table.theme_text || ''));
}

function noTables(ctx) {
  const me = ctx.store.me;
  return h('div', { class: 'd2-empty', key: 'no-tables' },
    h('p', null, t('No table has a theme yet. Themes go to tables after the vote on Not working well.')),
    canFacilitate(me) ? h('p', null, t('Give the top themes to the tables first, then begin Day 2.')) : null);
}

// ---- Begin Day 2 and the recap ----------------------------------------------------------

function beginDay2(recs, ctx) {
  const me = ctx.store.me;
  if (!isFacilitator(me) || ctx.readOnly || currentDay(recs) === 2) return null; // day.begin is the facilitator's
  const ready = themedTables(recs).length > 0;
  return h('section', { class: 'd2-begin', key: 'begin', 'aria-labelledby': 'd2-begin-title' },
    h('h2', { id: 'd2-begin-title' }, t('Begin Day 2')),
    h('p', null, t('Day 1’s boards will be kept as they are now and become read-only. Each table with a theme gets its What’s in place already?, New ideas and Action plan boards.')),
    ready ? null : h('p', { class: 'hint' }, t('No table has a theme yet: give the top Not working well themes to the tables first.')),
    h('button', {
      type: 'button', class: 'primary', 'data-focus-key': 'begin-day-2',
      onclick: () => confirmDialog({
        title: t('Begin Day 2?'),
        body: t('Day 1’s boards will be kept exactly as they are and nobody can change them after this.'),
        confirmLabel: t('Begin Day 2'),
        onConfirm: () => {
          ctx.intent.beginDay(2).then((r) => { if (r && r.ok) announce(t('Day 2 has begun.')); });
        },
        returnFocus: () => ctx.act.focusKey('begin-day-2'),
      }),
    }, t('Begin Day 2')));
}

function renderRecap(recs, ctx) {
  const rc = recap(recs);
  return [
    beginDay2(recs, ctx),
    h('section', { class: 'd2-recap', key: 'recap', 'aria-labelledby': 'recap-title' },
      h('h2', { id: 'recap-title' }, t('Day 1, kept as it was')),
      h('p', { class: 'd2-locked-note' }, currentDay(recs) === 2
        ? t('These are Day 1’s boards as they were left. They are read-only today.')
        : t('This is Day 1 so far. When Day 2 begins, these boards are kept as they are and become read-only.')),
      rc.theming.map(({ board, themes }) => h('section', { class: `d2-recap-board type-${board.type}`, key: board.id, 'data-board-id': board.id, 'aria-labelledby': `recap-${board.id}` },
        h('h3', { class: 'board-header', id: `recap-${board.id}` }, h('span', { class: 'tag' }, board.type), ' ', boardName(board),
          board.locked ? h('span', { class: 'd2-lock' }, ` ${t('(read-only)')}`) : null),
        themes.length
          ? h('ul', { class: 'd2-recap-themes' }, themes.map(({ theme, cards, count }) => h('li', { key: theme.id },
            h('details', null,
              h('summary', null, h('strong', null, theme.text), ` – ${tn('{n} card', '{n} cards', count)}`),
              h('ul', { class: 'd2-recap-cards' }, cards.map((c) => h('li', { key: c.id }, c.text)))))))
          : h('p', { class: 'empty' }, t('No themes on this board.')))),
      rc.tables.length ? h('h3', { key: 'tables-title' }, t('Each table’s theme, root causes and success')) : null,
      rc.tables.map(({ table, rootCauses, why, success }) => h('section', { class: 'd2-recap-table', key: table.id, 'aria-labelledby': `recap-t-${table.id}` },
        h('h4', { id: `recap-t-${table.id}` }, `${tableName(table)}: ${table.theme_text || ''}`),
        h('p', { class: 'd2-sub' }, t('Root causes (the 3 most likely reasons)')),
        rootCauses.length ? h('ol', null, rootCauses.map((c) => h('li', { key: c.id }, c.text))) : h('p', { class: 'empty' }, t('None written.')),
        why.length ? h('details', null, h('summary', null, t('The “why? because…” chain')),
          h('ol', null, why.map((c) => h('li', { key: c.id }, c.text)))) : null,
        h('p', { class: 'd2-sub' }, t('What success would look like')),
        success.length ? h('ul', null, success.map((c) => h('li', { key: c.id },
          h('strong', null, `${SUCCESS_NAMES[c.perspective] ? SUCCESS_NAMES[c.perspective]() : t('Statement')}: `), c.text))) : h('p', { class: 'empty' }, t('None written.'))))),
  ];
}

// ---- What's in place already? --------------------------------------------------------------

function renderInPlace(recs, ctx) {
  const tables = themedTables(recs);
  if (!tables.length) return noTables(ctx);
  const mine = currentTable(recs, ctx);
  const ordered = [...tables.filter((x) => x.id === mine), ...tables.filter((x) => x.id !== mine)];
  return [
    howTo(ctx, 'inplace', h('p', { class: 'hint d2-hint', key: 'hint', id: 'inplace-hint' },
      `${t('List services and support that already exist and could help, even if they are not used in the best way.')} `,
      h('strong', null, t('Please write names in full, with no abbreviations or acronyms, so that everybody understands.')))),
    h('p', { class: 'd2-sub', key: 'everyone' }, t('Everyone can add to every table’s list.')),
    ordered.map((x) => inPlaceTable(recs, ctx, x)),
  ];
}

function inPlaceTable(recs, ctx, table) {
  const board = tableBoards(recs, table.id).in_place;
  const me = ctx.store.me;
  const items = board ? inPlaceItems(recs, board.id) : [];
  const titleId = `inplace-${table.id}`;
  return h('section', { class: 'd2-table d2-inplace', key: table.id, 'data-board-id': board ? board.id : null, 'aria-labelledby': titleId },
    h('h2', { id: titleId, class: 'd2-board-head purple' }, t("{table}: What's in place already?", { table: tableName(table) })),
    themeLine(table),
    !board ? h('p', { class: 'empty' }, t('This table’s board appears when Day 2 begins.')) : [
      items.length
        ? h('ul', { class: 'd2-inplace-list', key: 'list', 'aria-label': t("What's in place for {table}", { table: tableName(table) }) },
          items.map((c) => h('li', { key: c.id, class: c.pending ? 'pending' : '' }, h('span', { class: 'card-text' }, c.text),
            c.pending ? h('span', { class: 'd2-by' }, ` ${ctx.conn.live ? t('(saving…)') : t('(waiting to send)')}`)
              : [h('span', { class: 'd2-by' }, ` – ${t('added by {name}', { name: nameOf(recs, c.created_by) })}`),
                deleteButton(ctx, c, canEdit(me) && !ctx.readOnly && !board.locked)])))
        : h('p', { class: 'empty', key: 'none' }, t('Nothing listed yet.')),
      canEdit(me) && !ctx.readOnly && !board.locked ? textForm(ctx, {
        field: `inplace-new.${board.id}`, id: `inplace-new-${board.id}`, label: t('Add to the list of {table}', { table: tableName(table) }),
        button: t('Add'), hint: t('For example “Community Mental Health Team drop-in on Tuesdays”.'),
        submit: (text) => {
          ctx.intent.addCard(board.id, 'in_place', text);
          const short = acronyms(text);
          // A gentle nudge, never a block: the guide asks for names everybody understands.
          if (short.length) ctx.act.say(t('Added. "{words}" may not be clear to everyone: you could write it in full.', { words: short.join('", "') }), 'info');
          else announce(t('Added to the list.'));
        },
      }) : null,
    ]);
}

// ---- New ideas under three hats -------------------------------------------------------------

function renderIdeas(recs, ctx) {
  const tables = themedTables(recs);
  if (!tables.length) return noTables(ctx);
  const tableId = currentTable(recs, ctx);
  const table = recs.get(tableId);
  const board = tableBoards(recs, tableId).ideas;
  const me = ctx.store.me;
  const writable = board && mayWriteTable(me, tableId) && !ctx.readOnly;
  const by = ideasByHat(recs, board && board.id);
  return [
    tablePicker(recs, ctx, tableId, 'ideas'),
    h('section', { class: 'd2-table d2-ideas', key: `ideas-${tableId}`, 'data-board-id': board ? board.id : null, 'aria-labelledby': 'ideas-title' },
      h('h2', { id: 'ideas-title', class: 'd2-board-head' }, t('{table}: Generating new ideas', { table: tableName(table) })),
      themeLine(table),
      !board ? h('p', { class: 'empty' }, t('This table’s board appears when Day 2 begins.')) : [
        h('p', { class: 'hint', key: 'aim' }, t('Think of 3 ideas under each thinking hat: 9 ideas for the table. Each idea gets its code from the table number and the hat letter, like 2T.')),
        !writable && !ctx.readOnly ? h('p', { class: 'd2-sub', key: 'ro' }, t('Only the people at {table} write ideas here. You can read them.', { table: tableName(table) })) : null,
        h('div', { class: 'd2-hats', key: 'hats' }, HATS.map((hat) => hatColumn(recs, ctx, board, hat, by[hat.letter], writable))),
      ]),
  ];
}

/** Delete for the person who wrote a card, and for staff (the server checks the same). */
function deleteButton(ctx, c, writable) {
  const me = ctx.store.me;
  if (!writable || !me || !(canFacilitate(me) || c.created_by === me.id)) return null;
  return h('button', {
    type: 'button', class: 'small d2-delete', 'data-focus-key': `del-${c.id}`,
    onclick: () => confirmDialog({
      title: t('Delete this?'),
      body: t('“{text}” will be taken off the board (it stays in the workshop’s history).', { text: c.text }),
      confirmLabel: t('Delete'),
      onConfirm: () => ctx.intent.deleteCard(c.id).then((r) => { if (r && r.ok) announce(t('Deleted.')); }),
      returnFocus: () => ctx.act.focusKey(`del-${c.id}`),
    }),
  }, t('Delete'), h('span', { class: 'visually-hidden' }, ` ${c.code ? `${c.code} ` : ''}${c.text}`));
}

function hatColumn(recs, ctx, board, hat, ideas, writable) {
  const id = `hat-${hat.letter}`;
  return h('section', { class: `d2-hat hat-${hat.colour}`, key: hat.letter, 'aria-labelledby': id },
    h('h3', { id, class: 'd2-hat-head' }, h('span', { class: 'd2-hat-letter', 'aria-hidden': 'true' }, hat.letter), ' ',
      t('{hat} ({letter}, {colour} cards)', { hat: hat.name, letter: hat.letter, colour: hat.colourName })),
    h('p', { class: 'd2-hat-hint' }, hat.hint),
    h('p', { class: 'd2-progress', 'data-progress': hat.letter }, hatProgress(ideas.length)),
    ideas.length
      ? h('ul', { class: 'd2-idea-list', 'aria-label': t('{hat} ideas', { hat: hat.name }) }, ideas.map((c) => h('li', { key: c.id, class: `d2-idea hat-${hat.colour}` },
        h('span', { class: 'd2-code' }, c.code || hat.letter), ' ', h('span', { class: 'card-text' }, c.text),
        c.pending ? h('span', { class: 'card-note' }, ` ${ctx.conn.live ? t('(saving…)') : t('(waiting to send)')}`) : deleteButton(ctx, c, writable))))
      : h('p', { class: 'empty' }, t('No ideas yet.')),
    writable ? textForm(ctx, {
      field: `idea-new.${board.id}.${hat.letter}`, id: `idea-new-${board.id}-${hat.letter}`, label: t('New idea: {hat}', { hat: hat.name }),
      button: t('Add idea'),
      submit: (text) => { ctx.intent.addCard(board.id, 'idea', text, { hat: hat.letter }); announce(t('Idea added: {hat}.', { hat: hat.name })); },
    }) : null);
}

// ---- The vote on ideas, across every table ---------------------------------------------------

function renderVote(recs, ctx) {
  const tables = themedTables(recs);
  if (!tables.length) return noTables(ctx);
  const me = ctx.store.me;
  const round = ideaRound(recs);
  const open = round && round.status === 'open';
  // Dots on their way count at once (the Day 1 voting helpers read the store's pending ops).
  const mine = round && me ? day1.myDots(recs, round.id, me.id, ctx.store.pending) : null;
  const dots = mine ? { used: mine.total, left: Math.max(0, round.per_person - mine.total), on: mine.byTarget } : myDots(recs, round, me && me.id);
  const staff = canFacilitate(me) && !ctx.readOnly;
  const boardIds = ideaBoardIds(recs);
  const onGrid = heldOnGrid(recs);
  return [
    h('section', { class: 'd2-vote-status', key: 'status', 'aria-labelledby': 'vote-title' },
      h('h2', { id: 'vote-title' }, t('Voting on the best ideas')),
      howTo(ctx, 'idea-vote', h('p', { key: 'question' }, t('Which ideas would make the biggest difference to the most people, and are practical and possible?'), ' ',
        tn('Each person has {n} dot and can put at most {most} on one idea.', 'Each person has {n} dots and can put at most {most} on one idea.',
          round ? round.per_person : LIMITS.DOTS_PER_PERSON, { most: round ? round.per_target : LIMITS.DOTS_PER_TARGET }))),
      !round ? h('p', { class: 'd2-round-state', key: 'none' }, t('The vote on ideas has not started yet.')) : null,
      open ? h('p', { class: 'd2-round-state', key: 'open', role: 'status' },
        canEdit(me) && !ctx.readOnly ? t('The vote is open. You have {left} of {dots} left.', { left: dots.left, dots: tn('{n} dot', '{n} dots', round.per_person) }) : t('The vote is open.')) : null,
      round && !open ? h('p', { class: 'd2-round-state', key: 'closed' }, t('The vote has closed. The dots are final.')) : null,
      open && canEdit(me) && !ctx.readOnly && !canFacilitate(me) ? h('button', {
        type: 'button', class: 'small', key: 'abstain',
        onclick: () => ctx.intent.abstain(round.id, !(round.abstained || []).includes(me.id)),
      }, (round.abstained || []).includes(me.id) ? t('I will vote after all') : t("I won't vote this time")) : null,
      staff ? h('div', { class: 'd2-staff-actions', key: 'staff', role: 'group', 'aria-label': t('Run the vote') },
        // The first vote is opened, and any vote closed, from the staff toolbar (screens/toolbar.js).
        round && !open ? h('button', {
          type: 'button', key: 'open',
          onclick: () => ctx.intent.openIdeaVote(boardIds)
            .then((r) => { if (r && r.ok) announce(t('The vote on ideas is open.')); }),
        }, t('Open a new vote on ideas')) : null,
        round && !open ? h('button', {
          type: 'button', class: 'primary', key: 'top',
          'data-focus-key': 'send-top',
          onclick: () => {
            const ties = tiesToChoose(recs, round, onGrid);
            if (ties.length) chooseTiesDialog(ctx, round, ties);
            else sendTop(ctx, round, []);
          },
        }, t('Send the top 3 of each table to the grid')) : null) : null,
      staff && open ? whoHasDots(recs, round) : null),
    tables.map((t) => voteTable(recs, ctx, t, round, dots, onGrid)),
  ];
}

const TOP_PER_TABLE = 3;

/** grid.add_top for the closed round, with the tied ideas the facilitator chose (G4). */
function sendTop(ctx, round, chosen) {
  return ctx.intent.addTopIdeas(round.id, TOP_PER_TABLE, chosen).then((r) => {
    if (r && r.ok) {
      const n = (r.ack && r.ack.result && r.ack.result.card_ids || []).length;
      const said = tn('{n} idea sent to the Investment Grid.', '{n} ideas sent to the Investment Grid.', n);
      announce(said);
      ctx.act.say(said, 'info');
    }
    return r;
  });
}

/** The tables whose last place is shared ("joint 3rd") and not yet decided (none of the tied on the grid). */
function tiesToChoose(recs, round, onGrid) {
  return (round.board_ids || [round.board_id]).map((boardId) => {
    const cut = tableTop(recs, round, boardId, TOP_PER_TABLE);
    if (!cut.tied.length || cut.tied.some((c) => isOnGrid(onGrid, c))) return null;
    const board = recs.get(boardId);
    const table = board && recs.get(board.room_id);
    return { boardId, table, cut, dots: (round.tallies || {})[cut.tied[0].id] || 0 };
  }).filter(Boolean);
}

/**
 * G4: ideas tie across a table's cut-off. The facilitator chooses which of them go (one or more
 * per table), never the order they were written in; nothing is sent until they do.
 */
function chooseTiesDialog(ctx, round, ties) {
  let error = '';
  const dlg = openScreenDialog(ctx, 'ties-title', () => h('form', {
    class: 'ties-form', novalidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      const form = e.currentTarget;
      const chosen = [];
      const missing = [];
      for (const tie of ties) {
        const picked = [...form.querySelectorAll(`input[name="tie-${tie.boardId}"]:checked`)].map((i) => i.value);
        if (!picked.length) missing.push(tie.table ? tableName(tie.table) : t('A table'));
        chosen.push(...picked);
      }
      if (missing.length) {
        error = t('Choose at least one idea for {tables}.', { tables: missing.join(', ') });
        dlg.redraw();
        const alert = dlg.el.querySelector('.ties-error');
        if (alert) alert.focus();
        return;
      }
      sendTop(ctx, round, chosen).then((r) => { if (r && r.ok) dlg.close(); });
    },
  },
  h('h2', { id: 'ties-title' }, t('Choose between tied ideas')),
  h('p', null, t('These ideas have the same number of dots at a table’s last place. Choose which of them go to the grid with the top ideas.')),
  error ? h('p', { class: 'error-summary ties-error', role: 'alert', tabindex: '-1', key: 'err' }, error) : null,
  ties.map((tie) => h('fieldset', { class: 'choices ties', key: tie.boardId },
    h('legend', null, t('{table}: {place}, {dots}', {
      table: tie.table ? tableName(tie.table) : t('A table'),
      place: tie.cut.place,
      dots: tn('{n} dot each', '{n} dots each', tie.dots),
    })),
    tie.cut.tied.map((c) => h('div', { class: 'choice', key: c.id },
      h('input', { type: 'checkbox', id: `tie-${c.id}`, name: `tie-${tie.boardId}`, value: c.id }),
      h('label', { for: `tie-${c.id}` }, h('span', { class: 'd2-code' }, c.code), ' ', h('span', { class: 'card-text' }, c.text)))))),
  h('div', { class: 'dialog-actions' },
    h('button', { type: 'submit', class: 'primary' }, t('Send to the grid')),
    h('button', { type: 'button', onclick: () => dlg.close() }, t('Cancel')))), 'send-top');
  return dlg;
}

/** For staff: who has not used all their dots yet (from the round's dots_used). */
function whoHasDots(recs, round) {
  const p = day1.votingProgress(recs, round);
  // Each name said apart from the sentence: inside it, '{name} ({dots} left)' was never extracted into the catalogue
  // (a Welsh facilitator read 'Ada (3 dot left)').
  const waiting = p.waiting.map((x) => t('{name} ({dots} left)', { name: x.person.name, dots: tn('{n} dot', '{n} dots', x.left) }));
  return h('div', { class: 'd2-vote-progress', key: 'progress' },
    h('p', null, h('strong', null, t('{n} done', { n: p.done.length })), ' – ', waiting.length ? t('still to vote: {people}', { people: waiting.join(', ') }) : t('everyone has voted.')),
    p.abstained.length ? h('p', null, t('Not voting this time: {people}', { people: p.abstained.map((x) => x.person.name).join(', ') })) : null);
}

function voteTable(recs, ctx, table, round, dots, onGrid) {
  const board = tableBoards(recs, table.id).ideas;
  if (!board) return null;
  const by = ideasByHat(recs, board.id);
  const closed = round && round.status !== 'open' ? round : null;
  // Once the vote has closed, the table's ideas are read out most dots first (hat order among equals).
  const tally = (c) => (closed && closed.tallies ? closed.tallies[c.id] || 0 : 0);
  const ideas = [...by.T, ...by.C, ...by.R].map((c, i) => ({ c, i })).sort((a, b) => tally(b.c) - tally(a.c) || a.i - b.i).map((x) => x.c);
  const cut = closed ? tableTop(recs, closed, board.id, 3) : { sure: [], tied: [], place: null };
  const top = new Set(cut.sure.map((c) => c.id));
  const tied = new Map(cut.tied.map((c) => [c.id, cut.place])); // G4: joint places are the facilitator's choice
  const titleId = `vote-${table.id}`;
  return h('section', { class: 'd2-table d2-vote', key: table.id, 'data-board-id': board.id, 'aria-labelledby': titleId },
    h('h3', { id: titleId }, `${tableName(table)}: ${table.theme_text || ''}`),
    ideas.length ? h('ul', { class: 'd2-vote-list' }, ideas.map((c) => voteItem(recs, ctx, c, round, dots, top.has(c.id), isOnGrid(onGrid, c), tied.get(c.id))))
      : h('p', { class: 'empty' }, t('No ideas yet.')));
}

function voteItem(recs, ctx, c, round, dots, isTop, onGrid, jointPlace) {
  const me = ctx.store.me;
  const open = round && round.status === 'open';
  const tally = round && round.tallies ? (round.tallies[c.id] || 0) : 0;
  const mineHere = dots.on.get(c.id) || 0;
  const hat = HATS.find((x) => x.letter === c.hat) || HATS[0];
  const voter = open && canEdit(me) && !ctx.readOnly;
  const why = whyNoDot(round, dots, c.id);
  return h('li', { key: c.id, class: `d2-vote-item hat-${hat.colour}` },
    h('div', { class: 'd2-vote-text' },
      h('span', { class: 'd2-code' }, c.code), ' ', h('span', { class: 'card-text' }, c.text),
      h('span', { class: 'd2-hat-name' }, ` (${hat.name})`)),
    h('p', { class: 'd2-dots' },
      round && round.tallies ? h('span', { class: 'd2-tally' }, tn('{n} dot', '{n} dots', tally)) : null,
      mineHere ? h('span', { class: 'd2-mine' }, ' – ', t('{n} of them yours', { n: mineHere })) : null,
      h('span', { class: 'd2-dot-marks', 'aria-hidden': 'true' }, ' ', '●'.repeat(Math.min(tally, 30))),
      isTop || onGrid ? h('strong', { class: 'd2-top' }, ` ${isTop && onGrid ? t('Top 3: on the grid') : isTop ? t('Top 3') : t('on the grid')}`) : null,
      jointPlace && !onGrid ? h('strong', { class: 'd2-top d2-joint' }, ' ', t('{place}: the facilitator chooses which go to the grid', { place: jointPlace[0].toUpperCase() + jointPlace.slice(1) })) : null),
    voter ? h('div', { class: 'd2-dot-buttons' },
      h('button', {
        type: 'button', class: 'small', 'data-focus-key': `dot-add-${c.id}`, 'aria-disabled': why ? 'true' : null,
        onclick: () => {
          if (why) { ctx.act.say(why, 'error'); return; }
          ctx.intent.castDot(round.id, c.id).then((r) => { if (r && r.ok) announce(t('Dot added to {code}.', { code: c.code })); });
        },
      }, t('Add a dot'), h('span', { class: 'visually-hidden' }, ` ${t('to {code} {text}', { code: c.code, text: c.text })}`)),
      mineHere ? h('button', {
        type: 'button', class: 'small', 'data-focus-key': `dot-take-${c.id}`,
        onclick: () => ctx.intent.takeBackDot(round.id, c.id).then((r) => { if (r && r.ok) announce(t('Dot taken back from {code}.', { code: c.code })); }),
      }, t('Take a dot back'), h('span', { class: 'visually-hidden' }, ` ${t('from {code}', { code: c.code })}`)) : null) : null);
  // One more idea than the top 3 is sent from the Investment Grid (screens/day2_grid.js): the
  // guide's step after the vote, where the room sees what is already on the grid.
}

// ---- registration -------------------------------------------------------------------------

function allOf(recs, type) {
  return boardsOfType(recs, type).map((b) => b.id);
}

const day2 = (recs) => currentDay(recs) === 2;

// Day 2's sentences come first (app/describers.js): they name its ideas by their codes.
registerDescriber({ id: 'day2', order: 10, describe: describeDay2 });

registerScreen({
  id: 'recap', order: 60, activities: ['recap'],
  label: (recs) => (currentDay(recs) === 2 ? t('Day 1 recap') : t('Day 2')),
  available: (recs, me) => day2(recs) || isFacilitator(me),
  boardIds: (recs) => ['ww', 'nww', 'iff'].flatMap((t) => allOf(recs, t).slice(0, 1)),
  render: renderRecap,
});

registerScreen({
  id: 'in-place', order: 61, activities: ['in_place', 'in_place_feedback'],
  label: () => t("What's in place"),
  available: day2,
  boardIds: (recs) => allOf(recs, 'in_place'),
  render: renderInPlace,
});

registerScreen({
  id: 'ideas', order: 62, activities: ['ideas', 'ideas_feedback'],
  label: () => t('New ideas'),
  available: day2,
  boardIds: (recs) => allOf(recs, 'ideas'),
  render: renderIdeas,
});

registerScreen({
  id: 'idea-vote', order: 63, activities: ['idea_voting'],
  label: () => t('Vote on ideas'),
  available: day2,
  boardIds: () => [],
  render: renderVote,
});

/** Typing ephemerals ({kind: 'typing', plan_id, field, done?}) into ui.typing; the caller redraws. */
export function onTyping(ui, msg, recs, redraw) {
  const a = msg.args || {};
  if (!a.plan_id || !a.field) return;
  if (!ui.typing) ui.typing = new Map();
  const key = `${a.plan_id}.${a.field}`;
  let m = ui.typing.get(key);
  if (!m) { m = new Map(); ui.typing.set(key, m); }
  if (a.done) m.delete(msg.by);
  else m.set(msg.by, { name: nameOf(recs, msg.by), at: Date.now() });
  if (redraw) setTimeout(redraw, 4100); // the note fades when nothing more comes
}
