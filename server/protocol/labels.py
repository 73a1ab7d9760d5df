"""The words of the process, defined once: board titles and colours, the three questions, hats,
quadrants, perspectives, the six action-plan questions, the data amendment key, the 8 stages.

The domain, the pictures and reports, and the browser (`web/protocol.js`) all take them from
here. A colour is always shown with its label, never alone.

Every word a person reads is marked N_() so that `make i18n` puts it in the message catalogue
(server/i18n): the English here is the msgid, translated where it is shown (the pictures, the
reports, the server's messages, the browser's t()).
"""
from ..i18n import N_, NC_

# board type → (default title, colour)
BOARD_KINDS: dict[str, tuple[str, str]] = {
    "ww": (N_("WORKING WELL"), "green"),
    "nww": (N_("NOT WORKING WELL"), "red"),
    "iff": (N_("IMPORTANT FOR THE FUTURE"), "orange"),
    "root_causes": (N_("Root causes"), "red"),
    "success": (N_("Identifying success"), "yellow"),
    "in_place": (N_("What's in place already?"), "purple"),
    "ideas": (N_("Generating new ideas"), "blue"),
    "grid": (N_("Investment Grid"), "grey"),
    "action_plan": (N_("Action plan"), "teal"),
    "parking": (N_("Parking space"), "grey"),
}
# board type → the friendly name the agenda and menus use
BOARD_NAMES: dict[str, str] = {
    "welcome": N_("Welcome"), "ww": N_("Working well"), "nww": N_("Not working well"), "iff": N_("Important for the future"),
    "root_causes": N_("Root causes"), "success": N_("Identifying success"), "in_place": N_("What's in place already?"),
    "ideas": N_("New ideas"), "grid": N_("Investment Grid"), "action_plan": N_("Action plan"), "parking": N_("Parking space"),
}
THEMING_BOARDS = ("ww", "nww", "iff")
# the guide's codes of the three theming boards, shown beside their names ("NOT WORKING WELL (nww)"): a
# message each, so a language may write its own (the Welsh keeps the guide's, the values the spreadsheets use)
BOARD_CODES = {"ww": NC_("board code", "ww"), "nww": NC_("board code", "nww"), "iff": NC_("board code", "iff")}

# card type → what it is called ("Theme" the card has a context: Welsh says the stage "Theme" another way)
CARD_TYPES: dict[str, str] = {
    "data": N_("Data"), "theme": NC_("noun", "Theme"), "root_cause": N_("Root cause"), "success": N_("Success"),
    "in_place": N_("In place already"), "idea": N_("Idea"), "note": N_("Note"),
}

# the three questions: tag → (the question, its short name)
QUESTIONS: dict[str, tuple[str, str]] = {
    "ww": (N_("What is working well for you?"), N_("Working well")),
    "nww": (N_("What is not working well for you?"), N_("Not working well")),
    "iff": (N_("What is important to you in the future?"), N_("Important for the future")),
}

# the three thinking hats: letter → (name, colour, hint)
HATS: dict[str, tuple[str, str, str]] = {
    "T": (N_("Traditional"), "blue", N_("Tried and tested, service led ideas.")),
    "C": (N_("Community"), "green", N_("Bottom up ideas that use what is already out there.")),
    "R": (N_("Radical"), "yellow", N_("Brave, out of the box ideas.")),
}

# the Investment Grid: impact up, effort right; 0.5 belongs to the upper / right side (G1)
QUADRANTS: dict[str, str] = {"quick_win": N_("Quick Wins"), "major_project": N_("Major Projects"), "fill_in": N_("Fill Ins"),
                             "thankless_task": N_("Thankless Tasks")}
PLANNABLE_QUADRANTS = ("quick_win", "major_project")

# the success board's perspectives: key → (label, colour, kind of statement, example)
SUCCESS_PERSPECTIVES: dict[str, tuple[str, str, str, str]] = {
    "people_families": (N_("People and families"), "green", N_("an I statement"), N_("I can choose who supports me.")),
    "providers": (N_("People who provide services"), "orange", N_("a we statement"), N_("We ask people what matters to them.")),
    "buyers": (N_("People who buy services"), "blue", N_("a we statement"), N_("We fund support that people choose.")),
}

