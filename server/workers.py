"""Heavy work off the event loop, with bounded concurrency: parsing an uploaded file or a restore,
building a report, drawing a picture. The loop keeps answering every other room while it runs,
and however many of these arrive at once, only a bounded number run in each lane (`WORK`, `PICTURE`:
`HEAVY_WORKERS` threads each; `HISTORY`: one), the rest waiting their turn in their own lane (holding
their spooled files, not their parsed contents), so memory stays bounded too, and a big job of one
lane never delays a small one of another.
"""
import asyncio
import contextlib
import functools
import gc
import multiprocessing
import pickle
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

# Ops whose checking and deciding is heavy work (tens of thousands of records): the hub parses
# and decides them in the pool while the loop serves every other workshop (pipeline.py).
HEAVY_OPS = frozenset({"responses.import", "workshop.restore"})
# A heavy op that puts more records than this is stored as several events of at most this many records
# each, one transaction per event (server/realtime/pipeline.py): on SQLite (one writer for every
# workshop) the other workshops' commits take turns between the slices instead of waiting for one long
# transaction; on PostgreSQL no single statement of the whole op is built on the event loop. The
# default of COBOARD_SLICE_RECORDS; 0: one transaction.
SLICE_RECORDS = 500
SWITCH_INTERVAL = 0.0005  # seconds (see configure)
HEAVY_WORKERS = 2  # the default of COBOARD_HEAVY_WORKERS (config.py); open_services sets it
# The threads are in lanes: a job waits only for the jobs of its own lane. Before, every job waited in one
# queue, and 8 `snapshots.zip` asked at once made another workshop's single picture wait 82 s behind them.
WORK = "work"        # parsing uploads, reports, exports, a heavy op's parse and decide: HEAVY_WORKERS threads
PICTURE = "picture"  # one board's picture (its SVG, PNG or PDF, a snapshot taken): HEAVY_WORKERS threads
HISTORY = "history"  # a whole picture history as one PDF or ZIP (every picture drawn): HISTORY_WORKERS
HISTORY_WORKERS = 1  # such files made at once (per server process); the others wait their turn, in their lane
_pools: dict[str, ThreadPoolExecutor] = {}
_procs: ProcessPoolExecutor | None = None
_size = HEAVY_WORKERS
# Records (or rows) pickled together when heavy work crosses between processes: each chunk is read
# back on the event loop by itself (`unpack`), with a turn for every other room between two chunks.
# One pickle of 100,000 records would hold the loop 160 ms or more; one of 500 took 0.6 ms, and a
# loaded machine (bench/heavy.py) stretched the 200 of an import to 1-7 ms each, several of them in
# the way of each op of another workshop (its p50 47-130 ms while they were read); 100: 0.08 ms.
CHUNK = 100
# Jobs the children run before they are replaced by fresh ones (giving their memory back). Not
# ProcessPoolExecutor's max_tasks_per_child: on Python 3.11 a child that leaves at its limit while
# jobs are queued is never replaced, and every queued job waits for ever (cpython gh-115634). The
# pool is instead retired whole, between jobs, once it has run this many.
PROCESS_TASKS = 50


def configure(workers: int) -> None:
    """The pool's size, from the settings (before the first heavy job; a later call resizes)."""
    global _size, _stopping, _stop
    _stopping, _stop = False, None
    # A worker thread running Python holds the GIL until the interpreter asks it to let go; the event
    # loop thread then waits up to this interval each time it wants the GIL back (after every socket
    # read and write). 5 ms by default: an op of another workshop waits that, many times over.
    sys.setswitchinterval(SWITCH_INTERVAL)
    _size = max(1, workers)
    for pool in _pools.values():
        pool.shutdown(wait=False)
    _pools.clear()
    _flights.clear()
    for lane in (WORK, PICTURE, HISTORY):
        _executor(lane)
    shutdown_processes()


def _lane_size(lane: str) -> int:
    return HISTORY_WORKERS if lane == HISTORY else _size


def _executor(lane: str = WORK) -> ThreadPoolExecutor:
    pool = _pools.get(lane)
    if pool is None:
        size = _lane_size(lane)
        pool = _pools[lane] = ThreadPoolExecutor(size, thread_name_prefix=f"coboard-{lane}")
        # Start every thread now: a thread started later waits until it gets the GIL, and while a
        # busy worker holds it, that wait (a second or more) would stall the event loop that started it.
        ready = threading.Barrier(size + 1)
        for _ in range(size):
            pool.submit(ready.wait)
        ready.wait()
    return pool


