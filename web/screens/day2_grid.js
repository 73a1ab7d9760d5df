// The Investment Grid: impact up, effort right, four labelled quadrants with more room in the
// top half. Ideas start in the middle and are dragged (Pointer Events; others see the drag live
// through ephemeral `drag` messages) or nudged with the arrow keys; `grid.place` on drop or on
// each nudge, the quadrant decided on the server and said aloud. Staff merge similar ideas.
import { h } from '../ui/dom.js';
import { canFacilitate, canEdit, nameOf } from '../model/store.js';
import { announce } from '../ui/announce.js';
import {
  QUADRANTS, gridBoard, gridIdeas, positionOf, impactToTop, topToImpact, clamp01, round3, nudge,
  placedSentence, quadrantOf, hatOf, NUDGE,
} from '../model/day2.js';
import { d2, redraw } from './day2.js';
import { registerScreen } from '../app/screens.js';
import { currentDay } from '../model/day2.js';

const START_DISTANCE = 6;
const EPH_INTERVAL = 50;

const QUAD_PLACES = [
  ['quick_win', 'top left'], ['major_project', 'top right'], ['fill_in', 'bottom left'], ['thankless_task', 'bottom right'],
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
    if (p.op === 'grid.place' && p.args && p.args.card_id === card.id) return { impact: p.args.impact, effort: p.args.effort, placed: true };
  }
  return positionOf(card);
}

function place(ctx, card, impact, effort) {
  const s = d2(ctx);
  const i = round3(impact), e = round3(effort);
  s.gridStatus = placedSentence(card, i, e);
  ctx.send('grid.place', { card_id: card.id, impact: i, effort: e }).then((r) => {
    if (r && !r.ok) { s.gridStatus = ''; redraw(ctx); } // rolled back: the server's message is shown
  });
}

function style(impact, effort) {
  const left = (clamp01(effort) * 100).toFixed(2);
  const top = (impactToTop(impact) * 100).toFixed(2);
  return `left:clamp(2.8rem, ${left}%, calc(100% - 2.8rem));top:clamp(1.6rem, ${top}%, calc(100% - 1.6rem))`;
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
  return h('section', { class: 'd2-grid', key: 'grid', 'data-board-id': board ? board.id : null, 'aria-labelledby': 'grid-title' },
    h('h2', { id: 'grid-title', class: 'd2-board-head orange' }, 'Investment Grid: mapping our best ideas'),
    !board || !ideas.length ? h('p', { class: 'empty', key: 'empty' },
      'No ideas on the grid yet. After the vote on ideas, staff send the top 3 of each table here.') : null,
    movable ? h('p', { class: 'hint', id: 'grid-help', key: 'help' },
      'Drag an idea higher for more impact and further right for more effort. With a keyboard: move to an idea (Tab), then use the arrow keys; hold Shift for bigger steps.') : null,
    h('div', { class: 'grid-wrap', key: 'wrap' },
      h('p', { class: 'grid-axis grid-axis-y', key: 'y' }, h('span', { 'aria-hidden': 'true' }, '↑ '), 'Impact'),
      h('div', {
        class: 'grid-plot', key: 'plot', role: 'group', 'aria-label': 'Investment Grid: impact upwards, effort to the right',
        'data-grid-plot': '', oncreate: (el) => attachGridDrag(el, ctx),
      },
      QUAD_PLACES.map(([q, where]) => h('div', { class: `grid-quad q-${q}`, key: q, 'aria-hidden': 'true' },
        h('span', { class: 'grid-quad-label' }, QUADRANTS[q]), h('span', { class: 'grid-quad-where' }, ` (${where})`))),
      h('div', { class: 'grid-mid-h', key: 'mid-h', 'aria-hidden': 'true' }),
      h('div', { class: 'grid-mid-v', key: 'mid-v', 'aria-hidden': 'true' }),
      waiting.length ? h('div', { class: 'grid-tray', key: 'tray' },
        h('p', { class: 'grid-tray-label' }, `In the middle, not placed yet: ${waiting.length}`),
        waiting.map(({ card, pos }) => chip(recs, ctx, card, pos, movable, false))) : null,
      placed.map(({ card, pos }) => chip(recs, ctx, card, pos, movable, true)),
      remote.map(({ card, d }) => h('div', {
        class: 'grid-remote', key: `remote-${card.id}`, 'aria-hidden': 'true',
        style: style(1 - clamp01(d.y), clamp01(d.x)),
      }, `${nameOf(recs, d.by)} is moving ${card.code}`))),
      h('p', { class: 'grid-axis grid-axis-x', key: 'x' }, 'Effort', h('span', { 'aria-hidden': 'true' }, ' →'))),
    h('p', { class: 'grid-status', id: 'grid-status', key: 'status', 'aria-live': 'polite', role: 'status' }, s.gridStatus || ''),
    ideas.length ? byQuadrantLists(recs, ctx, shown) : null);
}