# the guide's six action-plan questions, in order: field → question
PLAN_QUESTIONS: dict[str, str] = {
    "aim": N_("What are you aiming to achieve and what issue does it relate to?"),
    "involve": N_("Who will lead and who else needs to be involved?"),
    "next_week": N_("What can you do next week to kickstart things?"),
    "months_3_6": N_("Where do you want to be in 3 to 6 months?"),
    "difference": N_("How will you know you are making a difference?"),
    "engaged": N_("How can you keep people engaged and informed?"),
}

# the data amendment key: code → (label, help)
AMENDMENT_CODES: dict[str, tuple[str, str]] = {
    "a": (N_("Too long – shortened"), N_("Write a shorter version of the same point.")),
    "b": (N_("Difficult to understand – rephrased in plain language"), N_("Say the same thing in plain words.")),
    "c": (N_("More than one point – split into single points"), N_("Write each point as its own card (2 or more).")),
    "d": (N_("In third person – changed to first person"), N_("Write it as the person would say it: \"I …\".")),
    "e": (N_("Other – reason given"), N_("Give the reason; an amended text is optional.")),
    "f": (N_("Omitted – reason given"), N_("The answer stays in the record but goes on no card. Give the reason.")),
    "g": (N_("Too many points – some omitted"), N_("Keep the main points in the amended text.")),
    "h": (N_("Query – to check before deciding"), N_("Listed until someone marks it resolved. It blocks nothing.")),
}
NEEDS_TEXT = ("a", "b", "d", "g")
NEEDS_REASON = ("e", "f")

TEAM_ROLES = (N_("Facilitator"), N_("Recorder"), N_("Reporter"), N_("Idea Seeder"))

# the 8 stages of Working Together for Change
STAGES: tuple[tuple[str, str], ...] = (
    (N_("Prepare"), N_("Agree how, when and where to use Working Together for Change and who needs to be involved.")),
    (N_("Collect"), N_("Gather what is working and not working for each person, and what they want for the future.")),
    (N_("Theme"), N_("Recognise themes in the information together and give each theme an “I” statement.")),
    (N_("Understand"), N_("Understand the root causes of what is not working and prioritise the top ones.")),
    (N_("Identify success"), N_("Agree what success would look like, from different perspectives.")),
    (N_("Plan"), N_("Look at what is in place, think of new ideas, and agree which to turn into action plans.")),
    (N_("Implement"), N_("Set a baseline and indicators, share them, and start the action plans.")),
    (N_("Review"), N_("Check progress against success, write the report, and tell everyone what changed.")),
)

# ---- after the workshop (stages 7 and 8) -------------------------------------------------------
# an action plan's status: key → its name in words (PROTOCOL.md "After the workshop")
PLAN_STATUSES: dict[str, str] = {
    "planned": N_("Planned"), "started": N_("Started"), "on_track": N_("On track"), "at_risk": N_("At risk"),
    "stuck": N_("Stuck"), "done": N_("Done"), "stopped": N_("Stopped"),
}
STATUS_NEEDS_REASON = ("stuck", "stopped", "at_risk")  # the guide: be open about what changed and why
# the guide's follow-up: (weeks, months) after the start, and the check-in's label
FOLLOW_UP: tuple[tuple[int, int, str], ...] = (
    (3, 0, N_("2–4 weeks: check and challenge")),
    (0, 3, N_("3 months")),
    (0, 6, N_("6 months")),
)
CHECKIN_STATUSES: dict[str, str] = {"due": N_("Due"), "done": N_("Done")}
# the guide's questions "if things are stuck", offered when a plan is marked stuck
STUCK_QUESTIONS: tuple[str, ...] = (
    N_("What has happened so far?"),
    N_("What circumstances have changed?"),
    N_("What new information do we have? What is practical and possible now we have more information?"),
    N_("What do we need to do next?"),
)
# the plan's two stage 7 fields beside the six questions: field → question
PLAN_FOLLOW_UP_FIELDS: dict[str, str] = {
    "baseline": N_("Where are we now?"),
    "indicators": N_("How will we know we are making a difference?"),
}

