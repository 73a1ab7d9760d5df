"""The wire contract in one package (PROTOCOL.md): op arguments, HTTP bodies, roles, errors, limits.

The op registry (`registry.py`), the frames (`frames.py`) and the generated documents
(`schema.py`, `generate.py`) are imported from their modules: they need the domain rules,
which themselves import the argument models from here.
"""
from .args import *  # noqa: F401,F403 — every op's argument model, by name
from .args import Args  # noqa: F401
from .http import Created, CreateWorkshop, ErrorBody, FindByCode, Found, Joined, JoinWorkshop  # noqa: F401
from .roles import ROLES, Perspective, Role  # noqa: F401

PROTOCOL_VERSION = 1
