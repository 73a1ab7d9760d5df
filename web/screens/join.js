// Join page. By link (/w/<id>/join#code=…): first name only. By code alone (/join, the short
// address the projector shows): the code finds its workshop first, then the first name.
// Perspective is optional and seen by facilitators and hosts only. Before joining, the page shows
// the privacy notice and who sees what (rule D5); the join says which notice it showed.
import { h, render as patch } from '../ui/dom.js';
import { header, field, errorSummary } from '../ui/form.js';
import { apiFetch, postJSON } from '../app/http.js';
import { t } from '../app/i18n.js';
import { LIMITS, PERSPECTIVES } from '../protocol.js';
import { saveToken, loadToken, rememberWorkshop } from '../app/session.js';

/** The perspectives a person may give when joining (the protocol's PERSPECTIVES), in their own words. */
export const perspectives = () => {
  const words = {
    lived_experience: t('I use care or support, or I care for someone who does'),
    provider: t('I work for an organisation that provides services'),
    commissioner: t('I plan or buy services (for example for the council)'),
    other: t('Something else'),
  };
  return [...Object.keys(PERSPECTIVES).map((k) => [k, words[k] || PERSPECTIVES[k]]), ['', t('I would rather not say')]];
};

/** A made-up code as long as the server's (LIMITS.JOIN_CODE_LENGTH), from its letters and digits (no 0, O, 1, I, L). */
function exampleCode() {
  const n = LIMITS.JOIN_CODE_LENGTH;
  return 'K7P2QXMH'.repeat(Math.ceil(n / 8)).slice(0, n); // a value, not words
}

/** A join code as people type it: spaces and dashes dropped, letters in capitals. */
export function normaliseCode(text) {
  return String(text || '').replace(/[\s-]+/g, '').toUpperCase();
}

