"""The server's own ops (a new workshop, a join) for domain tests: sent through the gate like any op."""
from server.domain.gate import apply_op
from server.domain.state import OpContext, WorkshopState


def new_workshop(workshop_id: str, title: str, purpose: str | None, facilitator_name: str, join_code: str,
                 ctx: OpContext):
    """The Change of `workshop.create` on an empty workshop."""
    return apply_op(WorkshopState(workshop_id), None, "workshop.create",
                    {"title": title, "purpose": purpose, "facilitator_name": facilitator_name,
                     "join_code": join_code}, ctx, internal=True)


def join_workshop(state: WorkshopState, name: str, perspective: str | None, ctx: OpContext):
    """The Change of `participant.join`."""
    return apply_op(state, None, "participant.join", {"name": name, "perspective": perspective}, ctx,
                    internal=True)
