"""Server secrets: the key anonymous answers are filed under (server/domain/anonymous.py).

One row per secret, made at random on first start. It never leaves the server: not in any
record, event, export or log. With it and the database an operator could link an anonymous
answer to a person; without it nobody can (docs/privacy.md).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("server_secrets", sa.Column("name", sa.String(), primary_key=True),
                    sa.Column("value", sa.String(), nullable=False))


def downgrade() -> None:
    op.drop_table("server_secrets")
