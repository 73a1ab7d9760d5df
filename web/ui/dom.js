// Build DOM from small descriptions and reconcile it in place, by key, so that a re-render after
// a remote change never replaces an input someone is typing in. Text always goes in as text nodes.

/** Describe an element: h('button', {class: 'x', onclick: fn, key: id}, 'text', child...). */
export function h(tag, props, ...children) {
  return { tag, props: props || {}, key: props && props.key != null ? String(props.key) : null, children: flat(children) };
}

function flat(list, out = []) {
  for (const c of list) {
    if (c == null || c === false || c === true) continue;
    if (Array.isArray(c)) flat(c, out);
    else if (typeof c === 'object') out.push(c);
    else out.push({ text: String(c) });
  }
  return out;
}

const BOOL = new Set(['disabled', 'hidden', 'required', 'checked', 'open', 'readonly', 'multiple', 'inert']);

function create(v) {
  if (v.text !== undefined) return document.createTextNode(v.text);
  const el = document.createElement(v.tag);
  el._v = { props: {} };
  el._handlers = {};
  update(el, v, true);
  if (v.props.value !== undefined) el.value = v.props.value;
  if (v.props.oncreate) v.props.oncreate(el);
  return el;
}

function setAttr(el, name, value) {
  if (value == null || value === false) {
    el.removeAttribute(name);
  } else if (BOOL.has(name)) {
    el.setAttribute(name, '');
  } else {
    el.setAttribute(name, String(value));
  }
  if (name === 'checked') el.checked = Boolean(value);
}

function update(el, v, fresh) {
  const old = el._v.props;
  const props = v.props;
  for (const name of Object.keys(old)) {
    if (!(name in props) && !skip(name)) {
      if (name.startsWith('on')) el._handlers[name.slice(2)] = null;
      else el.removeAttribute(name);
    }
  }
  for (const [name, value] of Object.entries(props)) {
    if (skip(name)) continue;
    if (name.startsWith('on')) {
      // One listener per event type, calling whatever handler the latest render gave.
      const type = name.slice(2);
      if (!(type in el._handlers)) el.addEventListener(type, (e) => el._handlers[type] && el._handlers[type](e));
      el._handlers[type] = typeof value === 'function' ? value : null;
    } else if (fresh || old[name] !== value) {
      setAttr(el, name, value);
    }
  }
  el._v = v;
  if (!props.keepChildren || fresh) patch(el, v.children);
  if (props.onupdate) props.onupdate(el);
}

// value is set once, when the element is made: later renders never overwrite what is typed.
function skip(name) {
  return name === 'key' || name === 'value' || name === 'oncreate' || name === 'onupdate' || name === 'keepChildren';
}

function sameKind(node, v) {
  if (v.text !== undefined) return node.nodeType === 3;
  return node.nodeType === 1 && node._v && node.tagName.toLowerCase() === v.tag && (node._v.key ?? null) === v.key;
}

/** Make parent's children match the descriptions, reusing elements by key (or by position). */
export function patch(parent, vnodes) {
  vnodes = flat([vnodes]);
  const existing = Array.from(parent.childNodes);
  const keyed = new Map();
  for (const n of existing) if (n._v && n._v.key != null) keyed.set(`${n.tagName}:${n._v.key}`, n);
  const used = new Set();
  let cursor = 0;
  const next = [];
  for (const v of vnodes) {
    let node = null;
    if (v.key != null) {
      const k = `${v.tag.toUpperCase()}:${v.key}`;
      node = keyed.get(k) || null;
      if (node && used.has(node)) node = null;
    } else {
      while (cursor < existing.length && (used.has(existing[cursor]) || (existing[cursor]._v && existing[cursor]._v.key != null))) cursor += 1;
      if (cursor < existing.length && sameKind(existing[cursor], v)) node = existing[cursor];
    }
    if (node) {
      used.add(node);
      if (v.text !== undefined) {
        if (node.data !== v.text) node.data = v.text;
      } else if (node._v !== v) {
        update(node, v, false); // the very same description as last time (memoised): nothing to do
      }
    } else {
      node = create(v);
      used.add(node);
    }
    next.push(node);
  }
  for (const n of existing) if (!used.has(n)) parent.removeChild(n);
  // Place nodes in order; a node already in the right place is not moved (moving would blur it).
  for (let i = 0; i < next.length; i += 1) {
    const at = parent.childNodes[i];
    if (at !== next[i]) parent.insertBefore(next[i], at || null);
  }
}

/**
 * Re-render `root` from descriptions, keeping focus and text selection where they were even if
 * the focused element had to move; if it vanished, focus the element with the same data-focus-key.
 */
export function render(root, vnodes) {
  const active = document.activeElement;
  const focusKey = active && active !== document.body ? active.getAttribute('data-focus-key') : null;
  let sel = null;
  if (active && typeof active.selectionStart === 'number') {
    try { sel = [active.selectionStart, active.selectionEnd]; } catch (e) { sel = null; }
  }
  patch(root, vnodes);
  if (!active || active === document.body || document.activeElement === active) return;
  if (active.isConnected) {
    active.focus({ preventScroll: true });
    if (sel) try { active.setSelectionRange(sel[0], sel[1]); } catch (e) { /* not a text field */ }
  } else if (focusKey) {
    const again = root.querySelector(`[data-focus-key="${cssEscape(focusKey)}"]`);
    if (again) again.focus({ preventScroll: true });
  }
}

export function cssEscape(s) {
  return String(s).replace(/["\\]/g, '\\$&');
}
