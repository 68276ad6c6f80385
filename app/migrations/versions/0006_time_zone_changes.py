"""Time-zone changes: the zone held until the user's next local day after a change of tz.

A user's tz is the one the caller sent last; when it changes on a day the user was already
active, the zone in force until then keeps dating their activity through that local date
(xp_user.dating_tz, dating_tz_until). Existing users have no zone held: their tz is in force.

Revision ID: 0006_time_zone_changes
Revises: 0005_engagement
Create Date: 2026-12-02 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_time_zone_changes"
down_revision = "0005_engagement"
branch_labels = None
depends_on = None


# Nullable columns without defaults: SQLite adds them in place (rebuilding xp_user, which
# events and awards reference, would fail on its foreign keys).


def upgrade():
    with op.batch_alter_table("xp_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dating_tz", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("dating_tz_until", sa.Date(), nullable=True))


def downgrade():
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+) rather than batch mode, for the same reason.
    op.drop_column("xp_user", "dating_tz_until")
    op.drop_column("xp_user", "dating_tz")