_running = 0  # heavy jobs under way (counted on the event loop's thread)


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector paused while heavy work runs (held across awaits, on the loop's thread).

    An import makes hundreds of thousands of objects, and each full collection it would set off walks
    every object of the process while holding the GIL — measured at 0.3–1 s each (bench/heavy.py),
    stalling every other workshop. When the last heavy job ends the collector runs again, over what the
    job left as over anything else. Nothing is frozen here: `gc.freeze` at the end of a job also froze
    everything else alive at that moment (connections, requests, a hub), and whatever of it later became
    garbage in a cycle was never reclaimed. The price: the collector's next passes walk the job's
    survivors (a workshop's records; ~0.1 s a pass for 100,000 answers on a loaded machine) once, not
    at every collection while the import ran."""
    global _running
    if _running == 0:
        gc.disable()
    _running += 1
    try:
        yield
    finally:
        _running -= 1
        if _running == 0:
            gc.enable()


# Allocations (less deallocations) between two young collections. Python's 700 is tuned for small
# scripts: a server answering 150 ops a second, each fanned out to hundreds of sockets, ran a young
# collection 20 times a second, each promoting what happened to be alive at that instant (futures,
# frames, records in flight) towards the full collections that walk every object. Ten times the
# default: a young collection still walks at most ~7,000 objects (well under a millisecond).
YOUNG_COLLECTION = 7000


def settle_collector() -> None:
    """Once the server has started: what exists now (modules, the app, its catalogues, pydantic's
    schemas: ~150,000 objects) lives as long as the process, so it is moved out of the cycle
    collector's sight (`gc.freeze`) after one collection of what is garbage already. Every later
    full collection (300 people connecting set off several, 30-150 ms each with the GIL held: a
    pause every room sees) then walks only what came after. Young collections are made rarer too
    (YOUNG_COLLECTION)."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION, middle, old)


# Jobs under way that said what they make (`heavy(..., once=key)`): another caller asking for the same
# key meanwhile waits for that job and gets its answer, instead of making the same file again.
_flights: dict[tuple, asyncio.Future] = {}


async def heavy(fn, *args, lane: str = WORK, once: tuple | None = None, **kwargs):
    """`fn(*args, **kwargs)` in the bounded pool of its `lane`; its answer (or its exception) back on the loop.

    With `once` (a key naming exactly what the job makes: its workshop, its kind, a digest of its input),
    a caller that asks while a job of the same key is under way shares that job's answer (single flight):
    40 people downloading the same ZIP at once have it drawn once. The job goes on for the others when the
    caller that started it goes away.

    A thread cannot be ended from outside, so when the server is told to stop (`stop_children`) the
    caller is answered `stopping()` at once and the job is left to finish unheard: these jobs (a
    picture, an export, reading an upload) change nothing. Before, the stop waited for them up to
    uvicorn's graceful timeout, then cancelled the request: a bare 500."""
    if _stopping:
        raise stopping()
    loop = asyncio.get_running_loop()
    with collector_paused():
        job = _flights.get(once) if once is not None else None
        if job is None or job.get_loop() is not loop:
            job = loop.run_in_executor(_executor(lane), functools.partial(fn, *args, **kwargs))
            if once is not None:
                _flights[once] = job
                job.add_done_callback(functools.partial(_landed, once))
        stopped = _stop_signal(loop)
        await asyncio.wait((job, stopped), return_when=asyncio.FIRST_COMPLETED)
        if job.done():
            return job.result()
        job.add_done_callback(_unheard)
        raise stopping()


def _landed(key: tuple, job: asyncio.Future) -> None:
    if _flights.get(key) is job:
        del _flights[key]
    if not job.cancelled():
        job.exception()  # every caller may have gone: nothing to say ("exception never retrieved")


def _unheard(job: asyncio.Future) -> None:
    if not job.cancelled():
        job.exception()  # its caller was answered already: nothing to say ("exception never retrieved")


# ---- the process pool: CPU-heavy parsing and deciding, away from this process's GIL ---------------
# A thread of the pool above shares the GIL with the event loop: while it parses 50,000 rows or runs
# pydantic over them (one call into compiled code that keeps the GIL ~100 ms), every other room's op
# waits. A child process has a GIL of its own. The children are started with "spawn" (no copy of a
# server's sockets, locks or threads, so safe under uvicorn and several server processes: each
# server process has its own `HEAVY_WORKERS` children, started at its first heavy job). What crosses
# is bytes in (a file) and pickled chunks out, so no single unpickling holds the loop for long.

JOB_MODULES = ("server.heavy_jobs", "server.imports.importing", "openpyxl", "orjson")  # what the jobs `in_process` runs import
CHILD_NICENESS = 10  # where SCHED_IDLE is not to be had: the children yield the CPU to the server's own process


def _child_started() -> None:
    """The children run at SCHED_IDLE (Linux): whenever a thread of the server (the rooms' ops) wants the
    CPU the child is on, it gets it at once. At nice 10 a child still took its share: on a loaded machine
    (bench/heavy.py) another workshop's ops waited while a child decided an import. The server waits for
    nothing a child holds, and alone on the machine a child still has all the CPU the server leaves."""
    import importlib
    import os
    import time

    # The jobs' modules loaded first, at the server's priority: at SCHED_IDLE on a busy machine the first
    # import or restore after a start waited 10-30 s for the child to import them (load 5-19), work
    # that is the child's getting ready, not a job that could hold up the room.
    for module in JOB_MODULES:
        importlib.import_module(module)
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):  # not Linux, or not allowed: a lower priority at least
        try:
            os.nice(CHILD_NICENESS)
        except OSError:  # not allowed here either: the children run at the server's priority
            pass
    parent = os.getppid()

    def watch() -> None:  # a server killed outright (SIGKILL) tells its children nothing: they would wait
        while os.getppid() == parent:  # for work forever; once it is gone, so are they
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="coboard-parent-watch", daemon=True).start()


