// The Investment Grid: impact up, effort right, four labelled quadrants with more room in the
// top half. Ideas start in the middle and are dragged (Pointer Events; others see the drag live
// through ephemeral `drag` messages) or nudged with the arrow keys; `grid.place` on drop or on
// each nudge, the quadrant decided on the server and said aloud. Staff merge similar ideas.
import { h } from '../ui/dom.js';
import { howTo } from '../ui/form.js';
import { t, tn } from '../app/i18n.js';
import { canFacilitate, canEdit, nameOf, view } from '../model/store.js';
import { announce } from '../ui/announce.js';
import { attachPointerDrag, ephDue } from '../ui/drag.js';
import {
  QUADRANTS, gridBoard, gridIdeas, positionOf, impactToTop, topToImpact, clamp01, round3, nudge,
  placedSentence, hatOf, NUDGE, QUAD_BOXES, MIDDLE_LINES, ideasOffGrid, ideaRound, tableName,
} from '../model/day2.js';
import { quadrantOf, LIMITS, OP } from '../protocol.js';
import { spreadChips } from '../model/grid_layout.js';
import { d2, redraw } from './day2.js';
import { registerScreen } from '../app/screens.js';
import { openScreenDialog } from '../ui/dialog.js';
import { currentDay } from '../model/day2.js';

const QUAD_PLACES = [
  ['quick_win', () => t('top left')], ['major_project', () => t('top right')], ['fill_in', () => t('bottom left')], ['thankless_task', () => t('bottom right')],
];

/**
 * Where an idea is drawn: the last own placement still on its way (the outbox's pending ops,
 * kept until the server's event for it is applied, so fast arrow presses build on each other),
 * else the server's.
 */
function shownPosition(ctx, card) {
  const pending = ctx.store.pending || [];
  for (let i = pending.length - 1; i >= 0; i -= 1) {
    const p = pending[i];
    if (p.op === OP.gridPlace && p.args && p.args.card_id === card.id) return { impact: p.args.impact, effort: p.args.effort, placed: true };
  }
  return positionOf(card);
}

function place(ctx, card, impact, effort) {
  const s = d2(ctx);
  const i = round3(impact), e = round3(effort);
  s.gridStatus = placedSentence(card, i, e);
  ctx.intent.placeIdea(card.id, i, e).then((r) => {
    if (r && !r.ok) { s.gridStatus = ''; redraw(ctx); } // rolled back: the server's message is shown
  });
}

// ---- drawing the placed ideas apart --------------------------------------------------------
// Ideas are positioned after each render, in pixels, through the CSSOM (the page's CSP refuses
// style attributes): each at the point it was placed, pushed aside within its quadrant where it
// would cover another (web/model/grid_layout.js). When even that cannot keep them apart, the grid
// shows codes only (the words are in the lists below, and on a tap); phones always show codes.

const pct = (f) => `${(f * 100).toFixed(3)}%`;

/** The quadrants and the middle lines where the model says (QUAD_BOXES, MIDDLE_LINES: the quadrant split). */
function drawQuadrants(plot) {
  for (const el of plot.querySelectorAll('[data-quad]')) {
    const [l, t, r, b] = QUAD_BOXES[el.dataset.quad];
    Object.assign(el.style, { left: pct(l), top: pct(t), width: pct(r - l), height: pct(b - t) });
  }
  const v = plot.querySelector('.grid-mid-v');
  if (v) v.style.left = pct(MIDDLE_LINES.left);
  const hz = plot.querySelector('.grid-mid-h');
  if (hz) hz.style.top = pct(MIDDLE_LINES.top);
}

