"""Repeated ops: remember which op (by the client's id, name and args) made each event, and its result.

A phone that loses its connection before the ack arrives sends the op again when it is back; the
server answers the repeat with the first ack instead of applying the op twice, also after a restart.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("client_op", sa.String(), nullable=True))
        batch.add_column(sa.Column("result", sa.Text(), nullable=True))
    op.create_index("ix_events_client_op", "events", ["workshop_id", "actor_id", "client_op"])


def downgrade() -> None:
    op.drop_index("ix_events_client_op", "events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("result")
        batch.drop_column("client_op")
