// Sentences every member hears whose words are not in the catalogue yet (model/describe.js has
// those that are): the collected answers arriving on the boards, and Day 2 beginning. Pure. Loaded
// for everyone: the staff data screens and Day 2's own describer (model/day2.js) come only with
// their modules (app/lazy.js), after these events may already have happened.
import { tn } from '../app/i18n.js';

/** A sentence for someone else's change to the collected answers (or Day 2 beginning), or null (not ours to say). */
export function describeData(ev, prev, recs) {
  const ops = ['responses.import', 'answer.create', 'answer.amend', 'answer.resolve', 'answer.publish', 'day.begin'];
  if (!ev || !ops.includes(ev.op)) return null;
  const p = recs.get(ev.by);
  const who = p && p.name ? p.name : 'Someone';
  if (ev.op === 'day.begin') {
    const w = [...recs.values()].find((r) => r.kind === 'workshop');
    return w && w.day === 2 ? `${who} began Day 2. Day 1's boards are kept as they were.` : null;
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
      return `${who} imported ${tn('{n} answer', '{n} answers', d.answers)}${placed ? `, ${placed} of them onto the boards` : ''}`;
    }
    case 'answer.create':
      return answer ? `${who} typed in an answer` : null;
    case 'answer.amend':
      if (!answer) return cards ? `${who} changed the words of a card` : null;
      if (!answer.code) return `${who} undid an amendment`;
      if (answer.code === 'c') return `${who} split an answer into ${(answer.parts || []).length} parts`;
      if (answer.code === 'f') return `${who} left an answer out`;
      if (answer.code === 'h') return `${who} marked an answer as a query`;
      return `${who} amended an answer (code ${answer.code})`;
    case 'answer.resolve':
      return answer ? `${who} resolved a query` : null;
    case 'answer.publish':
      return cards ? `${who} put ${cards} ${cards === 1 ? 'card' : 'cards'} on the boards` : null;
    default:
      return null;
  }
}
