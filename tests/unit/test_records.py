"""Every record the domain makes matches its model in server/protocol/records.py (the one source)."""
import pytest
from pydantic import ValidationError

from server.domain.views import visible
from server.protocol.records import NOBODY_KINDS, RECORDS, STAFF_FIELDS, STAFF_KINDS
from server.protocol.registry import OPS

from .journey import full_journey


@pytest.fixture(scope="module")
def journey():
    return full_journey()


def test_the_journey_plays_every_op_of_the_registry(journey):
    assert journey.ops_played() == set(OPS)


def test_every_record_ever_made_matches_its_model(journey):
    seen = set()
    for *_, change, _before in journey.played:
        for record in change.put:
            model = RECORDS.get(record["kind"])
            assert model is not None, f"no model for the record kind {record['kind']!r}"
            try:
                model.model_validate(record)
            except ValidationError as e:
                pytest.fail(f"{record['kind']} {record['id']}: {e}")
            seen.add(record["kind"])
    assert seen == set(RECORDS)


def test_P1_P2_staff_only_fields_and_kinds_never_reach_a_participant(journey):
    state = journey.state
    ada, sam = state.get(journey.ids["Ada"]), state.get(journey.sam)
    for record in state.records.values():
        as_ada, as_sam = visible(record, ada), visible(record, sam)
        # V5: a vote reaches its voter only; F2: one person's anonymous feedback reaches nobody
        assert as_sam is not None or record["kind"] == "vote" or record["kind"] in NOBODY_KINDS
        if record["kind"] in STAFF_KINDS:
            assert as_ada is None
            continue
        if as_ada is not None:
            assert not STAFF_FIELDS[record["kind"]] & set(as_ada), record["kind"]
