// Form pieces shared by the screens: the site header with the language and plain-words switches,
// labelled fields with errors, the error summary, the two small forms whose typed text is a draft
// (never lost on a re-render), and the "What to do" that folds a screen's instructions on a phone.
import { h } from './dom.js';
import {
  t, LANGUAGES, currentLanguage, chooseLanguage, plainWordsOn, choosePlainWords,
} from '../app/i18n.js';
import { LIMITS, charCount } from '../protocol.js';

/** The site header (banner landmark); `children` go after the brand; plain words and the language switch last, on every page. */
export function header(...children) {
  // The big screen is looked at, never used: it shows the workshop's language and no controls.
  const projector = typeof document !== 'undefined' && document.documentElement.classList.contains('projector-mode');
  return h('header', { class: 'site-header', key: 'site-header' },
    h('p', { class: 'brand' }, h('a', { href: '/' }, 'Coboard')), ...children,
    projector ? null : plainWordsToggle(), projector ? null : languageSwitch());
}

/** A labelled text field with an optional hint and error, wired with aria-describedby. */
export function field({ id, label, hint, error, type = 'text', value = '', required = false, autocomplete, multiline = false, maxlength, oninput }) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || null;
  return h('div', { class: `field${error ? ' has-error' : ''}`, key: `field-${id}` },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    error ? h('p', { class: 'field-error', id: `${id}-error` }, h('span', { class: 'visually-hidden' }, t('Error: ')), error) : null,
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
    h('h2', null, t('There is a problem')),
    h('ul', null, list.map(([id, msg]) => h('li', { key: id }, id === 'form' ? msg : h('a', { href: `#${id}` }, msg)))));
}

/**
 * A one-field form whose text is a draft (typed text never lost); the input is keyed so a
 * re-render never replaces it. submit(value) returns false to keep the text.
 */
export function oneField(ctx, { field, id, label, button, submit, maxlength = LIMITS.CARD_TEXT, hint, type = 'text', initial = '', hideLabel = false, extra = null, cancel = null }) {
  const text = ctx.draft(field, initial);
  return h('form', {
    class: 'one-field', key: `form-${field}`, novalidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      const input = e.currentTarget.querySelector(`#${id}`);
      const value = input.value.trim();
      if (!value && type !== 'number') { ctx.act.say(t('Type some words first.'), 'error'); input.focus(); return; }
      if (submit(value) === false) return;
      input.value = '';
      ctx.setDraft(field, null);
    },
  },
  h('label', { for: id, class: hideLabel ? 'visually-hidden' : null }, label),
  hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  h('div', { class: 'row' },
    h('input', {
      id, key: `input-${field}`, type, value: text, maxlength: type === 'text' ? String(maxlength) : null, autocomplete: 'off',
      min: type === 'number' ? '1' : null, max: type === 'number' ? '240' : null, inputmode: type === 'number' ? 'numeric' : null,
      'aria-describedby': hint ? `${id}-hint` : null,
      oninput: (e) => ctx.setDraft(field, e.currentTarget.value),
      onkeydown: cancel ? (e) => { if (e.key === 'Escape') { e.preventDefault(); cancel(); } } : null,
      oncreate: cancel ? (el) => requestAnimationFrame(() => { el.focus(); el.select(); }) : null,
    }),
    extra,
    h('button', { type: 'submit' }, button),
    cancel ? h('button', { type: 'button', onclick: cancel }, t('Cancel')) : null));
}

/**
 * A one-field form with a live character counter; the text is kept as a draft (memory and
 * localStorage) until it is handed to the outbox, and the input is never rebuilt while typed in.
 */
