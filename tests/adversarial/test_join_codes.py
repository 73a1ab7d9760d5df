"""Join codes lock out attackers, not rooms (issue 12). Before: 16 wrong codes from one address
locked that address out, right code too (a venue's Wi-Fi: the whole room), and 1,000 right-code
joins from one address in 4.7 s were all accepted.

Other addresses are real: Linux routes all of 127.0.0.0/8 to loopback, so a client bound to
127.0.0.2 is another address to the server."""
import httpx

from server.protocol.limits import ROOM_MISTAKES, WRONG_CODES_PER_ADDRESS


def from_address(server, address: str = "127.0.0.1") -> httpx.Client:
    return httpx.Client(base_url=server.base_url, timeout=10,
                        transport=httpx.HTTPTransport(local_address=address))


def join(http, workshop, code=None, name="Ada", forged: str | None = None):
    """`forged`: the address this client claims to be sending for (X-Forwarded-For, X-Real-IP)."""
    return http.post(f"/api/workshops/{workshop['workshop_id']}/join",
                     json={"join_code": code or workshop["join_code"], "name": name},
                     headers={"X-Forwarded-For": forged, "X-Real-IP": forged} if forged else None)


def wrong_code(workshop) -> str:
    return "Q" * 8 if workshop["join_code"] != "Q" * 8 else "R" * 8


def test_the_right_code_works_after_20_wrong_ones_from_one_address(shared):
    server = shared
    workshop = server.create_workshop()
    with from_address(server, "127.0.0.11") as http:
        assert [join(http, workshop, wrong_code(workshop)).status_code for _ in range(20)] == [403] * 20
        assert join(http, workshop, "qqqq-wrong").status_code == 403
        r = join(http, workshop)
        assert r.status_code == 201, r.text


def test_a_room_of_40_mistyping_people_on_one_address_all_get_in(shared):
    server = shared
    workshop = server.create_workshop()
    code = workshop["join_code"]
    first = "X" if code[0] != "X" else "Y"  # a mistype is never the code itself (a code may start with X)
    mistypes = [code[:-1] + ("2" if code[-1] != "2" else "3"), code[1:] + code[0], first + code[1:]]
    assert code not in mistypes
    joined = 0
    with from_address(server, "127.0.0.12") as http:
        for person in range(40):
            for typo in mistypes[: 1 + person % 3]:  # everyone gets it wrong once, some three times
                assert join(http, workshop, typo, f"P{person}").status_code == 403
            r = join(http, workshop, code.lower()[:4] + " " + code.lower()[4:], f"P{person}")
            assert r.status_code == 201, (person, r.text)
            joined += 1
    assert joined == 40


def test_a_guessing_address_is_locked_out_and_the_room_is_not(shared):
    server = shared
    workshop = server.create_workshop()
    with from_address(server, "127.0.0.2") as attacker, from_address(server, "127.0.0.13") as room:
        answers = [join(attacker, workshop, wrong_code(workshop)).status_code for _ in range(WRONG_CODES_PER_ADDRESS + 5)]
        assert answers[:WRONG_CODES_PER_ADDRESS] == [403] * WRONG_CODES_PER_ADDRESS and set(answers[-5:]) == {429}
        r = join(attacker, workshop)  # the right code does not get through either: a refusal tells nothing
        assert r.status_code == 429 and r.json()["code"] == "rate_limited"
        lookup = attacker.post("/api/join/lookup", json={"join_code": workshop["join_code"]})
        assert lookup.status_code == 429
        assert join(room, workshop, wrong_code(workshop)).status_code == 403  # the room only mistypes
        assert join(room, workshop).status_code == 201


def test_many_guessing_addresses_spend_the_workshop_budget_and_only_they_wait(start):
    server = start({"COBOARD_WRONG_CODES_PER_WORKSHOP": "60"})
    workshop = server.create_workshop()
    guessers = [from_address(server, f"127.0.0.{n}") for n in range(2, 6)]
    try:
        for guesser in guessers:  # 4 × (ROOM_MISTAKES + 5) wrong codes: more than the workshop's 60
            assert {join(guesser, workshop, wrong_code(workshop)).status_code
                    for _ in range(ROOM_MISTAKES + 5)} <= {403, 429}
        for guesser in guessers:
            assert join(guesser, workshop).status_code == 429
        with from_address(server) as room, from_address(server, "127.0.0.9") as newcomer:
            for _ in range(3):
                assert join(room, workshop, wrong_code(workshop)).status_code == 403
            assert join(room, workshop).status_code == 201
            assert join(newcomer, workshop).status_code == 201
    finally:
        for guesser in guessers:
            guesser.close()


def test_joins_per_workshop_are_bounded_even_with_the_right_code(start):
    server = start({"COBOARD_JOINS_PER_MINUTE": "20"})
    workshop, other = server.create_workshop(), server.create_workshop("Another")
    with from_address(server) as http:
        answers = [join(http, workshop, name=f"Bot{i}").status_code for i in range(60)]
        accepted = answers.count(201)
        assert 20 <= accepted <= 25 and set(answers) == {201, 429}, answers  # 20, plus what refills meanwhile
        assert join(http, other).status_code == 201  # another workshop is not affected


def test_a_forwarded_address_is_believed_from_a_trusted_proxy_alone(start):
    """Per-address limits count against the client's address. A client that names another address in
    X-Forwarded-For neither escapes its own limit nor spends that address's: only a connection from
    COBOARD_TRUSTED_PROXIES says for whom it comes. (Before, uvicorn believed 127.0.0.1 whatever this
    setting said, and not 127.0.0.60.)"""
    server = start({"COBOARD_TRUSTED_PROXIES": "127.0.0.60", "COBOARD_WRONG_CODES_PER_ADDRESS": "10"})
    workshop = server.create_workshop()
    wrong = wrong_code(workshop)
    with from_address(server, "127.0.0.61") as forger, from_address(server, "127.0.0.62") as victim, \
            from_address(server, "127.0.0.1") as this_machine:
        # each try names another address: the victim's, or one never seen, as someone dodging the limit would
        claims = ["127.0.0.62" if n % 2 else f"10.7.0.{n}" for n in range(10)]
        assert [join(forger, workshop, wrong, forged=c).status_code for c in claims] == [403] * 10
        assert join(forger, workshop, wrong, forged="10.7.1.1").status_code == 429
        assert join(forger, workshop, forged="10.7.1.2").status_code == 429  # the right code: locked out too
        assert join(victim, workshop, wrong).status_code == 403  # spent nothing of the victim's
        assert join(victim, workshop).status_code == 201
        # this machine is no proxy here (the setting names 127.0.0.60 only): not believed either
        assert [join(this_machine, workshop, wrong, forged="127.0.0.62").status_code
                for _ in range(11)] == [403] * 10 + [429]
        assert join(victim, workshop, name="Bea").status_code == 201

    with from_address(server, "127.0.0.60") as proxy, from_address(server, "127.0.0.63") as visitor:
        # the trusted proxy speaks for its visitors: one visitor's wrong codes are that visitor's
        assert [join(proxy, workshop, wrong, forged="127.0.0.63").status_code
                for _ in range(11)] == [403] * 10 + [429]
        assert join(visitor, workshop).status_code == 429  # believed: the same address, come directly
        assert join(proxy, workshop, forged="127.0.0.64").status_code == 201  # another visitor of the proxy
        assert join(proxy, workshop, wrong).status_code == 403  # and the proxy's own address is its own
    log = server.log()
    assert "127.0.0.63:0 - " in log and "10.7.0." not in log  # the access log shows the decided address
