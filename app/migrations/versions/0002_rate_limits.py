"""Rate limits: one counter row per limited subject, shared by every worker process.

Revision ID: 0002_rate_limits
Revises: 0001_baseline
Create Date: 2026-11-27 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_rate_limits"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_limit_counter",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("window_end", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "subject"),
    )
    with op.batch_alter_table("rate_limit_counter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rate_limit_counter_window_end"), ["window_end"], unique=False
        )


def downgrade():
    with op.batch_alter_table("rate_limit_counter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_counter_window_end"))

    op.drop_table("rate_limit_counter")
