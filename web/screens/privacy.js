// Personal data, for the facilitator (docs/privacy.md): when this workshop's personal data will be
// erased and the workshop deleted (rule D7), marking it finished, a new personal link for someone
// (their old one stops working, D1), erasing a person (D3) and deleting the workshop (D4).
import { h } from '../ui/dom.js';
import { t, dayInWords } from '../app/i18n.js';
import { announce } from '../ui/announce.js';
import { registerScreen } from '../app/screens.js';
import { confirmDialog } from '../ui/dialog.js';
import { request } from '../ui/files.js';
import { participants, workshop } from '../model/store.js';

function pd(ctx) {
  if (!ctx.ui.privacy) ctx.ui.privacy = { dates: null, loading: false, links: new Map(), error: null };
  return ctx.ui.privacy;
}

function redraw(ctx) {
  if (ctx.act && ctx.act.redraw) ctx.act.redraw();
}

async function loadDates(ctx) {
  const s = pd(ctx);
  s.loading = true;
  const r = await request(ctx.wid, '/retention');
  s.loading = false;
  s.dates = r.ok ? r.body : null;
  s.error = r.ok ? null : r.message;
  redraw(ctx);
}

async function newLink(ctx, person) {
  const r = await request(ctx.wid, `/participants/${encodeURIComponent(person.id)}/link`, { method: 'POST' });
  if (!r.ok) { announce(r.message); return; }
  pd(ctx).links.set(person.id, r.body.url);
  announce(t('A new link for {name} is ready. Their earlier link no longer works.', { name: person.name }));
  redraw(ctx);
}

function erase(ctx, person) {
  confirmDialog({
    title: t('Erase {name}?', { name: person.name }),
    body: t('Their name becomes “Erased person” everywhere, their chat messages lose their text and their link stops working. What they put on the boards stays. This cannot be undone.'),
    confirmLabel: t('Erase'),
    onConfirm: async () => {
      const r = await request(ctx.wid, `/participants/${encodeURIComponent(person.id)}/erase`, { method: 'POST' });
      announce(r.ok ? t('Erased.') : r.message);
    },
  });
}

function deleteWorkshop(ctx) {
  confirmDialog({
    title: t('Delete this workshop?'),
    body: t('Everything in it goes for good: boards, answers, pictures and every link. Download what you need first.'),
    confirmLabel: t('Delete the workshop'),
    onConfirm: async () => {
      const r = await request(ctx.wid, '', { method: 'DELETE', as: 'text' });
      if (r.ok) location.assign('/'); else announce(r.message);
    },
  });
}

function retention(ctx, recs) {
  const s = pd(ctx);
  if (!s.dates && !s.loading && !s.error) loadDates(ctx);
  const w = workshop(recs) || {};
  const d = s.dates;
  return h('section', { key: 'retention', 'aria-labelledby': 'retention-title', class: 'export-group' },
    h('h3', { id: 'retention-title' }, t('How long it is kept')),
    d ? h('p', { class: 'retention-dates', key: 'dates' },
      t('Personal data will be erased on {erase}; the workshop will be deleted on {delete}.', { erase: dayInWords(d.erase_on), delete: dayInWords(d.delete_on) }))
      : h('p', { key: 'dates' }, s.error || t('Loading…')),
    d ? h('p', { class: 'hint', key: 'counted' },
      (d.finished_at ? t('Counted from {day}, the later of when the workshop was marked finished and when it was last used.', { day: dayInWords(d.counted_from) })
        : t('Counted from {day}, when the workshop was last used; marking it finished does not move this earlier.', { day: dayInWords(d.counted_from) })),
      ' ',
      d.own_setting ? t('This workshop keeps personal data {erase} days and is deleted after {delete} days (its own setting).', { erase: d.erase_after_days, delete: d.delete_after_days })
        : t('This workshop keeps personal data {erase} days and is deleted after {delete} days (the server’s setting).', { erase: d.erase_after_days, delete: d.delete_after_days }))
      : null,
    h('div', { class: 'retention-days', key: 'days' },
      h('label', { for: 'erase-days' }, t('Erase personal data after (days)')),
      h('input', { id: 'erase-days', type: 'number', min: 1, max: 3650, key: 'erase', value: d ? String(d.erase_after_days) : '' }),
      h('label', { for: 'delete-days' }, t('Delete the workshop after (days)')),
      h('input', { id: 'delete-days', type: 'number', min: 1, max: 3650, key: 'delete', value: d ? String(d.delete_after_days) : '' }),
      h('button', {
        type: 'button', key: 'save',
        onclick: (e) => {
          const box = e.currentTarget.closest('.retention-days');
          const days = (id) => { const v = Number(box.querySelector(`#${id}`).value); return Number.isInteger(v) && v > 0 ? v : null; };
          ctx.intent.setRetention(days('erase-days'), days('delete-days'))
            .then(() => { announce(t('Saved.')); loadDates(ctx); }, (err) => announce((err && err.message) || String(err)));
        },
      }, t('Save the days'))),
    h('button', {
      type: 'button', key: 'finish',
      onclick: () => ctx.intent.markFinished(!w.finished_at).then(() => loadDates(ctx)),
    }, w.finished_at ? t('Mark the workshop as not finished') : t('Mark the workshop as finished')));
}

