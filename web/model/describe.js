// Short sentences about other people's changes, read politely to screen-reader users.
// Pure: takes the event, the records it replaced (`prev`) and the records after it.
import { t, tn } from '../app/i18n.js';
import { boardName as nameOfBoard } from '../app/words.js';
import { registerDescriber } from '../app/describers.js';
import { OP, SERVER_OP } from '../protocol.js';

function name(recs, id) {
  const p = recs.get(id);
  return p && p.name ? p.name : t('Someone');
}

function boardName(recs, boardId) {
  const b = recs.get(boardId);
  if (!b) return t('another board');
  return nameOfBoard(b.type) || b.title || t('another board');
}

function themeText(recs, id) {
  const theme = recs.get(id);
  return theme && theme.text ? theme.text : t('a theme');
}

/** A sentence for one `ev`, or null when it is not worth announcing. */
export function describeEvent(ev, prev, recs) {
  const who = name(recs, ev.by);
  const put = ev.put || [];
  const cards = put.filter((r) => r.kind === 'card');
  const first = cards[0];
  switch (ev.op) {
    case OP.cardGroup: {
      const d = cards.find((c) => c.type === 'data');
      if (!d) return null;
      return d.theme_id ? t('{who} moved a card to {theme}', { who, theme: themeText(recs, d.theme_id) }) : t('{who} took a card out of its theme', { who });
    }
    case OP.cardCreate:
      if (!first) return null;
      if (first.type === 'theme') return t('{who} added the theme {theme}', { who, theme: first.text });
      if (first.type === 'data') return t('{who} added a card to {board}', { who, board: boardName(recs, first.board_id) });
      return t('{who} added a card', { who });
    case OP.cardUpdate: {
      if (!first) return null;
      const before = prev.get(first.id);
      if (before && before.board_id !== first.board_id) return t('{who} moved a card to {board}', { who, board: boardName(recs, first.board_id) });
      if (first.type === 'theme' && before && before.text !== first.text) return t('{who} renamed a theme to {theme}', { who, theme: first.text });
      return null;
    }
    case OP.cardDelete: {
      const gone = (ev.del || []).map((id) => prev.get(id)).find(Boolean);
      if (gone && gone.type === 'theme') return t('{who} deleted the theme {theme}', { who, theme: gone.text });
      return t('{who} deleted a card', { who });
    }
    case OP.cardDuplicate: {
      const copy = cards.find((c) => c.duplicate_of);
      return copy && copy.theme_id ? t('{who} copied a card into {theme}', { who, theme: themeText(recs, copy.theme_id) }) : t('{who} copied a card', { who });
    }
    case OP.cardSplit:
      {
      const n = cards.filter((c) => c.split_from).length;
      return n ? tn('{who} split a card into {n} card', '{who} split a card into {n} cards', n, { who }) : t('{who} split a card into several cards', { who });
    }
    default: {
      const joined = put.find((r) => r.kind === 'participant' && !prev.get(r.id));
      return joined ? t('{name} joined', { name: joined.name }) : null;
    }
  }
}

// What members hear of the collected answers arriving on the boards, and of Day 2 beginning: for
// everyone, as the staff data screens and Day 2's own describer (model/day2.js) come only with their
// modules (app/lazy.js), after these events may already have happened.
/** A sentence for someone else's change to the collected answers (or Day 2 beginning), or null (not ours to say). */
export function describeData(ev, prev, recs) {
  const ops = [SERVER_OP.responsesImport, OP.answerCreate, OP.answerAmend, OP.answerResolve, OP.answerPublish, OP.dayBegin];
  if (!ev || !ops.includes(ev.op)) return null;
  const p = recs.get(ev.by);
  const who = p && p.name ? p.name : t('Someone');
  if (ev.op === OP.dayBegin) {
    const w = [...recs.values()].find((r) => r.kind === 'workshop');
    return w && w.day === 2 ? t("{who} began Day 2. Day 1's boards are kept as they were.", { who }) : null;
  }
  const put = ev.put || [];
  const cards = put.filter((r) => r.kind === 'card').length;
  const answer = put.find((r) => r.kind === 'answer');
  switch (ev.op) {
    case SERVER_OP.responsesImport: {
      const d = put.find((r) => r.kind === 'dataset');
      // a large file comes as several events, its dataset in the last: one sentence, for the whole file
      if (!d) return null;
      let placed = 0;
      for (const r of recs.values()) if (r.kind === 'answer' && r.dataset_id === d.id && r.card_ids && r.card_ids.length) placed += 1;
      placed = Math.max(placed, cards);
      const answers = tn('{n} answer', '{n} answers', d.answers);
      return placed ? t('{who} imported {answers}, {placed} of them onto the boards', { who, answers, placed }) : t('{who} imported {answers}', { who, answers });
    }
    case OP.answerCreate:
      return answer ? t('{who} typed in an answer', { who }) : null;
    case OP.answerAmend:
      if (!answer) return cards ? t('{who} changed the words of a card', { who }) : null;
      if (!answer.code) return t('{who} undid an amendment', { who });
      if (answer.code === 'c') return tn('{who} split an answer into {n} part', '{who} split an answer into {n} parts', (answer.parts || []).length, { who });
      if (answer.code === 'f') return t('{who} left an answer out', { who });
      if (answer.code === 'h') return t('{who} marked an answer as a query', { who });
      return t('{who} amended an answer (code {code})', { who, code: answer.code });
    case OP.answerResolve:
      return answer ? t('{who} resolved a query', { who }) : null;
    case OP.answerPublish:
      return cards ? tn('{who} put {n} card on the boards', '{who} put {n} cards on the boards', cards, { who }) : null;
    default:
      return null;
  }
}

// Asked after Day 2's own (which say more of its ideas) and before the rooms' (app/describers.js).
registerDescriber({ id: 'answers', order: 20, describe: describeData });
registerDescriber({ id: 'boards', order: 30, describe: describeEvent });