# a projector member's name: stored in this English, numbered; each page says it in its reader's language
PROJECTOR_NAME = N_("Projector {n}")

# ---- reflective feedback (seed 004's questionnaire) ---------------------------------------------
# a round's title when staff give none: stored in this English, said in the reader's language where shown
FEEDBACK_TITLE = N_("How is the group working?")
FEEDBACK_CHECKIN_TITLE = N_("Feedback: {label}")  # a check-in's round, {label} the check-in's
FEEDBACK_PLACE = N_("our area")  # seed 004 says "West Berkshire": the facilitator names their own place
# the seven principle ratings, 1 (not at all) to 5 (very much so): key → statement ({place} filled in)
FEEDBACK_RATINGS: dict[str, str] = {
    "equals": N_("We work together as equals"),
    "diversity": N_("We appreciate diversity of experience and expertise"),
    "better_for_everyone": N_("We are focused on making {place} better for everyone"),
    "brave": N_("We are brave"),
    "realistic": N_("We are realistic"),
    "opportunities": N_("We create opportunities for everyone to get involved"),
    "accessible": N_("We make everything we do accessible to all"),
}
# the principles the ratings belong to (seed 004: Equality, Making a difference, Inclusive)
FEEDBACK_PRINCIPLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Equality"), ("equals", "diversity")),
    (N_("Making a difference"), ("better_for_everyone", "brave", "realistic")),
    (N_("Inclusive"), ("opportunities", "accessible")),
)
FEEDBACK_QUESTIONS: dict[str, str] = {
    "ratings": N_("Please indicate whether you think the group is working in line with the co-production principles "
                "on a scale of 1 (not at all) to 5 (very much so):"),
    "words": N_("Write up to 4 words (adjectives) to describe how the group has been working recently:"),
    "words_example": N_("e.g. collaborative, engaging, purposeless, repetitive"),
    "self_word": N_("In a similar way, how would you describe yourself working in the group?"),
    "self_word_example": N_("Use an adjective e.g. calm, engaged, frustrated."),
    "self_reason": N_("Please give your reasons:"),
    "satisfaction": N_("Overall, how satisfied are you with the progress the group has made?"),
    "satisfaction_scale": N_("From 1 (not at all) to 5 (very satisfied)"),
    "help": N_("What do you think would help the group work together better, or help lead to more positive outcomes?"),
    "more_less": N_("Is there anything that you would like to do less of, or stop doing, or anything that you would "
                  "like to do more of, or start doing?"),
}
FEEDBACK_SCALE = {"rating": (N_("Not at all"), N_("Very much so")), "satisfaction": (N_("Not at all"), N_("Very satisfied"))}
FEEDBACK_TEXTS = ("self_reason", "help", "more_less")
FEEDBACK_MIN_ANSWERS = 3  # results are shown only from 3 answers, so nobody's answer stands alone
POLL_MIN_ANSWERS = FEEDBACK_MIN_ANSWERS  # an anonymous poll's counts likewise (Q2)

# the guide's review questions (stage 8): key → question, headings of the review a facilitator fills in
REVIEW_QUESTIONS: dict[str, str] = {
    "achieved": N_("How successfully have you been able to achieve the Action Plans?"),
    "incorporated": N_("How else have you been able to incorporate the rich data, theming, ideas into ongoing policy "
                     "and strategy?"),
    "communicated": N_("How have you been able to communicate the impact it has had?"),
    "ongoing": N_("What ongoing work has to come out of using this process?"),
    "evaluated": N_("How have you captured an evaluation of the process from all the different people involved?"),
    "fed_back": N_("How have you fed that information back to people?"),
    "next": N_("What do we need to do next?"),
    "embedding": N_("How can you strengthen your coproduction muscles using the momentum, trust and relationships "
                  "gained to embed coproduction in an ongoing way?"),
}
