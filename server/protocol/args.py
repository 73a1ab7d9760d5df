"""The arguments of every op, as Pydantic models: unknown fields and wrong types are refused.

The op registry (`registry.py`) names each op's model; the domain rules receive them checked.
"""
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..i18n import LANGUAGES
from . import limits
from .roles import Perspective, Role

Language = Literal[tuple(LANGUAGES)]  # the languages with a complete catalogue (server/i18n)

BoardType = Literal["ww", "nww", "iff", "root_causes", "success", "in_place", "ideas", "grid",
                    "action_plan", "parking"]
CardType = Literal["data", "theme", "root_cause", "success", "in_place", "idea", "note"]
Tag = Literal["ww", "nww", "iff"]
SuccessPerspective = Literal["people_families", "providers", "buyers"]
Hat = Literal["T", "C", "R"]
Fraction = float


class Args(BaseModel):
    """Op arguments: unknown fields and wrong types are refused, never guessed at."""

    model_config = ConfigDict(extra="forbid", strict=True)


# ---- op arguments ----------------------------------------------------------------------------

class WorkshopUpdate(Args):
    title: Optional[str] = None
    purpose: Optional[str] = None
    activity: Optional[str] = None
    language: Optional[Language] = None
    unnamed_cards: Optional[bool] = None  # may participants add cards without their name shown
    finished: Optional[bool] = None  # the workshop is over: its retention is counted from now (D7)
    erase_after_days: Optional[int] = None  # this workshop's own retention (null: the server's)
    delete_after_days: Optional[int] = None


class ParticipantSetRole(Args):
    participant_id: str
    role: Role


class BoardCreate(Args):
    type: BoardType
    room_id: Optional[str] = None
    title: Optional[str] = None


class CardCreate(Args):
    board_id: str
    type: CardType
    text: str
    x: Optional[Fraction] = None
    y: Optional[Fraction] = None
    tag: Optional[Tag] = None
    theme_id: Optional[str] = None
    perspective: Optional[SuccessPerspective] = None
    hat: Optional[Hat] = None
    unnamed: Optional[bool] = None  # without the writer's name shown to other participants (default: theirs)


class CardUpdate(Args):
    card_id: str
    text: Optional[str] = None
    x: Optional[Fraction] = None
    y: Optional[Fraction] = None
    board_id: Optional[str] = None


class CardGroup(Args):
    card_id: str
    theme_id: Optional[str]


class CardDuplicate(Args):
    card_id: str
    theme_id: Optional[str] = None


class CardSplit(Args):
    card_id: str
    texts: list[str]


class CardDelete(Args):
    card_id: str


class RoundOpen(Args):
    board_id: str
    board_ids: Optional[list[str]] = Field(default=None, description="more boards voted on together (all tables' ideas)")
    per_person: int = limits.DOTS_PER_PERSON
    per_target: int = limits.DOTS_PER_TARGET
    hidden: bool = False


class RoundClose(Args):
    round_id: str


class RoundAbstain(Args):
    round_id: str
    abstain: bool = True


class VoteCast(Args):
    round_id: str
    target_id: str


class VoteRetract(Args):
    round_id: str
    target_id: str


class RoomCreate(Args):
    type: Literal["main", "table", "chill_out"]
    name: Optional[str] = None


class RoomAssign(Args):
    participant_id: str
    room_id: str


class RoomEnter(Args):
    room_id: str


class ChillOutSeen(Args):
    participant_id: str


class GridAdd(Args):
    card_ids: list[str]


class CardMerge(Args):
    card_ids: list[str]
    text: Optional[str] = None


class GridPlace(Args):
    card_id: str
    impact: float
    effort: float


class ParticipantRename(Args):
    name: str
    participant_id: Optional[str] = None


class HandRaise(Args):
    pass


class HandLower(Args):
    participant_id: Optional[str] = None


class WorkshopShow(Args):
    board_id: Optional[str]


class TimerStart(Args):
    seconds: int
    label: Optional[str] = None
    room_id: Optional[str] = None


class TimerStop(Args):
    timer_id: str


class ChatSend(Args):
    text: str
    room_id: Optional[str] = None
    everyone: bool = False


class ChatHide(Args):
    message_id: str
    hidden: bool = True


class PollCreate(Args):
    question: str
    options: list[str]
    multiple: bool = False
    anonymous: bool = True
    show: Literal["live", "on_close"] = "live"
    room_id: Optional[str] = None


class PollAnswer(Args):
    poll_id: str
    choices: list[int]


class PollClose(Args):
    poll_id: str


class RoomsShuffle(Args):
    room_ids: Optional[list[str]] = None
    participant_ids: Optional[list[str]] = None


class BreakoutOpen(Args):
    seconds: Optional[int] = None
    choose: bool = False


class BreakoutClose(Args):
    pass


class BreakoutBroadcast(Args):
    text: str


class AnswerCreate(Args):
    question: Tag
    text: str


class AnswerAmend(Args):
    answer_id: str
    code: Optional[Literal["a", "b", "c", "d", "e", "f", "g", "h"]]
    amended: Optional[str] = None
    parts: Optional[list[str]] = None
    reason: Optional[str] = None


