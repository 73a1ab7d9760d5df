"""The op registry: every op's name, arguments, rule, who may send it, and whether it is internal.

This table is the only way an op is decided (see `server/domain/gate.py`): the WebSocket, the
HTTP transport, uploads, restores, the CLI and demo seeding all name an op here and hand over
its raw arguments. `docs/protocol.md`, `/api/protocol.json` and `web/protocol.js` are generated
from it.
"""
from dataclasses import dataclass, field
from typing import Any, Callable

from ..domain import (agenda, amendments, boards, breakouts, cards, chat, erasure, feedback, followup, grid, mop_up,
                      people, plans, polls, restore, rooms, tables, themes, timers, voting, workshops)
from . import args as a
from .roles import FACILITATOR, MEMBERS, STAFF


@dataclass(frozen=True)
class Op:
    """One op of the protocol.

    `who`: the roles that may send it (None: only the server itself, with no actor). Finer
    checks (your own card, your own table, the plan's lead) are the rule's. `doing` finishes the
    sentence "Only {who} can {doing}." `log` turns the checked arguments into what the event log
    keeps (by default, the arguments as sent); it must never keep a token or a join code.
    """

    name: str
    args: type[a.Args]
    rule: Callable
    who: tuple[str, ...] | None
    doing: str
    section: str
    rules: str = ""
    result: tuple[str, ...] = ()
    who_note: str = ""
    internal: bool = False
    log: Callable[[Any], dict] | None = None
    extra: dict = field(default_factory=dict)

    def logged(self, checked) -> dict:
        return self.log(checked) if self.log else checked.model_dump(exclude_unset=True)


THEMING, VOTING, ROOMS, TOOLKIT, DAYS, DATA, INTERNAL = (
    "Theming and cards", "Voting", "Rooms and tables", "The tech host's toolkit", "Day 1 and Day 2 on the board",
    "Data in and out", "Internal ops (sent by the server itself, never by a client)")
AFTER = "After the workshop (stages 7 and 8)"
FOLLOWERS = "facilitator, host, the plan's lead"

