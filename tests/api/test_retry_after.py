"""Every 429 and 503 says when to try again (Retry-After, limits.RETRY_AFTER_SECONDS): the upload slots'
refusals ('too many files from here', 'the server is busy reading other files') had none.
Other addresses are real: Linux routes all of 127.0.0.0/8 to loopback."""
import socket
from urllib.parse import urlsplit

import httpx

from server.protocol.limits import RETRY_AFTER_SECONDS
from tests.conftest import start_server, stop_server

from .conftest import assert_error, bearer

CSV = b"What is working well for you?\nTea\n"


def held_upload(base_url: str, path: str, token: str, address: str) -> socket.socket:
    """An upload that sends its headers and the start of its file, then waits, holding its slot, until closed."""
    url = urlsplit(base_url)
    sock = socket.create_connection((url.hostname, url.port), source_address=(address, 0))
    body = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n' + CSV
    sock.sendall((f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Bearer {token}\r\n"
                  "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
                 + b"%x\r\n%s\r\n" % (len(body), body))
    return sock


def until_status(base_url: str, path: str, token: str, address: str, status: int) -> httpx.Response:
    """An upload from `address` without its file, again until it is answered `status` (a held upload takes
    its slot in its own time); meanwhile 422, 'choose a file', said once its slot was given and its form read.
    (Not a real file: a heavy-work child parses that at SCHED_IDLE, over 30 s once on a busy machine; see
    tests/adversarial/test_upload_slots.py.) Bounded: 200 tries."""
    with httpx.Client(base_url=base_url, timeout=30, transport=httpx.HTTPTransport(local_address=address)) as http:
        for _ in range(200):
            r = http.post(path, headers=bearer(token), data={"note": "no file here"})
            if r.status_code == status:
                return r
            assert r.status_code == 422 and r.json()["field"] == "file", r.text
    raise AssertionError(f"never answered {status}; last {r.status_code}: {r.text}")


def test_the_upload_slots_refusals_say_when_to_try_again(tmp_path):
    live = start_server(tmp_path, extra_env={"COBOARD_UPLOADS_AT_ONCE": "2", "COBOARD_UPLOADS_PER_ADDRESS": "1"})
    held = []
    try:
        workshop = live.create_workshop()
        token, path = workshop["token"], f"/api/workshops/{workshop['workshop_id']}/responses?preview=true"
        held.append(held_upload(live.base_url, path, token, "127.0.0.21"))
        r = until_status(live.base_url, path, token, "127.0.0.21", 429)
        assert_error(r, 429, "rate_limited")
        assert "from here at once" in r.json()["message"]
        assert r.headers.get("retry-after") == str(RETRY_AFTER_SECONDS)

        held.append(held_upload(live.base_url, path, token, "127.0.0.22"))
        r = until_status(live.base_url, path, token, "127.0.0.23", 503)
        assert_error(r, 503, "unavailable")
        assert "busy reading other files" in r.json()["message"]
        assert r.headers.get("retry-after") == str(RETRY_AFTER_SECONDS)
    finally:
        for sock in held:
            sock.close()
        stop_server(live)


def test_other_refusals_have_none(server, http):
    r = http.get("/api/workshops/nowhere/state")
    assert r.status_code in (401, 404) and "retry-after" not in r.headers
