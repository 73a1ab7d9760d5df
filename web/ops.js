// The browser's one copy of the wire's names and limits, until the server generates
// web/protocol.js (then this file goes, and its importers import from there). Nothing else in
// web/ spells a limit or a label the server also knows.

/** Op names the browser sends, as PROTOCOL.md spells them. */
export const OP = Object.freeze({
  workshopUpdate: 'workshop.update', workshopShow: 'workshop.show', dayBegin: 'day.begin',
  boardCreate: 'board.create',
  cardCreate: 'card.create', cardUpdate: 'card.update', cardGroup: 'card.group', cardDuplicate: 'card.duplicate',
  cardSplit: 'card.split', cardDelete: 'card.delete', cardMerge: 'card.merge',
  roundOpen: 'round.open', roundClose: 'round.close', roundAbstain: 'round.abstain',
  voteCast: 'vote.cast', voteRetract: 'vote.retract',
  roomCreate: 'room.create', roomAssign: 'room.assign', roomEnter: 'room.enter',
  gridAdd: 'grid.add', gridAddTop: 'grid.add_top', gridPlace: 'grid.place',
  timerStart: 'timer.start', timerStop: 'timer.stop',
  handRaise: 'hand.raise', handLower: 'hand.lower',
  chatSend: 'chat.send', chatHide: 'chat.hide', chillOutSeen: 'chill_out.seen',
});

/** Limits the server enforces; the browser says so before sending. */
export const LIMITS = Object.freeze({
  cardText: 170,        // Unicode code points after NFC, as the server counts them
  name: 40,
  title: 120,
  chat: 500,
  planField: 1000,
  reason: 500,
});

/** A text's length as the server counts it: code points after NFC (an emoji is one). */
export function textLength(text) {
  return [...String(text ?? '').normalize('NFC')].length;
}

/** Board headings, as the room reads them; a colour always comes with one of these. */
export const BOARD_HEADINGS = Object.freeze({ ww: 'WORKING WELL', nww: 'NOT WORKING WELL', iff: 'IMPORTANT FOR THE FUTURE' });
