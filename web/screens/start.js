// Start page: create a workshop; then the facilitator's own link, with Copy and a plain warning
// to keep it (it is their only way back in, on this computer or another); and "My workshops",
// the boards this browser has joined or created.
import { h, render as patch } from '../ui/dom.js';
import { header, field, errorSummary } from '../ui/form.js';
import { copyText } from '../ui/copy.js';
import { postJSON } from '../app/http.js';
import { t } from '../app/i18n.js';
import { LIMITS } from '../protocol.js';
import { saveToken, rememberWorkshop, myWorkshops, forgetWorkshop, personalLink } from '../app/session.js';

const FIELD_FOR = { title: 'title', purpose: 'purpose', facilitator_name: 'name' };
const ROLE_WORDS = { facilitator: 'facilitator', host: 'tech host', participant: 'participant', projector: 'projector' };

export function render(root) {
  document.title = t('Start a workshop – Coboard');
  let errors = {};
  let busy = false;
  let created = null; // {wid, title, link} once the workshop exists

  async function submit(e) {
    e.preventDefault();
    const form = e.currentTarget;
    const val = (id) => form.elements.namedItem(id).value.trim();
    const title = val('title');
    const purpose = val('purpose');
    const name = val('name');
    errors = {};
    if (!title) errors.title = t('Type a title for the workshop.');
    else if (title.length > LIMITS.TITLE) errors.title = t('The title can be at most {max} characters.', { max: LIMITS.TITLE });
    if (!name) errors.name = t('Type your first name.');
    else if (name.length > LIMITS.NAME) errors.name = t('Your first name can be at most {max} characters.', { max: LIMITS.NAME });
    if (Object.keys(errors).length) return draw(true);
    busy = true;
    draw();
    const body = { title, facilitator_name: name };
    if (purpose) body.purpose = purpose;
    const r = await postJSON('/api/workshops', body);
    busy = false;
    if (r.status === 201 && r.body && r.body.token) {
      const wid = r.body.workshop_id;
      saveToken(wid, r.body.token);
      rememberWorkshop({ wid, title, role: 'facilitator' });
      created = { wid, title, link: personalLink(location.origin, wid, r.body.token) };
      draw();
      requestAnimationFrame(() => { const el = root.querySelector('#created-title'); if (el) el.focus(); });
      return;
    }
    const b = r.body || {};
    errors = { [FIELD_FOR[b.field] || 'form']: b.message || t('The workshop could not be created. Please try again.') };
    draw(true);
  }

  function draw(focusErrors = false) {
    patch(root, [
      header(),
      h('main', { id: 'main', tabindex: '-1', class: 'narrow', key: created ? 'main-created' : 'main-start' },
        created ? createdPanel(created) : startForm()),
    ]);
    if (focusErrors) {
      const s = root.querySelector('.error-summary');
      if (s) s.focus();
    }
  }

  function startForm() {
    return [
      h('h1', { key: 'h1' }, t('Start a workshop')),
      h('p', { class: 'lead', key: 'lead' }, t('Make a board for a Working Together for Change workshop. You will be its facilitator, and you get a link to share with everyone taking part.')),
      errorSummary(errors),
      h('form', { onsubmit: submit, novalidate: true, key: 'start-form' },
        field({ id: 'title', label: t('Workshop title'), error: errors.title, required: true, hint: t('For example: Day services in Northtown') }),
        field({ id: 'purpose', label: t('Shared purpose (optional)'), multiline: true, hint: t('One or two sentences about why you are meeting.') }),
        field({ id: 'name', label: t('Your first name'), error: errors.name, required: true, autocomplete: 'given-name' }),
        h('button', { type: 'submit', class: 'primary', disabled: busy }, busy ? t('Creating…') : t('Create workshop'))),
      mine(),
      h('p', { class: 'join-instead', key: 'join-instead' }, t('Taking part in a workshop? '),
        h('a', { href: '/join' }, t('Join with a code'))),
    ];
  }

  function createdPanel(c) {
    return [
      h('h1', { id: 'created-title', tabindex: '-1', key: 'created-h1' }, t('Your workshop is ready')),
      h('div', { class: 'keep-link', key: 'keep', role: 'note' },
        h('h2', null, t('Keep your facilitator link')),
        h('p', null, t('This link is the only way back into “{title}” as its facilitator, on this computer or any other. Copy it now and keep it somewhere safe, for example in an email to yourself or a password manager.', { title: c.title })),
        h('p', { class: 'warning' }, h('strong', null, t('Do not share it:')), ' ',
          t('anyone who has it can run the workshop. People taking part get their own join link or code from the board.'))),
      h('label', { for: 'my-link', key: 'my-link-label' }, t('Your facilitator link')),
      h('div', { class: 'row copy-row', key: 'copy-row' },
        h('input', { id: 'my-link', type: 'text', readonly: true, value: c.link, key: `my-link-${c.wid}`, onfocus: (e) => e.currentTarget.select() }),
        h('button', { type: 'button', key: 'copy', onclick: (e) => copyText(c.link, document.getElementById('my-link'), e.currentTarget, t('Link copied.')) }, t('Copy link'))),
      h('p', { key: 'open' }, h('a', { class: 'button primary', href: `/w/${encodeURIComponent(c.wid)}`, 'data-open-board': '' }, t('Open the board'))),
    ];
  }

  function mine() {
    const list = myWorkshops();
    if (!list.length) return null;
    return h('section', { class: 'my-workshops', key: 'mine', 'aria-labelledby': 'mine-title' },
      h('h2', { id: 'mine-title' }, t('My workshops on this device')),
      h('ul', null, list.map((w) => h('li', { key: w.wid },
        h('a', { href: `/w/${encodeURIComponent(w.wid)}` }, w.title || t('Untitled workshop')),
        ' ', h('span', { class: 'role' }, t('as {role}', { role: ROLE_WORDS[w.role] || w.role })),
        h('button', {
          type: 'button', class: 'small link-like', 'aria-label': t('Forget {title} on this device', { title: w.title || t('Untitled workshop') }),
          onclick: () => { forgetWorkshop(w.wid); draw(); },
        }, t('Forget'))))));
  }

  draw();
}
