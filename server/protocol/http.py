"""The bodies of the HTTP calls of PROTOCOL.md."""
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from .roles import Perspective, Role


class CreateWorkshop(BaseModel):
    model_config = ConfigDict(extra="ignore")
    title: str
    purpose: Optional[str] = None
    facilitator_name: str


class JoinWorkshop(BaseModel):
    model_config = ConfigDict(extra="ignore")
    join_code: str
    name: str
    perspective: Optional[Perspective] = None
    notice_version: Optional[str] = Field(None, max_length=64,
                                          description="the `version` of the privacy notice the page showed")
    cards_unnamed: bool = Field(False, description="my cards without my name shown to other participants")


class FindByCode(BaseModel):
    """`POST /api/join/lookup`: a join code alone (the `/join` page)."""
    model_config = ConfigDict(extra="ignore")
    join_code: str


class Found(BaseModel):
    """The open workshop a join code belongs to: enough for the join page to ask for a first name."""
    workshop_id: str
    title: str


class Created(BaseModel):
    workshop_id: str
    join_code: str
    join_url: str
    board_url: str
    participant_id: str
    token: str


class Joined(BaseModel):
    participant_id: str
    token: str
    role: Role


class ErrorBody(BaseModel):
    code: str
    message: str
    field: Optional[str] = None


HTTP_BODIES = (CreateWorkshop, JoinWorkshop, FindByCode, Found, Created, Joined, ErrorBody)
