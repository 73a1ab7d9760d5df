"""Board snapshots: the SVG of a board at the end of an activity or on demand.

Kept in their own table, not as records: a snapshot is large (tens of KiB of SVG), never
changes, and is not part of anyone's live view, so it must not travel in welcomes and events
or sit in each server's memory. The history is read only when someone browses or downloads it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("workshop_id", sa.String(), sa.ForeignKey("workshops.id"), nullable=False),
        sa.Column("board_id", sa.String(), nullable=False),
        sa.Column("board_title", sa.String(), nullable=False),
        sa.Column("board_type", sa.String(), nullable=False),
        sa.Column("activity", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.String(), nullable=False),
        sa.Column("taken_by", sa.String(), nullable=True),
        sa.Column("svg", sa.Text(), nullable=False),
    )
    op.create_index("ix_snapshots_workshop_id", "snapshots", ["workshop_id", "taken_at"])


def downgrade() -> None:
    op.drop_table("snapshots")
