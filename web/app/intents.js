// Named intents: what a person does, as the one op it becomes, with the op names of the generated
// protocol.js (server/protocol/registry.py is their one source). Built on the page's one `send`
// (app/shell.js: the connection, with "saved on this device" when offline) and handed to the
// screens as `ctx.intent`: `ctx.intent.castDot(roundId, targetId)`. Each resolves the op's ack
// ({ok, result} or {ok: false, err}).
import { OP } from '../protocol.js';

export function intents(send) {
  return Object.freeze({
    // the votes (Day 1's themes, Day 2's ideas)
    castDot: (roundId, targetId) => send(OP.voteCast, { round_id: roundId, target_id: targetId }),
    takeBackDot: (roundId, targetId) => send(OP.voteRetract, { round_id: roundId, target_id: targetId }),
    abstain: (roundId, abstain = true) => send(OP.roundAbstain, { round_id: roundId, abstain }),
    // cards
    addCard: (boardId, type, text, more = {}) => send(OP.cardCreate, { ...more, board_id: boardId, type, text }),
    editCard: (cardId, text) => send(OP.cardUpdate, { card_id: cardId, text }),
    moveCardToBoard: (cardId, boardId) => send(OP.cardUpdate, { card_id: cardId, board_id: boardId }),
    groupCard: (cardId, themeId) => send(OP.cardGroup, { card_id: cardId, theme_id: themeId }),
    copyCard: (cardId, themeId) => send(OP.cardDuplicate, { card_id: cardId, theme_id: themeId }),
    splitCard: (cardId, texts) => send(OP.cardSplit, { card_id: cardId, texts }),
    deleteCard: (cardId) => send(OP.cardDelete, { card_id: cardId }),
    // the facilitator's
    createBoard: (type) => send(OP.boardCreate, { type }),
    showBoard: (boardId) => send(OP.workshopShow, { board_id: boardId }),
  });
}