OPS: dict[str, Op] = {op.name: op for op in [
    # ---- the workshop, its people and its boards ------------------------------------------------
    Op("workshop.update", a.WorkshopUpdate, workshops.update, FACILITATOR,
       "change the workshop's title, purpose, activity or default language", THEMING,
       "title 1–120 characters, purpose ≤ 2000, activity ≤ 80 (the current agenda item's `key`); language `en` or "
       "`cy` (W5); something must change"),
    Op("participant.set_role", a.ParticipantSetRole, workshops.set_role, FACILITATOR, "change people's roles",
       THEMING, "the last facilitator cannot step down (`conflict`)"),
    Op("board.create", a.BoardCreate, boards.create, STAFF, "add a board", THEMING,
       "room defaults to the main room; title ≤ 80", ("board_id",)),
    Op("card.create", a.CardCreate, cards.create, MEMBERS, "write cards", THEMING,
       "1–170 characters (`too_long`, `invalid` when blank); each kind of card only on its boards; a data "
       "card's tag defaults to its board's type; ideas need a `hat` and get a `code` (\"2T\")",
       ("card_id",), who_note="member; data cards: facilitator, host"),
    Op("card.update", a.CardUpdate, cards.update, MEMBERS, "change cards", THEMING,
       "`board_id` moves the card to another board of the ww/nww/iff family: a data card leaves its theme "
       "and takes the new board's tag; a theme moves with its data cards", who_note="member; a data card's "
       "text: facilitator, host"),
    Op("card.group", a.CardGroup, themes.group, MEMBERS, "group cards", THEMING,
       "`card_id` a data card, `theme_id` a theme on the same board or null; a data card is in at most one theme"),
    Op("card.duplicate", a.CardDuplicate, themes.duplicate, MEMBERS, "copy cards", THEMING,
       "the copy records `duplicate_of`; an answer sits at most once in a theme", ("card_id",)),
    Op("card.split", a.CardSplit, themes.split, STAFF, "split a card", THEMING,
       "`texts` 2–10, each 1–170; the original leaves the board (kept in the history); the parts record "
       "`split_from` and keep its theme", ("card_ids",)),
    Op("card.delete", a.CardDelete, cards.delete, MEMBERS, "delete cards", THEMING,
       "data cards (people's answers, copies included) only by a facilitator or host; deleting a theme puts "
       "its data cards back to \"not yet themed\"", who_note="the card's writer, facilitator, host"),
    # ---- voting ----------------------------------------------------------------------------------
    Op("round.open", a.RoundOpen, voting.open_round, STAFF, "open a vote", VOTING,
       "one open round per board (`conflict`); 1 ≤ per_target ≤ per_person ≤ 20; `board_ids`: more boards "
       "voted on together (every table's ideas)", ("round_id",)),
    Op("round.close", a.RoundClose, voting.close_round, STAFF, "close a vote", VOTING,
       "`vote_closed` when already closed; tallies final (V4) and the voted targets kept as voted (V7)"),
    Op("round.abstain", a.RoundAbstain, voting.abstain, MEMBERS, "vote", VOTING,
       "\"I won't vote this time\": listed in the round's `abstained`, not chased"),
    Op("vote.cast", a.VoteCast, voting.cast, MEMBERS, "vote", VOTING,
       "`vote_closed`, `vote_limit`, `vote_target_limit`; targets are the themes or ideas of the round's "
       "boards", ("vote_id",)),
    Op("vote.retract", a.VoteRetract, voting.retract, MEMBERS, "vote", VOTING,
       "`vote_closed`; no dot of yours there → `invalid`"),
    # ---- rooms -----------------------------------------------------------------------------------
    Op("room.create", a.RoomCreate, rooms.create, STAFF, "add rooms", ROOMS,
       "tables are numbered 1, 2, …; one chill-out room; the main room exists already (`conflict`)",
       ("room_id",)),
    Op("room.assign", a.RoomAssign, rooms.assign, STAFF, "move people between rooms", ROOMS,
       "a table becomes the person's own table (`table_id`)"),
    Op("room.enter", a.RoomEnter, rooms.enter, MEMBERS, "move between rooms", ROOMS,
       "participants: the main room, the chill-out room, their own table; entering the chill-out room "
       "tells every facilitator and host at once (`notice` `chill_out_entered`)"),
    Op("chill_out.seen", a.ChillOutSeen, rooms.chill_out_seen, STAFF, "answer chill-out alerts", ROOMS,
       "fills the person's `chill_out_alert.seen_by` / `seen_at`: every staff page shows the alert until then"),
    # ---- the tech host's toolkit -----------------------------------------------------------------
    Op("participant.rename", a.ParticipantRename, people.rename, MEMBERS, "change names", TOOLKIT,
       "1–40 characters; someone else's name only by a facilitator or host; a projector cannot rename "
       "itself", who_note="the person, facilitator, host"),
    Op("hand.raise", a.HandRaise, people.raise_hand, MEMBERS, "raise a hand", TOOLKIT,
       "`hand_raised`, `hand_raised_at` (answer hands in that order)"),
    Op("hand.lower", a.HandLower, people.lower_hand, MEMBERS, "lower a hand", TOOLKIT, "",
       who_note="the person, facilitator, host"),
    Op("workshop.show", a.WorkshopShow, workshops.show, STAFF, "show a board to everyone", TOOLKIT,
       "\"follow me\": `workshop.showing` = `{board_id, by, at}` (null: stop)"),
    Op("timer.start", a.TimerStart, timers.start, STAFF, "start a timer", TOOLKIT,
       "`seconds` 1–14400; `room_id` null: every room", ("timer_id",)),
    Op("timer.stop", a.TimerStop, timers.stop, STAFF, "stop a timer", TOOLKIT, ""),
    Op("chat.send", a.ChatSend, chat.send, MEMBERS, "chat", TOOLKIT,
       "`text` ≤ 500; participants chat in their own room or to everyone; a room's messages reach that room "
       "and the staff only", ("message_id",)),
    Op("chat.hide", a.ChatHide, chat.hide, STAFF, "remove chat messages", TOOLKIT,
       "participants then see the message with empty text"),
    Op("poll.create", a.PollCreate, polls.create, STAFF, "run a poll", TOOLKIT,
       "`options` 2–10; counts hidden from participants until close when `show` is `on_close`; an anonymous "
       "poll's `counts` are null until its close, whatever `show` says (Q1)", ("poll_id",)),
    Op("poll.answer", a.PollAnswer, polls.answer, MEMBERS, "answer polls", TOOLKIT,
       "answering again replaces your answer; `poll_answer` reaches its voter, and the staff when the poll "
       "is named; anonymous: only `answered` moves, a changed answer changes nothing anyone receives (Q1), "
       "is a new record of its own and its event is dated when the poll opened (D2)"),
    Op("poll.close", a.PollClose, polls.close, STAFF, "close a poll", TOOLKIT,
       "an anonymous poll's `counts`, from every answer at once (Q1), only from 3 people: with fewer they "
       "stay null and the answers are removed (Q2); the superseded answers go in this event; `vote_closed` "
       "when closed"),
    Op("rooms.shuffle", a.RoomsShuffle, breakouts.shuffle, STAFF, "put people at tables", TOOLKIT,
       "random tables: sizes differ by at most one, each stated perspective spread evenly (B1)"),
    Op("breakout.open", a.BreakoutOpen, breakouts.open_breakout, STAFF, "open breakout rooms", TOOLKIT,
       "people go to their tables; with `choose`, participants may enter any table and it becomes theirs"),
    Op("breakout.close", a.BreakoutClose, breakouts.close_breakout, STAFF, "close breakout rooms", TOOLKIT,
       "everyone back to the main room"),
    Op("breakout.broadcast", a.BreakoutBroadcast, breakouts.broadcast, STAFF, "send a message to every room",
       TOOLKIT, "a `chat` message to everyone with `announcement: true`"),
    # ---- Day 1 and Day 2 -------------------------------------------------------------------------
    Op("agenda.update", a.AgendaUpdate, agenda.update_agenda, FACILITATOR, "change the agenda", DAYS,
       "a new workshop starts with the guide's Day 1 and Day 2 agendas"),
    Op("welcome.update", a.WelcomeUpdate, agenda.update_welcome, FACILITATOR, "change the welcome board", DAYS,
       "ways of working, the facilitation team with their roles, the parking space's reviewer"),
    Op("parking.review", a.ParkingReview, cards.review_parking_item, STAFF,
       "mark parking space items as reviewed", DAYS, "the item's `reviewed`, `response`, `reviewed_by`, "
       "`reviewed_at`"),
    Op("tables.give_themes", a.TablesGiveThemes, tables.give_themes, STAFF, "give themes to tables", DAYS,
       "default: the top N themes of the closed NWW vote for N tables; each table gets `theme_id` / "
       "`theme_text` and its root-causes and success boards", ("room_ids",)),
    Op("day.begin", a.DayBegin, tables.begin_day, FACILITATOR, "begin a workshop day", DAYS,
       "Day 2 locks Day 1's boards (L1) and gives each table with a theme its in-place, ideas and "
       "action-plan boards"),
    Op("grid.add", a.GridAdd, grid.add, STAFF, "send ideas to the Investment Grid", DAYS,
       "copies on the grid keep `code` and `hat`, record `source_id`, start unplaced; an idea already on the "
       "grid → `conflict`", ("card_ids",)),
    Op("grid.add_top", a.GridAddTop, grid.add_top, STAFF, "send ideas to the Investment Grid", DAYS,
       "the ideas with most dots on each board of the closed round go to the grid; ideas tied at a table's "
       "cut-off (joint 3rd) go only when the facilitator lists them in `chosen` (or sent one with `grid.add`), "
       "until then `conflict` naming them and nothing is sent (G4)", ("card_ids",)),
    Op("card.merge", a.CardMerge, grid.merge, STAFF, "merge ideas", DAYS,
       "2+ ideas on one board; codes joined with `+` (\"2T+4C\"); the originals leave the board, kept in the "
       "event log", ("card_id",)),
    Op("grid.place", a.GridPlace, grid.place, MEMBERS, "place ideas on the grid", DAYS,
       "`impact`, `effort` 0..1; `quadrant` follows (G1): `quick_win` (impact ≥ 0.5, effort < 0.5), "
       "`major_project` (≥ 0.5, ≥ 0.5), `fill_in` (< 0.5, < 0.5), `thankless_task` (< 0.5, ≥ 0.5)"),
    Op("plan.create", a.PlanCreate, plans.create, MEMBERS, "start an action plan", DAYS,
       "only Quick Wins or Major Projects; one plan per table", ("plan_id",), who_note="member at the table"),
    Op("plan.update", a.PlanUpdate, plans.update, MEMBERS, "write action plans", DAYS,
       "one of the six fields, or `baseline` / `indicators` (stage 7), ≤ 1000; last write wins per field, every "
       "version is in the event log", who_note="member at the table; `baseline`, `indicators`: also the plan's lead"),
    Op("plan.set_lead", a.PlanSetLead, plans.set_lead, MEMBERS, "choose a lead", DAYS,
       "the lead must be a member of this workshop (not a projector)", who_note="member at the table"),
    # ---- after the workshop ----------------------------------------------------------------------
    Op("plan.follow_up", a.PlanFollowUp, followup.follow_up, MEMBERS, "plan the check-ins", AFTER,
       "three check-ins, due 3 weeks, 3 months and 6 months after `start` (a month without that day: its last "
       "day, K2), labelled \"2–4 weeks: check and challenge\", \"3 months\", \"6 months\"; a second call → "
       "`conflict` (K3)", ("checkin_ids",), who_note=FOLLOWERS),
    Op("checkin.create", a.CheckinCreate, followup.create_checkin, MEMBERS, "add check-ins", AFTER,
       "`due` YYYY-MM-DD, `label` 1–80", ("checkin_id",), who_note=FOLLOWERS),
    Op("checkin.record", a.CheckinRecord, followup.record_checkin, MEMBERS, "record a check-in", AFTER,
       "`note` 1–2000; the check-in becomes `done` (once: `conflict`); the plan's `status` becomes `plan_status`, "
       "added to its `history` with the note as reason (K5, K6)", who_note=FOLLOWERS + ", the plan's table"),
    Op("checkin.correct", a.CheckinCorrect, followup.correct_checkin, MEMBERS, "correct a check-in", AFTER,
       "a recorded check-in's wrong `note` (1–2000) or `plan_status` put right, with `reason` 1–500 (`invalid`, "
       "field `reason`); what it said before is kept in its `corrections` with the reason, who and when; the plan's "
       "`status` and `history` follow only when its latest change is still this check-in's (`plan_followed`); a "
       "check-in not yet recorded → `invalid` (K7)", ("plan_followed",), who_note=FOLLOWERS),
    Op("plan.set_status", a.PlanSetStatus, followup.set_status, MEMBERS, "change a plan's status", AFTER,
       "`reason` ≤ 500, required for `stuck`, `stopped` and `at_risk` (`invalid`, field `reason`, K4); every "
       "change goes into `history` (K6)", who_note=FOLLOWERS),
    Op("review.update", a.ReviewUpdate, followup.update_review, FACILITATOR, "write the review", AFTER,
       "`question` one of the guide's review questions (`LABELS.reviewQuestions`), `text` ≤ 2000 (empty clears it); "
       "the report shows them under the questions"),
    Op("mop_up.note", a.MopUpNote, mop_up.note, STAFF, "note what the mop-up meeting decided", AFTER,
       "`item_id` a theme of the ww / nww / iff boards, an idea or a parking space item; `taken_to` ≤ 200 "
       "(\"the transport board\"), null to take the note back (M5)"),
    Op("mop_up.plan", a.MopUpPlan, mop_up.plan, STAFF, "start a plan from the mop-up meeting", AFTER,
       "the item becomes a new action plan (`planned`, `from_mop_up`) on its own action-plan board in the main "
       "room, and is noted \"taken to a new action plan\"; once an item (`conflict`, M5)", ("plan_id", "board_id")),
    Op("feedback.open", a.FeedbackOpen, feedback.open_feedback, STAFF, "open the feedback questionnaire", AFTER,
       "seed 004's questions: ratings `equals`, `diversity`, `better_for_everyone`, `brave`, `realistic`, "
       "`opportunities`, `accessible` (1–5), `words` (up to 4, each ≤ 30), `self_word` (≤ 30), `self_reason`, "
       "`satisfaction` (1–5), `help`, `more_less` (≤ 1000 each); `place` (≤ 60) fills \"making … better for "
       "everyone\"; `checkin_id` ties the round to a check-in; one open at a time (`conflict`, F4)",
       ("feedback_id",)),
    Op("feedback.answer", a.FeedbackAnswer, feedback.answer, MEMBERS, "answer the feedback questionnaire", AFTER,
       "every answer optional, at least one given; once a person (`conflict`, F1); anonymous: the event has "
       "`by: null`, the answer is a `feedback_answer` no one receives, filed under a keyed hash (F2); only the count "
       "`answers` moves while open, the `results` are worked out at the close (F5); `vote_closed` once closed",
       who_note="participant, facilitator, host"),
    Op("feedback.close", a.FeedbackClose, feedback.close, STAFF, "close the feedback questionnaire", AFTER,
       "the `results`, from every answer at once and only from 3 (F3, F5); `vote_closed` when closed"),
    # ---- data in and out ---------------------------------------------------------------------------
    Op("answer.create", a.AnswerCreate, amendments.create, STAFF, "add people's answers", DATA,
       "an answer typed in by hand (≤ 5000); it waits to be published", ("answer_id",)),
    Op("answer.amend", a.AnswerAmend, amendments.amend, STAFF, "amend people's answers", DATA,
       "the data amendment key a–h (A1–A7); amending a published answer updates its cards"),
    Op("answer.resolve", a.AnswerResolve, amendments.resolve, STAFF, "resolve queries on answers", DATA,
       "only for code h"),
    Op("answer.publish", a.AnswerPublish, amendments.publish, STAFF, "send answers to the boards", DATA,
       "cleaned answers become data cards; skipped: `too_long`, `contact_details`, `omitted`",
       ("card_ids", "skipped")),
    # ---- internal ------------------------------------------------------------------------------------
    Op("workshop.create", a.WorkshopCreate, workshops.create, None, "", INTERNAL,
       "`POST /api/workshops`: the workshop's first op", ("participant_id",), internal=True,
       log=lambda c: c.model_dump(exclude={"join_code"})),
    Op("participant.join", a.ParticipantJoin, workshops.join, None, "", INTERNAL,
       "`POST …/join` with the right code", ("participant_id",), internal=True),
    Op("participant.add_projector", a.ParticipantAddProjector, workshops.add_projector, STAFF,
       "make a projector link", INTERNAL, "`POST …/projector`", ("participant_id",), internal=True),
    Op("participant.link", a.ParticipantLink, people.new_link, FACILITATOR, "make personal links", INTERNAL,
       "`POST …/participants/{pid}/link` and `coboard link`: the person's earlier tokens stop working at once "
       "(their open connections are closed); `link_made_at` records when", ("participant_id",), internal=True),
    Op("participant.erase", a.ParticipantErase, erasure.erase, FACILITATOR, "erase people's details", INTERNAL,
       "`POST …/participants/{pid}/erase` and `coboard erase`: the name becomes \"Erased person\" and their chat "
       "messages lose their text in every record; then every stored event is redacted in place and the pictures "
       "that show the name are dropped (D3); their tokens stop working; the last facilitator cannot be erased "
       "(`conflict`)", ("participant_id",), internal=True,
       log=lambda c: {"participant_id": c.participant_id, **({"retention": True} if c.retention else {})}),
    Op("workshop.delete", a.WorkshopDelete, erasure.delete_workshop, FACILITATOR, "delete the workshop", INTERNAL,
       "`DELETE /api/workshops/{wid}` and `coboard delete`: the last event; then every row of the workshop in "
       "every table is removed (D4) and every connection to it is closed (4404)", ("workshop_id",),
       internal=True),
    Op("responses.import", a.ResponsesImport, amendments.import_answers, STAFF, "import people's answers", DATA,
       "`POST …/responses` and `coboard import`: a whole file of answers in one op", ("responses", "cards",
       "flagged", "dataset_id"), internal=True,
       log=lambda c: {"filename": c.filename, "layout": c.layout, "answers": len(c.answers),
                      "publish": c.publish, "again": c.again}),
    Op("workshop.restore", a.WorkshopRestore, restore.restore, None, "", INTERNAL,
       "`POST /api/workshops/restore` and `coboard restore`: the first op of a restored workshop",
       ("participant_id",), internal=True,
       log=lambda c: {"from": str(c.export.get("workshop_id"))[:100],
                      "records": len(c.export.get("records") or [])}),
]}

OP_ARGS: dict[str, type[a.Args]] = {name: op.args for name, op in OPS.items() if not op.internal}
CLIENT_OPS: tuple[str, ...] = tuple(OP_ARGS)
