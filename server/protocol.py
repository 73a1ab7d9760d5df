"""Every message of the wire contract (PROTOCOL.md) as Pydantic models, in one place.

The op argument models are used to check incoming ops; all models together are published as
JSON Schema at `/api/protocol.json`.
"""
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1

Role = Literal["facilitator", "host", "participant", "projector"]
Perspective = Literal["lived_experience", "provider", "commissioner", "other"]
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


# ---- HTTP bodies -----------------------------------------------------------------------------

class CreateWorkshop(BaseModel):
    model_config = ConfigDict(extra="ignore")
    title: str
    purpose: Optional[str] = None
    facilitator_name: str


class JoinWorkshop(BaseModel):
    model_config = ConfigDict(extra="ignore")
    join_code: str
    name: str
    perspective: Optional[Perspective] = None


class Created(BaseModel):
    workshop_id: str
    join_code: str
    join_url: str
    board_url: str
    participant_id: str
    token: str


class Joined(BaseModel):
    participant_id: str
    token: str
    role: Role


class ErrorBody(BaseModel):
    code: str
    message: str
    field: Optional[str] = None


# ---- op arguments ----------------------------------------------------------------------------

class WorkshopUpdate(Args):
    title: Optional[str] = None
    purpose: Optional[str] = None
    activity: Optional[str] = None


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
    per_person: int = 3
    per_target: int = 2
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


OP_ARGS: dict[str, type[Args]] = {
    "workshop.update": WorkshopUpdate,
    "participant.set_role": ParticipantSetRole,
    "board.create": BoardCreate,
    "card.create": CardCreate,
    "card.update": CardUpdate,
    "card.group": CardGroup,
    "card.duplicate": CardDuplicate,
    "card.split": CardSplit,
    "card.delete": CardDelete,
    "round.open": RoundOpen,
    "round.close": RoundClose,
    "round.abstain": RoundAbstain,
    "vote.cast": VoteCast,
    "vote.retract": VoteRetract,
    "room.create": RoomCreate,
    "room.assign": RoomAssign,
    "room.enter": RoomEnter,
    "chill_out.seen": ChillOutSeen,
    "grid.add": GridAdd,
    "card.merge": CardMerge,
    "grid.place": GridPlace,
    "answer.create": AnswerCreate,
    "answer.amend": AnswerAmend,
    "answer.resolve": AnswerResolve,
    "answer.publish": AnswerPublish,
    "participant.rename": ParticipantRename,
    "hand.raise": HandRaise,
    "hand.lower": HandLower,
    "workshop.show": WorkshopShow,
    "timer.start": TimerStart,
    "timer.stop": TimerStop,
    "chat.send": ChatSend,
    "chat.hide": ChatHide,
    "poll.create": PollCreate,
    "poll.answer": PollAnswer,
    "poll.close": PollClose,
    "rooms.shuffle": RoomsShuffle,
    "breakout.open": BreakoutOpen,
    "breakout.close": BreakoutClose,
    "breakout.broadcast": BreakoutBroadcast,
    "agenda.update": AgendaUpdate,
    "welcome.update": WelcomeUpdate,
    "parking.review": ParkingReview,
    "tables.give_themes": TablesGiveThemes,
    "day.begin": DayBegin,
    "grid.add_top": GridAddTop,
    "plan.create": PlanCreate,
    "plan.update": PlanUpdate,
    "plan.set_lead": PlanSetLead,
}


# ---- client frames ---------------------------------------------------------------------------

class Hello(BaseModel):
    op: Literal["hello"]
    token: str
    since: Optional[int] = None


class OpFrame(BaseModel):
    op: str = Field(description="one of the ops of PROTOCOL.md, `noun.verb`")
    id: Optional[Union[str, int]] = None
    args: dict[str, Any] = Field(default_factory=dict)


class EphemeralFrame(BaseModel):
    op: Literal["eph"]
    args: dict[str, Any]


# ---- server frames ---------------------------------------------------------------------------

class Welcome(BaseModel):
    t: Literal["welcome"]
    seq: int
    me: dict[str, Any]
    records: Optional[list[dict[str, Any]]] = None
    replay: Optional[list[dict[str, Any]]] = None
    online: list[str]


class Ack(BaseModel):
    t: Literal["ack"]
    id: Optional[Union[str, int]]
    seq: int
    result: dict[str, Any]


class Err(BaseModel):
    t: Literal["err"]
    id: Optional[Union[str, int]] = None
    code: str
    message: str
    field: Optional[str] = None


class Event(BaseModel):
    t: Literal["ev"]
    seq: int
    op: Optional[str] = None
    by: Optional[str] = None
    at: Optional[str] = None
    put: list[dict[str, Any]]
    del_: list[str] = Field(alias="del")


class Presence(BaseModel):
    t: Literal["presence"]
    participant_id: str
    online: bool


class EphemeralOut(BaseModel):
    t: Literal["eph"]
    by: str
    room_id: str
    args: dict[str, Any]


class Notice(BaseModel):
    t: Literal["notice"]
    kind: str
    participant_id: str
    at: str


def json_schema() -> dict:
    """The JSON Schema of every message, served at /api/protocol.json."""
    def schema(model):
        return model.model_json_schema(by_alias=True)

    return {
        "version": PROTOCOL_VERSION,
        "http": {m.__name__: schema(m) for m in (CreateWorkshop, JoinWorkshop, Created, Joined, ErrorBody)},
        "client_frames": {"hello": schema(Hello), "op": schema(OpFrame), "eph": schema(EphemeralFrame)},
        "ops": {name: schema(model) for name, model in OP_ARGS.items()},
        "server_frames": {m.__name__.lower(): schema(m)
                          for m in (Welcome, Ack, Err, Event, Presence, EphemeralOut, Notice)},
    }
