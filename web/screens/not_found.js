// A page for addresses Coboard does not know.
import { h, render as patch } from '../ui/dom.js';
import { header } from '../ui/form.js';
import { t } from '../app/i18n.js';

export function render(root) {
  document.title = t('Page not found – Coboard');
  patch(root, [
    header(),
    h('main', { id: 'main', tabindex: '-1', class: 'narrow' },
      h('h1', null, t('Page not found')),
      h('p', null, t('This address is not a Coboard page. Check the link you were given, or ask the facilitator for a new one.')),
      h('p', null, h('a', { href: '/' }, t('Go to the start page')))),
  ]);
}
