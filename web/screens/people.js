// Who is here: everyone in the workshop with their online state (a word, not only a dot).
import { h } from '../ui/dom.js';
import { participants } from '../model/store.js';
import { t } from '../app/i18n.js';

const perspectiveName = (p) => ({ lived_experience: t('lived experience'), provider: t('provider'), commissioner: t('commissioner'), other: t('other') })[p];
const roleName = (r) => ({ facilitator: t('facilitator'), host: t('tech host'), participant: '', projector: t('projector screen') })[r];

/** The "Who is here" panel as a description for `render`. */
export function render(recs, me) {
  const people = participants(recs).filter((p) => p.role !== 'projector');
  const online = people.filter((p) => p.online).length;
  return h('aside', { class: 'people', 'aria-labelledby': 'people-title', key: 'people' },
    h('h2', { id: 'people-title' }, t('Who is here')),
    h('p', { class: 'people-summary' }, t('{n} of {total} online', { n: online, total: people.length })),
    h('ul', { class: 'people-list' }, people.map((p) => h('li', { key: p.id, class: p.online ? 'online' : 'offline' },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'person-name' }, p.name, me && p.id === me.id ? [' (', t('you'), ')'] : ''),
      roleName(p.role) ? h('span', { class: 'person-role' }, ', ', roleName(p.role)) : null,
      h('span', { class: 'person-state' }, ' – ', p.online ? t('online') : t('away')),
      // Perspective reaches facilitators and hosts only; it helps them hear from everyone.
      p.perspective ? h('span', { class: 'person-perspective' }, ' (', perspectiveName(p.perspective) || p.perspective, ')') : null))));
}