function chip(recs, ctx, card, pos, movable, placed) {
  const q = placed ? quadrantOf(pos.impact, pos.effort) : null;
  const remote = ctx.ui.remoteDrags && ctx.ui.remoteDrags.get(card.id);
  const hat = hatOf(String(card.code || '').slice(-1));
  const body = [
    h('span', { class: 'd2-code', key: 'code' }, card.code || ''),
    h('span', { class: 'grid-idea-text', key: 'text' }, card.text),
    h('span', { class: 'visually-hidden', key: 'where' }, q ? `, in ${QUADRANTS[q]}` : ', not placed yet'),
  ];
  const cls = `grid-idea${placed ? ' placed' : ''}${remote ? ' remote-drag' : ''}${hat ? ` hat-${hat.colour}` : ''}`;
  const attrs = { key: card.id, class: cls, style: placed ? style(pos.impact, pos.effort) : null, 'data-grid-idea': card.id };
  if (!movable) return h('div', attrs, body);
  return h('button', {
    ...attrs, type: 'button', 'data-grid-card': card.id, 'data-focus-key': `grid-${card.id}`, 'aria-describedby': 'grid-help',
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
  const groups = [...QUAD_PLACES.map(([q, where]) => ({ q, title: `${QUADRANTS[q]} (${where})` })), { q: null, title: 'Not placed yet' }];
  for (const id of [...s.merge]) if (!shown.some((x) => x.card.id === id)) s.merge.delete(id);
  // In the order they were ticked: the merged idea takes the first one's words and codes lead.
  const selected = [...s.merge].map((id) => shown.find((x) => x.card.id === id)).filter(Boolean).map((x) => x.card);
  return h('section', { class: 'grid-lists', key: 'lists', 'aria-labelledby': 'grid-lists-title' },
    h('h3', { id: 'grid-lists-title' }, 'Ideas by quadrant'),
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
            h('span', { class: 'd2-code' }, card.code), ' ', card.text, h('span', { class: 'visually-hidden' }, ' (select to merge)'))
            : [h('span', { class: 'd2-code' }, card.code), ' ', card.text]))) : h('p', { class: 'empty' }, 'None.'));
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
      if (selected.length < 2) { ctx.act.say('Select two or more similar ideas to merge.', 'error'); return; }
      const input = e.currentTarget.querySelector('input[type=text]');
      const words = input.value.trim();
      const args = { card_ids: selected.map((c) => c.id) };
      if (words) args.text = words;
      ctx.send('card.merge', args).then((r) => {
        if (r && r.ok) announce(`Merged into one idea: ${selected.map((c) => c.code).join('+')}.`);
      });
      s.merge.clear();
      input.value = '';
      ctx.setDraft(field, null);
    },
  },
  h('h4', null, 'Merge similar ideas'),
  h('p', { class: 'hint', id: 'merge-hint' }, selected.length >= 2
    ? `Selected: ${selected.map((c) => c.code).join(', ')}. The merged idea keeps every code.`
    : 'Tick two or more ideas above that say the same thing. The merged idea keeps every code, like 2T+4C.'),
  h('label', { for: 'merge-text' }, 'Words for the merged idea (optional: leave empty to keep the first idea\'s words)'),
  h('input', {
    id: 'merge-text', key: 'merge-text', type: 'text', maxlength: '170', value: text, 'aria-describedby': 'merge-hint',
    oninput: (e) => ctx.setDraft(field, e.currentTarget.value),
  }),
  h('button', { type: 'submit', 'aria-disabled': selected.length < 2 ? 'true' : null }, `Merge ${selected.length >= 2 ? selected.length : ''} ideas`.replace('  ', ' ')));
}

