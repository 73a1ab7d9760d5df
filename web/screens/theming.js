// The three theming boards: WORKING WELL (green), NOT WORKING WELL (red), IMPORTANT FOR THE
// FUTURE (orange). Each shows the data cards not yet themed and the theme cards (I statements)
// holding their data cards. Colour always comes with the text label ww / nww / iff.
import { h } from '../ui/dom.js';
import { textForm } from '../ui/form.js';
import { LIMITS, BOARD_HEADINGS, textLength } from '../ops.js';
import {
  themingBoards, unthemedCards, themesWithCards, canEdit, canFacilitate, nameOf,
} from '../model/store.js';
import { t, tn, tp } from '../app/i18n.js';
import { boardHeading, boardName } from '../app/words.js';

export const MAX_TEXT = LIMITS.cardText;
export { BOARD_HEADINGS };

/** The boards, as descriptions for `render`. ctx: {store, ui, conn, act, draft(field), setDraft(field, text)}. */
export function render(recs, ctx) {
  const boards = themingBoards(recs);
  if (!boards.length) {
    return h('div', { key: 'no-boards' },
      h('p', { class: 'empty' }, t('This workshop has no theming boards yet.')),
      canFacilitate(ctx.store.me) ? h('button', { type: 'button', class: 'primary', onclick: () => ctx.act.createThemingBoards() },
        t('Make the three theming boards')) : null);
  }
  return h('div', { class: 'boards', key: 'boards', 'data-boards': '' },
    boards.map((b) => boardSection(b, recs, ctx)),
    remoteDragMarkers(recs, ctx));
}

/** Links to each board, for quick keyboard and phone navigation. */
export function boardNav(recs) {
  const boards = themingBoards(recs);
  return h('nav', { 'aria-label': t('Boards'), class: 'board-nav', key: 'board-nav' },
    h('ul', null, boards.map((b) => h('li', { key: b.id },
      h('a', { href: `#board-${b.type}`, class: `board-link type-${b.type}` },
        h('span', { class: 'tag' }, b.type), ' ', boardName(b.type),
        h('span', { class: 'link-count' }, ' ', t('({n} not yet themed)', { n: unthemedCards(recs, b.id).length })))))));
}

function boardSection(board, recs, ctx) {
  const me = ctx.store.me;
  const editable = canEdit(me) && !board.locked; // Day 1's boards are kept as they were on Day 2
  const unthemed = unthemedCards(recs, board.id);
  const themes = themesWithCards(recs, board.id);
  const titleId = `board-title-${board.type}`;
  return h('section', { class: `board type-${board.type}`, id: `board-${board.type}`, key: board.id, 'aria-labelledby': titleId },
    h('h2', { class: 'board-header', id: titleId, tabindex: '-1', 'data-focus-key': `board-${board.id}`, 'data-drop-board': board.id, 'data-drop-theme': '' },
      h('span', { class: 'tag' }, board.type), ' ', BOARD_HEADINGS[board.type] ? boardHeading(board.type) : board.title),
    board.locked ? h('p', { class: 'locked-note', key: 'locked' },
      t('Day 1, kept as it was: this board can be looked at but not changed.')) : null,
    h('div', { class: 'zone unthemed', 'data-drop-board': board.id, 'data-drop-theme': '', key: 'unthemed' },
      h('h3', { id: `unthemed-${board.id}` }, t('Not yet themed: {n}', { n: unthemed.length })),
      unthemed.length
        ? h('ul', { class: 'card-list', 'aria-labelledby': `unthemed-${board.id}`, key: 'list' }, unthemed.map((c) => dataCard(c, recs, ctx)))
        : h('p', { class: 'empty', key: 'none' }, t('Every card on this board is in a theme.')),
      canFacilitate(me) && !board.locked ? h('details', {
        class: 'add-data', key: 'add-data',
        oncreate: (el) => { if (ctx.draft(`data-new.${board.id}`)) el.open = true; },
      },
      h('summary', null, t('Add a data card')),
      textForm(ctx, {
        field: `data-new.${board.id}`, id: `new-data-${board.id}`, label: t('New data card'), button: t('Add card'),
        hint: t('The words of one answer, up to {max} characters.', { max: LIMITS.cardText }),
        submit: (text) => ctx.act.createCard(board.id, 'data', text),
      })) : null),
    h('div', { class: 'zone themes', key: 'themes' },
      h('h3', { id: `themes-${board.id}` }, t('Themes: {n}', { n: themes.length })),
      themes.length
        ? h('ul', { class: 'theme-list', 'aria-labelledby': `themes-${board.id}`, key: 'list' }, themes.map((item) => themeCard(board, item, recs, ctx)))
        : h('p', { class: 'empty', key: 'none' }, t('No themes yet. Add one below.')),
      editable ? textForm(ctx, {
        field: `theme-new.${board.id}`, id: `new-theme-${board.id}`, label: t('New theme: I statement'), button: t('Add theme'),
        hint: tp(t('In people’s own words, for example “I am lonely”.'), t('Start with “I”. Use the words people used. For example: “I am lonely.”')),
        submit: (text) => ctx.act.createCard(board.id, 'theme', text),
      }) : null));
}

// Descriptions of data cards are kept while nothing they show has changed, so a remote change
// redraws only the cards it touched (records are replaced, never edited, on every change).
const cardMemo = new WeakMap();

