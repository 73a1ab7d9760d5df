"""One model per record kind, with who sees which field.

Every record has `id`, `kind` and `v`. A field marked `staff` reaches facilitators and hosts
only; a record kind marked `staff` reaches nobody else; `voter` reaches the person it belongs
to. Conditional views (a hidden round's tallies while it is open, another room's chat) are
written next to the field they govern and carried out by `server/domain/views.py`, which reads
these tables; tests/unit checks every record the domain makes against its model.
"""
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .args import BoardType, CardType, FeedbackAnswers, Hat, PlanStatus, SuccessPerspective, Tag
from .roles import Perspective, Role

STAFF_ONLY = {"x-visible": "staff"}


def staff_only(description: str = "", **kw) -> Any:
    return Field(json_schema_extra=STAFF_ONLY, description=description or None, **kw)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    v: int = Field(ge=1, description="raised by one on each change")


class Workshop(Record):
    kind: Literal["workshop"]
    title: str
    purpose: str = ""
    activity: Optional[str] = Field(None, description="the current agenda item's `key`")
    activity_at: Optional[str] = Field(None, description="when `activity` or `day` last changed: timers and messages "
                                                         "to every room from before it belong to an earlier activity")
    join_code: str = staff_only()
    ballot_origin: Optional[str] = staff_only("restored: the workshop it was exported from, whose key still files its "
                                              "anonymous answers (a second answer stays `conflict`)", default=None)
    created_at: str
    showing: Optional[dict] = Field(None, description="\"follow me\": {board_id, by, at}")
    breakout: Optional[dict] = Field(None, description="{status, ends_at, choose} while tables are open")
    day: Literal[1, 2] = 1
    agenda: list[dict] = Field(default_factory=list)
    ways_of_working: dict = Field(default_factory=dict)
    team: list[dict] = Field(default_factory=list)
    parking_reviewer: Optional[str] = None
    language: str = Field("en", description="the workshop's default language (W5): what a page shows unless its person chose another")
    review: dict[str, str] = Field(default_factory=dict, description="the facilitator's answers to the guide's review "
                                                                     "questions (stage 8), by key")
    unnamed_cards: bool = Field(True, description="participants may add cards without their name shown (D6)")
    finished_at: Optional[str] = staff_only("when the facilitator marked it finished (retention counts from "
                                            "then or the last activity, whichever is later; D7)", default=None)
    erase_after_days: Optional[int] = staff_only("its own retention; null: the server's", default=None)
    delete_after_days: Optional[int] = staff_only("its own deletion; null: the server's", default=None)


class Participant(Record):
    kind: Literal["participant"]
    name: str
    role: Role
    room_id: Optional[str]
    table_id: Optional[str] = Field(None, description="the person's own table")
    online: bool = Field(description="as it is at the moment the view is made")
    hand_raised: bool = False
    hand_raised_at: Optional[str] = None
    perspective: Optional[Perspective] = staff_only(default=None)
    joined_at: str
    return_room_id: Optional[str] = Field(None, description="where \"come back\" takes someone in the chill-out room")
    chill_out_alert: Optional[dict] = Field(None, description="{at, seen_by, seen_at}: staff pages show it until seen")
    link_made_at: Optional[str] = staff_only("when a personal link last replaced the person's earlier one",
                                             default=None)
    erased: bool = Field(False, description="their details were erased: the name is \"Erased person\"")
    notice: Optional[dict] = staff_only("{version, shown_at}: the privacy notice shown before they joined (D5)",
                                        default=None)
    cards_unnamed: bool = Field(False, description="their cards do not show their name to other participants")


class Room(Record):
    kind: Literal["room"]
    type: Literal["main", "table", "chill_out"]
    name: str
    number: Optional[int] = Field(None, description="tables: 1, 2, …")
    theme_id: Optional[str] = Field(None, description="tables: the theme the table works on")
    theme_text: Optional[str] = None


class Board(Record):
    kind: Literal["board"]
    type: BoardType
    room_id: str
    title: str
    color: str = Field(description="always shown with the title, never alone")
    order: int
    locked: bool = Field(False, description="Day 1's boards once Day 2 begins (L1)")
    theme_id: Optional[str] = None
    theme_text: Optional[str] = None


