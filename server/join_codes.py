"""Join codes: short, read aloud, typed on phones, and unique among open workshops.

A code alone (`/join`) finds its workshop, so no two stored workshops may share one. Every code a
workshop gets (at creation, at a restore) comes from `fresh_join_code`.
"""
from . import clock

ATTEMPTS = 20  # 31^8 codes: a clash is already rare; twenty in a row means something is wrong


def normalised(typed: str) -> str:
    """Codes are read aloud and typed on phones: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


async def fresh_join_code(store) -> str:
    """A new code that no stored workshop has."""
    for _ in range(ATTEMPTS):
        code = clock.new_join_code()
        if not await store.workshops_with_join_code(code):
            return code
    raise RuntimeError("could not find an unused join code")
