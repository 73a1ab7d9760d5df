// The language switch, on every page (in the site header): each language named in its own
// words, the one in use marked. Choosing one is remembered on this device and the page is drawn
// again in it (a reload: the outbox and drafts are kept in localStorage, so nothing is lost).
import { h } from './dom.js';
import {
  t, LANGUAGES, currentLanguage, chooseLanguage, plainWordsOn, choosePlainWords,
} from '../app/i18n.js';

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
