"""Security headers on every answer (issue 12): pages, /web assets, API answers and errors alike."""
import re

import httpx
import pytest

from server.api.headers import app_policy, completed_policy
from tests.conftest import start_server, stop_server

from .conftest import bearer

SAME_EVERYWHERE = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY"}


def directives(policy: str) -> dict[str, str]:
    return {part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
            for part in policy.split(";") if part.strip()}


def assert_secured(response):
    for name, value in SAME_EVERYWHERE.items():
        assert response.headers.get(name) == value, (response.url, name, response.headers.get(name))
    policy = directives(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == "'none'", response.url
    assert policy["base-uri"] == "'none'", response.url
    return policy


def assert_app_policy(r):
    assert r.status_code == 200, r.url
    policy = assert_secured(r)
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["object-src"] == "'none'"
    assert "'self'" in policy["connect-src"]
    assert "unsafe" not in r.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/", "/join", "/w/{wid}", "/w/{wid}/join", "/w/{wid}/join?code={code}",
                                  "/web/index.html"])
def test_pages_carry_the_app_policy(http, workshop, path):
    assert_app_policy(http.get(path.format(wid=workshop["workshop_id"], code=workshop["join_code"])))


def assert_asset_headers(r):
    """A script or stylesheet is no document: nosniff, no referrer, and a policy that allows nothing."""
    assert r.status_code == 200, r.url
    assert r.headers.get("x-content-type-options") == "nosniff", r.url
    assert r.headers.get("referrer-policy") == "no-referrer", r.url  # a module's imports follow it
    policy = directives(r.headers["content-security-policy"])
    assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'", r.url
    assert set(policy) == {"default-src", "frame-ancestors"}, r.url  # nothing allowed back
    # Public code fetched without credentials: CORP and base-uri (HTML only) would be 63 bytes a module.
    for document_only in ("x-frame-options", "cross-origin-opener-policy", "cross-origin-resource-policy"):
        assert document_only not in r.headers, (r.url, document_only)  # ~300 bytes a module, for nothing


def test_every_file_the_shell_loads_carries_the_asset_headers(http, workshop):
    for page in ("/", f"/w/{workshop['workshop_id']}"):
        files = re.findall(r'(?:src|href)="(/web/[^"]+)"', http.get(page).text)
        assert any(f.endswith(".js") for f in files) and any(f.endswith(".css") for f in files), files
        for path in files:
            assert_asset_headers(http.get(path))
            assert_asset_headers(http.get(path, headers={"accept-encoding": "br"}))


def test_a_page_under_web_is_still_a_page(http):
    """index.html read from /web/ is the page: the app policy and every document header."""
    r = http.get("/web/index.html")
    assert_app_policy(r)
    assert r.headers["cross-origin-opener-policy"] == "same-origin"


def test_no_answer_names_the_server_software(http, workshop):
    for path in ("/", "/web/app/main.js", "/healthz", f"/api/workshops/{workshop['workshop_id']}/state"):
        assert "server" not in http.get(path).headers, path


@pytest.mark.parametrize("path", ["/api/workshops/{wid}/state", "/api/protocol.json", "/healthz",
                                  "/api/workshops/{wid}/events?since=0&wait=0",
                                  "/api/workshops/{wid}/boards/nope/snapshot.svg", "/api/nothing"])
def test_api_answers_and_errors_carry_the_headers(http, workshop, path):
    r = http.get(path.format(wid=workshop["workshop_id"]), headers=bearer(workshop["token"]))
    assert_secured(r)


def test_unauthenticated_and_refused_answers_carry_the_headers(http, workshop):
    assert_secured(http.get(f"/api/workshops/{workshop['workshop_id']}/state"))  # 401
    assert_secured(http.post(f"/api/workshops/{workshop['workshop_id']}/join", json={"join_code": "WRONG",
                                                                                      "name": "Eve"}))  # 403


def test_a_body_refused_before_the_app_reads_it_carries_the_headers(server):
    """BodyLimit answers 413 from the declared Content-Length alone; the headers are on that answer too."""
    import socket
    from urllib.parse import urlsplit

    url = urlsplit(server.base_url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as s:
        s.sendall(b"POST /api/workshops/restore HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 31457280\r\nConnection: close\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                break
            head += chunk
    lines = head.split(b"\r\n\r\n")[0].decode().split("\r\n")
    assert lines[0].split()[1] == "413", lines[0]
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    for name, value in SAME_EVERYWHERE.items():
        assert headers.get(name) == value, (name, headers)
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_an_answer_with_its_own_policy_keeps_it_and_forbids_framing(http, workshop):
    r = http.get(f"/api/workshops/{workshop['workshop_id']}/report.html", headers=bearer(workshop["token"]))
    assert r.status_code == 200
    policy = assert_secured(r)
    assert policy["default-src"] == "'none'"  # the report's own, stricter policy
    assert policy["style-src"] == "'unsafe-inline'"


def test_completed_policy_adds_only_what_is_missing():
    assert completed_policy("default-src 'none'") == "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    own = "default-src 'none'; frame-ancestors 'self'; base-uri 'none'"
    assert completed_policy(own) == own


def test_behind_a_proxy_the_public_socket_origin_is_allowed():
    assert directives(app_policy("https://board.example.org"))["connect-src"] == "'self' wss://board.example.org"
    assert directives(app_policy(None))["connect-src"] == "'self'"


def test_api_docs_are_off_by_default(http):
    assert http.get("/api/docs").status_code == 404
    assert http.get("/api/openapi.json").status_code == 404


def test_api_docs_when_enabled_come_from_our_own_files(tmp_path):
    server = start_server(tmp_path, {"COBOARD_API_DOCS": "true"})
    try:
        with httpx.Client(base_url=server.base_url, timeout=10) as http:
            page = http.get("/api/docs")
            assert page.status_code == 200 and "swagger-ui" in page.text
            assert_secured(page)
            sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
            assert sources and all(s.startswith("/api/docs/") for s in sources), sources  # no CDN
            assert "<script>" not in page.text  # no inline script: it runs under the CSP
            for source in sources:
                asset = http.get(source)
                assert asset.status_code == 200 and len(asset.content) > 100, source
                assert_secured(asset)
            assert "/api/workshops" in http.get("/api/openapi.json").json()["paths"]
    finally:
        stop_server(server)
