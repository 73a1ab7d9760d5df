// Start page: create a workshop, then open its board with the facilitator's token.
import { h, render as patch } from '../dom.js';
import { header, field, errorSummary, postJSON, saveToken } from './common.js';

const FIELD_FOR = { title: 'title', purpose: 'purpose', facilitator_name: 'name' };

export function render(root) {
  document.title = 'Start a workshop – Coboard';
  let errors = {};
  let busy = false;

  async function submit(e) {
    e.preventDefault();
    const form = e.currentTarget;
    const val = (id) => form.elements.namedItem(id).value.trim();
    const title = val('title');
    const purpose = val('purpose');
    const name = val('name');
    errors = {};
    if (!title) errors.title = 'Type a title for the workshop.';
    else if (title.length > 120) errors.title = 'The title can be at most 120 characters.';
    if (!name) errors.name = 'Type your first name.';
    else if (name.length > 40) errors.name = 'Your first name can be at most 40 characters.';
    if (Object.keys(errors).length) return draw(true);
    busy = true;
    draw();
    const body = { title, facilitator_name: name };
    if (purpose) body.purpose = purpose;
    const r = await postJSON('/api/workshops', body);
    busy = false;
    if (r.status === 201 && r.body && r.body.token) {
      saveToken(r.body.workshop_id, r.body.token);
      location.assign(`/w/${encodeURIComponent(r.body.workshop_id)}#token=${encodeURIComponent(r.body.token)}`);
      return;
    }
    const b = r.body || {};
    errors = { [FIELD_FOR[b.field] || 'form']: b.message || 'The workshop could not be created. Please try again.' };
    draw(true);
  }

  function draw(focusErrors = false) {
    patch(root, [
      header(),
      h('main', { id: 'main', tabindex: '-1', class: 'narrow', key: 'main-start' },
        h('h1', null, 'Start a workshop'),
        h('p', { class: 'lead' }, 'Make a board for a Working Together for Change workshop. You will be its facilitator, and you get a link to share with everyone taking part.'),
        errorSummary(errors),
        h('form', { onsubmit: submit, novalidate: true, key: 'start-form' },
          field({ id: 'title', label: 'Workshop title', error: errors.title, required: true, hint: 'For example: Day services in Northtown' }),
          field({ id: 'purpose', label: 'Shared purpose (optional)', multiline: true, hint: 'One or two sentences about why you are meeting.' }),
          field({ id: 'name', label: 'Your first name', error: errors.name, required: true, autocomplete: 'given-name' }),
          h('button', { type: 'submit', class: 'primary', disabled: busy }, busy ? 'Creating…' : 'Create workshop'))),
    ]);
    if (focusErrors) {
      const s = root.querySelector('.error-summary');
      if (s) s.focus();
    }
  }

  draw();
}
