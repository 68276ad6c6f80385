"""Flip credits: a card's flip earns its learner an XP event at most once an hour.

One row per learner and card they have flipped, holding the last counted flip's time and key
(study_flip_credit); a flip of the card within FLIP_REPEAT_MINUTES of it is not counted. The
table starts empty, so every card counts at its first flip after the upgrade.

Revision ID: 0007_flip_credits
Revises: 0006_time_zone_changes
Create Date: 2026-12-09 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_flip_credits"
down_revision = "0006_time_zone_changes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "study_flip_credit",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["study_account.id"]),
        sa.ForeignKeyConstraint(["card_id"], ["study_card.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id", "card_id"),
    )


def downgrade():
    op.drop_table("study_flip_credit")