def _processes() -> ProcessPoolExecutor:
    global _procs, _jobs_done
    if _procs is None:
        _procs = ProcessPoolExecutor(_size, mp_context=multiprocessing.get_context("spawn"),
                                     initializer=_child_started)
        _jobs_done = 0
    return _procs


def shutdown_processes() -> None:
    """The children stopped (when the services close; a new heavy job starts fresh ones)."""
    global _procs
    if _procs is not None:
        _procs.shutdown(wait=False, cancel_futures=True)
        _procs = None


# ---- stopping: a server told to stop (SIGTERM) ends its children's jobs at once -----------------
# Uvicorn waits for the answers in flight before it stops, then cancels what is left: a child deciding
# an import of 50,000 rows kept the stop waiting, and its caller got a bare 500 when the wait ran out.
# `stop_children` (server/cli.py calls it when the signal comes) ends the children there and then; each
# job they had, and each waiting for its turn, answers `stopping()` in plain words (HTTP 503) and
# nothing of it is stored, so the server stops as soon as those answers are out.
_stopping = False


def stopping():
    from .domain.errors import Rejected

    return Rejected("unavailable", "The server is stopping, so this was not finished and nothing changed. "
                                   "Please try again in a minute.")


_stop: tuple[asyncio.AbstractEventLoop, asyncio.Future] | None = None  # done once the server is told to stop


def _stop_signal(loop: asyncio.AbstractEventLoop) -> asyncio.Future:
    global _stop
    if _stop is None or _stop[0] is not loop:
        _stop = (loop, loop.create_future())
    return _stop[1]


def stop_signal() -> asyncio.Future:
    """A future of the running loop, done once the server is told to stop (`stop_children`)."""
    signal = _stop_signal(asyncio.get_running_loop())
    if _stopping:
        _stopped(signal)
    return signal


def _stopped(signal: asyncio.Future) -> None:
    if not signal.done():
        signal.set_result(None)


def is_stopping() -> bool:
    """Whether the server was told to stop (a heavy op storing its slices gives up and undoes them)."""
    return _stopping


def stop_children() -> None:
    """The children ended now (SIGKILL: a job may be deep in compiled code), no job handed to them
    again, and the callers of the jobs in threads answered (`heavy`). Safe in a signal handler: it
    only flags and signals."""
    global _stopping
    _stopping = True
    if _stop is not None and not _stop[0].is_closed():
        _stop[0].call_soon_threadsafe(_stopped, _stop[1])
    children = getattr(_procs, "_processes", None) or {}  # ProcessPoolExecutor's own: pid → Process
    for process in list(children.values()):
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):  # already gone
            pass


_jobs_done = 0  # jobs the current children have run (see PROCESS_TASKS)
_in_children = 0  # jobs handed to the children and not yet answered
_turns: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None


def _turn() -> asyncio.Semaphore:
    """At most `_size` jobs are with the children at once; the others wait here, on the loop, so the
    pool's own queue never holds more than its children are running (and retiring it is never unsafe)."""
    global _turns
    loop = asyncio.get_running_loop()
    if _turns is None or _turns[0] is not loop:
        _turns = (loop, asyncio.Semaphore(_size))
    return _turns[1]


async def in_process(fn, *args):
    """`fn(*args)` in a child process of the bounded pool; `fn` and its arguments must pickle (a
    module-level function; bytes, plain data). Its answer, or its exception, back on the loop."""
    global _jobs_done, _in_children
    if _stopping:
        raise stopping()
    async with _turn():
        if _stopping:  # stopped while it waited for its turn
            raise stopping()
        pool = _processes()
        _in_children += 1
        with collector_paused():
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)
            except BrokenProcessPool:  # a child died (killed for its memory, say): this job fails, the next
                if _procs is pool:     # gets fresh children — a broken pool would refuse every job after
                    shutdown_processes()
                if _stopping:  # ended by stop_children: the plain answer
                    raise stopping() from None
                raise
            finally:
                _in_children -= 1
                _jobs_done += 1
                if _procs is pool and _in_children == 0 and _jobs_done >= PROCESS_TASKS:
                    shutdown_processes()  # idle and well used: the next job starts fresh children


def pack(items: list, size: int = CHUNK) -> list[bytes]:
    """A long list as pickled chunks (in the child), for `unpack` a chunk at a time."""
    return [pickle.dumps(items[i:i + size], protocol=pickle.HIGHEST_PROTOCOL) for i in range(0, len(items), size)]


def unpack_now(chunks: list[bytes]) -> list:
    return [item for chunk in chunks for item in pickle.loads(chunk)]


async def unpack(chunks: list[bytes]) -> list:
    """`pack`'s list again, on the loop, giving every other room a turn between two chunks."""
    out: list = []
    for chunk in chunks:
        out.extend(pickle.loads(chunk))
        await asyncio.sleep(0)
    return out
