"""Fan-out between server processes: in-process (default) and, with REDIS_URL, Redis."""
from .local import LocalBus

__all__ = ["LocalBus"]