class Card(Record):
    kind: Literal["card"]
    board_id: str
    type: CardType
    text: str
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    created_by: Optional[str] = Field(None, description="left out for other participants when `unnamed` (D6)")
    created_at: str
    unnamed: bool = Field(False, description="its writer's name is not shown to other participants; staff see it")
    tag: Optional[Tag] = Field(None, description="data cards")
    theme_id: Optional[str] = Field(None, description="data cards: the theme holding it")
    duplicate_of: Optional[str] = Field(None, description="data cards: the card it was copied from")
    split_from: Optional[str] = Field(None, description="data cards: the card it was split from")
    answer_id: Optional[str] = Field(None, description="data cards made from a collected answer")
    count: Optional[int] = Field(None, description="themes: the data cards in it")
    perspective: Optional[SuccessPerspective] = Field(None, description="success statements")
    step: Optional[int] = Field(None, description="notes of a root-causes board: the \"why?\" chain in order")
    hat: Optional[Hat] = Field(None, description="ideas")
    code: Optional[str] = Field(None, description="ideas: table number and hat, like \"2T\", or \"2T+4C\" merged")
    impact: Optional[float] = None
    effort: Optional[float] = None
    quadrant: Optional[Literal["quick_win", "major_project", "fill_in", "thankless_task"]] = None
    source_id: Optional[str] = Field(None, description="ideas on the grid: the table's idea it copies")
    merged_from: Optional[list[str]] = None
    source_ids: Optional[list[str]] = Field(None, description="merged ideas: every idea as first written that it "
                                                              "holds (the tables' ideas, on the grid); kept by its copies")
    reviewed: Optional[bool] = Field(None, description="parking space items")
    response: Optional[str] = None
    reviewed_by: Optional[str] = None
    reviewed_at: Optional[str] = None
    taken_to: Optional[str] = Field(None, description="themes, ideas, parking items: where the mop-up meeting took it")
    taken_by: Optional[str] = None
    taken_at: Optional[str] = None


class Round(Record):
    kind: Literal["round"]
    board_id: str
    board_ids: list[str]
    status: Literal["open", "closed"]
    per_person: int
    per_target: int
    hidden: bool
    tallies: dict[str, int] = Field(description="{target_id: dots}; while hidden and open: staff only")
    dots_used: dict[str, int] = staff_only("{participant_id: dots}: who has not used all their dots yet")
    abstained: list[str]
    opened_by: str
    opened_at: str
    closed_by: Optional[str] = None
    closed_at: Optional[str] = None
    voted_texts: Optional[dict[str, str]] = Field(None, description="each target's text when the vote closed (V7)")


class Vote(Record):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"x-visible": "voter"})
    kind: Literal["vote"]
    round_id: str
    target_id: str
    voter_id: str
    at: str


class Timer(Record):
    kind: Literal["timer"]
    label: str
    seconds: int
    room_id: Optional[str] = Field(description="null: every room")
    status: Literal["running", "stopped"]
    started_at: str
    ends_at: str
    started_by: str
    stopped_at: Optional[str] = None


class Chat(Record):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"x-visible": "room"})
    kind: Literal["chat"]
    room_id: Optional[str] = Field(description="null: to everyone; a room's messages reach that room and the staff")
    by: str
    by_name: str
    text: str = Field(description="empty for participants once hidden")
    at: str
    hidden: bool
    hidden_by: Optional[str] = None
    announcement: bool


class Poll(Record):
    kind: Literal["poll"]
    question: str
    options: list[str]
    multiple: bool
    anonymous: bool
    show: Literal["live", "on_close"]
    room_id: Optional[str]
    status: Literal["open", "closed"]
    counts: Optional[list[int]] = Field(description="null while an anonymous poll is open, counted at its close (Q1), "
                                        "and still null when fewer than 3 answered it (Q2); hidden from "
                                        "participants while open when `show` is `on_close`")
    answered: int
    created_by: str
    created_at: str
    closed_at: Optional[str] = None


class PollAnswer(Record):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"x-visible": "voter"})
    kind: Literal["poll_answer"]
    poll_id: str
    voter_id: Optional[str] = Field(description="null on an anonymous poll's answer (its id is a keyed hash)")
    voter_name: Optional[str]
    anonymous: bool
    choices: list[int]
    at: Optional[str] = Field(description="null on an anonymous poll's answer")


