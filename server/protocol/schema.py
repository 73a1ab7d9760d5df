"""`GET /api/protocol.json`: the JSON Schema of every message, and the contract's tables, generated."""
from . import PROTOCOL_VERSION
from .errors import ERRORS
from pydantic import TypeAdapter

from .frames import OP_FRAMES, SERVER_FRAMES, ClientFrame, Ephemeral, Hello, ServerFrame
from .http import HTTP_BODIES
from .limits import LIMITS
from .records import RECORDS
from .registry import OPS
from .roles import PERSPECTIVES, ROLES


def _schema(model) -> dict:
    return model.model_json_schema(by_alias=True)


def json_schema() -> dict:
    """Everything a client needs to speak the protocol, from the one source."""
    return {
        "version": PROTOCOL_VERSION,
        "http": {m.__name__: _schema(m) for m in HTTP_BODIES},
        # "op": every client frame as one discriminated union on `op`; then each frame by itself
        "client_frames": {"op": TypeAdapter(ClientFrame).json_schema(by_alias=True), "hello": _schema(Hello),
                          "eph": _schema(Ephemeral), **{name: _schema(frame) for name, frame in OP_FRAMES.items()}},
        "server_frame": TypeAdapter(ServerFrame).json_schema(by_alias=True),
        # each op: the JSON Schema of its args, with who may send it, its result and its rules
        "ops": {name: {**_schema(op.args), "x-who": list(op.who), "x-result": list(op.result),
                       "x-section": op.section, "x-rules": op.rules}
                for name, op in OPS.items() if not op.internal},
        "internal_ops": sorted(name for name, op in OPS.items() if op.internal),
        "server_frames": {m.__name__.lower(): _schema(m) for m in SERVER_FRAMES},
        # each record kind: its fields; `x-visible: staff` marks what only facilitators and hosts see
        "records": {kind: _schema(model) for kind, model in RECORDS.items()},
        "errors": {code: {"status": status, "meaning": meaning} for code, (status, meaning) in ERRORS.items()},
        "roles": list(ROLES),
        "perspectives": PERSPECTIVES,
        "limits": LIMITS,
    }
