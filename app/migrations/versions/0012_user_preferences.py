"""User preferences: the channels each XP user chose per notification type (Trophy's
/users/{id}/preferences). No rows after upgrading: every user gets the default (email) for
every type until they choose.

Revision ID: 0012_user_preferences
Revises: 0011_reviews
Create Date: 2026-12-07 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_user_preferences"
down_revision = "0011_reviews"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "xp_user_notification_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("notification_type", sa.String(length=32), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("push", sa.Boolean(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "notification_type IN "
            "('achievement_completed', 'recap', 'reactivation', 'streak_reminder')",
            name="ck_xp_user_notification_preference_type",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["xp_user.id"]),
        sa.PrimaryKeyConstraint("user_id", "notification_type"),
    )


def downgrade():
    op.drop_table("xp_user_notification_preference")
