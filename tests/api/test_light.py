"""Light pages (issue 10): text answers compressed when asked; /web files revalidated by ETag → 304."""
import gzip
import posixpath
import re
from pathlib import Path

import brotli
import pytest
import httpx

from server.api.static import WebFiles, without_comment_lines

from .conftest import bearer

WEB = Path(__file__).resolve().parents[2] / "web"
MODULE = "/web/app/shell.js"


def raw_get(http, path, **headers):
    """The bytes as sent (httpx would undo the encoding)."""
    with http.stream("GET", path, headers=headers) as r:
        return r, b"".join(r.iter_raw())


@pytest.mark.parametrize("accept, encoding, decode", [
    ("br", "br", brotli.decompress),
    ("gzip, deflate, br, zstd", "br", brotli.decompress),  # what Chromium sends
    ("gzip", "gzip", gzip.decompress),
    ("br;q=0, gzip", "gzip", gzip.decompress),
    ("identity", None, bytes),
    ("", None, bytes),
])
def test_web_files_are_compressed_when_asked(http, accept, encoding, decode):
    original = without_comment_lines((WEB / "app" / "shell.js").read_bytes())  # a module is sent without its comment lines
    r, body = raw_get(http, MODULE, **{"accept-encoding": accept})
    assert r.status_code == 200
    assert r.headers.get("content-encoding") == encoding
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["vary"] == "Accept-Encoding"
    assert int(r.headers["content-length"]) == len(body)
    assert decode(body) == original
    if encoding:
        assert len(body) * 2 < len(original)


def test_modules_are_sent_without_their_comments_and_indentation_and_other_files_as_they_are(http):
    source = (WEB / "app" / "shell.js").read_text(encoding="utf-8")
    sent = http.get(MODULE).text
    assert sent != source and sent.count("\n") == source.count("\n")
    assert not [line for line in sent.splitlines() if line.lstrip().startswith("//")]
    assert not [line for line in sent.splitlines() if line[:1] in (" ", "\t")]  # no indentation (nor any multi-line template)
    code = [line.strip() for line in source.splitlines() if line.strip() and not line.lstrip().startswith(("//", "/*", "*"))]
    # every other line as written, but for its indentation and a comment after its code
    assert [line for line in sent.splitlines() if line.strip()] == [line.split(" // ")[0].rstrip() for line in code]
    assert len(sent) < len(source) * 0.8
    css = (WEB / "styles.css").read_bytes()
    assert http.get("/web/styles.css", headers={"accept-encoding": "identity"}).content == css


