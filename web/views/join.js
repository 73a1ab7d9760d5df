// Join page: first name only, with the join code from the link; perspective is optional.
import { h, render as patch } from '../dom.js';
import { header, field, errorSummary, postJSON, saveToken, loadToken } from './common.js';

export const PERSPECTIVES = [
  ['lived_experience', 'I use care or support, or I care for someone who does'],
  ['provider', 'I work for an organisation that provides services'],
  ['commissioner', 'I plan or buy services (for example for the council)'],
  ['other', 'Something else'],
  ['', 'I would rather not say'],
];

export function render(root, { wid, code }) {
  document.title = 'Join the workshop – Coboard';
  let errors = {};
  let busy = false;
  const hasCode = Boolean(code);

  async function submit(e) {
    e.preventDefault();
    const form = e.currentTarget;
    const name = form.elements.namedItem('name').value.trim();
    const joinCode = hasCode ? code : form.elements.namedItem('code').value.trim();
    const checked = form.querySelector('input[name="perspective"]:checked');
    const perspective = checked ? checked.value : '';
    errors = {};
    if (!hasCode && !joinCode) errors.code = 'Type the join code you were given.';
    if (!name) errors.name = 'Type your first name.';
    else if (name.length > 40) errors.name = 'Your first name can be at most 40 characters. Try a shorter name.';
    if (Object.keys(errors).length) return draw(true);
    busy = true;
    draw();
    const body = { join_code: joinCode, name };
    if (perspective) body.perspective = perspective;
    const r = await postJSON(`/api/workshops/${encodeURIComponent(wid)}/join`, body);
    busy = false;
    if (r.status === 201 && r.body && r.body.token) {
      saveToken(wid, r.body.token);
      location.assign(`/w/${encodeURIComponent(wid)}`);
      return;
    }
    const b = r.body || {};
    if (r.status === 403 || b.field === 'join_code') {
      errors = { [hasCode ? 'form' : 'code']: b.message || 'This join link does not work. Ask the facilitator for the right link.' };
    } else if (b.field === 'name') {
      errors = { name: b.message || 'Check your first name.' };
    } else if (r.status === 404) {
      errors = { form: b.message || 'This workshop could not be found. Check the link you were given.' };
    } else {
      errors = { form: b.message || 'Something went wrong. Please try again.' };
    }
    draw(true);
  }

  function draw(focusErrors = false) {
    const already = loadToken(wid);
    patch(root, [
      header(),
      h('main', { id: 'main', tabindex: '-1', class: 'narrow', key: 'main-join' },
        h('h1', null, 'Join the workshop'),
        already ? h('p', { class: 'notice' }, 'You have joined this workshop on this device before. ',
          h('a', { href: `/w/${encodeURIComponent(wid)}` }, 'Go back to the board')) : null,
        errorSummary(errors),
        h('form', { onsubmit: submit, novalidate: true, key: 'join-form' },
          hasCode ? null : field({ id: 'code', label: 'Join code', error: errors.code, required: true, autocomplete: 'off' }),
          field({ id: 'name', label: 'Your first name', hint: 'Only your first name. Everyone in the workshop will see it.', error: errors.name, required: true, autocomplete: 'given-name' }),
          h('fieldset', { class: 'choices' },
            h('legend', null, 'Which of these describes you best? (optional)'),
            h('p', { class: 'hint' }, 'Only the facilitators see this. It helps them hear from everyone.'),
            PERSPECTIVES.map(([value, label]) => h('div', { class: 'choice', key: value || 'none' },
              h('input', { type: 'radio', name: 'perspective', id: `perspective-${value || 'none'}`, value }),
              h('label', { for: `perspective-${value || 'none'}` }, label)))),
          h('button', { type: 'submit', class: 'primary', disabled: busy }, busy ? 'Joining…' : 'Join'))),
    ]);
    if (focusErrors) {
      const s = root.querySelector('.error-summary');
      if (s) s.focus();
    }
  }

  draw();
}
