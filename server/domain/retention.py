"""How long a workshop's personal data is kept (rule D7): pure date arithmetic, no I/O.

A workshop is counted from the later of when it was marked finished (`workshop.update`
`finished`) and its last activity (its last stored event), so a workshop still being followed
up (check-ins months later) is never erased under its people. After `erase_after_days` its
personal data is erased (every person becomes "Erased person", their chat texts go, every token
ends); after `delete_after_days` the whole workshop is deleted. Each workshop may set its own
numbers; otherwise the server's apply.
"""
from datetime import datetime, timedelta, timezone

MAX_DAYS = 3650


def _moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def dates(workshop: dict, last_activity_at: str | None, erase_days: int, delete_days: int) -> dict:
    """When the workshop's personal data is erased and when it is deleted (ISO times, UTC)."""
    erase_days = workshop.get("erase_after_days") or erase_days
    delete_days = max(workshop.get("delete_after_days") or delete_days, erase_days)
    moments = [m for m in (workshop.get("finished_at"), last_activity_at, workshop.get("created_at")) if m]
    counted_from = max(_moment(m) for m in moments)
    return {"finished_at": workshop.get("finished_at"), "last_activity_at": last_activity_at,
            "counted_from": _iso(counted_from), "erase_after_days": erase_days, "delete_after_days": delete_days,
            "erase_on": _iso(counted_from + timedelta(days=erase_days)),
            "delete_on": _iso(counted_from + timedelta(days=delete_days)),
            "own_setting": bool(workshop.get("erase_after_days") or workshop.get("delete_after_days"))}


def due(when: dict, now: str, everyone_erased: bool) -> str | None:
    """What the daily job does to the workshop now: "delete", "erase", or nothing."""
    moment = _moment(now)
    if moment >= _moment(when["delete_on"]):
        return "delete"
    if moment >= _moment(when["erase_on"]) and not everyone_erased:
        return "erase"
    return None


def expired(when: dict, now: str) -> bool:
    """A token of the workshop no longer works (when tokens expire with the retention): its erase date is past."""
    return _moment(now) >= _moment(when["erase_on"])
