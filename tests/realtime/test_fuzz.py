"""The wire fuzzer: thousands of generated op frames from every role against a real server.

Every frame must be answered (`ack` or `err` with its id, never `internal`), no socket may
close, and a refused op must change nothing: the event log's seq moves only for acked ops,
and every `ev` the facilitator's watching socket receives belongs to an acked op. Frames come
from each op's generated schema (fuzz_frames.py), so a new op is fuzzed without a new test.
CI plays FUZZ_BATCHES × FUZZ_FRAMES frames (5,000), derandomised so a red run can be replayed;
set COBOARD_FUZZ_RANDOM=1 to explore new examples.
"""
import contextlib
import json
import os
from collections import Counter

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.sync.client import connect

from server.protocol.errors import ERROR_CODES
from tests.conftest import start_server, stop_server

from .fuzz_frames import op_frames

IDS: list[str] = []       # the workshop's record ids, refreshed before every batch
FRAMES = op_frames(IDS)

FUZZ_BATCHES = int(os.environ.get("COBOARD_FUZZ_BATCHES", "100"))
FUZZ_FRAMES = 50
ANSWER_SECONDS = 20


class Peer:
    """One member's socket, read synchronously; every frame that is not an answer is kept."""

    def __init__(self, url: str, token: str, name: str, stack: contextlib.ExitStack):
        self.name = name
        self.ws = stack.enter_context(connect(url, max_queue=None, open_timeout=10, max_size=2**20))
        self.ws.send(json.dumps({"op": "hello", "token": token}))
        self.welcome = json.loads(self.ws.recv(timeout=10))
        assert self.welcome["t"] == "welcome", self.welcome
        self.events: list[dict] = []

    def _keep(self, frame: dict) -> None:
        if frame.get("t") == "ev":
            self.events.append(frame)

    def drain(self) -> None:
        while True:
            try:
                self._keep(json.loads(self.ws.recv(timeout=0)))
            except TimeoutError:
                return

    def call(self, frame: dict) -> dict:
        self.ws.send(json.dumps(frame))
        while True:
            message = json.loads(self.ws.recv(timeout=ANSWER_SECONDS))
            if message.get("t") in ("ack", "err") and message.get("id") == frame["id"]:
                return message
            self._keep(message)


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    """A server whose per-connection rates do not refuse the fuzzer, a workshop and its four roles."""
    server = start_server(tmp_path_factory.mktemp("fuzz"), extra_env={
        "COBOARD_OPS_PER_SECOND": "100000", "COBOARD_OPS_BURST": "100000",
        "COBOARD_CREATES_PER_MINUTE": "1000", "COBOARD_JOIN_FAILURES_PER_MINUTE": "1000"})
    workshop = server.create_workshop("Fuzzed", "Sam")
    wid, fac_token = workshop["workshop_id"], workshop["token"]
    auth = {"Authorization": f"Bearer {fac_token}"}
    ada = server.join(workshop, "Ada", perspective="lived_experience")
    hana = server.join(workshop, "Hana")
    stack = contextlib.ExitStack()
    projector = httpx.post(f"{server.base_url}/api/workshops/{wid}/projector", headers=auth, timeout=10).json()
    peers = {"facilitator": Peer(server.ws_url(wid), fac_token, "facilitator", stack),
             "participant": Peer(server.ws_url(wid), ada["token"], "participant", stack),
             "projector": Peer(server.ws_url(wid), projector["token"], "projector", stack)}
    answer = peers["facilitator"].call({"op": "participant.set_role", "id": "make-host",
                                        "args": {"participant_id": hana["participant_id"], "role": "host"}})
    assert answer["t"] == "ack", answer
    peers["host"] = Peer(server.ws_url(wid), hana["token"], "host", stack)
    watcher = Peer(server.ws_url(wid), fac_token, "watcher", stack)  # sends nothing: sees every seq
    fuzzed_answers = Counter()
    yield {"server": server, "wid": wid, "auth": auth, "peers": peers, "watcher": watcher, "count": [0], "answers": fuzzed_answers}
    print("\nfuzzed frames by answer:", dict(fuzzed_answers.most_common()))
    stack.close()
    stop_server(server)


def server_state(fuzzed) -> dict:
    r = httpx.get(f"{fuzzed['server'].base_url}/api/workshops/{fuzzed['wid']}/state", headers=fuzzed["auth"],
                  timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def record_ids(state: dict) -> list[str]:
    return sorted({r["id"] for r in state["records"]})


# 5,000 frames take about two minutes on a quiet 2-core machine; far longer when it is shared.
@pytest.mark.timeout(1500)
# websockets draws its masking keys from `random`, which Hypothesis notices between draws.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
@settings(max_examples=FUZZ_BATCHES, deadline=None, derandomize=not os.environ.get("COBOARD_FUZZ_RANDOM"),
          suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_every_fuzzed_frame_is_answered_and_a_refused_one_changes_nothing(fuzzed, data):
    before = server_state(fuzzed)
    IDS[:] = record_ids(before)
    watcher, peers = fuzzed["watcher"], fuzzed["peers"]
    watcher.drain()
    watcher.events.clear()
    seq, acked = before["seq"], set()
    for _ in range(FUZZ_FRAMES):
        role = data.draw(st.sampled_from(sorted(peers)), label="role")
        op, args = data.draw(FRAMES, label="frame")
        fuzzed["count"][0] += 1
        frame = {"op": op, "id": f"f{fuzzed['count'][0]}", "args": args}
        answer = peers[role].call(frame)
        assert answer["t"] in ("ack", "err"), (role, frame, answer)
        fuzzed["answers"][answer["t"] if answer["t"] == "ack" else answer["code"]] += 1
        if answer["t"] == "err":
            assert answer["code"] in ERROR_CODES and answer["code"] != "internal", (role, frame, answer)
            assert isinstance(answer.get("message"), str) and answer["message"], (role, frame, answer)
        else:
            assert answer["seq"] >= seq, (role, frame, answer)
            if answer["seq"] > seq:
                acked.add(answer["seq"])
            seq = max(seq, answer["seq"])
        for peer in peers.values():
            peer.drain()
    after = server_state(fuzzed)
    wait_for_events(watcher, acked)
    seen = {ev["seq"] for ev in watcher.events}
    # Only acked ops moved the log: the seqs the watcher saw are exactly the acked ones, no more.
    assert after["seq"] == seq, (before["seq"], after["seq"], seq)
    assert seen == acked, sorted(seen ^ acked)
    for peer in (*peers.values(), watcher):
        assert peer.ws.close_code is None, f"{peer.name}'s socket closed: {peer.ws.close_code} {peer.ws.close_reason}"


def wait_for_events(watcher: Peer, acked: set[int]) -> None:
    """Wait (bounded) until the watcher holds an ev for every acked seq: fan-out runs after the ack."""
    for _ in range(100):
        watcher.drain()
        if acked <= {ev["seq"] for ev in watcher.events}:
            return
        try:
            watcher._keep(json.loads(watcher.ws.recv(timeout=0.1)))
        except TimeoutError:
            pass