function layoutPlot(plot) {
  drawQuadrants(plot);
  const chips = [...plot.querySelectorAll('.grid-idea.placed')];
  const W = plot.clientWidth;
  const H = plot.clientHeight;
  if (!W || !H) return;
  const origin = plot.getBoundingClientRect();
  // The quadrants' names stay readable: ideas are kept off them.
  const obstacles = [...plot.querySelectorAll('.grid-quad-label')].map((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left - origin.left - plot.clientLeft + r.width / 2, y: r.top - origin.top - plot.clientTop + r.height / 2, w: r.width, h: r.height };
  });
  const attempt = (whole) => {
    const boxes = chips.map((el) => {
      const impact = Number(el.dataset.impact);
      const effort = Number(el.dataset.effort);
      const [l, t, r, b] = whole ? [0, 0, 1, 1] : QUAD_BOXES[quadrantOf(impact, effort)];
      return {
        id: el.dataset.gridIdea, el, x: clamp01(effort) * W, y: impactToTop(impact) * H, w: el.offsetWidth, h: el.offsetHeight,
        box: { left: l * W + 3, top: t * H + 3, right: r * W - 3, bottom: b * H - 3 },
      };
    });
    return { boxes, ...spreadChips(boxes, { obstacles }) };
  };
  plot.classList.remove('codes-only');
  let result = attempt(false);
  if (!result.clear && chips.length) {
    plot.classList.add('codes-only');
    result = attempt(false);
    if (!result.clear) result = attempt(true);
  }
  for (const b of result.boxes) {
    const at = result.at.get(b.id);
    b.el.style.left = `${at.x.toFixed(1)}px`;
    b.el.style.top = `${at.y.toFixed(1)}px`;
  }
  for (const el of plot.querySelectorAll('.grid-remote')) {
    el.style.left = `${(clamp01(Number(el.dataset.x)) * 100).toFixed(2)}%`;
    el.style.top = `${(clamp01(Number(el.dataset.y)) * 100).toFixed(2)}%`;
  }
}

function watchPlot(plot) {
  layoutPlot(plot);
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => layoutPlot(plot)).observe(plot);
}

function renderGrid(recs, ctx) {
  const s = d2(ctx);
  const me = ctx.store.me;
  const board = gridBoard(recs);
  const ideas = gridIdeas(recs);
  const movable = canEdit(me) && !ctx.readOnly;
  const shown = ideas.map((c) => ({ card: c, pos: shownPosition(ctx, c) }));
  const waiting = shown.filter((x) => !x.pos.placed);
  const placed = shown.filter((x) => x.pos.placed);
  const remote = [];
  for (const { card } of shown) {
    const d = ctx.ui.remoteDrags && ctx.ui.remoteDrags.get(card.id);
    if (d) remote.push({ card, d });
  }
  return h('section', {
    class: 'd2-grid', key: 'grid', 'data-board-id': board ? board.id : null, 'aria-labelledby': 'grid-title',
    oncreate: (el) => attachGridDrag(el, ctx),
  },
    h('h2', { id: 'grid-title', class: 'd2-board-head orange' }, t('Investment Grid: mapping our best ideas')),
    !board || !ideas.length ? h('p', { class: 'empty', key: 'empty' },
      t('No ideas on the grid yet. After the vote on ideas, staff send the top 3 of each table here.')) : null,
    moreIdeasButton(recs, ctx),
    movable ? howTo(ctx, 'grid', h('p', { class: 'hint', id: 'grid-help', key: 'help' },
      t('Drag an idea higher for more impact and further right for more effort. With a keyboard: move to an idea (Tab), then use the arrow keys; hold Shift for bigger steps.'))) : null,
    // Ideas not placed yet wait in a tray above the grid (not on it, where they would cover placed ones).
    waiting.length ? h('div', { class: 'grid-tray', key: 'tray' },
      h('p', { class: 'grid-tray-label' }, t('Not placed yet: {n}', { n: waiting.length })),
      waiting.map(({ card, pos }) => chip(recs, ctx, card, pos, movable, false))) : null,
    h('div', { class: 'grid-wrap', key: 'wrap' },
      h('p', { class: 'grid-axis grid-axis-y', key: 'y' }, h('span', { 'aria-hidden': 'true' }, '↑ '), t('Impact')),
      h('div', {
        class: 'grid-plot', key: 'plot', role: 'group', 'aria-label': t('Investment Grid: impact upwards, effort to the right'),
        'data-grid-plot': '', oncreate: watchPlot, onupdate: layoutPlot,
      },
      QUAD_PLACES.map(([q, where]) => h('div', { class: `grid-quad q-${q}`, key: q, 'data-quad': q, 'aria-hidden': 'true' },
        h('span', { class: 'grid-quad-label' }, QUADRANTS[q]), h('span', { class: 'grid-quad-where' }, ` (${where()})`))),
      h('div', { class: 'grid-mid-h', key: 'mid-h', 'aria-hidden': 'true' }),
      h('div', { class: 'grid-mid-v', key: 'mid-v', 'aria-hidden': 'true' }),
      placed.map(({ card, pos }) => chip(recs, ctx, card, pos, movable, true)),
      remote.map(({ card, d }) => h('div', {
        class: 'grid-remote', key: `remote-${card.id}`, 'aria-hidden': 'true', 'data-x': clamp01(d.x), 'data-y': clamp01(d.y),
      }, t('{name} is moving {code}', { name: nameOf(recs, d.by), code: card.code })))),
      h('p', { class: 'grid-axis grid-axis-x', key: 'x' }, t('Effort'), h('span', { 'aria-hidden': 'true' }, ' →'))),
    h('p', { class: 'grid-status', id: 'grid-status', key: 'status', 'aria-live': 'polite', role: 'status' }, s.gridStatus || ''),
    ideas.length ? byQuadrantLists(recs, ctx, shown) : null);
}

