// Reflective feedback (seed 004's questionnaire): a short form for a phone, every control a
// native one (radio groups, text fields) so the keyboard reaches everything; anonymous, answered
// once; the results once 3 people or more have answered, each round kept to compare over time.
// Staff open and close a round (with their own place name).
import { h } from '../ui/dom.js';
import { t, tn } from '../app/i18n.js';
import { announce } from '../ui/announce.js';
import { registerScreen } from '../app/screens.js';
import { LABELS, LIMITS } from '../protocol_all.js';
import { feedbackRounds, openFeedback, feedbackAnswer, feedbackTitle, isStaff, dayInWords, ratingStatements } from '../model/after.js';

/** One of the questionnaire's questions (LABELS.feedbackQuestions) in the reader's language. */
const q = (key) => t(LABELS.feedbackQuestions[key]);

const SENT = 'coboard.feedback.sent.';  // this device sent an answer (the server knows only that someone did)

function fb(ctx) {
  if (!ctx.ui.feedback) ctx.ui.feedback = { error: null, sent: new Set() };
  return ctx.ui.feedback;
}

function sentHere(ctx, id) {
  if (fb(ctx).sent.has(id)) return true;
  try { return localStorage.getItem(SENT + id) === '1'; } catch (e) { return false; }
}

function markSent(ctx, id) {
  fb(ctx).sent.add(id);
  try { localStorage.setItem(SENT + id, '1'); } catch (e) { /* remembered for this page only */ }
}

function redraw(ctx) {
  if (ctx.act && ctx.act.redraw) ctx.act.redraw();
}

function scale(name, legend, [low, high]) {
  const hint = `${name}-scale`;
  return h('fieldset', { class: 'fb-scale', key: name, 'aria-describedby': hint },
    h('legend', null, legend),
    h('p', { class: 'hint', id: hint }, t('1 ({low}) to 5 ({high})', { low, high })),
    h('div', { class: 'fb-options' }, [1, 2, 3, 4, 5].map((n) => h('label', { key: n, class: 'fb-option' },
      h('input', { type: 'radio', name, value: String(n), id: `${name}-${n}` }), h('span', null, String(n))))));
}

function textArea(id, label, hint) {
  return h('div', { class: 'field', key: id },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('textarea', { id, name: id, rows: 3, maxlength: String(LIMITS.FEEDBACK_TEXT), 'aria-describedby': hint ? `${id}-hint` : null }));
}

