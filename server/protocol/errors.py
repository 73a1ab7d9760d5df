"""The error codes of the wire contract: what each means and the HTTP status it travels with."""

ERRORS: dict[str, tuple[int, str]] = {
    "unauthorized": (401, "no token, a bad token, a revoked token, or no hello yet"),
    "forbidden": (403, "your role (or your table) may not do this"),
    "not_found": (404, "the record, workshop or route is not there (any more)"),
    "conflict": (409, "the state does not allow it now (a second open vote, a locked board, a busy workshop)"),
    "too_large": (413, "a frame or body over its limit"),
    "unsupported": (415, "a file of a kind that cannot be read"),
    "invalid": (422, "wrong arguments; `field` names the one at fault"),
    "too_long": (422, "a card text over 170 characters"),
    "vote_closed": (409, "the vote (or questionnaire) has closed"),
    "vote_limit": (409, "all your dots are used"),
    "vote_target_limit": (409, "this target already has as many of your dots as one target may"),
    "rate_limited": (429, "too many ops (or tries) too fast"),
    "internal": (500, "something went wrong inside the server; nothing changed"),
    "unavailable": (503, "the database cannot be reached, or the server is reading as many files as it may, "
                         "just now; nothing changed"),
}
ERROR_CODES = tuple(ERRORS)
