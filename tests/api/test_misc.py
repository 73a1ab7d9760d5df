"""Health, the published protocol, unknown addresses, and the web pages."""
import pytest

from .conftest import assert_error

CORE_OPS = {"workshop.update", "participant.set_role", "board.create", "card.create", "card.update", "card.group",
            "card.duplicate", "card.split", "card.delete"}


def test_healthz(http):
    r = http.get("/healthz")
    assert r.status_code == 200


def test_protocol_json_lists_ops_and_frames(http):
    r = http.get("/api/protocol.json")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    schema = r.json()
    assert CORE_OPS <= set(schema["ops"])
    for name, op in schema["ops"].items():
        assert op.get("type") == "object", name
    assert {"welcome", "ack", "err", "presence"} <= set(schema["server_frames"])
    assert any(k in schema["server_frames"] for k in ("ev", "event"))
    assert {"hello", "op", "eph"} <= set(schema["client_frames"])
    # complete: records (with who sees which field), errors, roles, limits, and each op's roles
    assert {"workshop", "participant", "card", "round", "vote"} <= set(schema["records"])
    assert schema["records"]["workshop"]["properties"]["join_code"]["x-visible"] == "staff"
    assert {"internal", "unavailable", "invalid", "vote_limit"} <= set(schema["errors"])
    assert schema["roles"] == ["facilitator", "host", "participant", "projector"]
    assert schema["limits"]["CARD_TEXT"] == 170 and schema["limits"]["EPH_ARGS_BYTES"] == 2048
    assert schema["ops"]["card.split"]["x-who"] == ["facilitator", "host"]
    assert "reconnects" in schema["server_frames"]["welcome"]["properties"]
    assert "workshop.create" not in schema["ops"] and "workshop.create" in schema["internal_ops"]
    # the card.group schema says what the server checks
    group = schema["ops"]["card.group"]
    assert {"card_id", "theme_id"} <= set(group["properties"])


@pytest.mark.parametrize("path", ["/nothing-here", "/api/nothing", "/api/workshops/w_x/nothing", "/web/no-such-file.js"])
def test_an_unknown_address_is_a_json_404(http, path):
    assert_error(http.get(path), 404, "not_found")


def test_a_wrong_method_is_a_json_error(http):
    r = http.delete("/api/workshops")
    assert r.status_code == 405
    body = r.json()
    assert body["code"] and body["message"]


@pytest.mark.parametrize("path", ["/", "/w/{wid}", "/w/{wid}/join", "/w/{wid}/join?code={code}"])
def test_the_pages_are_html(http, workshop, path):
    r = http.get(path.format(wid=workshop["workshop_id"], code=workshop["join_code"]))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "<html" in r.text.lower()