def test_web_files_carry_an_etag_and_answer_304_when_unchanged(http):
    for accept in ("br", "gzip", "identity"):
        first = http.get(MODULE, headers={"accept-encoding": accept})
        assert first.status_code == 200
        tag = first.headers["etag"]
        assert tag.startswith('"') and first.headers["cache-control"] == "no-cache"
        again = http.get(MODULE, headers={"accept-encoding": accept, "if-none-match": tag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == tag
    # a tag of another encoding names the same content: still 304 (a browser that switched encodings)
    br_tag = http.get(MODULE, headers={"accept-encoding": "br"}).headers["etag"]
    assert http.get(MODULE, headers={"accept-encoding": "gzip", "if-none-match": br_tag}).status_code == 304
    assert http.get(MODULE, headers={"if-none-match": '"something-else"'}).status_code == 200
    # another file's tag is not this file's
    other = http.get("/web/app/main.js").headers["etag"]
    assert http.get(MODULE, headers={"if-none-match": other}).status_code == 200


async def test_an_edited_file_gets_a_new_etag_at_once(tmp_path):
    (tmp_path / "a.js").write_text("export const a = 1;\n" * 40)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(WebFiles(tmp_path)), base_url="http://web")
    first = await client.get("/a.js")
    assert (await client.get("/a.js", headers={"if-none-match": first.headers["etag"]})).status_code == 304
    (tmp_path / "a.js").write_text("export const a = 2;\n" * 41)
    second = await client.get("/a.js", headers={"if-none-match": first.headers["etag"]})
    assert second.status_code == 200 and "a = 2" in second.text
    assert second.headers["etag"] != first.headers["etag"]


@pytest.mark.parametrize("path", ["/web/%2e%2e/pyproject.toml", "/web/..%2fpyproject.toml", "/web/", "/web/app",
                                  "/web/app/nothing.js"])
def test_nothing_outside_web_and_no_listings(http, path):
    r = http.get(path)
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_head_gives_the_headers_without_the_body(http):
    r = http.head(MODULE, headers={"accept-encoding": "br"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "br" and r.content == b""


def test_api_answers_and_pages_are_gzipped_when_asked(http, workshop):
    state_url = f"/api/workshops/{workshop['workshop_id']}/state"
    for path, headers in ((state_url, bearer(workshop["token"])), ("/", {}), ("/api/protocol.json", {})):
        r, body = raw_get(http, path, **headers, **{"accept-encoding": "gzip"})
        assert r.status_code == 200, path
        assert r.headers["content-encoding"] == "gzip", path
        assert gzip.decompress(body) == http.get(path, headers={**headers, "accept-encoding": "identity"}).content
        plain, _ = raw_get(http, path, **headers, **{"accept-encoding": "identity"})
        assert "content-encoding" not in plain.headers


def test_answers_that_are_not_text_are_not_compressed_again(http, workshop):
    board = next(r for r in http.get(f"/api/workshops/{workshop['workshop_id']}/state",
                                     headers=bearer(workshop["token"])).json()["records"] if r["kind"] == "board")
    r, _ = raw_get(http, f"/api/workshops/{workshop['workshop_id']}/boards/{board['id']}/snapshot.png",
                   **bearer(workshop["token"]), **{"accept-encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert "content-encoding" not in r.headers


def preloaded(html: str) -> list[str]:
    return re.findall(r'<link rel="modulepreload" href="(/web/[^"]+)">', html)


def test_each_page_names_all_its_modules_at_once(http, workshop):
    """No cascade: the shell lists the page's whole static module graph for the browser to fetch in parallel."""
    board = preloaded(http.get(f"/w/{workshop['workshop_id']}").text)
    join = preloaded(http.get("/join").text)
    start = preloaded(http.get("/").text)
    assert "/web/app/shell.js" in board and "/web/model/store.js" in board and "/web/protocol.js" in board
    assert "/web/screens/join.js" in join and "/web/app/shell.js" not in join
    assert "/web/screens/start.js" in start and "/web/screens/join.js" not in start
    assert "/web/app/main.js" not in board  # the page's own <script> loads it
    for path in set(board + join + start):
        assert http.get(path).status_code == 200, path
    # every module the board's modules import statically is in the list (what the browser would find itself)
    listed = {p.removeprefix("/web/") for p in board} | {"app/main.js"}
    for module in listed:
        source = (WEB / module).read_text()
        for spec in re.findall(r"""^\s*import\b[^'";()]*?\bfrom\s*['"](\.[^'"]+)['"]""", source, re.MULTILINE):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(module), spec))
            assert target in listed, (module, spec)


def test_a_board_page_names_the_activity_on_now(http, workshop):
    """The board page says which activity is on (the phone fetches its screen's module beside the socket,
    web/app/shell.js); only for a workshop live in this process, and no other page says it."""
    wid = workshop["workshop_id"]
    r = http.post(f"/api/workshops/{wid}/ops", headers=bearer(workshop["token"]),
                  json={"op": "workshop.update", "id": "a1", "args": {"activity": "ww_theming"}})
    assert r.status_code == 200 and r.json()["t"] == "ack", r.text
    page = http.get(f"/w/{wid}").text
    assert page.count('<meta name="coboard-activity" content="ww_theming">') == 1
    assert page.index("coboard-activity") < page.index('<script type="module"')
    nowhere = http.get("/w/no-such-workshop")
    assert "coboard-activity" not in nowhere.text and nowhere.status_code == 404
    assert "coboard-activity" not in http.get(f"/w/{wid}/join").text and "coboard-activity" not in http.get("/").text
