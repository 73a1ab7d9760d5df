"""The agenda and the welcome board: the guide's Day 1 and Day 2 agendas as editable templates,
ways of working together, the facilitation team with their roles, the 8 stages, the 3 questions."""
import re

from ..i18n import N_  # the guide's texts go into the catalogue; pages show them in the reader's language
from ..protocol import AgendaUpdate, WelcomeUpdate, limits
from ..protocol.labels import BOARD_KINDS, STAGES, TEAM_ROLES  # noqa: F401 — the welcome board shows them
from ..protocol.labels import QUESTIONS as LABELLED_QUESTIONS
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise
from .texts import clean

# (key, day, time, title, boards it uses) — from the guide's Day 1 and Day 2 agendas.
DAY_1 = [
    ("welcome", 1, "10:00", N_("Welcome"), ["welcome"]),
    ("approach", 1, "10:20", N_("Discuss the Working Together for Change approach"), ["welcome"]),
    ("local_context", 1, "10:35", N_("Local context"), ["welcome"]),
    ("ww_theming", 1, "10:40", N_("Working Well theming"), ["ww"]),
    ("break_1", 1, "11:40", N_("Break"), []),
    ("nww_theming", 1, "11:50", N_("Not Working Well theming"), ["nww"]),
    ("lunch_1", 1, "12:55", N_("Lunch"), []),
    ("reflecting", 1, "13:25", N_("Reflecting on what this is telling us so far"), ["ww", "nww", "parking"]),
    ("voting", 1, "13:30", N_("Voting"), ["nww"]),
    ("root_causes", 1, "13:40", N_("Root causes"), ["root_causes"]),
    ("success", 1, "14:10", N_("Identifying success"), ["success"]),
    ("table_feedback_1", 1, "14:35", N_("Table feedback"), ["root_causes", "success"]),
    ("closing_1", 1, "14:50", N_("Closing round"), ["parking"]),
    ("finish_1", 1, "15:00", N_("Finish"), []),
]
DAY_2 = [
    ("welcome_2", 2, "10:00", N_("Welcome / opening round"), ["welcome"]),
    ("recap", 2, "10:20", N_("Recap on Day 1 and run through Day 2"), ["ww", "nww", "root_causes", "success"]),
    ("iff_feedback", 2, "10:30", N_("Important for the Future theming feedback"), ["iff"]),
    ("in_place", 2, "10:40", N_("Achieving success: what's in place already?"), ["in_place"]),
    ("in_place_feedback", 2, "11:00", N_("Feedback"), ["in_place"]),
    ("break_2", 2, "11:15", N_("Break"), []),
    ("ideas", 2, "11:30", N_("Achieving success: generating new ideas"), ["ideas"]),
    ("ideas_feedback", 2, "12:10", N_("Feedback"), ["ideas"]),
    ("idea_voting", 2, "12:30", N_("Voting on the best ideas"), ["ideas"]),
    ("lunch_2", 2, "12:40", N_("Lunch"), []),
    ("grid", 2, "13:10", N_("Investment Grid: mapping the best ideas"), ["grid"]),
    ("action_plans", 2, "14:00", N_("Action plans"), ["action_plan"]),
    ("plan_feedback", 2, "14:35", N_("Feedback"), ["action_plan"]),
    ("closing_2", 2, "14:45", N_("Next steps / closing round"), ["parking"]),
    ("finish_2", 2, "15:00", N_("Finish"), []),
]

WAYS_IN_PERSON = [N_("Expect some mistakes"), N_("No such thing as a silly question"), N_("Parking space for things to come back to"),
                  N_("Look after your own comfort"), N_("Mobiles on silent"), N_("Look out for each other"), N_("Equal space"),
                  N_("Ask for any help you need"), N_("Inclusive")]
WAYS_ONLINE = [N_("Cameras on where possible"), N_("Rename yourself if needed"), N_("Mute and unmute yourself"),
               N_("We may need to mute you if background noise interferes"), N_("Use the chat and raise your hand"),
               N_("Be patient with us"), N_("We will be using breakout rooms"), N_("The chill-out room is there if you need a break")]
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
        if not title or len(title) > limits.AGENDA_TITLE:
            raise Rejected("invalid", "Each agenda item needs a title of 1 to 80 characters.", f"items.{i}.title")
        if item.time is not None and not TIME.match(item.time):
            raise Rejected("invalid", "Write agenda times as hours and minutes, like 10:40.", f"items.{i}.time")
        if item.day not in (1, 2):
            raise Rejected("invalid", "An agenda item is on Day 1 or Day 2.", f"items.{i}.day")
        if unknown := set(item.boards) - AGENDA_BOARDS:
            raise Rejected("invalid", "Unknown board type: {type}.", f"items.{i}.boards", type=sorted(unknown)[0])
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
