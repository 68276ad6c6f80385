"""Covering indexes for event summaries: awards by (user, system, local date, awarded) and
metric events by (user, metric, local date, value), so a summary sums from the index alone
instead of visiting every row. Each replaces the index that was its prefix.

Revision ID: 0016_covering_summary_indexes
Revises: 0015_badge_images
Create Date: 2026-12-06 15:00:00.000000
"""

from alembic import op

revision = "0016_covering_summary_indexes"
down_revision = "0015_badge_images"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("xp_points_award", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xp_points_award_user_system_date_awarded",
            ["user_id", "system_id", "local_date", "awarded"],
            unique=False,
        )
        batch_op.drop_index("ix_xp_points_award_user_system_date")
    with op.batch_alter_table("xp_metric_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xp_metric_event_user_metric_date_value",
            ["user_id", "metric_id", "local_date", "value"],
            unique=False,
        )
        batch_op.drop_index("ix_xp_metric_event_user_metric_date")


def downgrade():
    with op.batch_alter_table("xp_metric_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xp_metric_event_user_metric_date",
            ["user_id", "metric_id", "local_date"],
            unique=False,
        )
        batch_op.drop_index("ix_xp_metric_event_user_metric_date_value")
    with op.batch_alter_table("xp_points_award", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xp_points_award_user_system_date",
            ["user_id", "system_id", "local_date"],
            unique=False,
        )
        batch_op.drop_index("ix_xp_points_award_user_system_date_awarded")
