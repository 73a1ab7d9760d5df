"""Helping people take part: renaming, raised hands in the order they were raised."""
from ..i18n import Word
from ..protocol import HandLower, HandRaise, ParticipantLink, ParticipantRename
from .errors import Change, Rejected
from .roles import is_staff
from .state import OpContext, WorkshopState, revise
from .texts import first_name


def _self_or_staff(state: WorkshopState, actor: dict, participant_id: str | None, doing: str) -> dict:
    if participant_id is None or participant_id == actor["id"]:
        return actor
    if not is_staff(actor):
        raise Rejected("forbidden", "Only a facilitator or a host can {doing} for someone else.", "participant_id",
                       doing=Word(doing))
    return state.require(participant_id, "participant", "person", "participant_id")


def rename(state: WorkshopState, actor: dict, args: ParticipantRename, ctx: OpContext) -> Change:
    """`participant.rename`: people rename themselves; hosts fix a name for someone who struggles."""
    person = _self_or_staff(state, actor, args.participant_id, "change a name")
    return Change(put=[revise(person, name=first_name(args.name))])


def raise_hand(state: WorkshopState, actor: dict, args: HandRaise, ctx: OpContext) -> Change:
    """`hand.raise`: hands are answered in the order they went up (`hand_raised_at`)."""
    if actor.get("hand_raised"):
        return Change()
    return Change(put=[revise(actor, hand_raised=True, hand_raised_at=ctx.now)])


def lower_hand(state: WorkshopState, actor: dict, args: HandLower, ctx: OpContext) -> Change:
    """`hand.lower`: by the person, or by a host who has answered them."""
    person = _self_or_staff(state, actor, args.participant_id, "lower a hand")
    if not person.get("hand_raised"):
        return Change()
    return Change(put=[revise(person, hand_raised=False, hand_raised_at=None)])


def new_link(state: WorkshopState, actor: dict, args: ParticipantLink, ctx: OpContext) -> Change:
    """`participant.link`: a new personal link for someone (a plan's lead months later, a new computer).

    Their earlier tokens stop working when this is stored (`revoke`); the caller hands out the new one.
    """
    person = state.require(args.participant_id, "participant", "person", "participant_id")
    if person.get("erased"):
        raise Rejected("conflict", "This person's details were erased: they cannot be given a link.",
                       "participant_id")
    return Change(put=[revise(person, link_made_at=ctx.now)], result={"participant_id": person["id"]},
                  revoke=[person["id"]])