class AnswerResolve(Args):
    answer_id: str
    resolved: bool = True


class AnswerPublish(Args):
    answer_ids: Optional[list[str]] = None


class AgendaItem(Args):
    key: Optional[str] = None
    day: int
    time: Optional[str] = None
    title: str
    boards: list[str] = Field(default_factory=list)


class AgendaUpdate(Args):
    items: list[AgendaItem]


class WaysOfWorking(Args):
    in_person: list[str] = Field(default_factory=list)
    online: list[str] = Field(default_factory=list)


class TeamMember(Args):
    name: str
    role: Literal["Facilitator", "Recorder", "Reporter", "Idea Seeder"]


class WelcomeUpdate(Args):
    ways_of_working: Optional[WaysOfWorking] = None
    team: Optional[list[TeamMember]] = None
    parking_reviewer: Optional[str] = None


class ParkingReview(Args):
    card_id: str
    response: str = ""
    reviewed: bool = True


class TablesGiveThemes(Args):
    round_id: Optional[str] = None
    theme_ids: Optional[list[str]] = None
    count: Optional[int] = None


class DayBegin(Args):
    day: Literal[1, 2]


class GridAddTop(Args):
    round_id: str
    per_table: int = 3
    chosen: Optional[list[str]] = None  # G4: the facilitator's pick among ideas tied at a table's cut-off


class PlanCreate(Args):
    board_id: str
    idea_id: str


class PlanUpdate(Args):
    plan_id: str
    field: str
    text: str


class PlanSetLead(Args):
    plan_id: str
    participant_id: Optional[str]


PlanStatus = Literal["planned", "started", "on_track", "at_risk", "stuck", "done", "stopped"]


class PlanFollowUp(Args):
    plan_id: str
    start: Optional[str] = Field(None, description="YYYY-MM-DD, default today")


class CheckinCreate(Args):
    plan_id: str
    due: str = Field(description="YYYY-MM-DD")
    label: str


class CheckinRecord(Args):
    checkin_id: str
    note: str
    plan_status: PlanStatus


class CheckinCorrect(Args):
    checkin_id: str
    reason: str
    note: Optional[str] = None
    plan_status: Optional[PlanStatus] = None


class PlanSetStatus(Args):
    plan_id: str
    status: PlanStatus
    reason: Optional[str] = None


class FeedbackOpen(Args):
    title: Optional[str] = None
    place: Optional[str] = Field(None, description="the place of \"making … better for everyone\"")
    checkin_id: Optional[str] = Field(None, description="the check-in this round of feedback goes with")


class FeedbackAnswers(BaseModel):
    """Seed 004's questions, every answer optional: the one list the op's arguments and the stored
    answer record both take their fields from."""

    equals: Optional[int] = None
    diversity: Optional[int] = None
    better_for_everyone: Optional[int] = None
    brave: Optional[int] = None
    realistic: Optional[int] = None
    opportunities: Optional[int] = None
    accessible: Optional[int] = None
    words: Optional[list[str]] = None
    self_word: Optional[str] = None
    self_reason: Optional[str] = None
    satisfaction: Optional[int] = None
    help: Optional[str] = None
    more_less: Optional[str] = None


class FeedbackAnswer(Args, FeedbackAnswers):
    feedback_id: str


class FeedbackClose(Args):
    feedback_id: str


class ReviewUpdate(Args):
    question: str
    text: str


class MopUpNote(Args):
    item_id: str
    taken_to: Optional[str]


class MopUpPlan(Args):
    item_id: str


# ---- internal ops: decided by the same gate, but only the server itself may send them ---------

class WorkshopCreate(Args):
    title: str
    purpose: Optional[str] = None
    facilitator_name: str
    join_code: str


class ParticipantJoin(Args):
    name: str
    perspective: Optional[Perspective] = None
    notice_version: Optional[str] = None  # the privacy notice the join page showed them
    cards_unnamed: bool = False  # their cards without their name shown to other participants


class ParticipantAddProjector(Args):
    pass


class ParticipantLink(Args):
    participant_id: str


class ParticipantErase(Args):
    participant_id: str
    also_named: list[str] = Field(default_factory=list)  # earlier names from the log; never logged
    retention: bool = False  # the retention job erasing everyone: the last facilitator too (D7)


class WorkshopDelete(Args):
    pass


class ImportedAnswer(Args):
    row: int
    question: Tag
    text: str


class ResponsesImport(Args):
    """A file of collected answers, already read (CSV or XLSX) by server/imports/."""

    filename: str
    layout: Literal["wide", "long"]
    responses: int
    answers: list[ImportedAnswer]
    heard_from: dict[str, dict[str, int]] = Field(default_factory=dict)
    digest: Optional[str] = None
    publish: bool = True
    again: bool = False


class WorkshopRestore(Args):
    """An export.json (its records and snapshots are checked by the rule)."""

    export: Any  # checked by the rule, so a damaged file gets a plain answer
    join_code: str
    ballot_origin: Optional[str] = None  # the workshop whose key files its anonymous answers, when the export's seal held
