"""Login sessions: one row per logged-in browser, so logging out ends a session for good.

Session and remember-me cookies made before this revision hold an account id, not a login
session's token: they no longer log anyone in, and everyone logs in once more.

Revision ID: 0008_login_sessions
Revises: 0007_flip_credits
Create Date: 2026-12-06 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_login_sessions"
down_revision = "0007_flip_credits"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "study_login_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("remember", sa.Boolean(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("authenticated_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("expires", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["study_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_digest"),
    )
    with op.batch_alter_table("study_login_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_study_login_session_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_study_login_session_expires"), ["expires"], unique=False
        )


def downgrade():
    with op.batch_alter_table("study_login_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_study_login_session_expires"))
        batch_op.drop_index(batch_op.f("ix_study_login_session_account_id"))
    op.drop_table("study_login_session")
