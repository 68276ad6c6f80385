"""Leaderboard privacy: an account may show "Anonymous learner" on leaderboards instead of
its display name. Existing accounts show their names, as before.

Revision ID: 0010_leaderboard_privacy
Revises: 0009_leaderboards
Create Date: 2026-12-06 11:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_leaderboard_privacy"
down_revision = "0009_leaderboards"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("study_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "leaderboard_anonymous", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade():
    with op.batch_alter_table("study_account", schema=None) as batch_op:
        batch_op.drop_column("leaderboard_anonymous")