/**
 * Staff: "Add more ideas to the grid…". The top 3 of each table come from the vote screen at the
 * end of the vote; the guide's grid holds "usually 12 - 15 ideas", so one more can be sent here,
 * where the room sees what is already on the grid (never while the vote on ideas is still open).
 */
function moreIdeasButton(recs, ctx) {
  const me = ctx.store.me;
  if (!canFacilitate(me) || ctx.readOnly) return null;
  const round = ideaRound(recs);
  if (round && round.status === 'open') return null;
  if (!ideasOffGrid(recs).length) return null;
  return h('p', { class: 'grid-more', key: 'more' }, h('button', {
    type: 'button', class: 'small', 'data-focus-key': 'grid-more-btn', onclick: () => moreIdeasDialog(ctx),
  }, t('Add more ideas to the grid…')));
}

function moreIdeasDialog(ctx) {
  const picked = new Set();
  let error = '';
  const dlg = openScreenDialog(ctx, 'grid-more-title', () => {
    const recs = view(ctx.store);
    const tables = ideasOffGrid(recs);
    for (const id of [...picked]) if (!tables.some((x) => x.ideas.some((i) => i.card.id === id))) picked.delete(id);
    return h('form', {
      class: 'grid-more-form', novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        if (!picked.size) {
          error = t('Choose at least one idea to send to the grid.');
          dlg.redraw();
          const el = dlg.el.querySelector('.grid-more-error');
          if (el) el.focus();
          return;
        }
        ctx.intent.addToGrid([...picked]).then((r) => {
          if (r && r.ok === false) { error = (r.err && r.err.message) || ''; dlg.redraw(); return; }
          const said = tn('{n} idea sent to the Investment Grid.', '{n} ideas sent to the Investment Grid.', picked.size);
          announce(said);
          dlg.close();
        });
      },
    },
    h('h2', { id: 'grid-more-title' }, t('Add more ideas to the grid')),
    h('p', null, t('The top 3 of each table are sent at the end of the vote. The guide’s grid usually holds 12 to 15 ideas; on it now: {n}.', { n: gridIdeas(recs).length })),
    error ? h('p', { class: 'field-error grid-more-error', role: 'alert', tabindex: '-1', key: 'err' }, error) : null,
    tables.map(({ table, ideas }) => h('fieldset', { class: 'choices', key: table.id },
      h('legend', null, `${tableName(table)}: ${table.theme_text || ''}`),
      ideas.map(({ card, dots }) => h('div', { class: 'choice', key: card.id },
        h('input', {
          type: 'checkbox', id: `more-${card.id}`, checked: picked.has(card.id),
          onchange: (e) => { if (e.currentTarget.checked) picked.add(card.id); else picked.delete(card.id); },
        }),
        h('label', { for: `more-${card.id}` }, h('span', { class: 'd2-code' }, card.code), ' ', h('span', { class: 'card-text' }, card.text), ` (${tn('{n} dot', '{n} dots', dots)})`))))),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'submit', class: 'primary' }, t('Send to the grid')),
      h('button', { type: 'button', onclick: () => dlg.close() }, t('Cancel'))));
  }, 'grid-more-btn');
  return dlg;
}

