// Instructions that come before a board (how to theme a card, what to list): on a phone they fold
// under one "What to do" line, so the first screen shows what is on now and the board itself (in
// Welsh or large text the words alone had filled a phone's screen). Wider, they are read as they are.
import { h } from './dom.js';
import { t } from '../app/i18n.js';

/** `body` (one description, with its own key and id) as it is, or on a phone (ctx.ui.narrow) inside a closed disclosure. */
export function howTo(ctx, key, body) {
  if (!body || !ctx.ui.narrow) return body;
  return h('details', { class: 'how-to', key: `how-to-${key}` }, h('summary', null, t('What to do')), body);
}
