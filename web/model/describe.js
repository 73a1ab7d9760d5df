// Short sentences about other people's changes, read politely to screen-reader users.
// Pure: takes the event, the records it replaced (`prev`) and the records after it.

export const BOARD_NAMES = { ww: 'Working well', nww: 'Not working well', iff: 'Important for the future' };

function name(recs, id) {
  const p = recs.get(id);
  return p && p.name ? p.name : 'Someone';
}

function boardName(recs, boardId) {
  const b = recs.get(boardId);
  if (!b) return 'another board';
  return BOARD_NAMES[b.type] || b.title || 'another board';
}

function themeText(recs, id) {
  const t = recs.get(id);
  return t && t.text ? t.text : 'a theme';
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
      return d.theme_id ? `${who} moved a card to ${themeText(recs, d.theme_id)}` : `${who} took a card out of its theme`;
    }
    case 'card.create':
      if (!first) return null;
      if (first.type === 'theme') return `${who} added the theme ${first.text}`;
      if (first.type === 'data') return `${who} added a card to ${boardName(recs, first.board_id)}`;
      return `${who} added a card`;
    case 'card.update': {
      if (!first) return null;
      const before = prev.get(first.id);
      if (before && before.board_id !== first.board_id) return `${who} moved a card to ${boardName(recs, first.board_id)}`;
      if (first.type === 'theme' && before && before.text !== first.text) return `${who} renamed a theme to ${first.text}`;
      return null;
    }
    case 'card.delete': {
      const gone = (ev.del || []).map((id) => prev.get(id)).find(Boolean);
      if (gone && gone.type === 'theme') return `${who} deleted the theme ${gone.text}`;
      return `${who} deleted a card`;
    }
    case 'card.duplicate': {
      const copy = cards.find((c) => c.duplicate_of);
      return copy && copy.theme_id ? `${who} copied a card into ${themeText(recs, copy.theme_id)}` : `${who} copied a card`;
    }
    case 'card.split':
      return `${who} split a card into ${cards.filter((c) => c.split_from).length || 'several'} cards`;
    default: {
      const joined = put.find((r) => r.kind === 'participant' && !prev.get(r.id));
      return joined ? `${joined.name} joined` : null;
    }
  }
}
