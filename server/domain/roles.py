"""Who may do what: the finer role checks some rules make beyond the registry's `who`."""
from ..protocol.roles import FACILITATOR, MEMBERS, STAFF, WHO_IN_WORDS
from .errors import Rejected

__all__ = ["FACILITATOR", "MEMBERS", "STAFF", "is_staff", "require_role", "require_member"]


def is_staff(actor: dict) -> bool:
    return actor["role"] in STAFF


def require_role(actor: dict, allowed: tuple[str, ...], doing: str) -> None:
    """Refuse with `forbidden`, saying in plain words who can do it."""
    if actor["role"] in allowed:
        return
    if actor["role"] == "projector":
        raise Rejected("forbidden", "The projector view only shows the board; it cannot change anything.")
    raise Rejected("forbidden", f"Only {WHO_IN_WORDS.get(allowed, 'a workshop member')} can {doing}.")


def require_member(actor: dict) -> None:
    require_role(actor, MEMBERS, "change the board")
