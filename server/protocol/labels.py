"""The words of the process, defined once: board titles and colours, the three questions, hats,
quadrants, perspectives, the six action-plan questions, the data amendment key, the 8 stages.

The domain, the pictures and reports, and the browser (`web/protocol.js`) all take them from
here. A colour is always shown with its label, never alone.
"""

# board type → (default title, colour)
BOARD_KINDS: dict[str, tuple[str, str]] = {
    "ww": ("WORKING WELL", "green"),
    "nww": ("NOT WORKING WELL", "red"),
    "iff": ("IMPORTANT FOR THE FUTURE", "orange"),
    "root_causes": ("Root causes", "red"),
    "success": ("Identifying success", "yellow"),
    "in_place": ("What's in place already?", "purple"),
    "ideas": ("Generating new ideas", "blue"),
    "grid": ("Investment Grid", "grey"),
    "action_plan": ("Action plan", "teal"),
    "parking": ("Parking space", "grey"),
}
# board type → the friendly name the agenda and menus use
BOARD_NAMES: dict[str, str] = {
    "welcome": "Welcome", "ww": "Working well", "nww": "Not working well", "iff": "Important for the future",
    "root_causes": "Root causes", "success": "Identifying success", "in_place": "What's in place already?",
    "ideas": "New ideas", "grid": "Investment Grid", "action_plan": "Action plan", "parking": "Parking space",
}
THEMING_BOARDS = ("ww", "nww", "iff")

# the three questions: tag → (the question, its short name)
QUESTIONS: dict[str, tuple[str, str]] = {
    "ww": ("What is working well for you?", "Working well"),
    "nww": ("What is not working well for you?", "Not working well"),
    "iff": ("What is important to you in the future?", "Important for the future"),
}

# the three thinking hats: letter → (name, colour, hint)
HATS: dict[str, tuple[str, str, str]] = {
    "T": ("Traditional", "blue", "Tried and tested, service led ideas."),
    "C": ("Community", "green", "Bottom up ideas that use what is already out there."),
    "R": ("Radical", "yellow", "Brave, out of the box ideas."),
}

# the Investment Grid: impact up, effort right; 0.5 belongs to the upper / right side (G1)
QUADRANTS: dict[str, str] = {"quick_win": "Quick Wins", "major_project": "Major Projects", "fill_in": "Fill Ins",
                             "thankless_task": "Thankless Tasks"}
PLANNABLE_QUADRANTS = ("quick_win", "major_project")

# the success board's perspectives: key → (label, colour, kind of statement, example)
SUCCESS_PERSPECTIVES: dict[str, tuple[str, str, str, str]] = {
    "people_families": ("People and families", "green", "an I statement", "I can choose who supports me."),
    "providers": ("People who provide services", "orange", "a we statement", "We ask people what matters to them."),
    "buyers": ("People who buy services", "blue", "a we statement", "We fund support that people choose."),
}

# the guide's six action-plan questions, in order: field → question
PLAN_QUESTIONS: dict[str, str] = {
    "aim": "What are you aiming to achieve and what issue does it relate to?",
    "involve": "Who will lead and who else needs to be involved?",
    "next_week": "What can you do next week to kickstart things?",
    "months_3_6": "Where do you want to be in 3 to 6 months?",
    "difference": "How will you know you are making a difference?",
    "engaged": "How can you keep people engaged and informed?",
}

# the data amendment key: code → (label, help)
AMENDMENT_CODES: dict[str, tuple[str, str]] = {
    "a": ("Too long – shortened", "Write a shorter version of the same point."),
    "b": ("Difficult to understand – rephrased in plain language", "Say the same thing in plain words."),
    "c": ("More than one point – split into single points", "Write each point as its own card (2 or more)."),
    "d": ("In third person – changed to first person", "Write it as the person would say it: \"I …\"."),
    "e": ("Other – reason given", "Give the reason; an amended text is optional."),
    "f": ("Omitted – reason given", "The answer stays in the record but goes on no card. Give the reason."),
    "g": ("Too many points – some omitted", "Keep the main points in the amended text."),
    "h": ("Query – to check before deciding", "Listed until someone marks it resolved. It blocks nothing."),
}
NEEDS_TEXT = ("a", "b", "d", "g")
NEEDS_REASON = ("e", "f")

TEAM_ROLES = ("Facilitator", "Recorder", "Reporter", "Idea Seeder")

# the 8 stages of Working Together for Change
STAGES: tuple[tuple[str, str], ...] = (
    ("Prepare", "Agree how, when and where to use Working Together for Change and who needs to be involved."),
    ("Collect", "Gather what is working and not working for each person, and what they want for the future."),
    ("Theme", "Recognise themes in the information together and give each theme an \"I\" statement."),
    ("Understand", "Understand the root causes of what is not working and prioritise the top ones."),
    ("Identify success", "Agree what success would look like, from different perspectives."),
    ("Plan", "Look at what is in place, think of new ideas, and agree which to turn into action plans."),
    ("Implement", "Set a baseline and indicators, share them, and start the action plans."),
    ("Review", "Check progress against success, write the report, and tell everyone what changed."),
)

# ---- after the workshop (stages 7 and 8) -------------------------------------------------------
# an action plan's status: key → its name in words (PROTOCOL.md "After the workshop")
PLAN_STATUSES: dict[str, str] = {
    "planned": "Planned", "started": "Started", "on_track": "On track", "at_risk": "At risk",
    "stuck": "Stuck", "done": "Done", "stopped": "Stopped",
}
STATUS_NEEDS_REASON = ("stuck", "stopped", "at_risk")  # the guide: be open about what changed and why
# the guide's follow-up: (weeks, months) after the start, and the check-in's label
FOLLOW_UP: tuple[tuple[int, int, str], ...] = (
    (3, 0, "2–4 weeks: check and challenge"),
    (0, 3, "3 months"),
    (0, 6, "6 months"),
)
CHECKIN_STATUSES: dict[str, str] = {"due": "Due", "done": "Done"}
# the guide's questions "if things are stuck", offered when a plan is marked stuck
STUCK_QUESTIONS: tuple[str, ...] = (
    "What has happened so far?",
    "What circumstances have changed?",
    "What new information do we have? What is practical and possible now we have more information?",
    "What do we need to do next?",
)
# the plan's two stage 7 fields beside the six questions: field → question
PLAN_FOLLOW_UP_FIELDS: dict[str, str] = {
    "baseline": "Where are we now?",
    "indicators": "How will we know we are making a difference?",
}
