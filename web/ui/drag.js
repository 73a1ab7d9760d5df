// One pointer-drag for every board (theming cards, Investment Grid ideas): mouse, pen or finger
// through Pointer Events. A mouse or pen drags once it has moved a few pixels. A finger drags at
// once from a part marked to drag at once (the ⠿ grip, a grid idea: `touch-action: none`), and
// from anywhere else on the item after a long press, so a swipe over a card's words still
// scrolls the page. While dragging, holding the pointer near the top or bottom of the window
// scrolls the page, faster the longer it is held, so any drop target can be reached.
// Every drag also has a keyboard path, drawn by the screen that uses it (dialog, arrow keys).

const START_DISTANCE = 8;   // px a mouse or pen moves before a press becomes a drag (a click stays a click)
const SLOP = 10;            // px a finger may wander during a long press before it counts as a scroll
export const LONG_PRESS = 380; // ms a finger holds still on an item before it is picked up
const EPH_INTERVAL = 50;    // ms between drag messages others see: 20 a second
const SCROLL_DWELL = 300;   // ms the pointer stays by an edge before the page starts to scroll

/**
 * Listen for drags inside root (event delegation: survives every re-render).
 * opts: {
 *   handle: selector of what can be picked up (matched with closest() from the pressed element),
 *   immediate(el, target) → true when a finger on target drags at once (no long press),
 *   ghostClass: class added to the copy that follows the pointer,
 *   centred: the copy is centred on the pointer (else it keeps the offset it was grabbed at),
 *   begin(drag), move(drag, x, y), drop(drag, x, y), end(drag): the screen's part; drag is
 *     {el, id, x, y, dragging}; move also runs after each auto-scroll step (the content moved
 *     under a still pointer).
 * }
 */
export function attachPointerDrag(root, opts) {
  let press = null;

  // Chrome decides at touch start whether a touch may scroll without asking the page: a
  // listener that can cancel touchmove must already be there, and cancels it only mid-drag.
  root.addEventListener('touchmove', (e) => { if (press && press.dragging) e.preventDefault(); }, { passive: false });
  root.addEventListener('contextmenu', (e) => { if (press) e.preventDefault(); });

  root.addEventListener('pointerdown', (e) => {
    const el = e.target.closest(opts.handle);
    if (!el || !root.contains(el) || (e.pointerType === 'mouse' && e.button !== 0) || press) return;
    const touch = e.pointerType === 'touch';
    press = {
      el, id: el.getAttribute(opts.idAttr), pointerId: e.pointerId, x0: e.clientX, y0: e.clientY, x: e.clientX, y: e.clientY,
      dragging: false, ghost: null, touch, immediate: !touch || Boolean(opts.immediate && opts.immediate(el, e.target)), timer: 0, scroll: null,
    };
    if (touch && !press.immediate) {
      const p = press;
      p.timer = setTimeout(() => { if (press === p && !p.dragging) begin(); }, LONG_PRESS);
    }
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onCancel);
  });

  function begin() {
    const p = press;
    p.dragging = true;
    clearTimeout(p.timer);
    try { p.el.setPointerCapture(p.pointerId); } catch (err) { /* the element was re-rendered away */ }
    const rect = p.el.getBoundingClientRect();
    const ghost = p.el.cloneNode(true);
    for (const a of ['id', 'data-focus-key', opts.idAttr, 'style']) ghost.removeAttribute(a);
    ghost.setAttribute('aria-hidden', 'true');
    ghost.className = `${p.el.className} ${opts.ghostClass}`;
    ghost.style.width = opts.centred ? '' : `${rect.width}px`;
    p.dx = opts.centred ? 0 : p.x0 - rect.left;
    p.dy = opts.centred ? 0 : p.y0 - rect.top;
    document.body.appendChild(ghost);
    p.ghost = ghost;
    p.el.classList.add('being-dragged');
    document.documentElement.classList.add('dragging');
    if (p.touch && !p.immediate && navigator.vibrate) {
      try { navigator.vibrate(15); } catch (err) { /* no buzz: the lifted card shows it */ }
    }
    if (opts.begin) opts.begin(p);
    follow(p.x, p.y);
    p.scroll = { frame: requestAnimationFrame(autoScroll), since: 0 };
  }

  function follow(x, y) {
    const p = press;
    p.x = x;
    p.y = y;
    p.ghost.style.left = `${x - p.dx}px`;
    p.ghost.style.top = `${y - p.dy}px`;
    if (opts.move) opts.move(p, x, y);
  }

  function onMove(e) {
    const p = press;
    if (!p || e.pointerId !== p.pointerId) return;
    if (!p.dragging) {
      const moved = Math.hypot(e.clientX - p.x0, e.clientY - p.y0);
      if (!p.immediate) {
        // A finger moving before the long press is up: the person is scrolling, not dragging.
        if (moved > SLOP) finish();
        return;
      }
      if (moved < START_DISTANCE) return;
      p.x = e.clientX;
      p.y = e.clientY;
      begin();
    }
    e.preventDefault();
    follow(e.clientX, e.clientY);
  }

  // Near the top or bottom edge the page scrolls, every frame (not only when the pointer moves),
  // and speeds up while the pointer stays there: a theme 5,000 px away comes in a few seconds.
  function autoScroll(now) {
    const p = press;
    if (!p || !p.dragging) return;
    const edge = Math.max(40, Math.min(96, window.innerHeight * 0.09));
    let dir = 0;
    let depth = 0;
    if (p.y < edge) { dir = -1; depth = edge - p.y; } else if (p.y > window.innerHeight - edge) { dir = 1; depth = p.y - (window.innerHeight - edge); }
    const scroller = document.scrollingElement || document.documentElement;
    const room = dir < 0 ? scroller.scrollTop : scroller.scrollHeight - scroller.clientHeight - scroller.scrollTop;
    if (dir && room > 0) {
      if (!p.scroll.since) p.scroll.since = now;
      // A short dwell first: a drop aimed near the edge is not carried away on the way in.
      const held = (now - p.scroll.since - SCROLL_DWELL) / 1000;
      if (held < 0) { p.scroll.frame = requestAnimationFrame(autoScroll); return; }
      const step = Math.min(90, Math.ceil((4 + 14 * Math.min(1, depth / edge)) * (1 + 2 * held)));
      window.scrollBy(0, dir * step);
      follow(p.x, p.y);
    } else {
      p.scroll.since = 0;
    }
    p.scroll.frame = requestAnimationFrame(autoScroll);
  }

  function onUp(e) {
    const p = press;
    if (!p || e.pointerId !== p.pointerId) return;
    const dragged = p.dragging;
    finish();
    if (dragged && opts.drop) opts.drop(p, e.clientX, e.clientY);
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
    if (!p) return;
    clearTimeout(p.timer);
    if (!p.dragging) return;
    if (p.scroll) cancelAnimationFrame(p.scroll.frame);
    if (p.ghost) p.ghost.remove();
    p.el.classList.remove('being-dragged');
    document.documentElement.classList.remove('dragging');
    try { p.el.releasePointerCapture(p.pointerId); } catch (err) { /* already released */ }
    if (opts.end) opts.end(p);
  }
}

