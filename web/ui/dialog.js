// Dialogs (native <dialog>, so focus stays inside and Escape closes), and confirming a delete.
// The card dialog (the keyboard path for every drag) is in card_dialog.js, loaded on the first
// tap on a card: a phone's first load does without it.
import { h, patch } from './dom.js';
import { t } from '../app/i18n.js';

/** Open a modal dialog whose content is drawn by draw(dialog) -> vnodes; returns {redraw, close}. */
export function openDialog(labelId, draw, onclose) {
  const dlg = document.createElement('dialog');
  dlg.setAttribute('aria-labelledby', labelId);
  dlg.className = 'dialog';
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

function focusFirstIn(dlg) {
  const first = dlg.querySelector('[data-autofocus]') || dlg.querySelector('button, input, textarea');
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
