"""Fan-out between server processes: in-process (default) and, with REDIS_URL, Redis."""
from .local import LocalBus


def build_bus(redis_url: str | None):
    """The bus the settings ask for; the only place that picks one."""
    if redis_url:
        from .redis import RedisBus

        return RedisBus(redis_url)
    return LocalBus()


__all__ = ["LocalBus", "build_bus"]
