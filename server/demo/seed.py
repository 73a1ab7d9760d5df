"""The demo workshop `coboard demo` serves: sample answers shipped in the package, imported plainly."""
import json
from importlib import resources
from pathlib import Path

from ..api.workshops import board_url, join_url, open_workshop
from ..domain.answers import add_answers
from ..imports.responses import read_wide_csv

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
    answers = read_wide_csv(sample_answers_csv())
    fitting = [(a.question, a.text) for a in answers if not a.too_long]
    hub = await services.hubs.get(created["workshop_id"])
    await hub.execute(created["participant_id"], "responses.import", {"answers": len(fitting)},
                      lambda state, actor, ctx: add_answers(state, actor, fitting, ctx))
    remember.parent.mkdir(parents=True, exist_ok=True)
    remember.write_text(json.dumps(created))
    return {**created, "new": True, "cards": len(fitting), "too_long": len(answers) - len(fitting)}


def links(base: str, created: dict) -> dict:
    return {"facilitator": board_url(base, created), "join": join_url(base, created)}
