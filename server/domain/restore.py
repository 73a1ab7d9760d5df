"""A workshop back from its export.json: the checks, and the records of the new workshop.

`workshop.restore` is an internal op: the HTTP restore and `coboard restore` both send it
through the gate, so an export is checked the same way whoever restores it.
"""
import copy
import re

from ..protocol.args import WorkshopRestore
from .errors import Change, Rejected
from .state import OpContext, WorkshopState

FORMAT = "coboard-export"
MAX_RECORDS = 200_000
_KIND = re.compile(r"^[a-z_]{1,40}$")


def check_export(export) -> None:
    if not isinstance(export, dict) or export.get("format") != FORMAT:
        raise _damaged("This is not an export.json from Coboard.")
    if export.get("version") != 1:
        raise _damaged("This export comes from a newer version of Coboard and cannot be restored here.")
    records = export.get("records")
    if not isinstance(records, list) or not records or len(records) > MAX_RECORDS:
        raise _damaged("The export has no records to restore.")
    seen = set()
    for i, r in enumerate(records):
        if (not isinstance(r, dict) or not isinstance(r.get("id"), str) or not 0 < len(r["id"]) <= 200
                or not isinstance(r.get("kind"), str) or not _KIND.match(r["kind"])
                or not isinstance(r.get("v"), int) or r["v"] < 1):
            raise _damaged("Record {n} of the export is damaged (it needs an id, a kind and a version).", n=i + 1)
        if r["id"] in seen:
            raise _damaged("The export holds the record “{id}” twice.", id=r["id"])
        seen.add(r["id"])
    kinds = [r["kind"] for r in records]
    if kinds.count("workshop") != 1:
        raise _damaged("The export must hold exactly one workshop.")
    if not any(r["kind"] == "room" and r.get("type") == "main" for r in records):
        raise _damaged("The export has no main room.")
    if not any(r["kind"] == "participant" and r.get("role") == "facilitator" for r in records):
        raise _damaged("The export has no facilitator.")
    snapshots = export.get("snapshots") or []
    fields = {"id", "board_id", "board_title", "board_type", "activity", "reason", "seq", "taken_at", "taken_by",
              "svg"}
    if not isinstance(snapshots, list) or any(not isinstance(s, dict) or set(s) != fields for s in snapshots):
        raise _damaged("The snapshot history in the export is damaged.")


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




def _damaged(message: str, **params) -> Rejected:
    return Rejected("invalid", message, "body", **params)  # Babel keyword `_damaged:1`


def restore(state: WorkshopState, actor: None, args: WorkshopRestore, ctx: OpContext) -> Change:
    """`workshop.restore`: the export's records as the first op of a new workshop, with a new join code."""
    check_export(args.export)
    records, facilitator_id = restored_records(args.export, state.workshop_id)
    for r in records:
        if r["kind"] == "workshop":
            r["join_code"] = args.join_code  # a new room code: the old workshop may still be open
            # anonymous answers stay filed under the first workshop's key only when the server vouched for it
            r.pop("ballot_origin", None)
            if args.ballot_origin and args.ballot_origin != state.workshop_id:
                r["ballot_origin"] = args.ballot_origin
    return Change(put=records, result={"participant_id": facilitator_id})
