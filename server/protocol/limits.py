"""Every limit of the wire contract and the process, defined once.

The server's rules, `docs/protocol.md` and the browser (`web/protocol.js`) all read these.
Characters are counted one way everywhere: Unicode code points after NFC normalisation
(so "é" typed as e + accent is one character; an emoji is as many as its code points).
"""

# ---- texts (characters: code points after NFC) ------------------------------------------------
CARD_TEXT = 170          # Jamboard's limit, which the guide's card layout relies on
NAME = 40                # a first name is enough
TITLE = 120              # a workshop's title
PURPOSE = 2000           # the shared purpose statement
ACTIVITY = 80            # the current agenda activity
AGENDA_TITLE = 80        # an agenda item's title
BOARD_TITLE = 80
TIMER_LABEL = 80
CHAT = 500
REASON = 500             # a reason given for an amendment, a status change
POLL_QUESTION = 200
POLL_OPTION = 100
PLAN_FIELD = 1000        # one answer of an action plan (and baseline, indicators)
ORIGINAL_ANSWER = 5000   # an answer as collected, kept whole for cleaning
CHECKIN_LABEL = 80       # a check-in's label ("3 months")
CHECKIN_NOTE = 2000      # what a check-in records, in plain words
FEEDBACK_WORD = 30       # a word for the group or for yourself (reflective feedback)
FEEDBACK_WORDS = 4       # words for the group, at most
FEEDBACK_TEXT = 1000     # a free-text answer of the questionnaire
FEEDBACK_TITLE = 120
FEEDBACK_PLACE = 60      # the place name of "making … better for everyone"
REVIEW_ANSWER = 2000     # the facilitator's answer to one of the guide's review questions
TAKEN_TO = 200           # where the mop-up meeting took an item ("the transport board")

# ---- counts --------------------------------------------------------------------------------
MAX_DOTS = 20            # dots a person may be given in one round
DOTS_PER_PERSON = 3      # a vote's dots for each person when not set (the guide: 3 sticky dots each)
DOTS_PER_TARGET = 2      # a vote's most dots from one person on one theme or idea when not set (the guide: 2)
SPLIT_PARTS = 10         # a card splits into 2..10 parts
ROOT_CAUSES_PER_TABLE = 3
IDEAS_PER_HAT = 3
DEFAULT_TABLES = 4
TIMER_SECONDS = 4 * 3600

# ---- frames --------------------------------------------------------------------------------
FRAME_BYTES = 64 * 1024          # a bigger message is answered `too_large`
FRAME_BYTES_HARD = 1024 * 1024   # a bigger one is not read at all: the socket closes (1009)
EPH_ARGS_BYTES = 2 * 1024        # an ephemeral message's `args` as JSON
EPH_ARGS_DEPTH = 8               # nesting levels of an ephemeral message's `args`
ARGS_DEPTH = 16                  # nesting levels of an op's `args` (the agenda needs 4)
HELLO_SECONDS = 10               # a socket that has not said hello by then is closed (4408)
HELLO_FRAME_BYTES = 4 * 1024     # a frame before the welcome (a hello is under 1 KiB): a bigger one closes the socket (1009), unread
HELLO_SOCKETS_PER_ADDRESS = 50   # sockets from one address not yet let in by a hello, at once, per server process (1013 beyond; a room of 40 reconnecting fits)

# ---- rates: per person, across all their sockets and long polls (per server process) --------
OPS_PER_SECOND = 20              # ops a person may send a second, however many tabs or phones they use
OPS_BURST = 60                   # ops a person may send at once before the rate applies
EPH_PER_SECOND = 20              # drags, cursors and typing hints a person relays a second
EPH_BYTES_PER_SECOND = 8 * 1024  # and their bytes (a drag is ~100 bytes; beyond, only the latest is relayed)
EPH_BYTES_BURST = 16 * 1024      # ephemeral bytes a person may send at once
CARDS_PER_PERSON_PER_BOARD = 100  # a participant's own cards on one board (staff are not counted)
SNAPSHOTS_PER_MINUTE = 12        # snapshots a person may take on demand (each one is stored)
PICTURES_PER_MINUTE = 30         # board pictures a person may have drawn as PNG or PDF
HISTORY_FILES_PER_MINUTE = 2     # the whole picture history as one ZIP or PDF, a person (both together; each draws every picture)
PICTURE_PIXELS = 12_000_000      # the most pixels a PNG is drawn with: a bigger picture is scaled down to fit
PICTURE_SIDE = 32_000            # the longest side of a PNG in pixels (cairo's own limit is 32,767)

# ---- join codes (docs/operations.md works out the guessing odds) ------------------------------
JOIN_CODE_LENGTH = 8             # characters of a join code, from 31 letters and digits
WRONG_CODE_WINDOW = 600          # seconds over which the wrong-code budgets refill
WRONG_CODES_PER_ADDRESS = 100    # wrong codes one address may send in the window (a room sends far fewer)
WRONG_CODES_PER_WORKSHOP = 300   # wrong codes at one workshop from all addresses; beyond, suspects wait
ROOM_MISTAKES = 25               # wrong codes at one workshop that still leave an address above suspicion
IPV6_PREFIX = 64                 # IPv6 clients are counted per network of this many bits (one home or phone holds a /64; COBOARD_IPV6_PREFIX)
JOINS_PER_MINUTE = 100           # joins per workshop, right codes too (a room of 40 joins in one go)

ANSWERS_TOGETHER = 3             # anonymous answers stored together, in a random order (D2): so many waiting, or
ANSWERS_WAIT = 2.0               # seconds after the first of them, whichever comes first (its ack comes then)

# ---- HTTP ----------------------------------------------------------------------------------
JSON_BODY_BYTES = 64 * 1024      # an HTTP request body, except uploads and restores
UPLOAD_BYTES = 20 * 1024 * 1024  # an answers file or an export.json to restore
UPLOADS_AT_ONCE = 4              # uploads and restores read and worked on at once, per server (all its processes together through Redis; 503 beyond)
UPLOADS_PER_ADDRESS = 2          # of those, from one address at once (429 beyond)
UPLOAD_SLOT_SECONDS = 30         # with Redis: a slot not renewed this long (its process was killed) is free again
RETRY_AFTER_SECONDS = 30         # the Retry-After of an HTTP 429 or 503 when nothing knows better (busy upload slots, the database away); a rate limit's says its own wait
XLSX_UNZIPPED_BYTES = 100 * 1024 * 1024       # an Excel file's contents unpacked, all parts together
XLSX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024  # its table of texts unpacked (one 400 MiB text once took 1.8 GB)

# ---- positions on a board (fractions of its width and height) --------------------------------
CARD_POSITION = 0.5      # a card sent without x / y starts in the middle
SPLIT_OFFSET = 0.02      # the parts of a split card are stacked this far apart, downwards

# ---- the Investment Grid ---------------------------------------------------------------------
QUADRANT_SPLIT = 0.5     # impact and effort at 0.5 belong to the upper / right side


def char_count(text: str) -> int:
    """Characters as Coboard counts them everywhere: code points after NFC."""
    import unicodedata
    return len(unicodedata.normalize("NFC", text))


LIMITS = {name: value for name, value in globals().items() if name.isupper()}
