"""Per-recipient views: what each person may see of a record.

A participant never sees another person's votes, the join code, people's stated perspective,
who has used how many dots, or the tallies of a hidden round that is still open.
"""
from .roles import STAFF


def audience(viewer: dict) -> str:
    return "staff" if viewer["role"] in STAFF else "public"


def visible(record: dict, viewer: dict, online: set[str] | frozenset = frozenset()) -> dict | None:
    """The record as `viewer` sees it, or None when it is not theirs to see."""
    kind = record["kind"]
    staff = viewer["role"] in STAFF
    if kind == "vote":
        return record if record["voter_id"] == viewer["id"] else None
    if kind == "participant":
        shown = {**record, "online": record["id"] in online}
        if not staff:
            shown.pop("perspective", None)
        return shown
    if kind == "workshop" and not staff:
        return {k: v for k, v in record.items() if k != "join_code"}
    if kind == "round" and not staff:
        hide = {"dots_used", "tallies"} if record.get("hidden") and record.get("status") == "open" else {"dots_used"}
        return {k: v for k, v in record.items() if k not in hide}
    return record


def needs_personal_view(records) -> bool:
    """Whether an event's records differ from one participant to the next (votes)."""
    return any(r["kind"] == "vote" for r in records)


def view_key(viewer: dict, records) -> tuple:
    """Viewers with the same key see the same event, so it is built and serialised once for them."""
    if needs_personal_view(records):
        return audience(viewer), viewer["id"]
    return audience(viewer), None


def event_view(put: list[dict], deleted: list[dict], viewer: dict, online) -> tuple[list[dict], list[str]]:
    shown = [v for r in put if (v := visible(r, viewer, online)) is not None]
    gone = [r["id"] for r in deleted if visible(r, viewer, online) is not None]
    return shown, gone
