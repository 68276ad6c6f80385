"""Spaced repetition: each learner's FSRS schedule per card, the append-only review log, and
per-deck daily review limits. Existing learners start with every card new.

Revision ID: 0011_reviews
Revises: 0010_leaderboard_privacy
Create Date: 2026-12-06 12:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_reviews"
down_revision = "0010_leaderboard_privacy"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "study_card_schedule",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["study_account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["card_id"], ["study_card.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["deck_id"], ["study_deck.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id", "card_id"),
    )
    with op.batch_alter_table("study_card_schedule", schema=None) as batch_op:
        batch_op.create_index(
            "ix_study_card_schedule_queue", ["account_id", "deck_id", "due"], unique=False
        )
    op.create_table(
        "study_review_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("review_number", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("was_new", sa.Boolean(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["study_account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["card_id"], ["study_card.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["deck_id"], ["study_deck.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("study_review_log", schema=None) as batch_op:
        batch_op.create_index(
            "ix_study_review_log_account_day",
            ["account_id", "deck_id", "reviewed_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_study_review_log_card", ["account_id", "card_id", "review_number"], unique=False
        )
    op.create_table(
        "study_deck_review_limits",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("new_per_day", sa.Integer(), nullable=False),
        sa.Column("reviews_per_day", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["study_account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["deck_id"], ["study_deck.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id", "deck_id"),
    )


def downgrade():
    op.drop_table("study_deck_review_limits")
    with op.batch_alter_table("study_review_log", schema=None) as batch_op:
        batch_op.drop_index("ix_study_review_log_card")
        batch_op.drop_index("ix_study_review_log_account_day")
    op.drop_table("study_review_log")
    with op.batch_alter_table("study_card_schedule", schema=None) as batch_op:
        batch_op.drop_index("ix_study_card_schedule_queue")
    op.drop_table("study_card_schedule")
