// Dialogs (native <dialog>, so focus stays inside and Escape closes), and confirming a delete.
// The card dialog (the keyboard path for every drag) is in card_dialog.js, loaded on the first
// tap on a card: a phone's first load does without it.
import { h, patch } from './dom.js';
import { t } from '../app/i18n.js';

/**
 * Open a modal dialog whose content is drawn by draw(dialog) -> vnodes; returns {redraw, close, el}.
 * `className` adds a class beside `dialog` (a screen's own width, say).
 */
export function openDialog(labelId, draw, onclose, { className = '' } = {}) {
  const dlg = document.createElement('dialog');
  dlg.setAttribute('aria-labelledby', labelId);
  dlg.className = className ? `dialog ${className}` : 'dialog';
  document.body.appendChild(dlg);
  const api = {
    redraw: () => {
      const hadFocus = dlg.contains(document.activeElement);
      patch(dlg, [].concat(draw(api)));
      // A remote change removed the focused choice (a theme was deleted): stay in the dialog.
      if (hadFocus && !dlg.contains(document.activeElement)) focusFirstIn(dlg);
    },
    close: () => { if (dlg.open) dlg.close(); },
    el: dlg,
  };
  dlg.addEventListener('close', () => {
    dlg.remove();
    if (onclose) onclose();
  });
  api.redraw();
  dlg.showModal();
  focusFirstIn(dlg);
  return api;
}

/**
 * A screen's dialog, one at a time: it is ctx.ui.dialog (the shell redraws it when remote changes
 * arrive), and on closing focus goes back to the element with `returnKey`. draw(api) -> vnodes.
 */
export function openScreenDialog(ctx, labelId, draw, returnKey) {
  if (ctx.ui.dialog) ctx.ui.dialog.close();
  const api = openDialog(labelId, draw, () => {
    if (ctx.ui.dialog === api) ctx.ui.dialog = null;
    if (returnKey && ctx.act.focusKey) ctx.act.focusKey(returnKey);
  }, { className: 'day1-dialog' });
  ctx.ui.dialog = api;
  return api;
}

function focusFirstIn(dlg) {
  const first = dlg.querySelector('[data-autofocus]') || dlg.querySelector('input, textarea, select, button');
  if (first) first.focus();
}

/** Ask before something that cannot be undone; onConfirm runs on "yes". */
export function confirmDialog({ title, body, confirmLabel, onConfirm, returnFocus }) {
  const dlg = openDialog('confirm-title', () => [
    h('h2', { id: 'confirm-title' }, title),
    h('p', null, body),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'danger', onclick: () => { dlg.close(); onConfirm(); } }, confirmLabel),
      h('button', { type: 'button', 'data-autofocus': '', onclick: () => dlg.close() }, t('Cancel'))),
  ], returnFocus);
  return dlg;
}
