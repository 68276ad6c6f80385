"""Admin API keys: each API key is of a kind, "application" (calls /api/v1) or "admin" (calls
/admin/v1). Every key made before this revision stays an application key.

Revision ID: 0013_admin_api_keys
Revises: 0012_user_preferences
Create Date: 2026-12-14 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_admin_api_keys"
down_revision = "0012_user_preferences"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("xp_api_key", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), server_default="application", nullable=False)
        )
        batch_op.create_check_constraint("ck_xp_api_key_kind", "kind IN ('application', 'admin')")


def downgrade():
    with op.batch_alter_table("xp_api_key", schema=None) as batch_op:
        batch_op.drop_constraint("ck_xp_api_key_kind", type_="check")
        batch_op.drop_column("kind")
