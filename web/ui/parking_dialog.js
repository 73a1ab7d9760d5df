// "Add to the parking space": one step from anywhere (the agenda strip, the staff toolbar, Day 1's
// parking board), one field, then back where you were. Its dialog frame (ui/dialog.js) comes with
// its first use.
import { h } from './dom.js';
import { textForm } from './form.js';
import { toast } from './announce.js';
import { view } from '../model/store.js';
import { parkingBoard } from '../model/day1.js';
import { t, tp } from '../app/i18n.js';

/** "Add to the parking space": one field, then back where you were. */
export function openParkingDialog(ctx) {
  return import('./dialog.js').then(({ openScreenDialog }) => parkingDialog(ctx, openScreenDialog), unreachable);
}

function parkingDialog(ctx, openScreenDialog) {
  const dlg = openScreenDialog(ctx, 'parking-dialog-title', () => [
    h('h2', { id: 'parking-dialog-title', key: 'title' }, t('Add to the parking space')),
    h('p', { key: 'help' }, tp(t('Something to come back to later. The named reviewer will look at every item.'), t('Write something to talk about later. Someone will look at it.'))),
    textForm(ctx, {
      field: 'parking-new', id: 'parking-new-text', label: t('Your item'), button: t('Add to the parking space'),
      submit: (text) => {
        const b = parkingBoard(view(ctx.store));
        if (!b) return;
        ctx.intent.addCard(b.id, 'note', text);
        toast(t('Added to the parking space.'), 'info', 4000);
        dlg.close();
      },
    }),
    h('div', { class: 'dialog-actions', key: 'actions' }, h('button', { type: 'button', onclick: () => dlg.close() }, t('Cancel'))),
  ], 'parking-add-btn');
  return dlg;
}

/** The dialog's module could not be fetched. */
function unreachable() {
  toast(t('Coboard could not be reached. Check your internet connection and try again.'), 'error');
}