function form(recs, ctx, f) {
  const ratings = ratingStatements(f);
  return h('form', {
    class: 'feedback-form', key: `form-${f.id}`, novalidate: true, 'aria-labelledby': 'fb-title',
    onsubmit: async (e) => {
      e.preventDefault();
      const el = e.currentTarget;
      const values = {};
      for (const key of [...Object.keys(LABELS.feedbackRatings), 'satisfaction']) {
        const checked = el.querySelector(`input[name="${key}"]:checked`);
        values[key] = checked ? checked.value : '';
      }
      values.words = [0, 1, 2, 3].map((i) => el.querySelector(`#fb-word-${i}`).value);
      for (const key of ['self_word', ...LABELS.feedbackTexts]) values[key] = el.querySelector(`#fb-${key}`).value;
      const answer = feedbackAnswer(values);
      const s = fb(ctx);
      if (!Object.keys(answer).length) {
        s.error = t('Please answer at least one question before you send.');
        announce(s.error);
        redraw(ctx);
        return;
      }
      const r = await ctx.intent.answerFeedback(f.id, answer);
      if (r && r.ok === false) {
        s.error = (r.err && r.err.message) || t('Your answers were not sent.');
        if (r.err && r.err.code === 'conflict') markSent(ctx, f.id);
      } else {
        s.error = null;
        markSent(ctx, f.id);
        announce(t('Thank you. Your answers were sent without your name.'));
      }
      redraw(ctx);
    },
  },
  h('p', { class: 'fb-anon', key: 'anon' }, t('Your answers are anonymous: nobody, the facilitator included, can see who gave them. Every question is optional.')),
  h('h3', { key: 'ratings-q' }, q('ratings')),
  Object.entries(ratings).map(([key, statement]) => scale(key, statement, LABELS.feedbackScale.rating.map((w) => t(w)))),
  h('fieldset', { class: 'fb-words', key: 'words' },
    h('legend', null, q('words')),
    h('p', { class: 'hint', id: 'fb-words-hint' }, q('words_example')),
    [0, 1, 2, 3].map((i) => h('div', { key: i, class: 'fb-word' },
      h('label', { for: `fb-word-${i}` }, t('Word {n}', { n: i + 1 })),
      h('input', { id: `fb-word-${i}`, type: 'text', maxlength: String(LIMITS.FEEDBACK_WORD), 'aria-describedby': 'fb-words-hint', autocomplete: 'off' })))),
  h('div', { class: 'field', key: 'self_word' },
    h('label', { for: 'fb-self_word' }, q('self_word')),
    h('p', { class: 'hint', id: 'fb-self_word-hint' }, q('self_word_example')),
    h('input', { id: 'fb-self_word', type: 'text', maxlength: String(LIMITS.FEEDBACK_WORD), 'aria-describedby': 'fb-self_word-hint', autocomplete: 'off' })),
  textArea('fb-self_reason', q('self_reason')),
  scale('satisfaction', q('satisfaction'), LABELS.feedbackScale.satisfaction.map((w) => t(w))),
  textArea('fb-help', q('help')),
  textArea('fb-more_less', q('more_less')),
  fb(ctx).error ? h('p', { class: 'field-error', role: 'alert', key: 'err' }, fb(ctx).error) : null,
  h('button', { type: 'submit', class: 'primary', key: 'send' }, t('Send my answers')));
}

function results(f) {
  const r = f.results;
  if (!r) {
    return h('p', { class: 'fb-waiting', key: `wait-${f.id}` },
      tn('{n} person has answered so far.', '{n} people have answered so far.', f.answers || 0), ' ',
      f.status === 'open'
        ? t('The results are shown when the questionnaire closes, if {n} people or more have answered: so nobody\'s answer can be told by when it came.', { n: LABELS.feedbackMinAnswers })
        : t('Results are shown once {n} people have answered, so that nobody\'s answer stands alone.', { n: LABELS.feedbackMinAnswers }));
  }
  const ratings = ratingStatements(f);
  const mean = (v) => (v.mean === null || v.mean === undefined ? t('no answers') : v.mean.toFixed(1));
  return h('div', { class: 'fb-results', key: `res-${f.id}` },
    h('table', null,
      h('caption', null, tn('Average from 1 to 5 ({n} answer)', 'Average from 1 to 5 ({n} answers)', r.answers)),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('Statement')), h('th', { scope: 'col' }, t('Average')), h('th', { scope: 'col' }, t('Answers')))),
      h('tbody', null,
        Object.keys(ratings).map((k) => h('tr', { key: k }, h('th', { scope: 'row' }, ratings[k]), h('td', null, mean(r.ratings[k])), h('td', null, String(r.ratings[k].count)))),
        h('tr', { key: 'sat' }, h('th', { scope: 'row' }, q('satisfaction')), h('td', null, mean(r.satisfaction)), h('td', null, String(r.satisfaction.count))))),
    r.words.length ? h('p', null, h('strong', null, t('Words for the group: ')), r.words.map((w) => `${w.word} (${w.count})`).join(', ')) : null,
    r.self_words.length ? h('p', null, h('strong', null, t('Words for ourselves: ')), r.self_words.map((w) => `${w.word} (${w.count})`).join(', ')) : null,
    LABELS.feedbackTexts.map((key) => (r[key] && r[key].length ? h('div', { key }, h('p', null, h('strong', null, q(key))),
      h('ul', null, r[key].map((text, i) => h('li', { key: i }, text)))) : null)));
}

