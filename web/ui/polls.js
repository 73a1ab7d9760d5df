// Polls beside the screens (screens/rooms.js aside, once there is a poll for this person; fetched then,
// app/lazy.js) and every poll in the host console: answer, see the results when they may be seen; staff close them.
import { h } from './dom.js';
import { announce } from './announce.js';
import { t, tn } from '../app/i18n.js';
import { isStaff, roomOf, pollsFor, myAnswer, resultsVisible, resultsWait, tooFewToShow, pollResults } from '../model/rooms.js';
import { LABELS } from '../protocol_all.js';

/** Polls for this person; staff also close them and see names in named polls. */
export function polls(recs, ctx, { everyRoom = false, heading = t('Polls') } = {}) {
  const me = ctx.store.me;
  const here = roomOf(recs, me);
  const list = pollsFor(recs, me, here && here.id, everyRoom);
  if (!list.length && !everyRoom) return null;
  return h('section', { class: 'polls', key: `polls-${everyRoom ? 'all' : 'mine'}`, 'aria-labelledby': `polls-title-${everyRoom ? 'all' : 'mine'}` },
    h('h2', { id: `polls-title-${everyRoom ? 'all' : 'mine'}` }, heading),
    list.length ? h('ul', { class: 'poll-list' }, list.map((p) => h('li', { key: p.id }, poll(recs, ctx, p, everyRoom ? 'all' : 'mine'))))
      : h('p', { class: 'empty' }, t('No polls yet.')));
}

// An anonymous answer reaches nobody, its voter included (rule D2): the page keeps the choices of
// its own ack, in memory only (a shared device forgets them on reload), to show "Your answer".
const ownAnonymous = new Map();

function poll(recs, ctx, p, where) {
  const me = ctx.store.me;
  const kept = p.anonymous ? ownAnonymous.get(`${ctx.wid}/${me.id}/${p.id}`) : null;
  const mine = myAnswer(recs, p.id, me.id) || (kept ? { choices: kept } : null);
  const chosen = new Set(mine ? mine.choices : []);
  const open = p.status === 'open';
  const name = `poll-${where}-${p.id}`;
  const showResults = resultsVisible(p, me);
  return h('div', { class: `poll${open ? '' : ' closed'}`, key: `poll-${p.id}` },
    h('form', {
      key: `form-${p.id}-${open}`,
      onsubmit: (e) => {
        e.preventDefault();
        const choices = [...e.currentTarget.querySelectorAll('input:checked')].map((i) => Number(i.value));
        if (!choices.length) { ctx.act.say(t('Choose an answer first.'), 'error'); return; }
        ctx.intent.answerPoll(p.id, choices).then((r) => {
          const given = r && r.ok && r.ack && r.ack.result && r.ack.result.choices;
          if (p.anonymous && given) { ownAnonymous.set(`${ctx.wid}/${me.id}/${p.id}`, given); if (ctx.act.redraw) ctx.act.redraw(); }
        });
        announce(t('Your answer is sent.'));
      },
    },
    h('fieldset', null,
      h('legend', null, p.question, open ? '' : [' (', t('closed'), ')']),
      h('p', { class: 'hint' }, [
        p.multiple ? t('Choose one or more.') : t('Choose one.'),
        p.anonymous ? t('Anonymous: nobody sees who chose what.') : t('Named: the hosts see your name with your answer.'),
        p.show === 'on_close' && open && !resultsWait(p) ? t('Results are shown when the poll closes.') : '',
      ].filter(Boolean).join(' ')),
      p.options.map((opt, i) => h('div', { class: 'choice', key: `opt-${i}` },
        h('input', {
          type: p.multiple ? 'checkbox' : 'radio', id: `${name}-${i}`, name, value: String(i), checked: chosen.has(i),
          disabled: !open, key: `in-${i}-${p.multiple}`,
        }),
        h('label', { for: `${name}-${i}` }, opt)))),
    open ? h('button', { type: 'submit' }, mine ? t('Change my answer') : t('Send answer')) : null,
    mine ? h('p', { class: 'your-answer' }, t('Your answer: {answer}.', { answer: mine.choices.map((c) => p.options[c]).join(', ') })) : null),
    showResults ? results(recs, ctx, p) : null,
    resultsWait(p) ? h('div', { class: 'poll-results waiting', key: `waiting-${p.id}` },
      h('p', { class: 'answered' }, tn('{n} person has answered so far.', '{n} people have answered so far.', p.answered || 0)),
      h('p', { class: 'results-wait' }, t('Results show when the poll closes, so nobody can tell who chose what.')),
      h('p', { class: 'results-min' }, t('Results are shown once {n} people have answered, so that nobody\'s answer stands alone.', { n: LABELS.pollMinAnswers }))) : null,
    tooFewToShow(p) ? h('div', { class: 'poll-results too-few', key: `too-few-${p.id}` },
      h('p', { class: 'answered' }, tn('{n} person has answered.', '{n} people have answered.', p.answered || 0)),
      h('p', { class: 'results-min' }, t('Results are shown once {n} people have answered, so that nobody\'s answer stands alone.', { n: LABELS.pollMinAnswers }))) : null,
    isStaff(me) && open ? h('button', { type: 'button', class: 'small', key: 'close', onclick: () => { ctx.intent.closePoll(p.id); announce(t('Poll closed.')); } }, t('Close poll')) : null);
}

function results(recs, ctx, p) {
  const me = ctx.store.me;
  const rows = pollResults(recs, p);
  const total = p.answered || 0;
  return h('div', { class: 'poll-results', key: `results-${p.id}` },
    h('p', { class: 'answered' }, p.status === 'open' ? tn('{n} person has answered so far.', '{n} people have answered so far.', total) : tn('{n} person has answered.', '{n} people have answered.', total)),
    h('ul', { class: 'bars', 'aria-label': t('Results: {question}', { question: p.question }) }, rows.map((r, i) => h('li', { key: `r-${i}` },
      h('span', { class: 'bar-label' }, `${r.option}: ${r.count} (${r.percent}%)`),
      h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', {
        // Through the CSSOM: the page's CSP refuses style attributes.
        class: 'bar-fill', oncreate: (el) => { el.style.width = `${r.percent}%`; }, onupdate: (el) => { el.style.width = `${r.percent}%`; },
      })),
      isStaff(me) && !p.anonymous && r.names.length ? h('span', { class: 'bar-names' }, t('Chosen by: {names}', { names: r.names.join(', ') })) : null))));
}
