"""Settings from environment variables, read in one place."""
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .protocol import limits
from .workers import SLICE_RECORDS


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(default_factory=lambda: f"sqlite:///{Path('data').resolve() / 'coboard.db'}",
                              validation_alias="DATABASE_URL")
    redis_url: str | None = Field(default=None, validation_alias="REDIS_URL")
    # the secret anonymous answers are filed under, never in the database (server/ballot_secret.py)
    ballot_secret: str | None = Field(default=None, validation_alias="COBOARD_BALLOT_SECRET", repr=False,
                                      description="at least 32 characters, the same on every process")
    ballot_secret_file: str | None = Field(default=None, validation_alias="COBOARD_BALLOT_SECRET_FILE",
                                           description="a file holding it (made when missing); default for "
                                                       "SQLite: the database file's name + .ballot-key")
    admin_key: str | None = Field(default=None, validation_alias="COBOARD_ADMIN_KEY")
    privacy_notice: str = Field(
        default="The council runs this workshop to hear what matters to people. Coboard keeps your first name, "
                "what you write and your votes for this workshop only. Nothing is shared outside it.",
        validation_alias="COBOARD_PRIVACY_NOTICE", description="the short notice the join page shows (D5)")
    privacy_notice_url: str | None = Field(default=None, validation_alias="COBOARD_PRIVACY_NOTICE_URL",
                                           description="the council's full privacy notice, linked from the join page")
    retention_erase_days: int = Field(default=180, ge=1, le=3650, validation_alias="COBOARD_RETENTION_ERASE_DAYS",
                                      description="days after a workshop finished (or was last used) before its "
                                                  "personal data is erased (D7)")
    retention_delete_days: int = Field(default=365, ge=1, le=3650, validation_alias="COBOARD_RETENTION_DELETE_DAYS",
                                       description="days after a workshop finished (or was last used) before it "
                                                   "is deleted")
    tokens_expire: bool = Field(default=False, validation_alias="COBOARD_TOKENS_EXPIRE",
                                description="every token of a workshop stops working on the date its personal "
                                            "data is to be erased (its retention), even before the job runs")
    retention_every_hours: float = Field(default=24.0, gt=0, validation_alias="COBOARD_RETENTION_EVERY_HOURS",
                                         description="how often the retention job runs (first: a minute after start)")
    retention_vacuum: Literal["quiet", "never"] = Field(
        default="quiet", validation_alias="COBOARD_RETENTION_VACUUM",
        description="after the retention job erased or deleted something: 'quiet' rebuilds a SQLite database "
                    "(VACUUM) once no workshop here has a connection; 'never' leaves it to `coboard vacuum`")
    public_url: str | None = Field(default=None, validation_alias="COBOARD_PUBLIC_URL",
                                   description="base of the links we print and answer, when behind a proxy")
    # whose X-Forwarded-For is believed (server/api/client_address.py); FORWARDED_ALLOW_IPS is uvicorn's
    # older name, read so that an old '*' is refused in words rather than quietly dropped
    trusted_proxies: str = Field(default="127.0.0.1, ::1", validation_alias=AliasChoices(
        "COBOARD_TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"),
        description="addresses or networks of the proxies in front of the server, comma-separated")
    ipv6_prefix: int = Field(default=limits.IPV6_PREFIX, ge=1, le=128, validation_alias="COBOARD_IPV6_PREFIX",
                             description="IPv6 clients share the per-address limits of their network of this "
                                         "many bits (64: one home or phone; 56 or 48 is stricter)")
    sqlite_synchronous: str = Field(default="FULL", validation_alias="COBOARD_SQLITE_SYNCHRONOUS")
    # per person, across all their connections (server/protocol/limits.py has the defaults)
    ops_per_second: float = Field(default=limits.OPS_PER_SECOND, validation_alias="COBOARD_OPS_PER_SECOND")
    ops_burst: int = Field(default=limits.OPS_BURST, validation_alias="COBOARD_OPS_BURST")
    eph_per_second: float = Field(default=limits.EPH_PER_SECOND, validation_alias="COBOARD_EPH_PER_SECOND")
    eph_bytes_per_second: int = Field(default=limits.EPH_BYTES_PER_SECOND,
                                      validation_alias="COBOARD_EPH_BYTES_PER_SECOND")
    send_queue_limit: int = Field(default=2000, validation_alias="COBOARD_SEND_QUEUE")
    max_frame_bytes: int = 64 * 1024
    replay_limit: int = Field(default=5000, validation_alias="COBOARD_REPLAY_LIMIT",
                              description="events a resume or a long poll may replay; further behind, a full reload")
    poll_gone_after: float = Field(default=40.0, validation_alias="COBOARD_POLL_GONE_SECONDS",
                                   description="a long-polling member is offline this long after their last poll")
    # wrong join codes per address in 10 minutes (COBOARD_JOIN_FAILURES_PER_MINUTE is its older name)
    wrong_codes_per_address: int = Field(default=limits.WRONG_CODES_PER_ADDRESS, validation_alias=AliasChoices(
        "COBOARD_WRONG_CODES_PER_ADDRESS", "COBOARD_JOIN_FAILURES_PER_MINUTE"))
    wrong_codes_per_workshop: int = Field(default=limits.WRONG_CODES_PER_WORKSHOP,
                                          validation_alias="COBOARD_WRONG_CODES_PER_WORKSHOP")
    joins_per_minute: int = Field(default=limits.JOINS_PER_MINUTE, validation_alias="COBOARD_JOINS_PER_MINUTE",
                                  description="joins per workshop and minute, right codes included")
    creates_per_minute: int = Field(default=30, validation_alias="COBOARD_CREATES_PER_MINUTE")
    heavy_workers: int = Field(default=2, validation_alias="COBOARD_HEAVY_WORKERS",
                               description="imports, restores, reports and exports made at once, and as many "
                                           "boards' pictures (server/workers.py lanes)")
    slice_records: int = Field(default=SLICE_RECORDS, validation_alias="COBOARD_SLICE_RECORDS",
                               description="records per transaction when a large import or restore is stored on "
                                           "SQLite, so other workshops take turns with it (0: one transaction)")
    answers_together: int = Field(default=limits.ANSWERS_TOGETHER, validation_alias="COBOARD_ANSWERS_TOGETHER",
                                  description="anonymous answers stored together in a random order, so that "
                                              "their place in the log does not say whose they are (1: each alone)")
    answers_wait: float = Field(default=limits.ANSWERS_WAIT, validation_alias="COBOARD_ANSWERS_WAIT",
                                description="seconds an anonymous answer waits at most for others to be stored with")
    uploads_at_once: int = Field(default=limits.UPLOADS_AT_ONCE, validation_alias="COBOARD_UPLOADS_AT_ONCE",
                                 description="uploads and restores read and worked on at once by the server: "
                                             "all its processes together when they share Redis (each holds "
                                             "up to 20 MB, and more while it is read)")
    uploads_per_address: int = Field(default=limits.UPLOADS_PER_ADDRESS, validation_alias="COBOARD_UPLOADS_PER_ADDRESS",
                                     description="of those, from one address at once")
    upload_slot_seconds: float = Field(default=limits.UPLOAD_SLOT_SECONDS, validation_alias="COBOARD_UPLOAD_SLOT_SECONDS",
                                       description="with Redis, how long a slot held by a process that stopped "
                                                   "renewing it (killed) stays taken")
    restores_per_hour: int = Field(default=4, validation_alias="COBOARD_RESTORES_PER_HOUR",
                                   description="restores per address and hour without an admin key or a "
                                               "facilitator's token")
    max_live_workshops: int = Field(default=200, validation_alias="COBOARD_MAX_LIVE_WORKSHOPS",
                                    description="workshops held in memory; the least recently used idle ones "
                                                "are dropped beyond it (and reloaded when used)")
    idle_workshop_seconds: float = Field(default=900.0, validation_alias="COBOARD_IDLE_WORKSHOP_SECONDS",
                                         description="a workshop nobody has used this long is dropped from memory")
    api_docs: bool = Field(default=False, validation_alias="COBOARD_API_DOCS",
                           description="serve Swagger UI at /api/docs (from the package's own files)")
    fail_ops: str = Field(default="", validation_alias="COBOARD_FAIL_OPS",
                          description="comma-separated op names whose decision fails on purpose inside the gate, "
                                      "to check how failures are answered (tests only; empty in real use)")
