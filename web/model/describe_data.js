// Sentences every member hears (read through the catalogue, like model/describe.js): the collected answers arriving on the boards, and Day 2 beginning. Pure. Loaded
// for everyone: the staff data screens and Day 2's own describer (model/day2.js) come only with
// their modules (app/lazy.js), after these events may already have happened.
import { t, tn } from '../app/i18n.js';

/** A sentence for someone else's change to the collected answers (or Day 2 beginning), or null (not ours to say). */
export function describeData(ev, prev, recs) {
  const ops = ['responses.import', 'answer.create', 'answer.amend', 'answer.resolve', 'answer.publish', 'day.begin'];
  if (!ev || !ops.includes(ev.op)) return null;
  const p = recs.get(ev.by);
  const who = p && p.name ? p.name : t('Someone');
  if (ev.op === 'day.begin') {
    const w = [...recs.values()].find((r) => r.kind === 'workshop');
    return w && w.day === 2 ? t("{who} began Day 2. Day 1's boards are kept as they were.", { who }) : null;
  }
  const put = ev.put || [];
  const cards = put.filter((r) => r.kind === 'card').length;
  const answer = put.find((r) => r.kind === 'answer');
  switch (ev.op) {
    case 'responses.import': {
      const d = put.find((r) => r.kind === 'dataset');
      // a large file comes as several events, its dataset in the last: one sentence, for the whole file
      if (!d) return null;
      let placed = 0;
      for (const r of recs.values()) if (r.kind === 'answer' && r.dataset_id === d.id && r.card_ids && r.card_ids.length) placed += 1;
      placed = Math.max(placed, cards);
      const answers = tn('{n} answer', '{n} answers', d.answers);
      return placed ? t('{who} imported {answers}, {placed} of them onto the boards', { who, answers, placed }) : t('{who} imported {answers}', { who, answers });
    }
    case 'answer.create':
      return answer ? t('{who} typed in an answer', { who }) : null;
    case 'answer.amend':
      if (!answer) return cards ? t('{who} changed the words of a card', { who }) : null;
      if (!answer.code) return t('{who} undid an amendment', { who });
      if (answer.code === 'c') return t('{who} split an answer into {n} parts', { who, n: (answer.parts || []).length });
      if (answer.code === 'f') return t('{who} left an answer out', { who });
      if (answer.code === 'h') return t('{who} marked an answer as a query', { who });
      return t('{who} amended an answer (code {code})', { who, code: answer.code });
    case 'answer.resolve':
      return answer ? t('{who} resolved a query', { who }) : null;
    case 'answer.publish':
      return cards ? tn('{who} put {n} card on the boards', '{who} put {n} cards on the boards', cards, { who }) : null;
    default:
      return null;
  }
}
