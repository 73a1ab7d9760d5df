// Dragging data cards with a mouse, a finger or a pen (Pointer Events with pointer capture).
// While dragging, the position is sent as ephemeral `drag` messages (~20 a second) so others
// see it; dropping on a theme, on "not yet themed" or on another board calls ctx.act.drop.

const START_DISTANCE = 8;   // px moved before a press becomes a drag (a tap stays a click)
const EPH_INTERVAL = 50;    // ms between drag messages: 20 a second
const EDGE = 56;            // px from the window edge where the page scrolls while dragging

/** Listen for drags inside root (event delegation: survives every re-render). */
export function attachDrag(root, ctx) {
  let press = null;

  root.addEventListener('pointerdown', (e) => {
    const el = e.target.closest('[data-drag-card]');
    if (!el || !root.contains(el) || (e.pointerType === 'mouse' && e.button !== 0) || press) return;
    press = { el, id: el.getAttribute('data-drag-card'), pointerId: e.pointerId, x0: e.clientX, y0: e.clientY, dragging: false, ghost: null, lastEph: 0, over: null };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onCancel);
  });

  function begin(e) {
    press.dragging = true;
    try { press.el.setPointerCapture(press.pointerId); } catch (err) { /* the element was re-rendered away */ }
    const rect = press.el.getBoundingClientRect();
    const ghost = press.el.cloneNode(true);
    ghost.removeAttribute('data-drag-card');
    ghost.removeAttribute('data-focus-key');
    ghost.removeAttribute('id');
    ghost.setAttribute('aria-hidden', 'true');
    ghost.className = `${press.el.className} drag-ghost`;
    ghost.style.width = `${rect.width}px`;
    press.dx = e.clientX - rect.left;
    press.dy = e.clientY - rect.top;
    document.body.appendChild(ghost);
    press.ghost = ghost;
    press.el.classList.add('being-dragged');
    document.documentElement.classList.add('dragging');
    ctx.ui.dragging = press.id;
  }

  function onMove(e) {
    if (!press || e.pointerId !== press.pointerId) return;
    if (!press.dragging) {
      if (Math.hypot(e.clientX - press.x0, e.clientY - press.y0) < START_DISTANCE) return;
      begin(e);
    }
    e.preventDefault();
    press.ghost.style.left = `${e.clientX - press.dx}px`;
    press.ghost.style.top = `${e.clientY - press.dy}px`;
    const target = dropTarget(e.clientX, e.clientY);
    if (target !== press.over) {
      if (press.over) press.over.classList.remove('drop-over');
      if (target) target.classList.add('drop-over');
      press.over = target;
    }
    if (e.clientY < EDGE) window.scrollBy(0, -12);
    else if (e.clientY > window.innerHeight - EDGE) window.scrollBy(0, 12);
    const now = performance.now();
    if (now - press.lastEph >= EPH_INTERVAL) {
      press.lastEph = now;
      const area = root.querySelector('[data-boards]');
      if (area) {
        const r = area.getBoundingClientRect();
        ctx.conn.eph({ kind: 'drag', card_id: press.id, x: round((e.clientX - r.left) / r.width), y: round((e.clientY - r.top) / r.height) });
      }
    }
  }

  function onUp(e) {
    if (!press || e.pointerId !== press.pointerId) return;
    const p = press;
    if (p.dragging) {
      const target = dropTarget(e.clientX, e.clientY);
      finish();
      // The click that follows a drag must not open the card dialog.
      ctx.ui.suppressClick = { id: p.id, until: performance.now() + 400 };
      if (target) ctx.act.drop(p.id, target.getAttribute('data-drop-board'), target.getAttribute('data-drop-theme') || null);
    } else {
      finish();
    }
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
    if (p.over) p.over.classList.remove('drop-over');
    p.el.classList.remove('being-dragged');
    document.documentElement.classList.remove('dragging');
    try { p.el.releasePointerCapture(p.pointerId); } catch (err) { /* already released */ }
    ctx.ui.dragging = null;
    ctx.conn.eph({ kind: 'drag_end', card_id: p.id });
  }

  function dropTarget(x, y) {
    const under = document.elementFromPoint(x, y);
    return under ? under.closest('[data-drop-board]') : null;
  }
}

function round(n) {
  return Math.round(Math.max(0, Math.min(1, n)) * 1000) / 1000;
}
