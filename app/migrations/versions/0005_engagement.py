"""Engagement: achievements and their completions, streak settings and state, points boosts,
and the columns of the streak, achievement and time trigger types.

Existing metrics do not count for streaks until an operator says so; existing triggers are
all metric triggers and keep their values.

Revision ID: 0005_engagement
Revises: 0004_levels
Create Date: 2026-11-26 16:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_engagement"
down_revision = "0004_levels"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "xp_streak_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.String(length=16), nullable=False),
        sa.Column("max_freezes", sa.Integer(), nullable=False),
        sa.Column("starting_freezes", sa.Integer(), nullable=False),
        sa.Column("freeze_auto_earn_interval", sa.Integer(), nullable=True),
        sa.Column("freeze_auto_earn_amount", sa.Integer(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.CheckConstraint("max_freezes >= 0", name="ck_xp_streak_settings_max"),
        sa.CheckConstraint(
            "starting_freezes >= 0 AND starting_freezes <= max_freezes",
            name="ck_xp_streak_settings_starting",
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "xp_achievement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("badge_url", sa.String(length=2000), nullable=True),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=True),
        sa.Column("metric_value", sa.Float(), nullable=True),
        sa.Column("streak_length", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["xp_metric.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_table(
        "xp_points_boost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("multiplier", sa.Float(), nullable=False),
        sa.Column("rounding", sa.String(length=8), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name="ck_xp_points_boost_dates"
        ),
        sa.CheckConstraint("multiplier > 0", name="ck_xp_points_boost_multiplier"),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["xp_points_system.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["xp_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("xp_points_boost", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xp_points_boost_system_dates", ["system_id", "start_date"], unique=False
        )

    op.create_table(
        "xp_user_streak",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("started", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("covered_through", sa.Date(), nullable=True),
        sa.Column("extended_at", sa.DateTime(), nullable=True),
        sa.Column("extended_tz", sa.String(length=64), nullable=True),
        sa.Column("freezes", sa.Integer(), nullable=False),
        sa.Column("freeze_intervals_earned", sa.Integer(), nullable=False),
        sa.Column("longest", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["xp_user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "xp_user_streak_period",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("used_freeze", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["xp_user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "start"),
    )
    op.create_table(
        "xp_achievement_prerequisite",
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("prerequisite_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "achievement_id <> prerequisite_id", name="ck_xp_achievement_prerequisite_self"
        ),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["xp_achievement.id"],
        ),
        sa.ForeignKeyConstraint(
            ["prerequisite_id"],
            ["xp_achievement.id"],
        ),
        sa.PrimaryKeyConstraint("achievement_id", "prerequisite_id"),
    )
    op.create_table(
        "xp_user_achievement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("achieved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["xp_achievement.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["xp_metric_event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["xp_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "achievement_id"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("xp_user_achievement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xp_user_achievement_achievement", ["achievement_id"], unique=False
        )

    op.create_table(
        "xp_award_boost",
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("boost_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["award_id"],
            ["xp_points_award.id"],
        ),
        sa.ForeignKeyConstraint(
            ["boost_id"],
            ["xp_points_boost.id"],
        ),
        sa.PrimaryKeyConstraint("award_id", "boost_id"),
    )
    with op.batch_alter_table("xp_metric", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("counts_for_streak", sa.Boolean(), server_default="0", nullable=False)
        )

    with op.batch_alter_table("xp_points_trigger", schema=None) as batch_op:
        batch_op.add_column(sa.Column("streak_length_threshold", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("achievement_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("time_unit", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("time_interval", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_xp_points_trigger_achievement_id", "xp_achievement", ["achievement_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("xp_points_trigger", schema=None) as batch_op:
        batch_op.drop_constraint("fk_xp_points_trigger_achievement_id", type_="foreignkey")
        batch_op.drop_column("time_interval")
        batch_op.drop_column("time_unit")
        batch_op.drop_column("achievement_id")
        batch_op.drop_column("streak_length_threshold")

    with op.batch_alter_table("xp_metric", schema=None) as batch_op:
        batch_op.drop_column("counts_for_streak")

    op.drop_table("xp_award_boost")
    with op.batch_alter_table("xp_user_achievement", schema=None) as batch_op:
        batch_op.drop_index("ix_xp_user_achievement_achievement")

    op.drop_table("xp_user_achievement")
    op.drop_table("xp_achievement_prerequisite")
    op.drop_table("xp_user_streak_period")
    op.drop_table("xp_user_streak")
    with op.batch_alter_table("xp_points_boost", schema=None) as batch_op:
        batch_op.drop_index("ix_xp_points_boost_system_dates")

    op.drop_table("xp_points_boost")
    op.drop_table("xp_achievement")
    op.drop_table("xp_streak_settings")
