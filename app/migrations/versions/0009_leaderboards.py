"""Leaderboards: the boards, each participant's value per run, and the daily snapshots of
their rank and value.

No board exists after upgrading; events feed the boards an operator creates and activates.

Revision ID: 0009_leaderboards
Revises: 0008_login_sessions
Create Date: 2026-12-08 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_leaderboards"
down_revision = "0008_login_sessions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "xp_leaderboard",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("rank_by", sa.String(length=8), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=True),
        sa.Column("points_system_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("start_time", sa.String(length=8), nullable=True),
        sa.Column("end_time", sa.String(length=8), nullable=True),
        sa.Column("max_participants", sa.Integer(), nullable=False),
        sa.Column("run_unit", sa.String(length=8), nullable=True),
        sa.Column("run_interval", sa.Integer(), nullable=True),
        sa.Column("breakdown_attributes", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("activated_at", sa.DateTime(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "max_participants >= 1 AND max_participants <= 1000",
            name="ck_xp_leaderboard_max_participants",
        ),
        sa.CheckConstraint(
            "(run_unit IS NULL AND run_interval IS NULL)"
            " OR (run_unit IS NOT NULL AND run_interval >= 1)",
            name="ck_xp_leaderboard_runs",
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name="ck_xp_leaderboard_dates"
        ),
        sa.ForeignKeyConstraint(["metric_id"], ["xp_metric.id"]),
        sa.ForeignKeyConstraint(["points_system_id"], ["xp_points_system.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_table(
        "xp_leaderboard_entry",
        sa.Column("leaderboard_id", sa.Integer(), nullable=False),
        sa.Column("run_start", sa.Date(), nullable=False),
        sa.Column("group_key", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("reached_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["leaderboard_id"], ["xp_leaderboard.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["xp_user.id"]),
        sa.PrimaryKeyConstraint("leaderboard_id", "run_start", "group_key", "user_id"),
    )
    with op.batch_alter_table("xp_leaderboard_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xp_leaderboard_entry_ranking",
            ["leaderboard_id", "run_start", "group_key", "value", "reached_at", "user_key"],
            unique=False,
        )

    op.create_table(
        "xp_leaderboard_snapshot",
        sa.Column("leaderboard_id", sa.Integer(), nullable=False),
        sa.Column("run_start", sa.Date(), nullable=False),
        sa.Column("group_key", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("previous_rank", sa.Integer(), nullable=True),
        sa.Column("previous_value", sa.Float(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["leaderboard_id"], ["xp_leaderboard.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["xp_user.id"]),
        sa.PrimaryKeyConstraint("leaderboard_id", "run_start", "group_key", "user_id", "day"),
    )


def downgrade():
    op.drop_table("xp_leaderboard_snapshot")
    with op.batch_alter_table("xp_leaderboard_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_xp_leaderboard_entry_ranking")
    op.drop_table("xp_leaderboard_entry")
    op.drop_table("xp_leaderboard")
