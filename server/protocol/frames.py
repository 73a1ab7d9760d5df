"""The frames on the wire: client frames a discriminated union on `op`, server frames on `t`.

The client union has one member per op of the registry (its `args` that op's model), plus
`hello` and `eph`. The gate decides an op the same way the union would parse it: the op name
picks the model (`server/domain/gate.py`), so the two cannot drift apart (tests/unit checks it).
"""
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

from .limits import EPH_ARGS_BYTES, EPH_ARGS_DEPTH
from .registry import OPS

OpId = Union[str, int]


class Frame(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- client → server -------------------------------------------------------------------------

class Hello(Frame):
    """Must be the first frame; `since` is the last seq the client saw (for a replay)."""

    op: Literal["hello"]
    token: str
    since: Optional[int] = Field(default=None, ge=0)


class Ephemeral(Frame):
    """A drag, cursor or typing hint: relayed to the sender's room, never stored, never acked."""

    op: Literal["eph"]
    args: dict[str, Any] = Field(description=f"at most {EPH_ARGS_BYTES} bytes as JSON and {EPH_ARGS_DEPTH} "
                                             "levels deep")


def _op_frame(name: str, args_model) -> type[BaseModel]:
    return create_model(
        "Op_" + name.replace(".", "_"), __base__=Frame,
        op=(Literal[name], ...),
        id=(Optional[OpId], Field(default=None, description="the client's id, echoed in ack / err")),
        args=(args_model, Field(default_factory=dict)))


OP_FRAMES = {name: _op_frame(name, op.args) for name, op in OPS.items() if not op.internal}
ClientFrame = Annotated[Union[(Hello, Ephemeral, *OP_FRAMES.values())], Field(discriminator="op")]


# ---- server → client -------------------------------------------------------------------------

class Welcome(Frame):
    t: Literal["welcome"]
    seq: int
    me: dict[str, Any]
    records: Optional[list[dict[str, Any]]] = Field(default=None, description="the full view")
    replay: Optional[list[dict[str, Any]]] = Field(default=None, description="the `ev` frames after `since`")
    online: list[str] = Field(description="participants connected now")
    reconnects: Optional[dict[str, int]] = Field(
        default=None, description="facilitators and hosts only: how often each person came back with `since`")


class Ack(Frame):
    t: Literal["ack"]
    id: Optional[OpId]
    seq: int
    result: dict[str, Any]


class Err(Frame):
    t: Literal["err"]
    id: Optional[OpId] = None
    code: str
    message: str
    field: Optional[str] = None


class Event(Frame):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    t: Literal["ev"]
    seq: int
    op: Optional[str] = None
    by: Optional[str] = None
    at: Optional[str] = None
    put: list[dict[str, Any]]
    del_: list[str] = Field(alias="del")


class Presence(Frame):
    t: Literal["presence"]
    participant_id: str
    online: bool
    reconnects: int = Field(default=0, description="how often this person came back with `since`")


class EphemeralOut(Frame):
    t: Literal["eph"]
    by: str
    room_id: Optional[str]
    args: dict[str, Any]


class Notice(Frame):
    t: Literal["notice"]
    kind: str
    participant_id: str
    at: str


ServerFrame = Annotated[Union[Welcome, Ack, Err, Event, Presence, EphemeralOut, Notice], Field(discriminator="t")]
SERVER_FRAMES = (Welcome, Ack, Err, Event, Presence, EphemeralOut, Notice)
