// The three theming boards: WORKING WELL (green), NOT WORKING WELL (red), IMPORTANT FOR THE
// FUTURE (orange). Each shows the data cards not yet themed and the theme cards (I statements)
// holding their data cards. Colour always comes with the text label ww / nww / iff.
// On a phone one board is shown at a time (the board switcher picks it, and takes a dropped card
// to that board): its unthemed cards in a tray that scrolls sideways, its themes as compact drop
// targets whose cards open on request, so every theme is a short drag (with auto-scroll) away.
import { h } from '../ui/dom.js';
import { textForm } from '../ui/form.js';
import { LIMITS } from '../protocol.js';
import {
  themingBoards, unthemedCards, themesWithCards, canEdit, canFacilitate, nameOf, workshop, view, THEMING_TYPES,
} from '../model/store.js';
import { announce, toast } from '../ui/announce.js';
import { t, tn, tp } from '../app/i18n.js';
import { boardHeading, boardName, BOARD_HEADINGS } from '../app/words.js';

export const MAX_TEXT = LIMITS.CARD_TEXT;
export { BOARD_HEADINGS };
// The cards' drag comes with the boards (app/lazy.js fetches ui/drag.js beside this module): the page attaches it once they arrive.
export { attachDrag } from '../ui/drag.js';

// The board an activity of the agenda is about (the phone opens on it).
const ACTIVITY_BOARD = { ww_theming: 'ww', nww_theming: 'nww', iff_feedback: 'iff' };

/** The board shown on a phone: the one picked here, else the activity's or the one shown to everyone, else the first. */
export function currentBoard(recs, ui) {
  const boards = themingBoards(recs);
  const w = workshop(recs);
  const activity = (w && w.activity) || '';
  // A new activity brings its own board forward again, over an earlier pick.
  if (ui.themingPick && ui.themingPick.activity !== activity) ui.themingPick = null;
  const picked = ui.themingPick && boards.find((b) => b.id === ui.themingPick.id);
  if (picked) return picked;
  const shown = w && w.showing && boards.find((b) => b.id === w.showing.board_id);
  const own = boards.find((b) => b.type === ACTIVITY_BOARD[activity]);
  if (own) ui.themingLastOwn = own.id;
  // A break or lunch has no board of its own: the one of the activity before stays (it went back to the first).
  const before = boards.find((b) => b.id === ui.themingLastOwn);
  return own || shown || before || boards[0] || null;
}

function pickBoard(ctx, recs, board) {
  const w = workshop(recs);
  ctx.ui.themingPick = { id: board.id, activity: (w && w.activity) || '' };
  ctx.act.redraw();
  ctx.act.focusKey(`board-${board.id}`);
}

/** The boards, as descriptions for `render`. ctx: {store, ui, conn, act, draft(field), setDraft(field, text)}. */
export function render(recs, ctx) {
  const boards = themingBoards(recs);
  if (!boards.length) {
    return h('div', { key: 'no-boards' },
      h('p', { class: 'empty' }, t('This workshop has no theming boards yet.')),
      canFacilitate(ctx.store.me) ? h('button', { type: 'button', class: 'primary', onclick: () => ctx.act.createThemingBoards() },
        t('Make the three theming boards')) : null);
  }
  const current = currentBoard(recs, ctx.ui);
  return h('div', { class: 'boards', key: 'boards', 'data-boards': '' },
    boards.map((b) => boardSection(b, recs, ctx, current && b.id === current.id)),
    remoteDragMarkers(recs, ctx));
}

/**
 * The board switcher: one button a board with its count still to theme. On a phone it picks the
 * board shown; on a big screen (all three side by side) it brings the board into view. A card
 * dropped on a board's button moves to that board.
 */
