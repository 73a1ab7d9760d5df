"""A whole two-day workshop in memory, every op of the registry sent through the gate at least once.

Used to check every record the domain makes against its model (test_records.py) and to write
the browser's prediction fixtures. Deterministic: counter ids, a fixed clock, a seeded chance.
"""
from server.domain.errors import Change
from server.domain.gate import apply_op
from server.domain.state import WorkshopState
from server.imports.responses import parse

from .conftest import make_ctx

PEOPLE = (("Ada", "lived_experience"), ("Ben", "provider"), ("Cy", "commissioner"), ("Dee", "lived_experience"),
          ("Eli", "other"), ("Fay", None))


class Journey:
    """The state, who is who, and a log of every (actor role, op, args, change) played."""

    def __init__(self):
        self.ctx = make_ctx()
        self.state = WorkshopState("w1")
        self.played: list[tuple[str | None, str, dict, Change, dict]] = []
        self.ids: dict[str, str] = {}
        self.sam = self.internal(None, "workshop.create", title="Better day services", purpose="Hear what works",
                                 facilitator_name="Sam", join_code="JOIN4242")["participant_id"]
        self.ids["Sam"] = self.sam
        for name, perspective in PEOPLE:
            self.ids[name] = self.internal(None, "participant.join", name=name, perspective=perspective)["participant_id"]
        self.hana = self.internal(None, "participant.join", name="Hana")["participant_id"]
        self.do(self.sam, "participant.set_role", participant_id=self.hana, role="host")
        self.wall = self.internal(self.sam, "participant.add_projector")["participant_id"]
        self.internal(self.sam, "participant.link", participant_id=self.ids["Fay"])  # a new personal link

    # ---- playing ---------------------------------------------------------------------------

    def _play(self, actor_id, op, args, internal=False):
        actor = self.state.get(actor_id) if actor_id else None
        before = {r["id"]: r for r in self.state.records.values()}
        change = apply_op(self.state, actor, op, args, self.ctx, internal=internal)
        self.played.append((actor_id, op, args, change, before))
        self.state.apply(change)
        return change.result

    def do(self, actor_id, op: str, **args) -> dict:
        return self._play(actor_id, op, args)

    def internal(self, actor_id, op: str, **args) -> dict:
        return self._play(actor_id, op, args, internal=True)

    def board(self, board_type: str, room_id: str | None = None) -> str:
        return next(b["id"] for b in self.state.of_kind("board") if b["type"] == board_type
                    and (room_id is None or b["room_id"] == room_id))

    def ops_played(self) -> set[str]:
        return {op for _, op, *_ in self.played}

    # ---- the two days ------------------------------------------------------------------------

    def before_the_workshop(self):
        sam = self.sam
        parsed = parse([["What is working well for you?", "What is not working well for you?",
                         "What is important to you in the future?"],
                        ["My carer is kind", "Nobody calls me back", "Seeing friends"],
                        ["The day centre", "I am lonely at weekends", "A job"],
                        ["Buses on time", "I wait weeks for a visit " * 10, "Being listened to"],
                        ["", "Forms are too hard. The letters confuse me", "Call me on 07700 900123"]])
        self.internal(sam, "responses.import", **parsed.import_args("answers.csv", "d1" * 32, publish=False))
        answers = sorted(self.state.of_kind("answer"), key=lambda a: a["row"] or 0)
        too_long = next(a for a in answers if "wait weeks" in a["original"])
        two_points = next(a for a in answers if a["original"].startswith("Forms"))
        contact = next(a for a in answers if "07700" in a["original"])
        self.do(sam, "answer.amend", answer_id=too_long["id"], code="a", amended="I wait weeks for a visit")
        self.do(sam, "answer.amend", answer_id=two_points["id"], code="c",
                parts=["Forms are too hard", "The letters confuse me"])
        self.do(sam, "answer.amend", answer_id=contact["id"], code="h", reason="Ask who wrote this")
        self.do(sam, "answer.resolve", answer_id=contact["id"])
        self.do(sam, "answer.amend", answer_id=contact["id"], code="f", reason="Contact details only")
        self.do(sam, "answer.publish")
        self.do(self.hana, "answer.create", question="iff", text="Choosing my own support")
        self.do(sam, "workshop.update", title="Better day services together")
        self.do(sam, "welcome.update", ways_of_working={"in_person": ["One voice at a time"], "online": ["Mute"]},
                team=[{"name": "Sam", "role": "Facilitator"}, {"name": "Hana", "role": "Recorder"}],
                parking_reviewer="Hana")
        agenda = self.state.workshop()["agenda"]
        self.do(sam, "agenda.update", items=[{k: v for k, v in item.items() if k in ("key", "day", "time", "title",
                                                                                    "boards")} for item in agenda])

    def day_one(self):
        sam, hana, ada, ben = self.sam, self.hana, self.ids["Ada"], self.ids["Ben"]
        self.do(sam, "workshop.update", activity="ww_theming")
        nww, ww = self.board("nww"), self.board("ww")
        lonely = self.do(ada, "card.create", board_id=nww, type="theme", text="I am lonely")["card_id"]
        waiting = self.do(ben, "card.create", board_id=nww, type="theme", text="I wait too long")["card_id"]
        forms = self.do(hana, "card.create", board_id=nww, type="theme", text="I can't fill in forms")["card_id"]
        cards = {c["text"]: c["id"] for c in self.state.of_kind("card") if c["type"] == "data"}
        self.do(ada, "card.group", card_id=cards["I am lonely at weekends"], theme_id=lonely)
        self.do(ben, "card.group", card_id=cards["Nobody calls me back"], theme_id=waiting)
        self.do(ben, "card.group", card_id=cards["I wait weeks for a visit"], theme_id=waiting)
        self.do(ada, "card.group", card_id=cards["Forms are too hard"], theme_id=forms)
        copy = self.do(ada, "card.duplicate", card_id=cards["Nobody calls me back"], theme_id=lonely)["card_id"]
        self.do(sam, "card.split", card_id=cards["The letters confuse me"], texts=["Letters confuse me", "Too long"])
        self.do(ada, "card.update", card_id=copy, x=0.2, y=0.7)
        self.do(sam, "card.update", card_id=cards["My carer is kind"], board_id=ww)
        note = self.do(ada, "card.create", board_id=ww, type="note", text="Is this the same as friends?")["card_id"]
        self.do(ada, "card.delete", card_id=note)
        parking = self.board("parking")
        item = self.do(ben, "card.create", board_id=parking, type="note", text="What about transport?")["card_id"]
        self.do(hana, "parking.review", card_id=item, response="Taken to the transport team")
        # the toolkit
        self.do(ada, "participant.rename", name="Ada L")
        self.do(ben, "hand.raise")
        self.do(hana, "hand.lower", participant_id=ben)
        chill = self.do(hana, "room.create", type="chill_out")["room_id"]
        self.do(self.ids["Cy"], "room.enter", room_id=chill)
        self.do(hana, "chill_out.seen", participant_id=self.ids["Cy"])
        self.do(self.ids["Cy"], "room.enter", room_id=self.state.main_room()["id"])
        message = self.do(ben, "chat.send", text="Can we have a break soon?")["message_id"]
        self.do(hana, "chat.hide", message_id=message)
        poll = self.do(hana, "poll.create", question="How are you feeling?", options=["Good", "Tired"],
                       anonymous=False)["poll_id"]
        self.do(ada, "poll.answer", poll_id=poll, choices=[0])
        self.do(hana, "poll.close", poll_id=poll)
        timer = self.do(sam, "timer.start", seconds=600, label="Theming")["timer_id"]
        self.do(sam, "timer.stop", timer_id=timer)
        self.do(sam, "workshop.show", board_id=nww)
        # voting and tables
        self.do(sam, "workshop.update", activity="voting")
        round_id = self.do(sam, "round.open", board_id=nww)["round_id"]
        for person, targets in ((ada, [lonely, lonely, waiting]), (ben, [waiting, forms]),
                                (self.ids["Cy"], [lonely, forms])):
            for target in targets:
                self.do(person, "vote.cast", round_id=round_id, target_id=target)
        self.do(ben, "vote.retract", round_id=round_id, target_id=forms)
        self.do(self.ids["Dee"], "round.abstain", round_id=round_id)
        self.do(sam, "round.close", round_id=round_id)
        for _ in range(2):
            self.do(hana, "room.create", type="table")
        self.do(hana, "rooms.shuffle")
        tables = sorted((r for r in self.state.of_kind("room") if r["type"] == "table"), key=lambda r: r["number"])
        self.do(hana, "room.assign", participant_id=ada, room_id=tables[0]["id"])
        self.do(hana, "room.assign", participant_id=ben, room_id=tables[1]["id"])
        self.do(sam, "tables.give_themes", round_id=round_id)
        self.do(hana, "breakout.open", seconds=1800)
        self.do(hana, "breakout.broadcast", text="Ten minutes left")
        one = tables[0]["id"]
        self.do(ada, "room.enter", room_id=one)
        root = self.board("root_causes", one)
        self.do(ada, "card.create", board_id=root, type="note", text="Why? Nobody visits")
        self.do(ada, "card.create", board_id=root, type="root_cause", text="No transport at weekends")
        success = self.board("success", one)
        self.do(ada, "card.create", board_id=success, type="success", perspective="people_families",
                text="I see friends every week")
        self.do(hana, "breakout.close")
        self.tables = [t["id"] for t in tables]
        return round_id

    def day_two(self):
        sam, hana, ada, ben = self.sam, self.hana, self.ids["Ada"], self.ids["Ben"]
        self.do(sam, "day.begin", day=2)
        one, two = self.tables
        self.do(ada, "card.create", board_id=self.board("in_place", one), type="in_place", text="The lunch club")
        ideas = []
        for table, person in ((one, ada), (two, ben)):
            board = self.board("ideas", table)
            for hat, text in (("T", "A weekend bus"), ("C", "A buddy scheme"), ("R", "Free taxis")):
                ideas.append(self.do(person, "card.create", board_id=board, type="idea", hat=hat, text=text)["card_id"])
        round_id = self.do(sam, "round.open", board_id=self.board("ideas", one),
                           board_ids=[self.board("ideas", two)])["round_id"]
        for person in (ada, ben, self.ids["Cy"]):
            self.do(person, "vote.cast", round_id=round_id, target_id=ideas[0])
            self.do(person, "vote.cast", round_id=round_id, target_id=ideas[4])
        self.do(sam, "round.close", round_id=round_id)
        on_grid = self.do(sam, "grid.add_top", round_id=round_id, per_table=1)["card_ids"]
        more = self.do(sam, "grid.add", card_ids=[ideas[1], ideas[5]])["card_ids"]
        merged = self.do(sam, "card.merge", card_ids=more)["card_id"]
        self.do(ada, "grid.place", card_id=on_grid[0], impact=0.9, effort=0.2)
        self.do(ben, "grid.place", card_id=merged, impact=0.7, effort=0.8)
        plan = self.do(ada, "plan.create", board_id=self.board("action_plan", one), idea_id=on_grid[0])["plan_id"]
        self.do(ada, "plan.update", plan_id=plan, field="next_week", text="Ring the bus company")
        self.do(ada, "plan.set_lead", plan_id=plan, participant_id=ada)
        self.do(hana, "board.create", type="parking", title="Questions for later")
        self.plan = plan

    def after_the_workshop(self):
        """Stage 7: the plan followed up for months by its lead and the facilitator."""
        sam, ada = self.sam, self.ids["Ada"]
        self.do(ada, "plan.update", plan_id=self.plan, field="baseline", text="Nobody gets to the club on Sundays")
        first, *_ = self.do(ada, "plan.follow_up", plan_id=self.plan, start="2026-12-01")["checkin_ids"]
        self.do(sam, "checkin.create", plan_id=self.plan, due="2027-01-10", label="Mop-up meeting")
        self.do(ada, "checkin.record", checkin_id=first, note="The bus company said yes", plan_status="on_track")
        self.do(ada, "checkin.correct", checkin_id=first, note="The bus company said yes to Sundays",
                reason="They agreed to Sundays only")
        self.do(ada, "plan.set_status", plan_id=self.plan, status="stuck", reason="Waiting for the bus company")
        themes = [c for c in self.state.of_kind("card") if c["type"] == "theme"]
        self.do(sam, "mop_up.note", item_id=themes[-1]["id"], taken_to="the transport board")
        self.do(sam, "mop_up.plan", item_id=themes[0]["id"])
        self.do(sam, "review.update", question="achieved", text="The bus plan is under way")
        feedback = self.do(sam, "feedback.open", checkin_id=first)["feedback_id"]
        for person in ("Ada", "Ben", "Cy"):
            self.do(self.ids[person], "feedback.answer", feedback_id=feedback, equals=4, words=["brave"])
        self.do(self.hana, "feedback.close", feedback_id=feedback)

    def restored(self) -> WorkshopState:
        """The workshop as an export.json brings it back: a new workshop through `workshop.restore`."""
        export = {"format": "coboard-export", "version": 1, "workshop_id": "w1", "seq": len(self.played),
                  "records": list(self.state.records.values()), "snapshots": []}
        state = WorkshopState("w2")
        change = apply_op(state, None, "workshop.restore", {"export": export, "join_code": "NEWCODE2"}, self.ctx,
                          internal=True)
        self.played.append((None, "workshop.restore", {"records": len(export["records"])}, change, {}))
        state.apply(change)
        return state


def full_journey() -> Journey:
    journey = Journey()
    journey.before_the_workshop()
    journey.day_one()
    journey.day_two()
    journey.after_the_workshop()
    journey.internal(journey.sam, "participant.erase", participant_id=journey.ids["Fay"])  # her wish, later on
    journey.internal(journey.sam, "workshop.delete")  # the last event of a workshop (its rows go after it)
    journey.restored()
    return journey