function names(ctx, recs) {
  const w = workshop(recs) || {};
  const allowed = w.unnamed_cards !== false;
  return h('section', { key: 'names', 'aria-labelledby': 'names-title', class: 'export-group' },
    h('h3', { id: 'names-title' }, t('Names on cards')),
    h('div', { class: 'field check' },
      h('input', {
        type: 'checkbox', id: 'unnamed-cards', key: 'cb', checked: allowed,
        onchange: (e) => ctx.intent.setUnnamedCards(e.currentTarget.checked)
          .catch((err) => announce((err && err.message) || String(err))),
      }),
      h('label', { for: 'unnamed-cards' }, t('Participants may add cards without their name shown'))),
    h('p', { class: 'hint', key: 'hint' }, allowed
      ? t('Each participant chooses when they join. The facilitator and hosts still see who wrote a card, for moderation.')
      : t('Every card shows the name of the person who added it.')));
}

export function renderPrivacy(recs, ctx) {
  const me = ctx.store && ctx.store.me;
  const people = participants(recs).filter((p) => p.role !== 'projector');
  const links = pd(ctx).links;
  return h('section', { class: 'data-screen privacy', key: 'privacy', 'aria-labelledby': 'privacy-title' },
    h('h2', { id: 'privacy-title', key: 'title' }, t('Personal data')),
    retention(ctx, recs),
    names(ctx, recs),
    h('section', { key: 'people', 'aria-labelledby': 'privacy-people-title', class: 'export-group' },
      h('h3', { id: 'privacy-people-title' }, t('People')),
      h('ul', { class: 'privacy-people' }, people.map((p) => h('li', { key: p.id },
        h('span', { class: 'person-name' }, p.name, me && p.id === me.id ? ` (${t('you')})` : ''),
        p.erased ? null : h('button', { type: 'button', onclick: () => newLink(ctx, p) }, t('New personal link')),
        p.erased || (me && p.id === me.id) ? null : h('button', { type: 'button', class: 'danger', onclick: () => erase(ctx, p) }, t('Erase…')),
        links.has(p.id) ? h('input', { type: 'text', readonly: true, value: links.get(p.id), 'aria-label': t('New link for {name}', { name: p.name }) }) : null)))),
    h('section', { key: 'delete', 'aria-labelledby': 'privacy-delete-title', class: 'export-group' },
      h('h3', { id: 'privacy-delete-title' }, t('Delete the workshop')),
      h('button', { type: 'button', class: 'danger', onclick: () => deleteWorkshop(ctx) }, t('Delete the workshop…'))));
}

registerScreen({
  id: 'privacy', order: 97, activities: [],
  label: () => t('Personal data'),
  available: (recs, me) => Boolean(me) && me.role === 'facilitator',
  boardIds: () => [],
  render: renderPrivacy,
});
