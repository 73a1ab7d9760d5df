"""Automatic pictures (issue 10): only boards that changed since their last picture, and every
picture and file name says which table the board belongs to."""
import io
import time
import zipfile

from .data_helpers import auth, do_op, records


def shots(http, wid, token):
    return http.get(f"/api/workshops/{wid}/snapshots", headers=auth(token)).json()["snapshots"]


def next_activity(server, http, wid, token, activity, expect_more: int) -> list[dict]:
    """Move on; the automatic pictures that step added (waits for `expect_more`, then a little longer)."""
    before = {s["id"] for s in shots(http, wid, token)}
    do_op(server, wid, token, "workshop.update", activity=activity)
    deadline = time.monotonic() + 20
    new = []
    while time.monotonic() < deadline:
        new = [s for s in shots(http, wid, token) if s["id"] not in before]
        if len(new) >= expect_more:
            break
        time.sleep(0.2)
    time.sleep(1.0)  # none still on their way
    return [s for s in shots(http, wid, token) if s["id"] not in before]


def test_only_boards_that_changed_since_their_last_picture_are_pictured(server, http, workshop):
    wid, token = workshop["workshop_id"], workshop["token"]
    boards = {b["type"]: b["id"] for b in records(server, workshop, "board")}
    theme = do_op(server, wid, token, "card.create", board_id=boards["nww"], type="theme", text="I wait")["card_id"]
    do_op(server, wid, token, "card.create", board_id=boards["ww"], type="theme", text="Kind staff")

    first = next_activity(server, http, wid, token, "Theming", 2)
    assert sorted(s["board_id"] for s in first) == sorted([boards["nww"], boards["ww"]])  # empty boards: none

    assert next_activity(server, http, wid, token, "Break", 0) == []  # nothing changed: no new pictures

    do_op(server, wid, token, "card.update", card_id=theme, text="I wait too long")
    after_edit = next_activity(server, http, wid, token, "Voting", 1)
    assert [s["board_id"] for s in after_edit] == [boards["nww"]]

    # on demand still pictures every board, changed or not
    taken = http.post(f"/api/workshops/{wid}/snapshots", headers=auth(token), json={}).json()["snapshots"]
    assert len(taken) == len(boards)


def test_pictures_and_file_names_carry_the_table(server, http, workshop):
    wid, token = workshop["workshop_id"], workshop["token"]
    table = do_op(server, wid, token, "room.create", type="table")["room_id"]
    board = do_op(server, wid, token, "board.create", type="root_causes", room_id=table)["board_id"]
    do_op(server, wid, token, "card.create", board_id=board, type="root_cause", text="Buses stop at six")
    name = next(r["name"] for r in records(server, workshop, "room") if r["id"] == table)

    now = http.get(f"/api/workshops/{wid}/boards/{board}/snapshot.png", headers=auth(token))
    slug = name.lower().replace(" ", "-")
    assert f'-{slug}.png"' in now.headers["content-disposition"], now.headers["content-disposition"]
    svg = http.get(f"/api/workshops/{wid}/boards/{board}/snapshot.svg", headers=auth(token)).text
    assert f"– {name}" in svg

    (shot,) = [s for s in next_activity(server, http, wid, token, "Root causes", 1) if s["board_id"] == board]
    assert shot["board_title"].endswith(f"– {name}")
    z = zipfile.ZipFile(io.BytesIO(http.get(f"/api/workshops/{wid}/snapshots.zip", headers=auth(token)).content))
    assert any(slug in n and n.startswith("png/") for n in z.namelist()), z.namelist()
    one = http.get(f"/api/workshops/{wid}/snapshots/{shot['id']}.png", headers=auth(token))
    assert slug in one.headers["content-disposition"]