export function textForm(ctx, { field, id, label, hint, button, submit, cancel, initial = '', keepDraftKey = false }) {
  const text = ctx.draft(field, initial);
  const left = LIMITS.CARD_TEXT - charCount(text);
  const counterId = `${id}-count`;
  return h('form', {
    class: 'text-form', key: `form-${field}`, novalidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      const input = e.currentTarget.querySelector('input');
      const value = input.value.trim();
      if (!value) { ctx.act.say(t('Type some words first.'), 'error'); input.focus(); return; }
      const n = charCount(value);
      if (n > LIMITS.CARD_TEXT) { ctx.act.say(t('That is {n} characters. The most is {max}. Please shorten it.', { n, max: LIMITS.CARD_TEXT }), 'error'); return; }
      submit(value);
      input.value = '';
      ctx.setDraft(field, keepDraftKey ? null : '');
    },
  },
  h('label', { for: id }, label),
  hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  h('div', { class: 'row' },
    h('input', {
      id, key: `input-${field}`, type: 'text', value: text, autocomplete: 'off',
      'data-draft': field, 'aria-describedby': [hint ? `${id}-hint` : null, counterId].filter(Boolean).join(' '),
      oninput: (e) => { ctx.setDraft(field, e.currentTarget.value); showCount(counterId, e.currentTarget.value); },
      onkeydown: cancel ? (e) => { if (e.key === 'Escape') { e.preventDefault(); cancel(); } } : null,
      oncreate: cancel ? (el) => requestAnimationFrame(() => { el.focus(); el.select(); }) : null,
    }),
    h('button', { type: 'submit' }, button),
    cancel ? h('button', { type: 'button', onclick: cancel }, t('Cancel')) : null),
  h('p', { class: `counter${left < 20 ? ' near' : ''}`, id: counterId, 'aria-live': left < 20 ? 'polite' : 'off' },
    counterText(text)));
}

function counterText(text) {
  const n = charCount(text);
  return n > LIMITS.CARD_TEXT
    ? t('{n} of {max} characters: {over} too many', { n, max: LIMITS.CARD_TEXT, over: n - LIMITS.CARD_TEXT })
    : t('{n} of {max} characters', { n, max: LIMITS.CARD_TEXT });
}

// Typing updates only its counter, not the whole board: cheap on an old phone.
function showCount(counterId, text) {
  const el = document.getElementById(counterId);
  if (!el) return;
  const near = LIMITS.CARD_TEXT - charCount(text) < 20;
  el.firstChild.data = counterText(text);
  el.classList.toggle('near', near);
  if (el.getAttribute('aria-live') !== (near ? 'polite' : 'off')) el.setAttribute('aria-live', near ? 'polite' : 'off');
}

// ---- the language switch and plain words -----------------------------------------------------
// On every page (in the site header): each language named in its own words, the one in use marked.
// Choosing one is remembered on this device and the page is drawn again in it (a reload: the
// outbox and drafts are kept in localStorage, so nothing is lost).

export function languageSwitch() {
  const now = currentLanguage();
  return h('div', { class: 'language-switch', role: 'group', 'aria-label': t('Language'), key: 'language-switch' },
    Object.entries(LANGUAGES).map(([code, name]) => h('button', {
      type: 'button', class: 'toggle', lang: code, key: `lang-${code}`, 'aria-pressed': code === now ? 'true' : 'false',
      onclick: () => {
        if (code === now) return;
        chooseLanguage(code);
        location.reload();
      },
    }, name)));
}

/** Plain words: short sentences for every instruction, for this person only (kept on this device). */
export function plainWordsToggle() {
  const plain = plainWordsOn();
  return h('button', {
    type: 'button', class: 'toggle plain-words-toggle', key: 'plain-words', 'aria-pressed': plain ? 'true' : 'false',
    onclick: () => { choosePlainWords(!plain); location.reload(); },
  }, t('Plain words'));
}

// ---- what to do ---------------------------------------------------------------------------------
// Instructions that come before a board (how to theme a card, what to list): on a phone they fold
// under one "What to do" line, so the first screen shows what is on now and the board itself (in
// Welsh or large text the words alone had filled a phone's screen). Wider, they are read as they are.

/** `body` (one description, with its own key and id) as it is, or on a phone (ctx.ui.narrow) inside a closed disclosure. */
export function howTo(ctx, key, body) {
  if (!body || !ctx.ui.narrow) return body;
  return h('details', { class: 'how-to', key: `how-to-${key}` }, h('summary', null, t('What to do')), body);
}
