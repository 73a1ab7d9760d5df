"""The browser's prediction fixtures (web/tests/fixtures/predictions.json) are what the server decides now."""
from .predictions import OUT, fixtures, written


def test_prediction_fixtures_are_current():
    assert OUT.read_text(encoding="utf-8") == written(), (
        "web/tests/fixtures/predictions.json is out of date: run .venv/bin/python -m tests.unit.predictions")


def test_prediction_fixtures_cover_every_card_op_the_browser_can_predict():
    ops = {f["op"] for f in fixtures()}
    assert {"card.group", "card.update", "card.create", "card.duplicate", "card.split", "card.delete"} <= ops
