"""Heavy jobs in a child process (server/heavy_jobs.py): what crosses is whole, and the child decides
through the same gate as the hub would."""
import asyncio
import pickle
from concurrent.futures import ProcessPoolExecutor
import multiprocessing

import pytest

from server import heavy_jobs, workers
from server.domain import gate
from server.domain.errors import Rejected
from server.imports.responses import FileProblem
from tests.unit.conftest import NOW

CSV = ("Respondent,What is working well for you?,What is not working well for you?\n"
       + "".join(f"R{i},Seeing friends {i},The bus {i}\n" for i in range(1200))).encode()


def test_rejected_and_file_problems_cross_processes_whole():
    r = pickle.loads(pickle.dumps(Rejected("conflict", "This file was already imported ({filename}, {when} UTC). "
                                           "Importing it again would put every answer on the boards twice.",
                                           "file", filename="a.csv", when="2026-01-01 10:00")))
    assert (r.code, r.field, r.params["filename"]) == ("conflict", "file", "a.csv")
    assert "a.csv" in r.message and "{" not in r.message
    p = pickle.loads(pickle.dumps(FileProblem("Line 3 is broken.", line=3, status=415)))
    assert (p.message, p.line, p.status) == ("Line 3 is broken.", 3, 415)
    rows = pickle.loads(pickle.dumps(FileProblem("The file has more than {n} rows. Please split it.", n=50000)))
    assert rows.message == "The file has more than 50000 rows. Please split it."  # msgid and params cross whole:
    assert rows.said("cy") == "Mae mwy na 50000 o resi yn y ffeil. Rhannwch hi’n ffeiliau llai, os gwelwch yn dda."


def test_pack_and_unpack_keep_a_long_list_in_order_in_chunks():
    items = [{"id": f"a{i}", "n": i} for i in range(1234)]
    chunks = workers.pack(items, 500)
    assert len(chunks) == 3
    assert workers.unpack_now(chunks) == items
    assert asyncio.run(workers.unpack(chunks)) == items


def test_an_import_read_and_decided_in_a_child_is_what_the_gate_decides_here(ws):
    """The two jobs run in a real spawned child process; the same file decided here gives the same records."""
    actor = ws.actor("facilitator")
    excerpt = heavy_jobs.Excerpt.of("responses.import", ws.state, actor["id"])
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        packed = pool.submit(heavy_jobs.read_import, CSV, "answers.csv", None, False, True, False).result()
        assert isinstance(packed, heavy_jobs.Packed) and len(packed.chunks) == 24  # 2,400 answers, 100 a chunk
        decided = pool.submit(heavy_jobs.decide_packed, "responses.import", packed, excerpt, actor["id"],
                              NOW).result()
        again = pool.submit(heavy_jobs.read_import, CSV, "answers.csv", None, True, True, False).result()
    assert again["answers"] == {"ww": 1200, "nww": 1200, "iff": 0}  # a preview is a small dict
    assert isinstance(decided, heavy_jobs.Decided)
    assert len(decided.put) == 49 and all(len(pickle.loads(c)) <= 100 for c in decided.put)  # read back 100 a turn
    change = asyncio.run(decided.change())
    here = gate.decide(ws.state, actor, gate.parse("responses.import", packed.raw(), internal=True), ws.ctx)

    def shape(records):  # ids are fresh on each side: compare everything else
        return sorted((r["kind"], r.get("text") or r.get("original") or "", r.get("board_id") or "")
                      for r in records)

    assert shape(change.put) == shape(here.put) and len(change.put) == 1 + 2 * 2400
    assert change.result["cards"] == here.result["cards"] == 2400
    assert decided.logged == gate.parse("responses.import", packed.raw(), internal=True).logged()


def test_a_child_refuses_with_the_gates_own_rejection(ws):
    """A participant may not import: the child's gate says so, as the hub's would."""
    packed = heavy_jobs.read_import(CSV, "answers.csv", None, False, True, False)
    out = heavy_jobs.decide_packed("responses.import", packed,
                                   heavy_jobs.Excerpt.of("responses.import", ws.state, ws.ids["participant"]),
                                   ws.ids["participant"], NOW)
    assert isinstance(out, Rejected) and out.code == "forbidden"
    with pytest.raises(FileProblem) as caught:
        heavy_jobs.read_import(b"\x00\x01binary", "answers.pdf", None, False, True, False)
    assert caught.value.status == 415


def test_an_import_crosses_with_an_excerpt_of_its_workshop_and_decides_as_with_every_record(ws):
    """A second import of a workshop that holds 4,800 cards and answers: what crosses to the child holds
    none of them (the placing counts instead), and the import decided with it places its cards after the
    first import's, as the gate deciding with every record does."""
    actor = ws.actor("facilitator")
    first = gate.decide(ws.state, actor, gate.parse("responses.import", heavy_jobs.read_import(
        CSV, "answers.csv", None, False, True, False).raw(), internal=True), ws.ctx)
    ws.state.apply(first)
    assert len(ws.state.records) > 4800
    excerpt = heavy_jobs.Excerpt.of("responses.import", ws.state, actor["id"])
    assert not {r["kind"] for r in excerpt.records} & {"card", "answer"}
    assert len(pickle.dumps(excerpt)) < 20_000 < len(pickle.dumps(list(ws.state.records.values())))
    second = CSV.replace(b"Seeing friends", b"Walks")
    packed = heavy_jobs.read_import(second, "second.csv", None, False, True, False)
    decided = heavy_jobs.decide_packed("responses.import", packed, pickle.loads(pickle.dumps(excerpt)),
                                       actor["id"], NOW)
    assert isinstance(decided, heavy_jobs.Decided)
    there = asyncio.run(decided.change())
    here = gate.decide(ws.state, actor, gate.parse("responses.import", packed.raw(), internal=True), ws.ctx)

    def places(records):
        return sorted((r["board_id"], r["x"], r["y"], r["text"]) for r in records if r["kind"] == "card")

    assert places(there.put) == places(here.put)
    assert min(y for _, _, y, _ in places(there.put)) == 1.0  # below the first import's 1,200 on each board


