"""User profiles: subscribeToEmails and attributes on users, attributes on metric events.

Existing users are subscribed (Trophy's default) and existing users and events have no
attributes; `xp_user.updated` already exists (0001_baseline) and keeps its values.

Revision ID: 0003_user_profiles
Revises: 0002_rate_limits
Create Date: 2026-11-27 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_user_profiles"
down_revision = "0002_rate_limits"
branch_labels = None
depends_on = None


# Constant defaults (not SQL expressions such as sa.true()) let SQLite add the columns in
# place: rebuilding a table that events and awards reference fails on its foreign keys.


def upgrade():
    with op.batch_alter_table("xp_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("subscribe_to_emails", sa.Boolean(), server_default="1", nullable=False)
        )
        batch_op.add_column(sa.Column("attributes", sa.JSON(), server_default="{}", nullable=False))
    with op.batch_alter_table("xp_metric_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attributes", sa.JSON(), server_default="{}", nullable=False))


def downgrade():
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+) rather than batch mode, for the same reason.
    op.drop_column("xp_metric_event", "attributes")
    op.drop_column("xp_user", "attributes")
    op.drop_column("xp_user", "subscribe_to_emails")
