"""The retention job (rule D7): once a day, erase the personal data of workshops past their time and
delete the workshops past theirs. It logs what it did — workshop ids and counts, never a name, a
token or a text.

Run by every `coboard serve` (several processes may run it: erasing twice or deleting a gone
workshop changes nothing), and once by `coboard retention`.
"""
import asyncio
import logging

from .api.people import delete_workshop, erase_people
from .clock import now_iso
from .domain import retention

log = logging.getLogger("coboard.retention")
FIRST_RUN_AFTER = 60.0  # seconds after start


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


async def daily(services) -> None:
    """Forever: the first pass a minute after start, then every `retention_every_hours`."""
    await asyncio.sleep(FIRST_RUN_AFTER)
    while True:
        try:
            await run_once(services)
        except Exception:
            log.exception("retention: the pass failed; trying again at the next one")
        await asyncio.sleep(services.settings.retention_every_hours * 3600)
