// Pieces shared by the views: the site header, form fields with errors, the HTTP helper.
import { h } from '../dom.js';

/** The site header (banner landmark); `children` go after the brand. */
export function header(...children) {
  return h('header', { class: 'site-header', key: 'site-header' },
    h('p', { class: 'brand' }, h('a', { href: '/' }, 'Coboard')), ...children);
}

/** A labelled text field with an optional hint and error, wired with aria-describedby. */
export function field({ id, label, hint, error, type = 'text', value = '', required = false, autocomplete, multiline = false, maxlength, oninput }) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || null;
  return h('div', { class: `field${error ? ' has-error' : ''}`, key: `field-${id}` },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    error ? h('p', { class: 'field-error', id: `${id}-error` }, h('span', { class: 'visually-hidden' }, 'Error: '), error) : null,
    h(multiline ? 'textarea' : 'input', {
      id, name: id, type: multiline ? null : type, value, required, autocomplete, maxlength, rows: multiline ? 3 : null,
      'aria-describedby': described, 'aria-invalid': error ? 'true' : null, key: `input-${id}`, oninput,
    }));
}

/** A list of errors at the top of a form, linking to the fields (GOV.UK pattern). */
export function errorSummary(errors) {
  const list = Object.entries(errors).filter(([, msg]) => msg);
  if (!list.length) return null;
  return h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', key: 'error-summary' },
    h('h2', null, 'There is a problem'),
    h('ul', null, list.map(([id, msg]) => h('li', { key: id }, id === 'form' ? msg : h('a', { href: `#${id}` }, msg)))));
}

/** POST JSON; resolves {ok, status, body}. Network failures come back as a readable message. */
export async function postJSON(url, body) {
  try {
    const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    return { ok: r.ok, status: r.status, body: data };
  } catch (e) {
    return { ok: false, status: 0, body: { code: 'offline', message: 'Coboard could not be reached. Check your internet connection and try again.' } };
  }
}

/** Keep a member token for a workshop. */
export function saveToken(wid, token) {
  try { localStorage.setItem(`coboard.token.${wid}`, token); } catch (e) { /* kept in the URL instead */ }
}

/** The member token kept for a workshop, or null. */
export function loadToken(wid) {
  try { return localStorage.getItem(`coboard.token.${wid}`); } catch (e) { return null; }
}
