// The browser's prediction of its own ops: a pure function of (records, op, args) giving the
// {put, del} the server is expected to send, laid over the records until the op's ack arrives.
// Server-written fixtures check it under `node --test`; an op it does not know changes nothing
// (the server's ev is then the only change).

import { LIMITS, LABELS, OP } from '../protocol.js';

export const THEMING_TYPES = LABELS.themingBoards;

/** The ops predict() knows; each must have a server-written fixture (web/tests/predict.test.js). */
export const PREDICTED_OPS = Object.freeze([OP.cardGroup, OP.cardUpdate, OP.cardCreate, OP.cardDuplicate, OP.cardSplit,
  OP.cardDelete]);

/** Temporary id of a record an op creates before the server has named it. */
export function tempId(opId) {
  return `tmp-${opId}`;
}

/** What an own op will change, as {put, del}, computed on the given view. Unknown ops change nothing. */
export function predict(recs, op, args, opId = "new") {
  const a = args || {};
  const card = recs.get(a.card_id);
  switch (op) {
    case OP.cardGroup:
      if (!card) return none();
      return { put: [{ ...card, theme_id: a.theme_id ?? null }], del: [] };
    case OP.cardUpdate: {
      if (!card) return none();
      const next = { ...card };
      if (a.text !== undefined) next.text = a.text;
      if (a.x !== undefined) next.x = a.x;
      if (a.y !== undefined) next.y = a.y;
      const put = [next];
      if (a.board_id !== undefined && a.board_id !== card.board_id) {
        const board = recs.get(a.board_id);
        next.board_id = a.board_id;
        if (card.type === 'data') {
          next.theme_id = null;
          if (board && THEMING_TYPES.includes(board.type)) next.tag = board.type;
        } else if (card.type === 'theme') {
          for (const d of themeMembers(recs, card.id)) put.push({ ...d, board_id: a.board_id, tag: board ? board.type : d.tag });
        }
      }
      return { put, del: [] };
    }
    case OP.cardCreate:
      return {
        put: [{
          id: tempId(opId), kind: 'card', v: 0, pending: true, board_id: a.board_id, type: a.type,
          text: a.text, x: a.x ?? LIMITS.CARD_POSITION, y: a.y ?? LIMITS.CARD_POSITION, created_at: '\uffff',
          ...(a.type === 'data' ? { tag: a.tag ?? (recs.get(a.board_id) || {}).type, theme_id: a.theme_id ?? null } : {}),
          ...(a.hat ? { hat: a.hat } : {}), // an idea shows in its hat column while it is being saved
          ...(a.perspective ? { perspective: a.perspective } : {}), // a success statement fills its slot at once
        }],
        del: [],
      };
    case OP.cardDuplicate:
      if (!card) return none();
      return { put: [{ ...card, id: tempId(opId), pending: true, theme_id: a.theme_id ?? null, duplicate_of: card.id, created_at: '\uffff' }], del: [] };
    case OP.cardSplit:
      if (!card || !Array.isArray(a.texts)) return none();
      return {
        put: a.texts.map((text, i) => ({
          ...card, id: `${tempId(opId)}-${i}`, pending: true, text, split_from: card.id, duplicate_of: null, created_at: '\uffff',
          y: Math.min(1, (card.y ?? LIMITS.CARD_POSITION) + LIMITS.SPLIT_OFFSET * i), // stacked as the server stacks them
        })),
        del: [card.id],
      };
    case OP.cardDelete: {
      if (!card) return none();
      const put = card.type === 'theme' ? themeMembers(recs, card.id).map((d) => ({ ...d, theme_id: null })) : [];
      return { put, del: [card.id] };
    }
    default:
      return none();
  }
}

function none() {
  return { put: [], del: [] };
}

// The data cards a theme holds (any order: predictions only copy them).
function themeMembers(recs, themeId) {
  const out = [];
  for (const r of recs.values()) if (r.kind === 'card' && r.type === 'data' && r.theme_id === themeId) out.push(r);
  return out;
}
