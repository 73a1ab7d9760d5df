"""Who may do what: the role checks every op starts with."""
from .errors import Rejected

STAFF = ("facilitator", "host")
MEMBERS = ("facilitator", "host", "participant")  # projectors only watch
FACILITATOR = ("facilitator",)

_WHO = {FACILITATOR: "the facilitator", STAFF: "a facilitator or a host"}


def is_staff(actor: dict) -> bool:
    return actor["role"] in STAFF


def require_role(actor: dict, allowed: tuple[str, ...], doing: str) -> None:
    """Refuse with `forbidden`, saying in plain words who can do it."""
    if actor["role"] in allowed:
        return
    if actor["role"] == "projector":
        raise Rejected("forbidden", "The projector view only shows the board; it cannot change anything.")
    raise Rejected("forbidden", f"Only {_WHO.get(allowed, 'a workshop member')} can {doing}.")


def require_member(actor: dict) -> None:
    require_role(actor, MEMBERS, "change the board")
