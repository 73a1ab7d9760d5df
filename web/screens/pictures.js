// The pictures of the boards, for everyone but the projector: "take a picture of this board" for
// the boards on screen, and the Board pictures screen (a board as it is now, the history grouped by
// activity, downloads). Files come with the member's token (ui/files.js), never as plain links.
// Loaded on demand (app/lazy.js loadNow): when the screen or the Menu is opened, not with the page.
import { h } from '../ui/dom.js';
import { workshop, nameOf } from '../model/store.js';
import { groupSnapshots, snapshotReason, timeText, pictureName, pictureTitle } from '../model/files.js';
import { request, thumbState, loadThumb, whenVisible, fileButton, statusLine, setStatus } from '../ui/files.js';
import { selectedScreen, boardName } from '../app/screens.js';
import { tableName } from '../app/words.js';
import { t, tn } from '../app/i18n.js';

/** This module's piece of ctx.ui. */
function ps(ctx) {
  if (!ctx.ui.pictures) {
    ctx.ui.pictures = { shots: null, shotsLoading: false, shotsError: null, shotsStamp: null, pictureBoard: null, barBoard: null, busy: new Set() };
  }
  return ctx.ui.pictures;
}

function redraw(ctx) {
  if (ctx.act.redraw) ctx.act.redraw();
}

/** The boards this person can see, in a sensible order, with readable names. */
function allBoards(recs) {
  const out = [];
  for (const r of recs.values()) if (r.kind === 'board') out.push(r);
  const rooms = new Map();
  for (const r of recs.values()) if (r.kind === 'room') rooms.set(r.id, r);
  const roomRank = (b) => { const room = rooms.get(b.room_id); return room ? (room.type === 'main' ? 0 : room.number || 50) : 0; };
  return out.sort((a, b) => roomRank(a) - roomRank(b) || (a.order ?? 0) - (b.order ?? 0) || (a.id < b.id ? -1 : 1));
}

function fullBoardName(recs, b) {
  const room = recs.get(b.room_id);
  const name = boardName(b);
  return room && room.type === 'table' ? `${tableName(room)}: ${name}` : name;
}

async function loadShots(ctx) {
  const s = ps(ctx);
  if (s.shotsLoading) return;
  s.shotsLoading = true;
  redraw(ctx);
  const r = await request(ctx.wid, '/snapshots');
  s.shotsLoading = false;
  if (r.ok) { s.shots = (r.body && r.body.snapshots) || []; s.shotsError = null; } else { s.shotsError = r.message; if (!s.shots) s.shots = []; }
  redraw(ctx);
}

/** Take a picture of one board (or every board), kept in the history. */
export async function takePicture(ctx, boardId, label) {
  const s = ps(ctx);
  const key = `take-${boardId || 'all'}`;
  if (s.busy.has(key)) return;
  s.busy.add(key);
  redraw(ctx);
  const r = await request(ctx.wid, '/snapshots', { method: 'POST', json: boardId ? { board_id: boardId } : {} });
  s.busy.delete(key);
  if (r.ok) {
    const got = (r.body && r.body.snapshots) || [];
    if (s.shots) s.shots = s.shots.concat(got);
    const text = boardId ? t('Picture taken of {board}. Find it under Board pictures.', { board: label }) : tn('Picture taken of {n} board.', 'Pictures taken of {n} boards.', got.length);
    ctx.act.say(text, 'info');
    setStatus(ctx, 'pictures', text, 'info');
  } else {
    ctx.act.say(r.message, 'error');
    setStatus(ctx, 'pictures', r.message, 'error');
  }
  redraw(ctx);
}