/** Pointer Events on the grid's ideas (delegated, so they survive every re-render). */
function attachGridDrag(plot, ctx) {
  let press = null;
  plot.addEventListener('pointerdown', (e) => {
    const el = e.target.closest('[data-grid-card]');
    if (!el || press || (e.pointerType === 'mouse' && e.button !== 0)) return;
    press = { el, id: el.getAttribute('data-grid-card'), pointerId: e.pointerId, x0: e.clientX, y0: e.clientY, dragging: false, ghost: null, lastEph: 0 };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onCancel);
  });

  function fractions(e) {
    const r = plot.getBoundingClientRect();
    const effort = clamp01((e.clientX - r.left) / r.width);
    const impact = topToImpact((e.clientY - r.top) / r.height);
    const inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
    return { effort, impact, inside };
  }

  function onMove(e) {
    if (!press || e.pointerId !== press.pointerId) return;
    if (!press.dragging) {
      if (Math.hypot(e.clientX - press.x0, e.clientY - press.y0) < START_DISTANCE) return;
      press.dragging = true;
      try { press.el.setPointerCapture(press.pointerId); } catch (err) { /* re-rendered away */ }
      const ghost = press.el.cloneNode(true);
      ghost.removeAttribute('data-grid-card');
      ghost.removeAttribute('data-focus-key');
      ghost.setAttribute('aria-hidden', 'true');
      ghost.className = `${press.el.className} grid-drag-ghost`;
      ghost.style.cssText = '';
      document.body.appendChild(ghost);
      press.ghost = ghost;
      press.el.classList.add('being-dragged');
      document.documentElement.classList.add('dragging');
    }
    e.preventDefault();
    press.ghost.style.left = `${e.clientX}px`;
    press.ghost.style.top = `${e.clientY}px`;
    const f = fractions(e);
    const now = performance.now();
    if (now - press.lastEph >= EPH_INTERVAL) {
      press.lastEph = now;
      ctx.conn.eph({ kind: 'drag', card_id: press.id, x: round3(f.effort), y: round3(1 - f.impact) });
    }
  }

  function onUp(e) {
    if (!press || e.pointerId !== press.pointerId) return;
    const p = press;
    const f = fractions(e);
    finish();
    if (!p.dragging || !f.inside) return;
    const card = ctx.store.records.get(p.id);
    if (card) place(ctx, card, f.impact, f.effort);
  }

  function onCancel(e) {
    if (!press || e.pointerId !== press.pointerId) return;
    finish();
  }

  function finish() {
    const p = press;
    press = null;
    window.removeEventListener('pointermove', onMove);
    window.removeEventListener('pointerup', onUp);
    window.removeEventListener('pointercancel', onCancel);
    if (!p || !p.dragging) return;
    if (p.ghost) p.ghost.remove();
    p.el.classList.remove('being-dragged');
    document.documentElement.classList.remove('dragging');
    try { p.el.releasePointerCapture(p.pointerId); } catch (err) { /* already released */ }
    ctx.conn.eph({ kind: 'drag_end', card_id: p.id });
  }
}

registerScreen({
  id: 'grid', order: 64, activities: ['grid'],
  label: () => 'Investment Grid',
  available: (recs) => currentDay(recs) === 2 || Boolean(gridBoard(recs)),
  boardIds: (recs) => { const b = gridBoard(recs); return b ? [b.id] : []; },
  render: renderGrid,
});