class Answer(Record):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"x-visible": "staff"})
    kind: Literal["answer"]
    question: Tag
    original: str
    amended: Optional[str]
    parts: Optional[list[str]]
    code: Optional[Literal["a", "b", "c", "d", "e", "f", "g", "h"]]
    reason: Optional[str]
    resolved: bool
    status: Literal["pending", "published", "omitted"]
    card_ids: list[str]
    row: Optional[int]
    dataset_id: Optional[str]
    created_at: str
    flags: list[str] = Field(default_factory=list)


class Dataset(Record):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"x-visible": "staff"})
    kind: Literal["dataset"]
    filename: str
    layout: Literal["wide", "long"]
    responses: int
    answers: int
    heard_from: dict[str, dict[str, int]]
    digest: Optional[str]
    imported_by: str
    imported_at: str


class ActionPlan(Record):
    kind: Literal["action_plan"]
    board_id: str
    idea_id: str
    code: Optional[str]
    idea_text: str
    quadrant: Optional[str]
    lead_id: Optional[str]
    lead_name: Optional[str] = None
    fields: dict[str, str] = Field(description="the six answers: aim, involve, next_week, months_3_6, difference, "
                                               "engaged")
    edited_by: dict[str, str]
    complete: bool
    created_at: str
    status: PlanStatus = "planned"
    history: list[dict] = Field(default_factory=list, description="[{status, reason, by, at}], oldest first")
    baseline: str = Field("", description="where we are now (stage 7)")
    indicators: str = Field("", description="how we will know we are making a difference (stage 7)")
    follow_up_start: Optional[str] = Field(None, description="the day `plan.follow_up` counted from")
    from_mop_up: bool = Field(False, description="made by `mop_up.plan` from a theme, idea or parking item")


class CheckinCorrection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(description="the note before the correction")
    plan_status: Optional[PlanStatus] = Field(None, description="the plan status before the correction")
    reason: str = Field(description="why it was corrected")
    by: str
    at: str
    plan_followed: bool = Field(description="the plan's status and history followed the correction")


class Checkin(Record):
    kind: Literal["checkin"]
    plan_id: str
    due: str = Field(description="YYYY-MM-DD")
    label: str
    status: Literal["due", "done"]
    note: str = ""
    plan_status: Optional[PlanStatus] = Field(None, description="the plan's status recorded with it")
    done_by: Optional[str] = None
    done_at: Optional[str] = None
    corrections: list[CheckinCorrection] = Field(default_factory=list,
                                                 description="what a corrected check-in said before, oldest first")
    created_at: str


class Feedback(Record):
    kind: Literal["feedback"]
    title: str
    place: str = Field(description="the place of \"making … better for everyone\" (seed 004 says West Berkshire)")
    questions: dict[str, str] = Field(description="the seven principle statements, place filled in")
    status: Literal["open", "closed"]
    answers: int = Field(description="how many answered")
    results: Optional[dict] = Field(None, description="null while open (F5: worked out once, at the close) and "
                                                      "below 3 answers; then {answers, ratings: {key: {mean, "
                                                      "count, counts}}, satisfaction, words, self_words: [{word, "
                                                      "count}], self_reason, help, more_less (random order)}")
    number: int = Field(description="1, 2, …: the rounds of feedback, compared over time")
    checkin_id: Optional[str] = None
    opened_by: str
    opened_at: str
    closed_at: Optional[str] = None


class FeedbackAnswer(Record, FeedbackAnswers):
    """One person's answers, filed under a keyed hash (its id): no person, no time; reaches nobody."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"x-visible": "nobody"})
    kind: Literal["feedback_answer"]
    feedback_id: str


RECORDS: dict[str, type[Record]] = {
    m.model_fields["kind"].annotation.__args__[0]: m
    for m in (Workshop, Participant, Room, Board, Card, Round, Vote, Timer, Chat, Poll, PollAnswer, Answer,
              Dataset, ActionPlan, Checkin, Feedback, FeedbackAnswer)}

# Who sees what, as views.py applies it (read from the models above: one source).
STAFF_KINDS = frozenset(k for k, m in RECORDS.items() if (m.model_config.get("json_schema_extra") or {}).get(
    "x-visible") == "staff")
NOBODY_KINDS = frozenset(k for k, m in RECORDS.items() if (m.model_config.get("json_schema_extra") or {}).get(
    "x-visible") == "nobody")
STAFF_FIELDS: dict[str, frozenset[str]] = {
    kind: frozenset(name for name, f in model.model_fields.items() if (f.json_schema_extra or {}) == STAFF_ONLY)
    for kind, model in RECORDS.items()}