function chip(recs, ctx, card, pos, movable, placed) {
  const q = placed ? quadrantOf(pos.impact, pos.effort) : null;
  const remote = ctx.ui.remoteDrags && ctx.ui.remoteDrags.get(card.id);
  const hat = hatOf(String(card.code || '').slice(-1));
  const body = [
    h('span', { class: 'd2-code', key: 'code' }, card.code || ''),
    h('span', { class: 'grid-idea-text', key: 'text' }, card.text),
    h('span', { class: 'visually-hidden', key: 'where' }, `, ${q ? t('in {quadrant}', { quadrant: QUADRANTS[q] }) : t('not placed yet')}`),
  ];
  const cls = `grid-idea${placed ? ' placed' : ''}${remote ? ' remote-drag' : ''}${hat ? ` hat-${hat.colour}` : ''}`;
  const attrs = {
    key: card.id, class: cls, 'data-grid-idea': card.id,
    'data-impact': placed ? pos.impact : null, 'data-effort': placed ? pos.effort : null,
  };
  // A tap (or Enter) says the idea's words: a phone shows only its code on the grid.
  const say = () => {
    const s = d2(ctx);
    if (s.gridNoClickUntil && performance.now() < s.gridNoClickUntil) return;
    s.gridStatus = `${card.code}: ${card.text} (${q ? t('in {quadrant}', { quadrant: QUADRANTS[q] }) : t('not placed yet')})`;
    redraw(ctx);
  };
  if (ctx.readOnly) return h('div', attrs, body); // the projector: nothing to press
  if (!movable) return h('div', { ...attrs, tabindex: '0', role: 'button', onclick: say, onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); say(); } } }, body);
  return h('button', {
    ...attrs, type: 'button', 'data-grid-card': card.id, 'data-focus-key': `grid-${card.id}`, 'aria-describedby': 'grid-help',
    onclick: say,
    onkeydown: (e) => {
      const step = e.shiftKey ? NUDGE * 5 : NUDGE;
      // The card as the store has it now, not as it was drawn: the last nudge's event may have
      // arrived after the last repaint, and fast presses must build on it.
      const now = (ctx.store.records && ctx.store.records.get(card.id)) || card;
      const next = nudge(shownPosition(ctx, now), e.key, step);
      if (!next) return;
      e.preventDefault();
      place(ctx, card, next.impact, next.effort);
    },
  }, body);
}

function byQuadrantLists(recs, ctx, shown) {
  const s = d2(ctx);
  const me = ctx.store.me;
  const staff = canFacilitate(me) && !ctx.readOnly;
  const groups = [...QUAD_PLACES.map(([q, where]) => ({ q, title: `${QUADRANTS[q]} (${where()})` })), { q: null, title: t('Not placed yet') }];
  for (const id of [...s.merge]) if (!shown.some((x) => x.card.id === id)) s.merge.delete(id);
  // In the order they were ticked: the merged idea takes the first one's words and codes lead.
  const selected = [...s.merge].map((id) => shown.find((x) => x.card.id === id)).filter(Boolean).map((x) => x.card);
  return h('section', { class: 'grid-lists', key: 'lists', 'aria-labelledby': 'grid-lists-title' },
    h('h3', { id: 'grid-lists-title' }, t('Ideas by quadrant')),
    h('div', { class: 'grid-lists-cols' }, groups.map(({ q, title }) => {
      const items = shown.filter((x) => (x.pos.placed ? quadrantOf(x.pos.impact, x.pos.effort) : null) === q);
      if (q === null && !items.length) return null;
      return h('div', { class: `grid-list q-${q || 'none'}`, key: q || 'none' },
        h('h4', null, `${title}: ${items.length}`),
        items.length ? h('ul', null, items.map(({ card }) => h('li', { key: card.id },
          staff ? h('label', { class: 'grid-merge-pick' },
            h('input', {
              type: 'checkbox', key: `merge-${card.id}`, checked: s.merge.has(card.id),
              onchange: (e) => { if (e.currentTarget.checked) s.merge.add(card.id); else s.merge.delete(card.id); redraw(ctx); },
            }),
            h('span', { class: 'd2-code' }, card.code), ' ', card.text, h('span', { class: 'visually-hidden' }, ` ${t('(select to merge)')}`))
            : [h('span', { class: 'd2-code' }, card.code), ' ', card.text]))) : h('p', { class: 'empty' }, t('None.')));
    })),
    staff ? mergeForm(ctx, selected) : null);
}

