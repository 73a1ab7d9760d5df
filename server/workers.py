"""Heavy work off the event loop, with bounded concurrency: parsing an uploaded file or a restore,
building a report, drawing a picture. The loop keeps answering every other room while it runs,
and however many of these arrive at once, only `HEAVY_WORKERS` run (the rest wait their turn,
holding their spooled files, not their parsed contents), so memory stays bounded too.
"""
import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor

HEAVY_WORKERS = 2  # the default of COBOARD_HEAVY_WORKERS (config.py); open_services sets it
_pool: ThreadPoolExecutor | None = None
_size = HEAVY_WORKERS


def configure(workers: int) -> None:
    """The pool's size, from the settings (before the first heavy job; a later call resizes)."""
    global _pool, _size
    _size = max(1, workers)
    if _pool is not None:
        _pool.shutdown(wait=False)
        _pool = None


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(_size, thread_name_prefix="coboard-heavy")
    return _pool


async def heavy(fn, *args, **kwargs):
    """`fn(*args, **kwargs)` in the bounded pool; its answer (or its exception) back on the loop."""
    return await asyncio.get_running_loop().run_in_executor(_executor(), functools.partial(fn, *args, **kwargs))
