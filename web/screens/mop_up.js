// The mop-up meeting (stage 7), for staff: the themes no table was given, themes that cut across
// the three boards (suggestions, each saying why), ideas not taken forward (most dots first) and
// the parking space with its responses. Each item can become a new action plan, or be noted as
// "taken to …". The lists come from GET …/mop-up (the server's one selection).
import { h } from '../ui/dom.js';
import { t, tn } from '../app/i18n.js';
import { announce } from '../ui/announce.js';
import { registerScreen } from '../app/screens.js';
import { LABELS, LIMITS } from '../protocol_all.js';
import { isStaff } from '../model/after.js';

function mu(ctx) {
  if (!ctx.ui.mopUp) ctx.ui.mopUp = { data: null, stamp: null, loading: false, error: null };
  return ctx.ui.mopUp;
}

/** What the lists depend on: any card, room, round or plan changing asks the server again. */
function stamp(recs) {
  let n = 0;
  for (const r of recs.values()) if (['card', 'room', 'round', 'action_plan'].includes(r.kind)) n += (r.v || 1) * 31 + r.id.length;
  return `${recs.size}:${n}`;
}

function load(recs, ctx) {
  const s = mu(ctx);
  const now = stamp(recs);
  if (s.loading || s.stamp === now) return;
  s.loading = true;
  s.stamp = now;
  ctx.conn.call('GET', 'mop-up').then((data) => { s.data = data; s.error = null; })
    .catch(() => { s.error = t('The mop-up lists could not be loaded.'); })
    .finally(() => { s.loading = false; if (ctx.act.redraw) ctx.act.redraw(); });
}

// What mop_up.plan writes as `taken_to` (server/domain/mop_up.py): shown in the reader's language.
const NEW_PLAN = 'a new action plan'; // a value, not words
const newPlan = (item) => item.taken_to === NEW_PLAN;

function actions(ctx, item, id, text) {
  const formId = `taken-${id}`;
  return h('div', { class: 'mop-actions', key: `act-${id}` },
    item.taken_to ? h('p', { class: 'mop-taken' }, t('Taken to {where}.', { where: newPlan(item) ? t('a new action plan') : item.taken_to })) : null,
    newPlan(item) ? null : h('button', {
      type: 'button', class: 'small', key: 'plan',
      onclick: () => ctx.intent.planMopUpItem(id).then((r) => {
        if (r && r.ok === false) ctx.act.say((r.err && r.err.message) || t('Not done.'), 'error');
        else announce(t('A new action plan was started from "{text}".', { text }));
      }),
    }, t('Make it an action plan'), h('span', { class: 'visually-hidden' }, `: ${text}`)),
    h('form', {
      class: 'mop-note', key: 'note', novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const where = e.currentTarget.querySelector(`#${formId}`).value.trim();
        ctx.intent.noteMopUpItem(id, where).then((r) => {
          if (r && r.ok === false) ctx.act.say((r.err && r.err.message) || t('Not saved.'), 'error');
          else announce(where ? t('Noted: taken to {where}.', { where }) : t('Note removed.'));
        });
      },
    },
    h('label', { for: formId }, t('Taken to …'), h('span', { class: 'visually-hidden' }, ` ${text}`)),
    h('input', { id: formId, type: 'text', maxlength: String(LIMITS.TAKEN_TO), value: item.taken_to || '', key: `${formId}-in` }),
    h('button', { type: 'submit', class: 'small' }, t('Note it'))));
}

