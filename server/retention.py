"""The retention job (rule D7): once a day, erase the personal data of workshops past their time and
delete the workshops past theirs. It logs what it did — workshop ids and counts, never a name, a
token or a text.

Run by every `coboard serve` (several processes may run it: erasing twice or deleting a gone
workshop changes nothing), and once by `coboard retention`.

After a pass that erased or deleted something, the database's unused space may still hold old copies that
only a rebuild removes (docs/privacy.md "On disk"), and a rebuild makes every workshop's ops wait while it
runs. So the server's job rebuilds a SQLite database itself only when nobody would wait: no workshop live
in it has a connection or an op in flight (checked again every QUIET_CHECK until the next pass; the
first pass, a minute after a start, usually finds it so). It never rebuilds PostgreSQL (VACUUM FULL
locks every workshop's events, and other processes' rooms are not known here): it logs that `coboard
vacuum` is due, for cron at a quiet hour — `coboard retention --vacuum` does the pass and the rebuild
together. COBOARD_RETENTION_VACUUM=never leaves SQLite to the command as well.
"""
import asyncio
import logging
import time

from .api.people import delete_workshop, erase_people
from .clock import now_iso
from .domain import retention
from .store.engine import is_sqlite

log = logging.getLogger("coboard.retention")
FIRST_RUN_AFTER = 60.0  # seconds after start
QUIET_CHECK = 600.0  # seconds between looks for a quiet moment to rebuild the database in


def dates_of(settings, workshop: dict, last_activity_at: str | None) -> dict:
    return retention.dates(workshop, last_activity_at, settings.retention_erase_days, settings.retention_delete_days)


def _acting_facilitator(hub) -> dict | None:
    people = [p for p in hub.state.of_kind("participant") if p["role"] == "facilitator"]
    return next((p for p in people if not p.get("erased")), people[0] if people else None)


async def run_once(services, now: str | None = None, dry_run: bool = False) -> list[dict]:
    """One pass over every workshop: what was (or, dry, would be) done, as [{workshop_id, action, …}]."""
    now = now or now_iso()
    done = []
    workshops = await services.store.last_activity()
    records = await services.store.workshop_records()  # the dates need only these: no workshop is loaded
    for workshop_id, last_at in workshops.items():
        try:
            if workshop_id not in records or retention.due(
                    dates_of(services.settings, records[workshop_id], last_at), now, everyone_erased=False) is None:
                continue
            hub = await services.hubs.get(workshop_id)
            if hub is None:
                continue
            when = dates_of(services.settings, hub.state.workshop(), last_at)
            people = [p for p in hub.state.of_kind("participant") if p["role"] != "projector"]
            action = retention.due(when, now, all(p.get("erased") for p in people))
            if action is None:
                continue
            entry = {"workshop_id": workshop_id, "action": action, "people": len(people), "due": when[
                "delete_on" if action == "delete" else "erase_on"]}
            if not dry_run:
                actor = _acting_facilitator(hub)
                if action == "delete":
                    gone = await delete_workshop(services, hub, actor["id"] if actor else None)
                    entry["rows"] = sum(gone.values())
                else:
                    pids = [p["id"] for p in people if not p.get("erased")]
                    entry.update(await erase_people(services, hub, actor["id"], pids, retention=True))
            done.append(entry)
            log.info("retention: %s workshop %s (%d people, due %s)%s", action, workshop_id, len(people),
                     entry["due"], " [dry run]" if dry_run else "")
        except Exception:  # one workshop failing must not stop the others; tried again tomorrow
            log.exception("retention: could not finish workshop %s", workshop_id)
    log.info("retention: checked %d workshops, %d acted on%s", len(workshops), len(done),
             " [dry run]" if dry_run else "")
    return done


def quiet(services) -> bool:
    """Nobody would wait for a rebuild here: no live workshop has a connection or an op in flight."""
    return all(hub.idle() for hub in list(services.hubs.hubs.values()))


async def clear_unused_space(services, now: bool = False) -> bool:
    """After a pass that erased or deleted: the database rebuilt (Store.rebuild), when this server may do it.
    `now`: the operator chose the moment (`coboard retention --vacuum`). True when it is settled (rebuilt, or
    not this job's to do: logged), False when not quiet now (try again later)."""
    postgres = not is_sqlite(services.store.engine)
    if not now and (postgres or services.settings.retention_vacuum == "never"):
        log.info("retention: personal data was erased or deleted; run `coboard vacuum` at a quiet hour so that "
                 "no old copy stays in the database's unused space (docs/privacy.md \"On disk\")")
        return True
    if not now and not quiet(services):
        return False
    started = time.monotonic()
    done = await services.store.rebuild()
    log.info("retention: the database was %s in %.1f s", "rebuilt" if done else "NOT rebuilt (see above)",
             time.monotonic() - started)
    return True


async def daily(services) -> None:
    """Forever: the first pass a minute after start, then every `retention_every_hours`; after a pass that
    erased or deleted, the unused space cleared once quiet (clear_unused_space), looked for until the next."""
    await asyncio.sleep(FIRST_RUN_AFTER)
    every = services.settings.retention_every_hours * 3600
    rebuild_due = False
    while True:
        started = time.monotonic()
        try:
            rebuild_due = bool(await run_once(services)) or rebuild_due
        except Exception:
            log.exception("retention: the pass failed; trying again at the next one")
        while rebuild_due and (left := every - (time.monotonic() - started)) > 0:
            try:
                rebuild_due = not await clear_unused_space(services)
            except Exception:
                log.exception("retention: the database could not be rebuilt; trying again after the next pass")
                break
            if rebuild_due:
                await asyncio.sleep(min(QUIET_CHECK, left))
        await asyncio.sleep(max(0.0, every - (time.monotonic() - started)))
