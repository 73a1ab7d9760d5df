// Named intents: what a person does, as the one op it becomes, with the op names of the generated
// protocol.js (server/protocol/registry.py is their one source). Built on the page's one `send`
// (app/shell.js: the connection, with "saved on this device" when offline) and handed to the
// screens as `ctx.intent`: `ctx.intent.castDot(roundId, targetId)`. Each resolves the op's ack
// ({ok, result} or {ok: false, err}). Screens never name an op themselves (web/tests/intents.test.js).
import { OP } from '../protocol.js';

/** Only the fields that are given (an optional argument left out, not sent as null). */
function given(fields) {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

export function intents(send) {
  return Object.freeze({
    // the agenda and the workshop's settings (staff)
    moveToActivity: (activityKey) => send(OP.workshopUpdate, { activity: activityKey }),
    setWorkshopLanguage: (language) => send(OP.workshopUpdate, { language }),
    setRetention: (eraseAfterDays, deleteAfterDays) => send(OP.workshopUpdate, { erase_after_days: eraseAfterDays, delete_after_days: deleteAfterDays }),
    markFinished: (finished) => send(OP.workshopUpdate, { finished }),
    setUnnamedCards: (unnamed) => send(OP.workshopUpdate, { unnamed_cards: unnamed }),
    setAgenda: (items) => send(OP.agendaUpdate, { items }),
    setWaysOfWorking: (inPerson, online) => send(OP.welcomeUpdate, { ways_of_working: { in_person: inPerson, online } }),
    setTeam: (members, parkingReviewer) => send(OP.welcomeUpdate, { team: members, parking_reviewer: parkingReviewer || null }),
    beginDay: (day) => send(OP.dayBegin, { day }),
    showBoard: (boardId) => send(OP.workshopShow, { board_id: boardId }),
    // cards
    createBoard: (type) => send(OP.boardCreate, { type }),
    addCard: (boardId, type, text, more = {}) => send(OP.cardCreate, { ...more, board_id: boardId, type, text }),
    editCard: (cardId, text) => send(OP.cardUpdate, { card_id: cardId, text }),
    moveCardToBoard: (cardId, boardId) => send(OP.cardUpdate, { card_id: cardId, board_id: boardId }),
    groupCard: (cardId, themeId) => send(OP.cardGroup, { card_id: cardId, theme_id: themeId }),
    copyCard: (cardId, themeId) => send(OP.cardDuplicate, { card_id: cardId, theme_id: themeId }),
    splitCard: (cardId, texts) => send(OP.cardSplit, { card_id: cardId, texts }),
    deleteCard: (cardId) => send(OP.cardDelete, { card_id: cardId }),
    reviewParkedCard: (cardId, response) => send(OP.parkingReview, { card_id: cardId, response, reviewed: true }),
    // the votes (Day 1's themes, Day 2's ideas)
    openVote: (boardId, rules = {}) => send(OP.roundOpen, { board_id: boardId, ...rules }),
    openIdeaVote: (boardIds) => send(OP.roundOpen, { board_id: boardIds[0], board_ids: boardIds }), // the guide's dots: the server's defaults
    closeVote: (roundId) => send(OP.roundClose, { round_id: roundId }),
    castDot: (roundId, targetId) => send(OP.voteCast, { round_id: roundId, target_id: targetId }),
    takeBackDot: (roundId, targetId) => send(OP.voteRetract, { round_id: roundId, target_id: targetId }),
    abstain: (roundId, abstain = true) => send(OP.roundAbstain, { round_id: roundId, abstain }),
    giveThemesToTables: (roundId, themeIds) => send(OP.tablesGiveThemes, { round_id: roundId, theme_ids: themeIds }),
    // Day 2: the grid and the action plans
    addToGrid: (cardIds) => send(OP.gridAdd, { card_ids: cardIds }),
    addTopIdeas: (roundId, perTable, chosen = []) => send(OP.gridAddTop, { round_id: roundId, per_table: perTable, ...(chosen.length ? { chosen } : {}) }),
    mergeIdeas: (cardIds, text = '') => send(OP.cardMerge, { card_ids: cardIds, ...(text ? { text } : {}) }),
    placeIdea: (cardId, impact, effort) => send(OP.gridPlace, { card_id: cardId, impact, effort }),
    startPlan: (boardId, ideaId) => send(OP.planCreate, { board_id: boardId, idea_id: ideaId }),
    updatePlan: (planId, field, text) => send(OP.planUpdate, { plan_id: planId, field, text }),
    setPlanLead: (planId, participantId) => send(OP.planSetLead, { plan_id: planId, participant_id: participantId }),
    // after the workshop: follow-up, check-ins, mop-up, the review
    followUpPlan: (planId) => send(OP.planFollowUp, { plan_id: planId }),
    setPlanStatus: (planId, status, reason = '') => send(OP.planSetStatus, { plan_id: planId, status, ...(reason ? { reason } : {}) }),
    addCheckin: (planId, due, label) => send(OP.checkinCreate, { plan_id: planId, due, label }),
    recordCheckin: (checkinId, note, planStatus) => send(OP.checkinRecord, { checkin_id: checkinId, note, plan_status: planStatus }),
    /** Only what changed is sent: `changes` is {note, planStatus}, each left out when unchanged. */
    correctCheckin: (checkinId, reason, { note, planStatus } = {}) => send(OP.checkinCorrect, { checkin_id: checkinId, reason, ...given({ note, plan_status: planStatus }) }),
    planMopUpItem: (itemId) => send(OP.mopUpPlan, { item_id: itemId }),
    noteMopUpItem: (itemId, takenTo) => send(OP.mopUpNote, { item_id: itemId, taken_to: takenTo || null }),
    updateReview: (question, text) => send(OP.reviewUpdate, { question, text }),
    // feedback questionnaires
    openFeedback: ({ place, title, checkinId } = {}) => send(OP.feedbackOpen, given({ place: place || null, title: title || null, checkin_id: checkinId })),
    answerFeedback: (feedbackId, answer) => send(OP.feedbackAnswer, { feedback_id: feedbackId, ...answer }),
    closeFeedback: (feedbackId) => send(OP.feedbackClose, { feedback_id: feedbackId }),
    // rooms, people, hands, chat
    addRoom: (type) => send(OP.roomCreate, { type }),
    enterRoom: (roomId) => send(OP.roomEnter, { room_id: roomId }),
    moveToRoom: (participantId, roomId) => send(OP.roomAssign, { participant_id: participantId, room_id: roomId }),
    shareOutAtRandom: () => send(OP.roomsShuffle, {}),
    renameMe: (name) => send(OP.participantRename, { name }),
    renamePerson: (participantId, name) => send(OP.participantRename, { participant_id: participantId, name }),
    setRole: (participantId, role) => send(OP.participantSetRole, { participant_id: participantId, role }),
    raiseHand: () => send(OP.handRaise, {}),
    /** One's own hand, or (staff) someone else's. */
    lowerHand: (participantId = null) => send(OP.handLower, participantId ? { participant_id: participantId } : {}),
    markChillOutSeen: (participantId) => send(OP.chillOutSeen, { participant_id: participantId }),
    /** To a room's channel, or with roomId null to everyone. */
    sendChat: (text, roomId) => send(OP.chatSend, roomId === null ? { text, everyone: true } : { text, room_id: roomId }),
    hideChat: (messageId, hidden) => send(OP.chatHide, { message_id: messageId, hidden }),
    openBreakouts: (seconds = 0) => send(OP.breakoutOpen, seconds ? { seconds } : {}),
    letPeopleChooseTables: () => send(OP.breakoutOpen, { choose: true }),
    closeBreakouts: () => send(OP.breakoutClose, {}),
    broadcast: (text) => send(OP.breakoutBroadcast, { text }),
    // timers and polls
    startTimer: (seconds, label = null, roomId = null) => send(OP.timerStart, { seconds, ...given({ label, room_id: roomId }) }),
    stopTimer: (timerId) => send(OP.timerStop, { timer_id: timerId }),
    /** `poll`: {question, options, multiple, anonymous, show, roomId}. */
    createPoll: ({ roomId, ...poll }) => send(OP.pollCreate, { ...poll, ...given({ room_id: roomId || null }) }),
    answerPoll: (pollId, choices) => send(OP.pollAnswer, { poll_id: pollId, choices }),
    closePoll: (pollId) => send(OP.pollClose, { poll_id: pollId }),
    // the collected answers (staff's data screens)
    addAnswer: (question, text) => send(OP.answerCreate, { question, text }),
    /** `amendment`: the checked arguments of model/data.js amendArgs ({answer_id, code, …}). */
    amendAnswer: (amendment) => send(OP.answerAmend, amendment),
    resolveQuery: (answerId) => send(OP.answerResolve, { answer_id: answerId, resolved: true }),
    publishAnswers: () => send(OP.answerPublish, {}),
  });
}
