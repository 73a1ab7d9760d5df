"""Tokens that expire with the workshop's retention (issue 12, optional: COBOARD_TOKENS_EXPIRE).

When set, every token of a workshop stops working on the date its personal data is to be erased
(server/domain/retention.py `dates`), even before the daily job erases it. Asked wherever a token is
taken: the HTTP API's members, the WebSocket hello and a restore by a facilitator.
"""
from .clock import now_iso
from .domain import retention
from .domain.errors import Rejected
from .i18n import Day


async def token_expired(app_state, hub) -> Rejected | None:
    """Why this workshop's tokens stopped working (`unauthorized`, in plain words), or None while they work."""
    settings = app_state.settings
    if not getattr(settings, "tokens_expire", False):
        return None
    recent = hub.live.recent
    last = recent[-1].at if recent else await app_state.store.last_activity_of(hub.workshop_id)
    when = retention.dates(hub.state.workshop(), last, settings.retention_erase_days, settings.retention_delete_days)
    if not retention.expired(when, now_iso()):
        return None
    return Rejected("unauthorized", "This link has expired: this workshop's personal data was kept until {date}. "
                                    "Ask the organiser if you still need it.", None, date=Day(when["erase_on"]))
