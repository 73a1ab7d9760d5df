"""The privacy notice the join page shows before anyone joins (rule D5), and what is visible to whom.

The text and the link to the council's full notice come from the settings
(`COBOARD_PRIVACY_NOTICE`, `COBOARD_PRIVACY_NOTICE_URL`). Its `version` (a hash of what is
shown) is sent back with the join and kept on the person's record, so the workshop can show
which notice each person saw.
"""
import hashlib

from fastapi import APIRouter, Request
from fastapi.responses import ORJSONResponse

from .errors import ApiError

router = APIRouter(prefix="/api")

# What is visible to whom, in plain words (one list: the join page shows it, docs/privacy.md explains it).
VISIBLE_TO = [
    ("Your first name", "Everyone in the workshop."),
    ("Which describes you (if you say)", "Only the facilitators and hosts."),
    ("What you write on cards", "Everyone. If you choose, other participants do not see that a card is yours; "
                                "the facilitators and hosts still do, to keep the workshop safe."),
    ("Your dots in a vote", "Only you. Everyone sees the totals."),
    ("Anonymous polls and the feedback questionnaire", "Nobody sees your answer, not even the facilitators."),
    ("Chat messages", "The people in your room or table, and the facilitators and hosts."),
]


def notice(settings, workshop: dict | None = None) -> dict:
    text, url = settings.privacy_notice.strip(), settings.privacy_notice_url or None
    shown = {"text": text, "url": url, "visible_to": [{"what": w, "who": who} for w, who in VISIBLE_TO]}
    version = hashlib.sha256(repr(sorted(shown.items())).encode()).hexdigest()[:16]
    answer = {**shown, "version": version}
    if workshop is not None:
        answer["unnamed_cards"] = workshop.get("unnamed_cards", True)
    return answer


@router.get("/privacy-notice")
async def privacy_notice(request: Request):
    return ORJSONResponse(notice(request.app.state.settings))


@router.get("/workshops/{workshop_id}/privacy-notice")
async def workshop_privacy_notice(workshop_id: str, request: Request):
    """The notice as the join page of that workshop shows it (with whether cards may be unnamed)."""
    hub = await request.app.state.hubs.get(workshop_id)
    if hub is None:
        raise ApiError(404, "not_found", "There is no workshop at this link. Check the link you were sent.")
    return ORJSONResponse(notice(request.app.state.settings, hub.state.workshop()))
