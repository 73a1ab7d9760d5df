"""The first tables: workshops, the event log, current records, member credentials.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("workshop_id", sa.String(), sa.ForeignKey("workshops.id"), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("op", sa.String(), nullable=False),
        sa.Column("actor_id", sa.String(), nullable=True),
        sa.Column("args", sa.Text(), nullable=False),
        sa.Column("put", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Text(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("workshop_id", sa.String(), sa.ForeignKey("workshops.id"), primary_key=True),
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("v", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
    )
    op.create_index("ix_records_kind", "records", ["kind"])
    op.create_table(
        "credentials",
        sa.Column("token_hash", sa.String(), primary_key=True),
        sa.Column("workshop_id", sa.String(), sa.ForeignKey("workshops.id"), nullable=False),
        sa.Column("participant_id", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_index("ix_credentials_workshop_id", "credentials", ["workshop_id"])


def downgrade() -> None:
    op.drop_table("credentials")
    op.drop_table("records")
    op.drop_table("events")
    op.drop_table("workshops")