def test_an_excerpt_refuses_to_be_read_beyond_what_it_holds(ws):
    state = heavy_jobs.Excerpt.of("responses.import", ws.state, ws.ids["facilitator"]).state()
    assert list(state.of_kind("board"))
    for read in (lambda: state.of_kind("card"), lambda: state.cards_on("b1"), lambda: state.ballots_of("r", "p")):
        with pytest.raises(RuntimeError):
            read()


def test_a_child_that_dies_fails_its_job_only_and_the_next_job_gets_fresh_children():
    import os
    from concurrent.futures.process import BrokenProcessPool

    async def run():
        with pytest.raises(BrokenProcessPool):
            await workers.in_process(os._exit, 3)  # as a child killed for its memory would
        return await workers.in_process(heavy_jobs.read_import, CSV, "answers.csv", None, True, True, False)

    try:
        assert asyncio.run(run())["answers"]["ww"] == 1200
    finally:
        workers.shutdown_processes()


def test_an_export_is_parsed_in_a_child_and_put_together_again_a_chunk_at_a_time():
    import orjson

    export = {"format": "coboard-export", "version": 1, "snapshots": [{"id": "n1", "svg": "<svg/>"}],
              "records": [{"id": f"c{i}", "kind": "card", "v": 1, "text": f"Note {i}"} for i in range(1234)]}
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        read = pool.submit(heavy_jobs.read_export, orjson.dumps(export)).result()
        assert isinstance(read, heavy_jobs.Packed) and len(read.chunks) == 13  # 100 a chunk
        assert asyncio.run(read.whole()) == export
        assert pool.submit(heavy_jobs.read_export, b"not json").result() is None
        assert pool.submit(heavy_jobs.read_export, b'{"title": "x"}').result() == {"title": "x"}  # the rule refuses it


def test_many_more_jobs_than_a_pool_recycles_at_all_get_their_answer():
    """Three times PROCESS_TASKS jobs at once: the children are replaced between jobs (Python 3.11's
    max_tasks_per_child left queued jobs waiting for ever) and every job is answered, in a bounded time."""
    async def run():
        jobs = [workers.in_process(abs, -i) for i in range(3 * workers.PROCESS_TASKS)]
        return await asyncio.wait_for(asyncio.gather(*jobs), timeout=120)

    workers.configure(2)
    try:
        assert asyncio.run(run()) == list(range(3 * workers.PROCESS_TASKS))
        assert workers._in_children == 0
    finally:
        workers.shutdown_processes()


def test_what_is_alive_at_the_end_of_a_heavy_job_is_reclaimed_once_it_becomes_garbage():
    """A cycle alive while heavy work ends (as a connection or a request is) and dropped afterwards is
    freed by the next full collection: nothing is frozen out of the collector's sight for good."""
    import gc
    import weakref

    class Node:
        pass

    async def run():
        node = Node()
        node.me = node  # a cycle: only the collector frees it
        ref = weakref.ref(node)
        assert await workers.heavy(abs, -1) == 1
        assert await workers.in_process(abs, -2) == 2
        del node
        return ref

    try:
        ref = asyncio.run(run())
    finally:
        workers.shutdown_processes()
    assert gc.isenabled()
    gc.collect()
    assert ref() is None


def test_an_imports_ids_come_in_order_so_its_records_sit_together_in_the_database(ws):
    """A heavy op's records are stored in slices; with random ids each of them landed on a random page of the
    records' primary key index, and each slice wrote a few hundred scattered pages of log (clock.ids_in_order).
    The ids keep new_id's shape (prefix, "_", 11 URL-safe characters), are all distinct, and each kind's
    come in increasing order as the rule makes them."""
    import re

    from server import clock

    actor = ws.actor("facilitator")
    packed = heavy_jobs.read_import(CSV, "answers.csv", None, False, True, False)
    decided = heavy_jobs.decide_packed("responses.import", packed,
                                       heavy_jobs.Excerpt.of("responses.import", ws.state, actor["id"]),
                                       actor["id"], NOW)
    put = asyncio.run(decided.change()).put
    shape = re.compile(r"^[a-z]+_[A-Za-z0-9_-]{11}$")
    assert all(shape.match(r["id"]) for r in put) and shape.match(clock.new_id("a"))
    assert len({r["id"] for r in put}) == len(put) == 1 + 2 * 2400
    for kind in ("answer", "card"):
        ids = [r["id"] for r in put if r["kind"] == kind]
        assert ids == sorted(ids) and len(ids) == 2400
    other = clock.ids_in_order()  # another op's run starts elsewhere
    assert other("a") not in {r["id"] for r in put}
