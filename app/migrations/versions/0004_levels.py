"""Levels: named stages of a points system, each reached at a points threshold.

Revision ID: 0004_levels
Revises: 0003_user_profiles
Create Date: 2026-11-27 11:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_levels"
down_revision = "0003_user_profiles"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "xp_points_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("badge_url", sa.String(length=2000), nullable=True),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.CheckConstraint("points >= 0", name="ck_xp_points_level_points"),
        sa.ForeignKeyConstraint(["system_id"], ["xp_points_system.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("system_id", "key"),
        sa.UniqueConstraint("system_id", "points"),
        sa.UniqueConstraint("uuid"),
    )


def downgrade():
    op.drop_table("xp_points_level")
