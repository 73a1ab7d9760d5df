// Who is here: everyone in the workshop with their online state (a word, not only a dot).
import { h } from '../ui/dom.js';
import { participants } from '../model/store.js';

const PERSPECTIVE_NAMES = { lived_experience: 'lived experience', provider: 'provider', commissioner: 'commissioner', other: 'other' };
const ROLE_NAMES = { facilitator: 'facilitator', host: 'tech host', participant: '', projector: 'projector screen' };

/** The "Who is here" panel as a description for `render`. */
export function render(recs, me) {
  const people = participants(recs).filter((p) => p.role !== 'projector');
  const online = people.filter((p) => p.online).length;
  return h('aside', { class: 'people', 'aria-labelledby': 'people-title', key: 'people' },
    h('h2', { id: 'people-title' }, 'Who is here'),
    h('p', { class: 'people-summary' }, `${online} of ${people.length} online`),
    h('ul', { class: 'people-list' }, people.map((p) => h('li', { key: p.id, class: p.online ? 'online' : 'offline' },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'person-name' }, p.name, me && p.id === me.id ? ' (you)' : ''),
      ROLE_NAMES[p.role] ? h('span', { class: 'person-role' }, `, ${ROLE_NAMES[p.role]}`) : null,
      h('span', { class: 'person-state' }, p.online ? ' – online' : ' – away'),
      // Perspective reaches facilitators and hosts only; it helps them hear from everyone.
      p.perspective ? h('span', { class: 'person-perspective' }, ` (${PERSPECTIVE_NAMES[p.perspective] || p.perspective})`) : null))));
}
