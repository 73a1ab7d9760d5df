"""Fixtures for the browser's predictions: (records, op, args) → the change the server decided.

`python -m tests.unit.predictions` writes `web/tests/fixtures/predictions.json`;
`web/tests/predict.test.js` checks `predict()` of `web/model/predict.js` against every fixture
under `node --test`, and fails for an op the browser predicts that has no fixture here.
`test_predictions.py` fails when the committed file differs from what this module writes.

Each fixture is played through the gate on a small workshop, as the member who sends it, and
holds that member's own view: the records before, and the records the event put and deleted.
"""
import json
import sys
from pathlib import Path

from server.domain.views import event_view, visible

from .conftest import Workshop

OUT = Path(__file__).resolve().parents[2] / "web" / "tests" / "fixtures" / "predictions.json"


def _view(ws: Workshop, who: str) -> list[dict]:
    viewer = ws.actor(who)
    return sorted((v for r in ws.state.records.values() if (v := visible(r, viewer)) is not None),
                  key=lambda r: r["id"])


def _fixture(ws: Workshop, name: str, who: str, op: str, **args) -> dict:
    before = _view(ws, who)
    change = ws.do(who, op, **args)
    put, gone = event_view(change.put, change.deleted, ws.actor(who), frozenset())
    return {"name": name, "op": op, "args": args, "actor": ws.ids[who], "records": before,
            "change": {"put": put, "del": gone}}


def fixtures() -> list[dict]:
    """Every case, each on a fresh workshop so the cases do not depend on each other."""
    cases = []

    def case(build):
        ws = Workshop()
        cases.append(build(ws))

    def themed(ws):
        theme = ws.theme(text="I am lonely")
        data = ws.data(text="Nobody visits me", theme_id=theme)
        return theme, data

    case(lambda ws: _fixture(ws, "a data card into a theme", "participant", "card.group",
                             card_id=ws.data(), theme_id=ws.theme()))
    case(lambda ws: _fixture(ws, "a data card out of its theme", "participant", "card.group",
                             card_id=themed(ws)[1], theme_id=None))
    case(lambda ws: _fixture(ws, "new words on a note", "participant", "card.update",
                             card_id=ws.card("ww", "note"), text="Buses are late"))
    case(lambda ws: _fixture(ws, "a card moved on its board", "participant", "card.update",
                             card_id=ws.card("ww", "note"), x=0.25, y=0.75))
    case(lambda ws: _fixture(ws, "a data card moved to another board", "participant", "card.update",
                             card_id=themed(ws)[1], board_id=ws.board("ww")["id"]))
    case(lambda ws: _fixture(ws, "a theme moved with its data cards", "participant", "card.update",
                             card_id=themed(ws)[0], board_id=ws.board("iff")["id"]))
    case(lambda ws: _fixture(ws, "a note", "participant", "card.create", board_id=ws.board("ww")["id"],
                             type="note", text="Is this the same as friends?"))
    case(lambda ws: _fixture(ws, "a note with a position", "participant", "card.create",
                             board_id=ws.board("nww")["id"], type="note", text="Later", x=0.1, y=0.9))
    case(lambda ws: _fixture(ws, "a theme", "participant", "card.create", board_id=ws.board("nww")["id"],
                             type="theme", text="I wait too long"))
    case(lambda ws: _fixture(ws, "a data card takes its board's tag", "facilitator", "card.create",
                             board_id=ws.board("iff")["id"], type="data", text="Seeing friends"))
    case(lambda ws: _fixture(ws, "a data card straight into a theme", "facilitator", "card.create",
                             board_id=ws.board("nww")["id"], type="data", text="No bus", theme_id=ws.theme()))
    case(lambda ws: _fixture(ws, "a success statement", "participant", "card.create",
                             board_id=ws.new_board("success"), type="success", text="I see friends",
                             perspective="people_families"))
    case(lambda ws: _fixture(ws, "an idea in its hat", "participant", "card.create",
                             board_id=ws.new_board("ideas"), type="idea", text="A weekend bus", hat="C"))
    case(lambda ws: _fixture(ws, "a copy into another theme", "participant", "card.duplicate",
                             card_id=themed(ws)[1], theme_id=ws.theme(text="I feel unsafe")))
    case(lambda ws: _fixture(ws, "a copy left unthemed", "participant", "card.duplicate", card_id=ws.data()))
    case(lambda ws: _fixture(ws, "a data card split in two", "facilitator", "card.split",
                             card_id=themed(ws)[1], texts=["Nobody visits", "I am on my own"]))
    case(lambda ws: _fixture(ws, "a note deleted", "participant", "card.delete", card_id=ws.card("ww", "note")))
    case(lambda ws: _fixture(ws, "a theme deleted: its cards go back", "facilitator", "card.delete",
                             card_id=themed(ws)[0]))

    def voting(ws, retract=False):
        theme = ws.theme()
        round_id = ws.do("facilitator", "round.open", board_id=ws.board("nww")["id"]).result["round_id"]
        if retract:
            ws.do("participant", "vote.cast", round_id=round_id, target_id=theme)
            return _fixture(ws, "a dot taken back", "participant", "vote.retract", round_id=round_id,
                            target_id=theme)
        return _fixture(ws, "a dot on a theme", "participant", "vote.cast", round_id=round_id, target_id=theme)

    case(voting)
    case(lambda ws: voting(ws, retract=True))

    def on_grid(ws):
        ws.new_board("ideas")
        idea = ws.card("ideas", "idea", hat="T", who="facilitator")
        (copy,) = ws.do("facilitator", "grid.add", card_ids=[idea]).result["card_ids"]
        return _fixture(ws, "an idea placed in Quick Wins", "participant", "grid.place", card_id=copy,
                        impact=0.8, effort=0.2)

    case(on_grid)
    case(lambda ws: _fixture(ws, "a hand raised", "participant", "hand.raise"))
    return cases


def written() -> str:
    return json.dumps({"generated_by": "python -m tests.unit.predictions", "fixtures": fixtures()},
                      indent=1, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(written(), encoding="utf-8")
    print(f"wrote {OUT} ({len(fixtures())} fixtures)", file=sys.stderr)
