"""The agenda and the welcome board: the guide's Day 1 and Day 2 agendas as editable templates,
ways of working together, the facilitation team with their roles, the 8 stages, the 3 questions."""
import re

from ..protocol import AgendaUpdate, WelcomeUpdate
from ..protocol.labels import BOARD_KINDS, STAGES, TEAM_ROLES  # noqa: F401 — the welcome board shows them
from ..protocol.labels import QUESTIONS as LABELLED_QUESTIONS
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise
from .texts import clean

# (key, day, time, title, boards it uses) — from the guide's Day 1 and Day 2 agendas.
DAY_1 = [
    ("welcome", 1, "10:00", "Welcome", ["welcome"]),
    ("approach", 1, "10:20", "Discuss the Working Together for Change approach", ["welcome"]),
    ("local_context", 1, "10:35", "Local context", ["welcome"]),
    ("ww_theming", 1, "10:40", "Working Well theming", ["ww"]),
    ("break_1", 1, "11:40", "Break", []),
    ("nww_theming", 1, "11:50", "Not Working Well theming", ["nww"]),
    ("lunch_1", 1, "12:55", "Lunch", []),
    ("reflecting", 1, "13:25", "Reflecting on what this is telling us so far", ["ww", "nww", "parking"]),
    ("voting", 1, "13:30", "Voting", ["nww"]),
    ("root_causes", 1, "13:40", "Root causes", ["root_causes"]),
    ("success", 1, "14:10", "Identifying success", ["success"]),
    ("table_feedback_1", 1, "14:35", "Table feedback", ["root_causes", "success"]),
    ("closing_1", 1, "14:50", "Closing round", ["parking"]),
    ("finish_1", 1, "15:00", "Finish", []),
]
DAY_2 = [
    ("welcome_2", 2, "10:00", "Welcome / opening round", ["welcome"]),
    ("recap", 2, "10:20", "Recap on Day 1 and run through Day 2", ["ww", "nww", "root_causes", "success"]),
    ("iff_feedback", 2, "10:30", "Important for the Future theming feedback", ["iff"]),
    ("in_place", 2, "10:40", "Achieving success: what's in place already?", ["in_place"]),
    ("in_place_feedback", 2, "11:00", "Feedback", ["in_place"]),
    ("break_2", 2, "11:15", "Break", []),
    ("ideas", 2, "11:30", "Achieving success: generating new ideas", ["ideas"]),
    ("ideas_feedback", 2, "12:10", "Feedback", ["ideas"]),
    ("idea_voting", 2, "12:30", "Voting on the best ideas", ["ideas"]),
    ("lunch_2", 2, "12:40", "Lunch", []),
    ("grid", 2, "13:10", "Investment Grid: mapping the best ideas", ["grid"]),
    ("action_plans", 2, "14:00", "Action plans", ["action_plan"]),
    ("plan_feedback", 2, "14:35", "Feedback", ["action_plan"]),
    ("closing_2", 2, "14:45", "Next steps / closing round", ["parking"]),
    ("finish_2", 2, "15:00", "Finish", []),
]

WAYS_IN_PERSON = ["Expect some mistakes", "No such thing as a silly question", "Parking space for things to come back to",
                  "Look after your own comfort", "Mobiles on silent", "Look out for each other", "Equal space",
                  "Ask for any help you need", "Inclusive"]
WAYS_ONLINE = ["Cameras on where possible", "Rename yourself if needed", "Mute and unmute yourself",
               "We may need to mute you if background noise interferes", "Use the chat and raise your hand",
               "Be patient with us", "We will be using breakout rooms", "The chill-out room is there if you need a break"]
QUESTIONS = [(tag, question) for tag, (question, _name) in LABELLED_QUESTIONS.items()]
AGENDA_BOARDS = set(BOARD_KINDS) | {"welcome"}
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def template() -> list[dict]:
    return [{"key": k, "day": d, "time": t, "title": title, "boards": boards} for k, d, t, title, boards in DAY_1 + DAY_2]


def welcome_defaults() -> dict:
    return {"agenda": template(), "ways_of_working": {"in_person": list(WAYS_IN_PERSON), "online": list(WAYS_ONLINE)},
            "team": [], "parking_reviewer": None}


def update_agenda(state: WorkshopState, actor: dict, args: AgendaUpdate, ctx: OpContext) -> Change:
    """`agenda.update`: the facilitator edits items and times (the guide's agendas are the start)."""
    items, keys = [], set()
    for i, item in enumerate(args.items):
        title = clean(item.title)
        if not title or len(title) > 80:
            raise Rejected("invalid", "Each agenda item needs a title of 1 to 80 characters.", f"items.{i}.title")
        if item.time is not None and not TIME.match(item.time):
            raise Rejected("invalid", "Write agenda times as hours and minutes, like 10:40.", f"items.{i}.time")
        if item.day not in (1, 2):
            raise Rejected("invalid", "An agenda item is on Day 1 or Day 2.", f"items.{i}.day")
        if unknown := set(item.boards) - AGENDA_BOARDS:
            raise Rejected("invalid", f"Unknown board type: {sorted(unknown)[0]}.", f"items.{i}.boards")
        key = item.key or f"item_{i + 1}"
        if key in keys:
            raise Rejected("invalid", "Two agenda items have the same key.", f"items.{i}.key")
        keys.add(key)
        items.append({"key": key, "day": item.day, "time": item.time, "title": title, "boards": list(item.boards)})
    return Change(put=[revise(state.workshop(), agenda=items)])


def update_welcome(state: WorkshopState, actor: dict, args: WelcomeUpdate, ctx: OpContext) -> Change:
    """`welcome.update`: ways of working together, the team and their roles, the parking reviewer."""
    sent = args.model_dump(exclude_unset=True)
    if not sent:
        raise Rejected("invalid", "Nothing to change.")
    fields = {}
    if "ways_of_working" in sent:
        if args.ways_of_working is None:
            raise Rejected("invalid", "Send the ways of working as two lists, in person and online "
                                      "(an empty list clears one).", "ways_of_working")
        ways = {}
        for setting in ("in_person", "online"):
            lines = [clean(x) for x in sent["ways_of_working"].get(setting, [])]
            if any(not x or len(x) > 120 for x in lines) or len(lines) > 30:
                raise Rejected("invalid", "Each way of working is 1 to 120 characters (at most 30).",
                               f"ways_of_working.{setting}")
            ways[setting] = lines
        fields["ways_of_working"] = ways
    if "team" in sent:
        team = []
        for i, member in enumerate(args.team or []):
            name = clean(member.name)
            if not name or len(name) > 60:
                raise Rejected("invalid", "Each facilitator needs a name of 1 to 60 characters.", f"team.{i}.name")
            team.append({"name": name, "role": member.role})
        fields["team"] = team
    if "parking_reviewer" in sent:
        reviewer = clean(args.parking_reviewer or "")
        if len(reviewer) > 60:
            raise Rejected("invalid", "The reviewer's name can be at most 60 characters.", "parking_reviewer")
        fields["parking_reviewer"] = reviewer or None
    return Change(put=[revise(state.workshop(), **fields)])
