"""The demo workshop `coboard demo` serves: sample answers shipped in the package, imported plainly."""
import json
from importlib import resources
from pathlib import Path

from ..api.workshops import board_url, join_url, open_workshop
from ..imports.importing import import_parsed, read_file

TITLE = "Demo: Working Together for Change"
PURPOSE = ("To hear what matters to people who use care and support, and to agree together what we "
           "will change first.")


def sample_answers_csv() -> str:
    return resources.files("server.demo").joinpath("responses.csv").read_text(encoding="utf-8-sig")


async def ensure_demo(services, remember: Path) -> dict:
    """The demo workshop remembered from an earlier run, or a new one with the sample answers."""
    if remember.exists():
        try:
            known = json.loads(remember.read_text())
            member = await services.store.member_for_token(known["token"])
            if member and member[0] == known["workshop_id"]:
                return {**known, "new": False}
        except (ValueError, KeyError):
            pass
    created = await open_workshop(services, TITLE, PURPOSE, "Sam")
    # Imported like an organiser's upload: every answer kept for cleaning, the ones that fit on cards
    # published; longer ones wait, flagged, for a shortened text (never cut).
    data = sample_answers_csv().encode("utf-8")
    hub = await services.hubs.get(created["workshop_id"])
    _, change = await import_parsed(hub, created["participant_id"], read_file(data, "responses.csv"), data,
                                    "responses.csv")
    fitting = change.result["cards"]
    too_long = sum(1 for f in change.result["flagged"] if f["reason"] == "too_long")
    remember.parent.mkdir(parents=True, exist_ok=True)
    remember.write_text(json.dumps(created))
    return {**created, "new": True, "cards": fitting, "too_long": too_long}


def links(base: str, created: dict) -> dict:
    return {"facilitator": board_url(base, created), "join": join_url(base, created)}
