"""A small workshop for the facilitation-tool tests: a facilitator, a host, people, a projector."""
import itertools
import random

from tests.unit.gate_helpers import join_workshop, new_workshop
from server.domain.gate import apply_op
from server.domain.state import OpContext, WorkshopState


class Workshop:
    def __init__(self, people=("Ada", "Bob"), perspectives=None, seed=1):
        ids = itertools.count()
        self.ctx = OpContext("2026-11-26T10:00:00.000Z", lambda p: f"{p}{next(ids)}", random.Random(seed))
        self.state = WorkshopState("w")
        change = new_workshop("w", "Tools", None, "Sam", "CODE", self.ctx)
        self.state.apply(change)
        self.fac = change.result["participant_id"]
        self.people = []
        for i, name in enumerate(people):
            c = join_workshop(self.state, name, (perspectives or [None] * len(people))[i], self.ctx)
            self.state.apply(c)
            self.people.append(c.result["participant_id"])
        self.host = self._join_as("Hana", "host")
        self.projector = self._join_as("Screen", "projector")

    def _join_as(self, name, role):
        c = join_workshop(self.state, name, None, self.ctx)
        self.state.apply(c)
        pid = c.result["participant_id"]
        self.run(self.fac, "participant.set_role", participant_id=pid, role=role)
        return pid

    def run(self, actor_id, op, **args):
        change = apply_op(self.state, self.state.get(actor_id), op, args, self.ctx)
        self.state.apply(change)
        return change

    def get(self, record_id):
        return self.state.get(record_id)

    @property
    def main(self):
        return self.state.main_room()["id"]
