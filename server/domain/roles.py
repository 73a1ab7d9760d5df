"""Who may do what: the finer role checks some rules make beyond the registry's `who`."""
from ..i18n import Word
from ..protocol.roles import FACILITATOR, MEMBERS, STAFF, WHO_IN_WORDS  # noqa: F401
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
    raise only(allowed, doing)


def only(allowed: tuple[str, ...] | None, doing: str) -> Rejected:
    """"Only … can {doing}.": one message for each group of roles (WHO_IN_WORDS), so each language says it whole."""
    if allowed == FACILITATOR:
        return Rejected("forbidden", "Only the facilitator can {doing}.", doing=Word(doing))
    if allowed == STAFF:
        return Rejected("forbidden", "Only a facilitator or a host can {doing}.", doing=Word(doing))
    return Rejected("forbidden", "Only a workshop member can {doing}.", doing=Word(doing))


def require_member(actor: dict) -> None:
    require_role(actor, MEMBERS, "change the board")
