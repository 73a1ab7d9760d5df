// Short sentences about other people's changes, read politely to screen-reader users.
// Pure: takes the event, the records it replaced (`prev`) and the records after it.
import { t, tn } from '../app/i18n.js';
import { boardName as nameOfBoard } from '../app/words.js';


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
    case 'card.group': {
      const d = cards.find((c) => c.type === 'data');
      if (!d) return null;
      return d.theme_id ? t('{who} moved a card to {theme}', { who, theme: themeText(recs, d.theme_id) }) : t('{who} took a card out of its theme', { who });
    }
    case 'card.create':
      if (!first) return null;
      if (first.type === 'theme') return t('{who} added the theme {theme}', { who, theme: first.text });
      if (first.type === 'data') return t('{who} added a card to {board}', { who, board: boardName(recs, first.board_id) });
      return t('{who} added a card', { who });
    case 'card.update': {
      if (!first) return null;
      const before = prev.get(first.id);
      if (before && before.board_id !== first.board_id) return t('{who} moved a card to {board}', { who, board: boardName(recs, first.board_id) });
      if (first.type === 'theme' && before && before.text !== first.text) return t('{who} renamed a theme to {theme}', { who, theme: first.text });
      return null;
    }
    case 'card.delete': {
      const gone = (ev.del || []).map((id) => prev.get(id)).find(Boolean);
      if (gone && gone.type === 'theme') return t('{who} deleted the theme {theme}', { who, theme: gone.text });
      return t('{who} deleted a card', { who });
    }
    case 'card.duplicate': {
      const copy = cards.find((c) => c.duplicate_of);
      return copy && copy.theme_id ? t('{who} copied a card into {theme}', { who, theme: themeText(recs, copy.theme_id) }) : t('{who} copied a card', { who });
    }
    case 'card.split':
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
