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

# ---- reflective feedback (seed 004's questionnaire) ---------------------------------------------
FEEDBACK_PLACE = "our area"  # seed 004 says "West Berkshire": the facilitator names their own place
# the seven principle ratings, 1 (not at all) to 5 (very much so): key → statement ({place} filled in)
FEEDBACK_RATINGS: dict[str, str] = {
    "equals": "We work together as equals",
    "diversity": "We appreciate diversity of experience and expertise",
    "better_for_everyone": "We are focused on making {place} better for everyone",
    "brave": "We are brave",
    "realistic": "We are realistic",
    "opportunities": "We create opportunities for everyone to get involved",
    "accessible": "We make everything we do accessible to all",
}
# the principles the ratings belong to (seed 004: Equality, Making a difference, Inclusive)
FEEDBACK_PRINCIPLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Equality", ("equals", "diversity")),
    ("Making a difference", ("better_for_everyone", "brave", "realistic")),
    ("Inclusive", ("opportunities", "accessible")),
)
FEEDBACK_QUESTIONS: dict[str, str] = {
    "ratings": "Please indicate whether you think the group is working in line with the co-production principles "
               "on a scale of 1 (not at all) to 5 (very much so):",
    "words": "Write up to 4 words (adjectives) to describe how the group has been working recently:",
    "words_example": "e.g. collaborative, engaging, purposeless, repetitive",
    "self_word": "In a similar way, how would you describe yourself working in the group?",
    "self_word_example": "Use an adjective e.g. calm, engaged, frustrated.",
    "self_reason": "Please give your reasons:",
    "satisfaction": "Overall, how satisfied are you with the progress the group has made?",
    "satisfaction_scale": "From 1 (not at all) to 5 (very satisfied)",
    "help": "What do you think would help the group work together better, or help lead to more positive outcomes?",
    "more_less": "Is there anything that you would like to do less of, or stop doing, or anything that you would "
                 "like to do more of, or start doing?",
}
FEEDBACK_SCALE = {"rating": ("Not at all", "Very much so"), "satisfaction": ("Not at all", "Very satisfied")}
FEEDBACK_TEXTS = ("self_reason", "help", "more_less")
FEEDBACK_MIN_ANSWERS = 3  # results are shown only from 3 answers, so nobody's answer stands alone

# the guide's review questions (stage 8): key → question, headings of the review a facilitator fills in
REVIEW_QUESTIONS: dict[str, str] = {
    "achieved": "How successfully have you been able to achieve the Action Plans?",
    "incorporated": "How else have you been able to incorporate the rich data, theming, ideas into ongoing policy "
                    "and strategy?",
    "communicated": "How have you been able to communicate the impact it has had?",
    "ongoing": "What ongoing work has to come out of using this process?",
    "evaluated": "How have you captured an evaluation of the process from all the different people involved?",
    "fed_back": "How have you fed that information back to people?",
    "next": "What do we need to do next?",
    "embedding": "How can you strengthen your coproduction muscles using the momentum, trust and relationships "
                 "gained to embed coproduction in an ongoing way?",
}