export function boardNav(recs, ctx) {
  if (ctx && ctx.readOnly) return null; // the projector shows all three, and has no controls
  const boards = themingBoards(recs);
  const current = ctx ? currentBoard(recs, ctx.ui) : null;
  return h('nav', { 'aria-label': t('Boards'), class: 'board-nav', key: 'board-nav' },
    h('ul', null, boards.map((b) => {
      const on = Boolean(current && b.id === current.id);
      const left = unthemedCards(recs, b.id).length;
      return h('li', { key: b.id },
        h('button', {
          type: 'button', class: `board-link type-${b.type}`, 'aria-pressed': on ? 'true' : 'false',
          'data-drop-board': b.locked ? null : b.id, 'data-drop-theme': '', 'data-focus-key': `board-link-${b.id}`,
          onclick: () => { if (ctx) pickBoard(ctx, recs, b); },
        },
        h('span', { class: 'tag' }, b.type), h('span', { class: 'board-link-name' }, ' ', boardName(b.type)),
        h('span', { class: 'link-count' }, ' ', t('({n} not yet themed)', { n: left }))));
    })));
}

function boardSection(board, recs, ctx, current) {
  const me = ctx.store.me;
  const editable = canEdit(me) && !board.locked; // Day 1's boards are kept as they were on Day 2
  const unthemed = unthemedCards(recs, board.id);
  const themes = themesWithCards(recs, board.id);
  const titleId = `board-title-${board.type}`;
  return h('section', {
    class: `board type-${board.type}${current ? ' current' : ''}`, id: `board-${board.type}`, key: board.id, 'aria-labelledby': titleId,
    'data-board-id': board.id,
  },
    h('h2', { class: 'board-header', id: titleId, tabindex: '-1', 'data-focus-key': `board-${board.id}`, 'data-drop-board': board.id, 'data-drop-theme': '' },
      h('span', { class: 'tag' }, board.type), ' ', BOARD_HEADINGS[board.type] ? boardHeading(board.type) : board.title),
    board.locked ? h('p', { class: 'locked-note', key: 'locked' },
      t('Day 1, kept as it was: this board can be looked at but not changed.')) : null,
    h('div', { class: 'zone unthemed', 'data-drop-board': board.id, 'data-drop-theme': '', key: 'unthemed' },
      h('h3', { id: `unthemed-${board.id}` }, t('Not yet themed: {n}', { n: unthemed.length })),
      unthemed.length
        ? h('ul', {
          class: 'card-list tray', 'aria-labelledby': `unthemed-${board.id}`, key: 'list',
          // A box that scrolls must be reachable by keyboard even when its cards cannot be moved.
          tabindex: editable ? null : '0',
        }, unthemed.map((c) => dataCard(c, recs, ctx)))
        : h('p', { class: 'empty', key: 'none' }, t('Every card on this board is in a theme.')),
      canFacilitate(me) && !board.locked ? h('details', {
        class: 'add-data', key: 'add-data',
        oncreate: (el) => { if (ctx.draft(`data-new.${board.id}`)) el.open = true; },
      },
      h('summary', null, t('Add a data card')),
      textForm(ctx, {
        field: `data-new.${board.id}`, id: `new-data-${board.id}`, label: t('New data card'), button: t('Add card'),
        hint: t('The words of one answer, up to {max} characters.', { max: LIMITS.CARD_TEXT }),
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
  // Staff follow a card on a board kept as it was (Day 2 and after) to what happened to it.
  const trailOnly = !editable && !ctx.readOnly && canFacilitate(ctx.store.me) && c.type === 'data';
  const remoteName = remote ? nameOf(recs, remote.by) : '';
  const memo = cardMemo.get(c);
  if (memo && memo.live === ctx.conn.live && memo.editable === editable && memo.trailOnly === trailOnly
      && memo.remoteName === remoteName) return memo.vnode;
  const vnode = dataCardVnode(c, remoteName, editable, ctx, trailOnly);
  cardMemo.set(c, { live: ctx.conn.live, editable, trailOnly, remoteName, vnode });
  return vnode;
}

function dataCardVnode(c, remoteName, editable, ctx, trailOnly = false) {
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
  if (!editable && trailOnly) {
    return h('li', { key: c.id, class: 'card-item' },
      h('button', {
        type: 'button', class: 'card data-card trail-card', 'data-focus-key': `card-${c.id}`,
        onclick: () => ctx.act.openCard(c.id, null, 'trail'),
      }, body, h('span', { class: 'visually-hidden', key: 'trail-hint' }, t('(see what happened to it)'))));
  }
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
  const listId = `theme-cards-${theme.id}`;
  const mayDelete = canFacilitate(me) || (me && theme.created_by === me.id);
  if (!ctx.ui.openThemes) ctx.ui.openThemes = new Set();
  const open = ctx.ui.openThemes.has(theme.id);
  const toggle = () => {
    if (open) ctx.ui.openThemes.delete(theme.id); else ctx.ui.openThemes.add(theme.id);
    ctx.act.redraw();
  };
  return h('li', {
    key: theme.id, class: `theme${theme.pending ? ' pending' : ''}${open ? ' open' : ''}`,
    'data-drop-board': theme.pending ? null : board.id, 'data-drop-theme': theme.pending ? null : theme.id,
  },
  h('div', { class: 'theme-head', key: 'head' },
    editing
      ? textForm(ctx, {
        field: `rename.${theme.id}`, id: `rename-${theme.id}`, label: t('I statement'), button: t('Save'), initial: theme.text,
        submit: (text) => ctx.act.renameTheme(theme.id, text), cancel: () => ctx.act.stopRename(theme.id), keepDraftKey: true,
      })
      : h('h4', { class: 'theme-title', id: titleId, key: 'title' }, theme.text),
    h('div', { class: 'theme-row', key: 'row' },
      h('p', { class: 'theme-count', key: 'count' }, tn('{n} card', '{n} cards', count),
        theme.pending ? [' (', ctx.conn.live ? t('saving…') : t('waiting to send: will be sent when you are back online'), ')'] : ''),
      // On a phone a theme's cards stay folded away, so that the themes stay close together as drop targets.
      count && !ctx.readOnly ? h('button', {
        type: 'button', class: 'small theme-toggle', key: 'toggle', 'aria-expanded': open ? 'true' : 'false', 'aria-controls': listId,
        'data-focus-key': `toggle-${theme.id}`, onclick: toggle,
      }, open ? t('Hide cards') : t('Show cards'), h('span', { class: 'visually-hidden' }, ' ', t('of {theme}', { theme: theme.text }))) : null,
      editable && !editing ? h('div', { class: 'theme-actions', key: 'actions' },
        h('button', { type: 'button', class: 'small', 'data-focus-key': `rename-btn-${theme.id}`, onclick: () => ctx.act.startRename(theme.id) },
          t('Rename'), h('span', { class: 'visually-hidden' }, ' ', t('theme {theme}', { theme: theme.text }))),
        mayDelete ? h('button', { type: 'button', class: 'small danger', 'data-focus-key': `delete-btn-${theme.id}`, onclick: () => ctx.act.deleteTheme(theme.id) },
          t('Delete'), h('span', { class: 'visually-hidden' }, ' ', t('theme {theme}', { theme: theme.text }))) : null) : null)),
  cards.length
    ? h('ul', { class: 'card-list theme-cards', id: listId, 'aria-label': t('Cards in {theme}', { theme: theme.text }), key: 'list' }, cards.map((c) => dataCard(c, recs, ctx)))
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
    // Placed through the CSSOM: the page's CSP refuses style attributes.
    const at = (el) => { el.style.left = `${(x * 100).toFixed(2)}%`; el.style.top = `${(y * 100).toFixed(2)}%`; };
    out.push(h('div', {
      class: 'remote-ghost', key: `ghost-${cardId}`, 'aria-hidden': 'true', oncreate: at, onupdate: at,
    }, h('span', { class: 'who' }, nameOf(recs, d.by)), h('span', { class: 'card-text' }, card.text)));
  }
  return out;
}

/** In plain words: what an I statement is, with the guide's own example ("I am lonely", not "Experiencing social isolation"). */
export function iStatements() {
  return h('section', { class: 'plain-box', key: 'i-statements', 'aria-labelledby': 'i-statements-title' },
    h('h3', { id: 'i-statements-title' }, t('What is an I statement?')),
    h('p', null, t('Each theme gets an I statement.')),
    h('p', null, t('It says what matters, the way a person would say it.')),
    h('p', null, t('It starts with “I”. It uses people’s own words.')),
    h('ul', null,
      h('li', null, t('“I am lonely.”')),
      h('li', null, t('“I want a say in my support.”')),
      h('li', null, t('“I can’t get to town.”'))),
    h('p', null, t('Not: “Experiencing social isolation.” That is how services talk, not people.')));
}

// ---- what the boards do (ctx.act.group, …: app/shell.js adds them to the page's acts when this module arrives) ----

/** The theming boards' actions on the page's ctx; each change is one named intent, said to screen readers. */
export function actions(ctx) {
  return {
  group(cardId, themeId) {
    const recs = view(ctx.store);
    ctx.intent.groupCard(cardId, themeId);
    const theme = themeId && recs.get(themeId);
    announce(theme ? t('Moved to {theme}', { theme: theme.text }) : t('Moved to not yet themed'));
  },
  moveToBoard(cardId, boardId, themeId = null) {
    ctx.intent.moveCardToBoard(cardId, boardId);
    if (themeId) ctx.intent.groupCard(cardId, themeId);
    const b = view(ctx.store).get(boardId);
    announce(b ? t('Moved to the {board} board', { board: boardHeading(b.type) }) : t('Moved to the other board'));
  },
  drop(cardId, boardId, themeId) {
    const card = view(ctx.store).get(cardId);
    if (!card || !boardId) return;
    if (boardId === card.board_id) {
      if ((themeId || null) !== (card.theme_id || null)) ctx.act.group(cardId, themeId);
    } else {
      ctx.act.moveToBoard(cardId, boardId, themeId);
    }
  },
  duplicate(cardId, themeId) {
    ctx.intent.copyCard(cardId, themeId);
    const theme = view(ctx.store).get(themeId);
    announce(theme ? t('Copied into {theme}', { theme: theme.text }) : t('Copied into the theme'));
  },
  split(cardId, texts) {
    ctx.intent.splitCard(cardId, texts);
    announce(tn('Split into {n} card', 'Split into {n} cards', texts.length));
  },
  createThemingBoards() {
    const have = new Set(themingBoards(view(ctx.store)).map((b) => b.type));
    for (const type of THEMING_TYPES) if (!have.has(type)) ctx.intent.createBoard(type);
  },
  createCard(boardId, type, text) {
    ctx.intent.addCard(boardId, type, text);
  },
  startRename(themeId) {
    ctx.ui.editing.add(themeId);
    ctx.act.redraw();
  },
  stopRename(themeId) {
    ctx.ui.editing.delete(themeId);
    ctx.setDraft(`rename.${themeId}`, null);
    ctx.act.redraw();
    ctx.act.focusKey(`rename-btn-${themeId}`);
  },
  renameTheme(themeId, text) {
    const theme = view(ctx.store).get(themeId);
    if (theme && theme.text !== text) ctx.intent.editCard(themeId, text);
    ctx.act.stopRename(themeId);
  },
  deleteTheme(themeId) {
    const recs = view(ctx.store);
    const theme = recs.get(themeId);
    if (!theme) return;
    // The dialog frame comes with its first use (ui/dialog.js): a phone's first load does without it.
    import('../ui/dialog.js').then(({ confirmDialog }) => confirmDialog({
      title: t('Delete this theme?'),
      body: t('"{text}" will be deleted. Its cards go back to "Not yet themed".', { text: theme.text }),
      confirmLabel: t('Delete theme'),
      onConfirm: () => {
        ctx.intent.deleteCard(themeId);
        announce(t('Theme deleted. Its cards are back in not yet themed.'));
        ctx.act.focusKey(`board-${theme.board_id}`);
      },
      returnFocus: () => ctx.act.focusKey(`delete-btn-${themeId}`),
    }), () => toast(t('Coboard could not be reached. Check your internet connection and try again.'), 'error'));
  },
  };
}