export function renderMopUp(recs, ctx) {
  load(recs, ctx);
  const s = mu(ctx);
  const d = s.data;
  const head = h('h2', { id: 'mop-title', key: 'title' }, t('Mop-up meeting'));
  if (!d) return h('section', { class: 'mop-up', key: 'mop' }, head, h('p', { role: 'status' }, s.error || t('Loading…')));
  return h('section', { class: 'mop-up', key: 'mop', 'aria-labelledby': 'mop-title' }, head,
    h('p', { class: 'hint' }, t('The guide\'s questions for the mop-up meeting. The tool only suggests: the group decides.')),
    h('h3', null, t('The most populated themes that were not chosen')),
    d.themes_not_chosen.length ? h('ol', { key: 'themes' }, d.themes_not_chosen.map((x) => h('li', { key: x.theme_id },
      h('p', null, h('strong', null, x.text), ` (${x.board_title}, ${tn('{n} card', '{n} cards', x.cards)})`), actions(ctx, x, x.theme_id, x.text))))
      : h('p', null, t('Every theme went to a table.')),
    h('h3', null, t('Themes that cut across Working well, Not working well and Important for the future')),
    d.cross_cutting.length ? h('ul', { key: 'cross' }, d.cross_cutting.map((g) => h('li', { key: g.theme_ids.join('+') },
      h('p', null, g.texts.map((text, i) => `${text} (${g.board_titles[i]})`).join(' · ')), h('p', { class: 'hint' }, g.why))))
      : h('p', null, t('No themes share key words across the boards.')),
    h('h3', null, t('Ideas not taken forward')),
    d.ideas_not_taken.length ? h('ol', { key: 'ideas' }, d.ideas_not_taken.map((x) => h('li', { key: x.card_id },
      h('p', null, x.code ? h('span', { class: 'd2-code' }, `${x.code} `) : null, h('strong', null, x.text), ` (${tn('{n} dot', '{n} dots', x.dots)})`),
      actions(ctx, x, x.card_id, x.text))))
      : h('p', null, t('Every idea has an action plan.')),
    h('h3', null, t('The parking space')),
    d.parking.length ? h('ul', { key: 'parking' }, d.parking.map((x) => h('li', { key: x.card_id },
      h('p', null, h('strong', null, x.text), ' ', x.reviewed ? t('Reviewed: {response}', { response: x.response || t('no response written') }) : t('Not reviewed yet.')),
      actions(ctx, x, x.card_id, x.text))))
      : h('p', null, t('Nothing was left in the parking space.')),
    review(recs, ctx));
}

/** Stage 8: the guide's review questions, answered by the facilitator; the report shows them under the questions. */
function review(recs, ctx) {
  const me = ctx.store.me;
  if (!me || me.role !== 'facilitator' || ctx.readOnly) return null;
  const workshop = [...recs.values()].find((r) => r.kind === 'workshop') || {};
  const answers = workshop.review || {};
  const s = mu(ctx);
  if (!s.reviewErrors) s.reviewErrors = {};
  return h('section', { class: 'review', key: 'review', 'aria-labelledby': 'review-title' },
    h('h3', { id: 'review-title' }, t('The review')),
    h('p', { class: 'hint' }, t('The guide\'s questions for looking back. Your answers go into the report, under each question.')),
    Object.entries(LABELS.reviewQuestions).map(([key, question]) => h('form', {
      class: 'review-question', key: `rq-${key}`, novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const text = e.currentTarget.querySelector(`#review-${key}`).value.trim();
        ctx.intent.updateReview(key, text).then((r) => {
          s.reviewErrors[key] = r && r.ok === false ? ((r.err && r.err.message) || t('That was not saved.')) : null;
          if (!s.reviewErrors[key]) announce(t('Saved.'));
          if (ctx.act && ctx.act.redraw) ctx.act.redraw();
        });
      },
    },
    h('label', { for: `review-${key}` }, t(question)),
    h('textarea', { id: `review-${key}`, key: `review-${key}`, rows: 3, maxlength: String(LIMITS.REVIEW_ANSWER), value: answers[key] || '' }),
    s.reviewErrors[key] ? h('p', { class: 'field-error', role: 'alert' }, s.reviewErrors[key]) : null,
    h('button', { type: 'submit', class: 'small' }, t('Save this answer')))));
}

registerScreen({
  id: 'mop_up',
  order: 92,
  label: () => t('Mop-up meeting'),
  available: (recs, me) => isStaff(me),
  boardIds: () => [],
  render: renderMopUp,
});
