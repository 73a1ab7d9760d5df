"""Per-recipient views: what each person may see of a record.

A participant never sees another person's votes, the join code, people's stated perspective,
who has used how many dots, the tallies of a hidden round that is still open, another room's
chat, or another person's poll answer (staff see named poll answers).
"""
from ..protocol.records import NOBODY_KINDS, STAFF_FIELDS, STAFF_KINDS
from .roles import STAFF


def audience(viewer: dict) -> str:
    return "staff" if viewer["role"] in STAFF else "public"


def visible(record: dict, viewer: dict, online: set[str] | frozenset = frozenset()) -> dict | None:
    """The record as `viewer` sees it, or None when it is not theirs to see."""
    kind = record["kind"]
    staff = viewer["role"] in STAFF
    if kind == "vote":
        return record if record["voter_id"] == viewer["id"] else None
    if kind in NOBODY_KINDS:  # one person's anonymous feedback: only its totals are ever shown (F3)
        return None
    if kind in STAFF_KINDS:  # collected answers and their cleaning: facilitators and hosts only
        return record if staff else None
    hidden = STAFF_FIELDS.get(kind, ()) if not staff else ()
    if kind == "participant":
        shown = {**record, "online": record["id"] in online}
        for name in hidden:
            shown.pop(name, None)
        return shown
    if kind == "workshop" and not staff:
        return {k: v for k, v in record.items() if k not in hidden}
    if kind == "chat":
        if not staff and record["room_id"] is not None and record["room_id"] not in (
                viewer.get("room_id"), viewer.get("table_id")):
            return None
        if record.get("hidden") and not staff:
            return {**record, "text": ""}
        return record
    if kind == "poll_answer":
        mine = record["voter_id"] is not None and record["voter_id"] == viewer["id"]  # anonymous: nobody's
        return record if mine or (staff and not record.get("anonymous")) else None
    if kind == "card" and record.get("unnamed") and not staff and record.get("created_by") != viewer["id"]:
        return {k: v for k, v in record.items() if k != "created_by"}  # D6: staff still see who
    if kind == "poll" and not staff and record.get("show") == "on_close" and record.get("status") == "open":
        return {k: v for k, v in record.items() if k != "counts"}
    if kind == "round" and not staff:
        hide = hidden | {"tallies"} if record.get("hidden") and record.get("status") == "open" else hidden
        return {k: v for k, v in record.items() if k not in hide}
    return record


PERSONAL = ("vote", "poll_answer")


def needs_personal_view(records) -> bool:
    """Whether an event's records differ from one participant to the next (votes, poll answers)."""
    return any(r["kind"] in PERSONAL or (r["kind"] == "card" and r.get("unnamed")) for r in records)


def view_key(viewer: dict, records, owners=None) -> tuple:
    """Viewers with the same key see the same event, so it is built and serialised once for them.

    Most events look the same to all participants; votes and poll answers differ per person
    (only for their owners, `owners` when known: everyone else sees the same), and a room's chat
    differs per room.
    """
    kinds = {r["kind"] for r in records}
    person = viewer["id"] if needs_personal_view(records) and (owners is None or viewer["id"] in owners) else None
    room = (viewer.get("room_id"), viewer.get("table_id")) if "chat" in kinds else None
    return audience(viewer), person, room


def event_view(put: list[dict], deleted: list[dict], viewer: dict, online) -> tuple[list[dict], list[str]]:
    shown = [v for r in put if (v := visible(r, viewer, online)) is not None]
    gone = [r["id"] for r in deleted if visible(r, viewer, online) is not None]
    return shown, gone


def lens(viewer: dict) -> tuple:
    """What, besides who they are, decides what a person sees: their role and where they sit."""
    return viewer["role"], viewer.get("room_id"), viewer.get("table_id")


def through(viewer: dict, seen: tuple) -> dict:
    """The viewer as they were when they last saw the workshop through the lens `seen`."""
    role, room_id, table_id = seen
    return {**viewer, "role": role, "room_id": room_id, "table_id": table_id}


def refreshed(records, before: dict, after: dict, online=frozenset()) -> tuple[list[dict], list[str]]:
    """What changes for a person whose role or seat changed, in records that did not change.

    A participant moved to Table 1 now sees Table 1's earlier chat; a participant made host now
    sees people's perspectives and named poll answers; a host made participant loses them.
    Returns the records to put (as `after` sees them) and the ids to delete. When only the room
    changed, only chat depends on it, so only chat is looked at.
    """
    if before["role"] == after["role"]:
        records = [r for r in records if r["kind"] == "chat"]
    put, gone = [], []
    for record in records:
        was, now = visible(record, before, online), visible(record, after, online)
        if now is None:
            if was is not None:
                gone.append(record["id"])
        elif now != was:
            put.append(now)
    return put, gone
