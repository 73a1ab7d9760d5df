"""export.json: a live workshop written out, and a workshop restored from one (through the gate)."""
from ..domain.anonymous import (ballot_origin, origin_seal, recount_open, split_open_answers, verified_origin,
                                workshop_key)
from . import ballot_box
from ..domain.restore import FORMAT


async def export_document(hub, snapshots) -> dict:
    """export.json of a live workshop: every record (nobody shown online) and the snapshot history."""
    from .. import clock

    async with hub.lock:
        records, seq = [dict(r) for r in hub.state.records.values()], hub.seq
        origin = ballot_origin(hub.state.get(hub.workshop_id), hub.workshop_id)
        sealed = {"origin": origin, "seal": origin_seal(hub.state.ballot_key, origin)}
        key = hub.state.ballot_key
    # anonymous answers to what is still open travel sealed: two exports must not show one answer
    records, still_open = split_open_answers(records)
    for r in records:
        if r["kind"] == "participant":
            r["online"] = False
    shots = await snapshots.list(hub.workshop_id, with_svg=True)
    return {"format": FORMAT, "version": 1, "exported_at": clock.now_iso(), "workshop_id": hub.workshop_id,
            "seq": seq, "records": sorted(records, key=lambda r: (r["kind"], r["id"])), "ballot": sealed,
            "sealed_answers": ballot_box.seal(key, origin, still_open) if still_open else None,
            "snapshots": [{k: v for k, v in s.as_dict().items() if k != "workshop_id"} for s in shots]}


async def restore_workshop(services, export) -> dict:
    """A new workshop with the export's content; its facilitator gets a new token, the room a new code.

    `services` has `hubs` and `snapshots`: the running app's, or the CLI's own. The export is
    checked by the `workshop.restore` rule (Rejected `invalid` when it is damaged).
    """
    from .. import clock
    from ..join_codes import fresh_join_code
    from ..store.snapshots import Snapshot

    workshop_id, token, join_code = clock.new_workshop_id(), clock.new_token(), await fresh_join_code(services.store)
    # the key of anonymous answers carries over when the export was sealed here (domain/anonymous.py)
    origin = verified_origin(services.hubs.ballot_secret, export.get("ballot") if isinstance(export, dict) else None)
    export = _with_sealed_answers(export, services.hubs.ballot_secret, origin)
    hub = services.hubs.new(workshop_id, origin)
    try:
        _, change = await hub.execute(None, "workshop.restore",
                                      {"export": export, "join_code": join_code, "ballot_origin": origin},
                                      internal=True, credential=token, create=True)
    except BaseException:
        services.hubs.hubs.pop(workshop_id, None)
        raise
    shots = [Snapshot(**{**s, "workshop_id": workshop_id, "id": clock.new_id("n")})
             for s in export.get("snapshots") or []]
    await services.snapshots.add(shots)
    return {"workshop_id": workshop_id, "join_code": join_code, "token": token,
            "participant_id": change.result["participant_id"]}


def _with_sealed_answers(export, secret: bytes, origin: str | None):
    """The export with its sealed answers back among its records when this server sealed them (a
    verified origin); otherwise the open anonymous polls count from none (anonymous.recount_open)."""
    if not isinstance(export, dict) or not isinstance(export.get("records"), list):
        return export  # the rule says what is wrong with it
    records = [r for r in export["records"] if isinstance(r, dict) and isinstance(r.get("kind"), str)]
    if len(records) != len(export["records"]):
        return export
    box = export.get("sealed_answers")
    opened = (ballot_box.unseal(workshop_key(secret, origin), origin, box)
              if origin and isinstance(box, dict) else None)
    if opened:
        records = records + opened
    return {**export, "records": recount_open(records)}
