"""The roles a member of a workshop can have, and the groups the op registry names."""
from typing import Literal

Role = Literal["facilitator", "host", "participant", "projector"]
ROLES: tuple[str, ...] = ("facilitator", "host", "participant", "projector")

FACILITATOR: tuple[str, ...] = ("facilitator",)
STAFF: tuple[str, ...] = ("facilitator", "host")
MEMBERS: tuple[str, ...] = ("facilitator", "host", "participant")  # projectors only watch

ROLE_NAMES = {"facilitator": "Facilitator", "host": "Tech host", "participant": "Participant",
              "projector": "Projector"}
# Who may do an op, in words a participant can read: "Only {who} can {doing}."
WHO_IN_WORDS = {FACILITATOR: "the facilitator", STAFF: "a facilitator or a host", MEMBERS: "a workshop member"}

Perspective = Literal["lived_experience", "provider", "commissioner", "other"]
PERSPECTIVES = {"lived_experience": "Lived experience", "provider": "Provides services",
                "commissioner": "Buys services", "other": "Other"}