export function render(root, { wid, code }) {
  document.title = t('Join the workshop – Coboard');
  let errors = {};
  let busy = false;
  let found = wid ? { wid, title: '' } : null; // the workshop, once the code (or the link) names it
  let knownCode = code || '';
  let notice = null; // the privacy notice of this workshop, once fetched: {text, url, version, visible_to, unnamed_cards}

  async function fetchNotice() {
    if (!found || notice) return;
    try {
      const r = await apiFetch(`/api/workshops/${encodeURIComponent(found.wid)}/privacy-notice`, { headers: { Accept: 'application/json' } });
      if (r.ok) { notice = await r.json(); draw(); }
    } catch (_) { /* the form still works; the join then records no notice */ }
  }

  async function findByCode(e) {
    e.preventDefault();
    const typed = normaliseCode(e.currentTarget.elements.namedItem('code').value);
    errors = {};
    if (!typed) { errors.code = t('Type the join code shown by the facilitator.'); return draw(true); }
    busy = true;
    draw();
    const r = await postJSON('/api/join/lookup', { join_code: typed });
    busy = false;
    if (r.ok && r.body && r.body.workshop_id) {
      found = { wid: r.body.workshop_id, title: r.body.title || '' };
      knownCode = typed;
      draw();
      fetchNotice();
      focusName();
      return;
    }
    const b = r.body || {};
    if (r.status === 404) errors.code = t('No open workshop has this code. Check the code on the big screen and try again.');
    else if (r.status === 429) errors.code = b.message || t('Too many tries. Wait a minute, then try again.');
    else errors.form = b.message || t('Something went wrong. Please try again.');
    draw(true);
  }

  async function joinWorkshop(e) {
    e.preventDefault();
    const form = e.currentTarget;
    const name = form.elements.namedItem('name').value.trim();
    const codeField = form.elements.namedItem('code');
    const joinCode = knownCode || (codeField ? normaliseCode(codeField.value) : '');
    const checked = form.querySelector('input[name="perspective"]:checked');
    const perspective = checked ? checked.value : '';
    errors = {};
    if (!joinCode) errors.code = t('Type the join code you were given.');
    if (!name) errors.name = t('Type your first name.');
    else if (name.length > LIMITS.NAME) errors.name = t('Your first name can be at most {max} characters. Try a shorter name.', { max: LIMITS.NAME });
    if (Object.keys(errors).length) return draw(true);
    busy = true;
    draw();
    const body = { join_code: joinCode, name };
    if (perspective) body.perspective = perspective;
    if (notice) body.notice_version = notice.version;
    const unnamed = form.elements.namedItem('cards_unnamed');
    if (unnamed && unnamed.checked) body.cards_unnamed = true;
    const r = await postJSON(`/api/workshops/${encodeURIComponent(found.wid)}/join`, body);
    busy = false;
    if (r.status === 201 && r.body && r.body.token) {
      saveToken(found.wid, r.body.token);
      rememberWorkshop({ wid: found.wid, title: found.title, role: r.body.role || 'participant' });
      location.assign(`/w/${encodeURIComponent(found.wid)}`);
      return;
    }
    const b = r.body || {};
    if (r.status === 403 || b.field === 'join_code') {
      if (knownCode && code) errors.form = b.message || t('This join link does not work. Ask the facilitator for the right link.');
      else { errors.code = b.message || t('This join code does not work. Check it and try again.'); knownCode = ''; }
    } else if (b.field === 'name') {
      errors.name = b.message || t('Check your first name.');
    } else if (r.status === 404) {
      errors.form = b.message || t('This workshop could not be found. Check the link you were given.');
    } else {
      errors.form = b.message || t('Something went wrong. Please try again.');
    }
    draw(true);
  }

  function focusName() {
    requestAnimationFrame(() => { const el = root.querySelector('#name'); if (el) el.focus(); });
  }

  function codeStep() {
    return [
      h('h1', { key: 'h1' }, t('Join a workshop')),
      h('p', { class: 'lead', key: 'lead' }, t('Type the join code shown on the big screen or given to you by the facilitator.')),
      errorSummary(errors),
      h('form', { onsubmit: findByCode, novalidate: true, key: 'code-form' },
        field({ id: 'code', label: t('Join code'), error: errors.code, required: true, autocomplete: 'off', hint: t('For example: {code}', { code: exampleCode() }), value: knownCode }),
        h('button', { type: 'submit', class: 'primary', disabled: busy }, busy ? t('Looking…') : t('Next'))),
    ];
  }

  function privacyNotice() {
    if (!notice) return null;
    return h('section', { class: 'privacy-notice', key: 'privacy', 'aria-labelledby': 'privacy-title' },
      h('h2', { id: 'privacy-title' }, t('Your privacy')),
      h('p', null, notice.text),
      notice.url ? h('p', null, h('a', { href: notice.url, target: '_blank', rel: 'noopener' }, t('Read the full privacy notice'))) : null,
      h('details', null,
        h('summary', null, t('Who sees what')),
        h('dl', { class: 'visible-to' }, notice.visible_to.map((row) => [
          h('dt', { key: `w-${row.what}` }, t(row.what)), h('dd', { key: `d-${row.what}` }, t(row.who))]))));
  }

  function unnamedChoice() {
    if (!notice || !notice.unnamed_cards) return null;
    return h('div', { class: 'choice', key: 'unnamed' },
      h('input', { type: 'checkbox', name: 'cards_unnamed', id: 'cards-unnamed', value: 'yes' }),
      h('label', { for: 'cards-unnamed' }, t('Do not show my name on my cards (the facilitators still see it)')));
  }

  function nameStep() {
    const already = loadToken(found.wid);
    return [
      h('h1', { key: 'h1' }, t('Join the workshop')),
      found.title ? h('p', { class: 'lead workshop-title', key: 'title' }, found.title) : null,
      already ? h('p', { class: 'notice', key: 'already' }, t('You have joined this workshop on this device before. '),
        h('a', { href: `/w/${encodeURIComponent(found.wid)}` }, t('Go back to the board'))) : null,
      errorSummary(errors),
      privacyNotice(),
      h('form', { onsubmit: joinWorkshop, novalidate: true, key: 'join-form' },
        knownCode ? null : field({ id: 'code', label: t('Join code'), error: errors.code, required: true, autocomplete: 'off' }),
        field({ id: 'name', label: t('Your first name'), hint: t('Only your first name. Everyone in the workshop will see it.'), error: errors.name, required: true, autocomplete: 'given-name' }),
        h('fieldset', { class: 'choices' },
          h('legend', null, t('Which of these describes you best? (optional)')),
          h('p', { class: 'hint' }, t('Only the facilitators see this. It helps them hear from everyone.')),
          perspectives().map(([value, label]) => h('div', { class: 'choice', key: value || 'none' },
            h('input', { type: 'radio', name: 'perspective', id: `perspective-${value || 'none'}`, value }),
            h('label', { for: `perspective-${value || 'none'}` }, label)))),
        unnamedChoice(),
        h('button', { type: 'submit', class: 'primary', disabled: busy }, busy ? t('Joining…') : t('Join'))),
    ];
  }

  function draw(focusErrors = false) {
    patch(root, [
      header(),
      h('main', { id: 'main', tabindex: '-1', class: 'narrow', key: found ? 'main-join' : 'main-code' },
        found ? nameStep() : codeStep()),
    ]);
    if (focusErrors) {
      const s = root.querySelector('.error-summary');
      if (s) s.focus();
    }
  }

  draw();
  fetchNotice();
}
