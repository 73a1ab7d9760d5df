// A page for addresses Coboard does not know.
import { h, render as patch } from '../ui/dom.js';
import { header } from '../ui/form.js';

export function render(root) {
  document.title = 'Page not found – Coboard';
  patch(root, [
    header(),
    h('main', { id: 'main', tabindex: '-1', class: 'narrow' },
      h('h1', null, 'Page not found'),
      h('p', null, 'This address is not a Coboard page. Check the link you were given, or ask the facilitator for a new one.'),
      h('p', null, h('a', { href: '/' }, 'Go to the start page'))),
  ]);
}
