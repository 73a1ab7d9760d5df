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

    from ..heavy_jobs import Packed

    workshop_id, token, join_code = clock.new_workshop_id(), clock.new_token(), await fresh_join_code(services.store)
    head = export.head if isinstance(export, Packed) else export  # a Packed export: its records stay packed
    # the key of anonymous answers carries over when the export was sealed here (domain/anonymous.py)
    origin = verified_origin(services.hubs.ballot_secret, head.get("ballot") if isinstance(head, dict) else None)
    key = workshop_key(services.hubs.ballot_secret, origin) if origin else None
    if isinstance(export, Packed):  # read in a heavy-work child: checked and decided in one too (heavy_jobs.py)
        args = Packed({"export": head, "join_code": join_code, "ballot_origin": origin}, ("export", export.key),
                      export.chunks, finish=(with_sealed_answers, key, origin))
    else:
        args = {"export": _with_sealed_answers(export, key, origin), "join_code": join_code, "ballot_origin": origin}
    hub = services.hubs.new(workshop_id, origin)
    try:
        _, change = await hub.execute(None, "workshop.restore", args, internal=True, credential=token, create=True)
    except BaseException:
        services.hubs.hubs.pop(workshop_id, None)
        raise
    shots = [Snapshot(**{**s, "workshop_id": workshop_id, "id": clock.new_id("n")})
             for s in head.get("snapshots") or []]
    await services.snapshots.add(shots)
    return {"workshop_id": workshop_id, "join_code": join_code, "token": token,
            "participant_id": change.result["participant_id"]}


def with_sealed_answers(args: dict, key: bytes | None, origin: str | None) -> dict:
    """The restore op's arguments with `_with_sealed_answers` done (in the heavy-work child)."""
    return {**args, "export": _with_sealed_answers(args["export"], key, origin)}


def _with_sealed_answers(export, key: bytes | None, origin: str | None):
    """The export with its sealed answers back among its records when this server sealed them (a
    verified origin, whose workshop key is `key`); otherwise the open anonymous polls count from none
    (anonymous.recount_open)."""
    if not isinstance(export, dict) or not isinstance(export.get("records"), list):
        return export  # the rule says what is wrong with it
    records = [r for r in export["records"] if isinstance(r, dict) and isinstance(r.get("kind"), str)]
    if len(records) != len(export["records"]):
        return export
    box = export.get("sealed_answers")
    opened = ballot_box.unseal(key, origin, box) if key and origin and isinstance(box, dict) else None
    if opened:
        records = records + opened
    return {**export, "records": recount_open(records, key if opened else b"")}