/** "Take a picture of this board" for the boards of the screen being shown (everyone but projectors). */
export function pictureBar(recs, ctx) {
  const me = ctx.store.me;
  if (!me || ctx.readOnly) return null;
  const screen = selectedScreen(recs, me, ctx.ui.screen);
  let ids = [];
  try { ids = (screen && screen.boardIds ? screen.boardIds(recs, me) : []) || []; } catch (e) { ids = []; }
  const boards = ids.map((id) => recs.get(id)).filter(Boolean);
  if (!boards.length) return null;
  const s = ps(ctx);
  if (boards.length > 3) {
    // Many boards (every table's on Day 2): one choice and one button, not a wall of buttons.
    if (!s.barBoard || !boards.some((b) => b.id === s.barBoard)) s.barBoard = boards[0].id;
    const chosen = boards.find((b) => b.id === s.barBoard);
    const name = fullBoardName(recs, chosen);
    const key = `take-${chosen.id}`;
    return h('div', { class: 'picture-bar', role: 'group', 'aria-labelledby': 'picture-bar-label', key: 'picture-bar-many' },
      h('label', { class: 'picture-bar-label', id: 'picture-bar-label', for: 'picture-bar-board', key: 'label' }, t('Take a picture of a board:')),
      h('select', {
        id: 'picture-bar-board', key: 'pick', value: s.barBoard,
        onchange: (e) => { s.barBoard = e.currentTarget.value; redraw(ctx); },
      }, boards.map((b) => h('option', { value: b.id, key: b.id }, fullBoardName(recs, b)))),
      h('button', {
        type: 'button', class: 'small take-picture', key: 'take', 'aria-busy': s.busy.has(key) ? 'true' : null,
        onclick: () => takePicture(ctx, chosen.id, name),
      }, s.busy.has(key) ? t('Taking the picture…') : t('Take the picture')));
  }
  return h('div', { class: 'picture-bar', role: 'group', 'aria-labelledby': 'picture-bar-label', key: 'picture-bar' },
    h('span', { class: 'picture-bar-label', id: 'picture-bar-label', key: 'label' }, t('Take a picture of a board:')),
    boards.map((b) => {
      const key = `take-${b.id}`;
      const name = fullBoardName(recs, b);
      const busy = s.busy.has(key);
      return h('button', {
        type: 'button', class: 'small take-picture', key, 'data-focus-key': key, 'aria-busy': busy ? 'true' : null,
        onclick: () => takePicture(ctx, b.id, name),
      }, h('span', { class: 'visually-hidden' }, t('Take a picture of this board:'), ' '), name, busy ? [' (', t('taking…'), ')'] : '');
    }));
}