/** The rounds with results side by side, oldest first: how the group's view changed over time. */
function comparison(rounds) {
  const done = rounds.filter((f) => f.results);
  if (done.length < 2) return null;
  const latest = done[done.length - 1];
  const statements = ratingStatements(latest);
  const cell = (v) => (v && v.mean !== null && v.mean !== undefined ? v.mean.toFixed(1) : '–');
  return h('div', { class: 'fb-results fb-compare', key: 'compare' },
    h('table', null,
      h('caption', null, t('Compared over time (average from 1 to 5)')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('Statement')),
        done.map((f) => h('th', { scope: 'col', key: f.id }, `${f.number}. ${dayInWords(f.opened_at)}`)))),
      h('tbody', null,
        Object.keys(statements).map((k) => h('tr', { key: k }, h('th', { scope: 'row' }, statements[k]),
          done.map((f) => h('td', { key: f.id }, cell(f.results.ratings[k]))))),
        h('tr', { key: 'sat' }, h('th', { scope: 'row' }, q('satisfaction')),
          done.map((f) => h('td', { key: f.id }, cell(f.results.satisfaction)))))));
}

function staffTools(recs, ctx, open) {
  if (!isStaff(ctx.store.me) || ctx.readOnly) return null;
  if (open) {
    return h('button', {
      type: 'button', key: 'close', onclick: () => ctx.intent.closeFeedback(open.id).then(() => announce(t('Feedback closed.'))),
    }, t('Close this questionnaire'));
  }
  return h('form', {
    class: 'fb-open', key: 'open', novalidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      const el = e.currentTarget;
      const place = el.querySelector('#fb-place').value.trim();
      const title = el.querySelector('#fb-title-input').value.trim();
      ctx.intent.openFeedback({ place, title }).then((r) => {
        if (r && r.ok === false) ctx.act.say((r.err && r.err.message) || t('Not opened.'), 'error');
        else announce(t('Feedback questionnaire open.'));
      });
    },
  },
  h('h3', null, t('Ask for feedback')),
  h('label', { for: 'fb-title-input' }, t('Title (optional)')),
  h('input', { id: 'fb-title-input', type: 'text', maxlength: String(LIMITS.FEEDBACK_TITLE) }),
  h('label', { for: 'fb-place' }, t('Your place, for "We are focused on making … better for everyone"')),
  h('input', { id: 'fb-place', type: 'text', maxlength: String(LIMITS.FEEDBACK_PLACE), placeholder: t(LABELS.feedbackPlace) }),
  h('button', { type: 'submit' }, t('Open the questionnaire')));
}

export function renderFeedback(recs, ctx) {
  const open = openFeedback(recs);
  const rounds = feedbackRounds(recs);
  const me = ctx.store.me;
  const canAnswer = open && me && me.role !== 'projector' && !ctx.readOnly && !sentHere(ctx, open.id);
  return h('section', { class: 'feedback-screen', key: 'feedback', 'aria-labelledby': 'fb-title' },
    h('h2', { id: 'fb-title' }, open ? feedbackTitle(open, recs) : t('Reflective feedback')),
    canAnswer ? form(recs, ctx, open) : null,
    open && !canAnswer && sentHere(ctx, open.id) ? h('p', { class: 'fb-thanks', key: 'thanks', role: 'status' }, t('Thank you: your answers were sent.')) : null,
    !open && !rounds.length ? h('p', { class: 'empty', key: 'none' }, t('No feedback questionnaire yet.')) : null,
    staffTools(recs, ctx, open),
    comparison(rounds),
    rounds.length ? h('div', { class: 'fb-rounds', key: 'rounds' }, [...rounds].reverse().map((f) => h('section', { key: f.id, 'aria-labelledby': `fbr-${f.id}` },
      h('h3', { id: `fbr-${f.id}` }, `${f.number}. ${feedbackTitle(f, recs)} (${dayInWords(f.opened_at)}${f.status === 'open' ? `, ${t('open')}` : ''})`),
      results(f)))) : null);
}

registerScreen({
  id: 'feedback',
  order: 95,
  label: () => t('Feedback'),
  available: (recs, me) => Boolean(me) && (isStaff(me) || feedbackRounds(recs).length > 0),
  boardIds: () => [],
  render: renderFeedback,
});