/** Throttle for the ephemeral drag messages: true when one may be sent now. */
export function ephDue(drag) {
  const now = performance.now();
  if (drag.lastEph && now - drag.lastEph < EPH_INTERVAL) return false;
  drag.lastEph = now;
  return true;
}

/**
 * The theming boards' cards: dropped on a theme, on "not yet themed" or on another board
 * (elements with data-drop-board / data-drop-theme), via ctx.act.drop. Others see the drag.
 */
export function attachDrag(root, ctx) {
  attachPointerDrag(root, {
    handle: '[data-drag-card]',
    idAttr: 'data-drag-card',
    immediate: (el, target) => Boolean(target.closest('.grip')),
    ghostClass: 'drag-ghost',
    begin(d) { ctx.ui.dragging = d.id; },
    move(d, x, y) {
      const target = dropTarget(x, y);
      if (target !== d.over) {
        if (d.over) d.over.classList.remove('drop-over');
        if (target) target.classList.add('drop-over');
        d.over = target;
      }
      if (!ephDue(d)) return;
      const area = root.querySelector('[data-boards]');
      if (area) {
        const r = area.getBoundingClientRect();
        ctx.conn.eph({ kind: 'drag', card_id: d.id, x: round((x - r.left) / r.width), y: round((y - r.top) / r.height) });
      }
    },
    drop(d, x, y) {
      const target = dropTarget(x, y);
      // The click that follows a drag must not open the card dialog.
      ctx.ui.suppressClick = { id: d.id, until: performance.now() + 400 };
      if (target) ctx.act.drop(d.id, target.getAttribute('data-drop-board'), target.getAttribute('data-drop-theme') || null);
    },
    end(d) {
      if (d.over) d.over.classList.remove('drop-over');
      ctx.ui.dragging = null;
      ctx.conn.eph({ kind: 'drag_end', card_id: d.id });
    },
  });
}

function dropTarget(x, y) {
  const under = document.elementFromPoint(x, y);
  return under ? under.closest('[data-drop-board]') : null;
}

function round(n) {
  return Math.round(Math.max(0, Math.min(1, n)) * 1000) / 1000;
}