/** The Board pictures screen (registered by app/screens.js, which loads this module when it is opened). */
export function picturesScreen(recs, ctx) {
  const s = ps(ctx);
  const w = workshop(recs);
  const stamp = w ? `${w.activity || ''}` : '';
  if ((s.shots === null || s.shotsStamp !== stamp) && !s.shotsLoading) {
    s.shotsStamp = stamp;
    queueMicrotask(() => loadShots(ctx));
  }
  const boards = allBoards(recs);
  if (!s.pictureBoard || !recs.get(s.pictureBoard)) s.pictureBoard = boards[0] ? boards[0].id : null;
  const chosen = s.pictureBoard ? recs.get(s.pictureBoard) : null;
  const chosenName = chosen ? fullBoardName(recs, chosen) : '';
  const groups = groupSnapshots(s.shots || []);
  const total = (s.shots || []).length;
  return h('section', { class: 'data-screen pictures', key: 'pictures', 'aria-labelledby': 'pictures-title' },
    h('h2', { id: 'pictures-title', key: 'title' }, t('Pictures of the boards')),
    h('p', { key: 'intro' }, t('Instead of photos: a picture of every board is taken when the facilitator moves on to the next activity, and anyone can take one at any time.')),
    boards.length ? h('div', { class: 'board-now', key: 'now' },
      h('h3', null, t('A board as it is now')),
      h('label', { for: 'picture-board' }, t('Board')),
      h('select', { id: 'picture-board', key: 'pick', value: s.pictureBoard, onchange: (e) => { s.pictureBoard = e.currentTarget.value; redraw(ctx); } },
        boards.map((b) => h('option', { value: b.id, key: b.id }, fullBoardName(recs, b)))),
      h('div', { class: 'data-actions', role: 'group', 'aria-label': t('Download {name}', { name: chosenName }) },
        ['png', 'pdf', 'svg'].map((fmt) => fileButton(ctx, {
          key: `now-${fmt}`, area: 'pictures', label: t('Download {format}', { format: fmt.toUpperCase() }), hidden: t('of {name}', { name: chosenName }),
          path: `/boards/${encodeURIComponent(s.pictureBoard)}/snapshot.${fmt}`, name: pictureName(chosenName, new Date().toISOString(), fmt),
        })),
        h('button', {
          type: 'button', class: 'small', key: 'take-chosen', 'aria-busy': s.busy.has(`take-${s.pictureBoard}`) ? 'true' : null,
          onclick: () => takePicture(ctx, s.pictureBoard, chosenName),
        }, t('Keep a picture in the history')),
        h('button', {
          type: 'button', class: 'small', key: 'take-all', 'aria-busy': s.busy.has('take-all') ? 'true' : null,
          onclick: () => takePicture(ctx, null, 'every board'),
        }, t('Take a picture of every board')))) : null,
    statusLine(ctx, 'pictures'),
    h('h3', { key: 'h-history', id: 'history-title' }, t('History: {pictures}', { pictures: tn('{n} picture', '{n} pictures', total) })),
    total ? h('div', { class: 'data-actions', key: 'all', role: 'group', 'aria-label': t('Download the whole history') },
      fileButton(ctx, { key: 'hist-pdf', area: 'history', label: t('Download all as one PDF'), path: '/snapshots.pdf', name: 'board-snapshots.pdf' }),
      fileButton(ctx, { key: 'hist-zip', area: 'history', label: t('Download all as one ZIP'), path: '/snapshots.zip', name: 'board-snapshots.zip' }),
      h('button', { type: 'button', class: 'small', onclick: () => loadShots(ctx) }, t('Refresh the list'))) : null,
    statusLine(ctx, 'history'),
    s.shotsLoading && s.shots === null ? h('p', { class: 'data-status', key: 'loading' }, t('Loading the pictures…')) : null,
    s.shotsError ? h('p', { class: 'field-error', role: 'alert', key: 'shots-err' }, s.shotsError) : null,
    s.shots && !total ? h('p', { class: 'empty', key: 'none' }, t('No pictures yet. They are taken when the facilitator moves to the next activity, or when someone takes one.')) : null,
    groups.map((g) => h('section', { class: 'shot-group', key: `g-${g.activity}`, 'aria-labelledby': `g-${slug(g.activity)}` },
      h('h4', { id: `g-${slug(g.activity)}` }, g.label, h('span', { class: 'count' }, ` (${g.snapshots.length})`)),
      h('ul', { class: 'shot-list' }, g.snapshots.map((shot) => shotItem(recs, ctx, shot))))));
}

function slug(s) {
  return String(s || 'none').toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'none';
}

function shotItem(recs, ctx, shot) {
  const thumb = thumbState(shot.id);
  const when = timeText(shot.taken_at);
  const title = pictureTitle(shot, (type) => boardName({ type })); // a default title in the reader's language
  const alt = t('Picture of {board}, {when}', { board: title, when });
  return h('li', { key: shot.id, class: 'shot' },
    h('figure', null,
      h('div', {
        class: 'thumb', key: 'thumb',
        oncreate: (el) => whenVisible(el, () => loadThumb(ctx.wid, shot.id, () => redraw(ctx))),
      }, thumb && thumb.url ? h('img', { src: thumb.url, alt, key: 'img', loading: 'lazy' })
        : h('span', { class: 'thumb-wait', key: 'wait' }, thumb && thumb.failed ? t('The picture could not be loaded.') : t('Loading the picture…'))),
      h('figcaption', null,
        h('strong', null, title), h('br'), `${when} – ${snapshotReason(shot)}`,
        shot.reason === 'on_demand' && shot.taken_by && recs.get(shot.taken_by) ? ` ${t('by {name}', { name: nameOf(recs, shot.taken_by) })}` : '')),
    h('div', { class: 'data-actions', role: 'group', 'aria-label': t('Download the picture of {board}, {when}', { board: title, when }) },
      ['png', 'pdf', 'svg'].map((fmt) => fileButton(ctx, {
        key: `shot-${shot.id}-${fmt}`, area: 'history', label: fmt.toUpperCase(), hidden: t('of {board}, {when}', { board: title, when }),
        path: `/snapshots/${encodeURIComponent(shot.id)}.${fmt}`, name: pictureName(title, shot.taken_at, fmt),
      }))));
}