function dataCard(c, recs, ctx) {
  const remote = ctx.ui.remoteDrags.get(c.id);
  const board = recs.get(c.board_id);
  const editable = canEdit(ctx.store.me) && !(board && board.locked);
  const remoteName = remote ? nameOf(recs, remote.by) : '';
  const memo = cardMemo.get(c);
  if (memo && memo.live === ctx.conn.live && memo.editable === editable && memo.remoteName === remoteName) return memo.vnode;
  const vnode = dataCardVnode(c, remoteName, editable, ctx);
  cardMemo.set(c, { live: ctx.conn.live, editable, remoteName, vnode });
  return vnode;
}

function dataCardVnode(c, remoteName, editable, ctx) {
  const remote = Boolean(remoteName);
  const notes = [];
  if (c.duplicate_of) notes.push(t('copy'));
  if (c.pending) notes.push(ctx.conn.live ? t('saving…') : t('waiting to send'));
  const body = [
    h('span', { class: 'tag', key: 'tag' }, c.tag || ''),
    h('span', { class: 'card-text', key: 'text' }, c.text),
    notes.length ? h('span', { class: 'card-note', key: 'note' }, `(${notes.join(', ')})`) : null,
    remote ? h('span', { class: 'card-note remote', key: 'remote' }, t('{name} is moving this', { name: remoteName })) : null,
  ];
  if (!editable) {
    return h('li', { key: c.id, class: `card data-card${remote ? ' remote-drag' : ''}` }, body);
  }
  return h('li', { key: c.id, class: 'card-item' },
    h('button', {
      type: 'button', class: `card data-card${c.pending ? ' pending' : ''}${remote ? ' remote-drag' : ''}`,
      'data-drag-card': c.id, 'data-focus-key': `card-${c.id}`, 'aria-describedby': 'card-help',
      onclick: (e) => ctx.act.openCard(c.id, e),
    }, h('span', { class: 'grip', 'aria-hidden': 'true', key: 'grip' }, '⠿'), body));
}

function themeCard(board, { theme, cards, count }, recs, ctx) {
  const me = ctx.store.me;
  const editable = canEdit(me) && !theme.pending && !board.locked;
  const editing = ctx.ui.editing.has(theme.id);
  const titleId = `theme-title-${theme.id}`;
  const mayDelete = canFacilitate(me) || (me && theme.created_by === me.id);
  return h('li', {
    key: theme.id, class: `theme${theme.pending ? ' pending' : ''}`,
    'data-drop-board': theme.pending ? null : board.id, 'data-drop-theme': theme.pending ? null : theme.id,
  },
  h('div', { class: 'theme-head', key: 'head' },
    editing
      ? textForm(ctx, {
        field: `rename.${theme.id}`, id: `rename-${theme.id}`, label: t('I statement'), button: t('Save'), initial: theme.text,
        submit: (text) => ctx.act.renameTheme(theme.id, text), cancel: () => ctx.act.stopRename(theme.id), keepDraftKey: true,
      })
      : h('h4', { class: 'theme-title', id: titleId, key: 'title' }, theme.text),
    h('p', { class: 'theme-count', key: 'count' }, tn('{n} card', '{n} cards', count),
      theme.pending ? [' (', ctx.conn.live ? t('saving…') : t('waiting to send: will be sent when you are back online'), ')'] : ''),
    editable && !editing ? h('div', { class: 'theme-actions', key: 'actions' },
      h('button', { type: 'button', class: 'small', 'data-focus-key': `rename-btn-${theme.id}`, onclick: () => ctx.act.startRename(theme.id) },
        t('Rename'), h('span', { class: 'visually-hidden' }, ' ', t('theme {theme}', { theme: theme.text }))),
      mayDelete ? h('button', { type: 'button', class: 'small danger', 'data-focus-key': `delete-btn-${theme.id}`, onclick: () => ctx.act.deleteTheme(theme.id) },
        t('Delete'), h('span', { class: 'visually-hidden' }, ' ', t('theme {theme}', { theme: theme.text }))) : null) : null),
  cards.length
    ? h('ul', { class: 'card-list', 'aria-label': t('Cards in {theme}', { theme: theme.text }), key: 'list' }, cards.map((c) => dataCard(c, recs, ctx)))
    : h('p', { class: 'empty drop-hint', key: 'none' }, tp(t('No cards yet. Drag a card here, or select a card and choose this theme.'), t('No cards here yet. Move a card here.'))));
}

function remoteDragMarkers(recs, ctx) {
  const out = [];
  for (const [cardId, d] of ctx.ui.remoteDrags) {
    const card = recs.get(cardId);
    const board = card && recs.get(card.board_id);
    if (!board || !BOARD_HEADINGS[board.type]) continue; // a drag on the grid is drawn there, not here
    const x = Math.max(0, Math.min(1, Number(d.x) || 0));
    const y = Math.max(0, Math.min(1, Number(d.y) || 0));
    out.push(h('div', {
      class: 'remote-ghost', key: `ghost-${cardId}`, 'aria-hidden': 'true',
      style: `left:${(x * 100).toFixed(2)}%;top:${(y * 100).toFixed(2)}%`,
    }, h('span', { class: 'who' }, nameOf(recs, d.by)), h('span', { class: 'card-text' }, card.text)));
  }
  return out;
}