function mergeForm(ctx, selected) {
  const s = d2(ctx);
  const field = 'grid-merge-text';
  const text = ctx.draft(field, '');
  return h('form', {
    class: 'grid-merge', key: 'merge',
    onsubmit: (e) => {
      e.preventDefault();
      if (selected.length < 2) { ctx.act.say(t('Select two or more similar ideas to merge.'), 'error'); return; }
      const input = e.currentTarget.querySelector('input[type=text]');
      const words = input.value.trim();
      ctx.intent.mergeIdeas(selected.map((c) => c.id), words).then((r) => {
        if (r && r.ok) announce(t('Merged into one idea: {codes}.', { codes: selected.map((c) => c.code).join('+') }));
      });
      s.merge.clear();
      input.value = '';
      ctx.setDraft(field, null);
    },
  },
  h('h4', null, t('Merge similar ideas')),
  h('p', { class: 'hint', id: 'merge-hint' }, selected.length >= 2
    ? t('Selected: {codes}. The merged idea keeps every code.', { codes: selected.map((c) => c.code).join(', ') })
    : t('Tick two or more ideas above that say the same thing. The merged idea keeps every code, like 2T+4C.')),
  h('label', { for: 'merge-text' }, t('Words for the merged idea (optional: leave empty to keep the first idea’s words)')),
  h('input', {
    id: 'merge-text', key: 'merge-text', type: 'text', maxlength: String(LIMITS.CARD_TEXT), value: text, 'aria-describedby': 'merge-hint',
    oninput: (e) => ctx.setDraft(field, e.currentTarget.value),
  }),
  h('button', { type: 'submit', 'aria-disabled': selected.length < 2 ? 'true' : null }, selected.length >= 2 ? t('Merge {n} ideas', { n: selected.length }) : t('Merge ideas')));
}

/** The grid's ideas on the shared pointer-drag (web/ui/drag.js): dropped inside the plot, placed there. */
function attachGridDrag(section, ctx) {
  const plotOf = () => section.querySelector('[data-grid-plot]');
  function fractions(x, y) {
    const r = plotOf().getBoundingClientRect();
    const effort = clamp01((x - r.left) / r.width);
    const impact = topToImpact((y - r.top) / r.height);
    const inside = x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
    return { effort, impact, inside };
  }
  attachPointerDrag(section, {
    handle: '[data-grid-card]',
    idAttr: 'data-grid-card',
    immediate: () => true, // an idea has touch-action: none: a finger drags it at once
    ghostClass: 'grid-drag-ghost',
    centred: true,
    move(d, x, y) {
      if (!ephDue(d)) return;
      const f = fractions(x, y);
      ctx.conn.eph({ kind: 'drag', card_id: d.id, x: round3(f.effort), y: round3(1 - f.impact) });
    },
    drop(d, x, y) {
      const f = fractions(x, y);
      if (!f.inside) return;
      const card = ctx.store.records.get(d.id);
      if (card) place(ctx, card, f.impact, f.effort);
    },
    end(d) {
      d2(ctx).gridNoClickUntil = performance.now() + 400; // the click that ends a drag is not a tap
      ctx.conn.eph({ kind: 'drag_end', card_id: d.id });
    },
  });
}

registerScreen({
  id: 'grid', order: 64, activities: ['grid'],
  label: () => t('Investment Grid'),
  available: (recs) => currentDay(recs) === 2 || Boolean(gridBoard(recs)),
  boardIds: (recs) => { const b = gridBoard(recs); return b ? [b.id] : []; },
  render: renderGrid,
});
