"""Checking an export.json and turning it into the records of a new workshop."""
import copy
import re

FORMAT = "coboard-export"
MAX_RECORDS = 200_000
_KIND = re.compile(r"^[a-z_]{1,40}$")


class RestoreProblem(ValueError):
    """Why an export cannot be restored, in plain words."""


def check_export(export) -> None:
    if not isinstance(export, dict) or export.get("format") != FORMAT:
        raise RestoreProblem("This is not an export.json from Coboard.")
    if export.get("version") != 1:
        raise RestoreProblem("This export comes from a newer version of Coboard and cannot be restored here.")
    records = export.get("records")
    if not isinstance(records, list) or not records or len(records) > MAX_RECORDS:
        raise RestoreProblem("The export has no records to restore.")
    seen = set()
    for i, r in enumerate(records):
        if (not isinstance(r, dict) or not isinstance(r.get("id"), str) or not 0 < len(r["id"]) <= 200
                or not isinstance(r.get("kind"), str) or not _KIND.match(r["kind"])
                or not isinstance(r.get("v"), int) or r["v"] < 1):
            raise RestoreProblem(f"Record {i + 1} of the export is damaged (it needs an id, a kind and a version).")
        if r["id"] in seen:
            raise RestoreProblem(f"The export holds the record {r['id']!r} twice.")
        seen.add(r["id"])
    kinds = [r["kind"] for r in records]
    if kinds.count("workshop") != 1:
        raise RestoreProblem("The export must hold exactly one workshop.")
    if not any(r["kind"] == "room" and r.get("type") == "main" for r in records):
        raise RestoreProblem("The export has no main room.")
    if not any(r["kind"] == "participant" and r.get("role") == "facilitator" for r in records):
        raise RestoreProblem("The export has no facilitator.")
    snapshots = export.get("snapshots") or []
    fields = {"id", "board_id", "board_title", "board_type", "activity", "reason", "seq", "taken_at", "taken_by",
              "svg"}
    if not isinstance(snapshots, list) or any(not isinstance(s, dict) or set(s) != fields for s in snapshots):
        raise RestoreProblem("The snapshot history in the export is damaged.")


def restored_records(export: dict, workshop_id: str) -> tuple[list[dict], str]:
    """The export's records for a workshop with a new id, and the facilitator who gets the new token."""
    records = copy.deepcopy(export["records"])
    for r in records:
        if r["kind"] == "workshop":
            r["id"] = workshop_id
        elif r["kind"] == "participant":
            r["online"] = False
    facilitators = sorted((r for r in records if r["kind"] == "participant" and r.get("role") == "facilitator"),
                          key=lambda r: (str(r.get("joined_at") or ""), r["id"]))
    return records, facilitators[0]["id"]


async def export_document(hub, snapshots) -> dict:
    """export.json of a live workshop: every record (nobody shown online) and the snapshot history."""
    from .. import clock

    async with hub.lock:
        records, seq = [dict(r) for r in hub.state.records.values()], hub.seq
    for r in records:
        if r["kind"] == "participant":
            r["online"] = False
    shots = await snapshots.list(hub.workshop_id, with_svg=True)
    return {"format": FORMAT, "version": 1, "exported_at": clock.now_iso(), "workshop_id": hub.workshop_id,
            "seq": seq, "records": sorted(records, key=lambda r: (r["kind"], r["id"])),
            "snapshots": [{k: v for k, v in s.as_dict().items() if k != "workshop_id"} for s in shots]}


async def restore_workshop(services, export: dict) -> dict:
    """A new workshop with the export's content (already checked); its facilitator gets a new token.

    `services` has `hubs` and `snapshots`: the running app's, or the CLI's own.
    """
    from .. import clock
    from ..domain.errors import Change, Rejected
    from ..store.snapshots import Snapshot

    workshop_id, token = clock.new_workshop_id(), clock.new_token()
    records, facilitator_id = restored_records(export, workshop_id)
    hub = services.hubs.new(workshop_id)
    try:
        await hub.execute(None, "workshop.restore", {"from": str(export.get("workshop_id"))[:100],
                                                     "records": len(records)},
                          lambda _s, _a, _c: Change(put=records, result={"participant_id": facilitator_id}),
                          credential=token, create=True)
    except Rejected:
        services.hubs.hubs.pop(workshop_id, None)
        raise
    shots = [Snapshot(**{**s, "workshop_id": workshop_id, "id": clock.new_id("n")})
             for s in export.get("snapshots") or []]
    await services.snapshots.add(shots)
    workshop = next(r for r in records if r["kind"] == "workshop")
    return {"workshop_id": workshop_id, "join_code": workshop["join_code"], "token": token,
            "participant_id": facilitator_id}
