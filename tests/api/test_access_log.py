"""An old `?code=` join link works, and its code never reaches the server's access log (issue 12)."""
import time


def test_a_join_code_in_a_query_string_is_not_logged(server, http, workshop):
    code = workshop["join_code"]
    assert http.get(f"/w/{workshop['workshop_id']}/join?code={code}&x=1").status_code == 200
    marker = f"/w/{workshop['workshop_id']}/join?code="
    deadline = time.monotonic() + 5
    while marker not in server.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    log = server.log()
    assert marker + "…&x=1" in log  # the request is logged, its code is not
    assert code not in log
