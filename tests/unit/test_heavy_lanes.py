"""The heavy-work threads in lanes, and jobs made once for everyone asking at once (server/workers.py).

Before, every job waited in one queue: 8 `snapshots.zip` asked at once made another workshop's single
picture wait 82 s behind them. Deterministic: the jobs wait for events, nothing is timed."""
import asyncio
import threading

from server import workers

BOUND = 30  # seconds any of these waits may take at most on a loaded machine (a hang fails, not a slow run)


def blocked(release: threading.Event, started: threading.Event | None = None, answer="drawn"):
    def job():
        if started is not None:
            started.set()
        assert release.wait(BOUND)
        return answer
    return job


def test_a_picture_is_drawn_while_the_history_lane_is_busy_and_history_files_wait_their_turn():
    release, started = threading.Event(), threading.Event()

    async def run():
        zip_one = asyncio.ensure_future(workers.heavy(blocked(release, started), lane=workers.HISTORY))
        assert await asyncio.to_thread(started.wait, BOUND)
        zip_two = asyncio.ensure_future(workers.heavy(lambda: "second", lane=workers.HISTORY))
        # the picture lane and the work lane answer while the history lane's one thread is taken
        assert await asyncio.wait_for(workers.heavy(lambda: "picture", lane=workers.PICTURE), BOUND) == "picture"
        assert await asyncio.wait_for(workers.heavy(lambda: "report"), BOUND) == "report"
        await asyncio.sleep(0.05)
        assert not zip_two.done()  # HISTORY_WORKERS (1) at once: the second waits for the first
        release.set()
        return await asyncio.wait_for(asyncio.gather(zip_one, zip_two), BOUND)

    workers.configure(2)
    try:
        assert workers.HISTORY_WORKERS == 1
        assert asyncio.run(run()) == ["drawn", "second"]
    finally:
        release.set()


def test_the_same_file_asked_for_while_it_is_made_is_made_once_and_shared():
    release, started = threading.Event(), threading.Event()
    made = []

    def draw():
        made.append(1)
        started.set()
        assert release.wait(BOUND)
        return bytearray(b"zip")

    async def run():
        key = ("w_1", "zip", "en", "digest")
        first = asyncio.ensure_future(workers.heavy(draw, lane=workers.HISTORY, once=key))
        assert await asyncio.to_thread(started.wait, BOUND)
        others = [asyncio.ensure_future(workers.heavy(draw, lane=workers.HISTORY, once=key)) for _ in range(5)]
        other_file = asyncio.ensure_future(workers.heavy(lambda: b"pdf", lane=workers.HISTORY,
                                                         once=("w_1", "pdf", "digest")))
        await asyncio.sleep(0.05)
        first.cancel()  # the one who asked first went away: the others still get the file
        release.set()
        answers = await asyncio.wait_for(asyncio.gather(*others), BOUND)
        assert await asyncio.wait_for(other_file, BOUND) == b"pdf"
        assert first.cancelled()
        # once made, the next request makes it again (a file is shared while it is made, never kept)
        again = await asyncio.wait_for(workers.heavy(draw, lane=workers.HISTORY, once=key), BOUND)
        return answers, again

    workers.configure(2)
    try:
        answers, again = asyncio.run(run())
        assert len(made) == 2
        assert all(a is answers[0] for a in answers) and answers[0] == b"zip"
        assert again is not answers[0]
        assert workers._flights == {}
    finally:
        release.set()


def test_a_shared_job_that_fails_fails_for_everyone_who_waited_for_it():
    async def run():
        def broken():
            raise ValueError("no")
        key = ("w_1", "png", "en", "d")
        jobs = [workers.heavy(broken, lane=workers.PICTURE, once=key) for _ in range(3)]
        return await asyncio.wait_for(asyncio.gather(*jobs, return_exceptions=True), BOUND)

    workers.configure(2)
    assert [type(e) for e in asyncio.run(run())] == [ValueError] * 3
    assert workers._flights == {}
