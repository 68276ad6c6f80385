"""Webhooks (endpoints, the outbox of messages, their deliveries and attempts, the time-based
news already told), declared attributes, streak pauses, and application keys scoped to one
user.

Revision ID: 0014_webhooks
Revises: 0013_admin_api_keys
Create Date: 2026-12-06 13:47:19.206855
"""

import sqlalchemy as sa
from alembic import op

import app.columns

# revision identifiers, used by Alembic.
revision = "0014_webhooks"
down_revision = "0013_admin_api_keys"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "xp_attribute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=8), nullable=False),
        sa.CheckConstraint("type IN ('user', 'event')", name="ck_xp_attribute_type"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", "type", name="uq_xp_attribute_key_type"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_table(
        "xp_webhook_announcement",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", app.columns.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "xp_webhook_endpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created", app.columns.UTCDateTime(), nullable=False),
        sa.Column("updated", app.columns.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_table(
        "xp_webhook_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created", app.columns.UTCDateTime(), nullable=False),
        sa.Column("due", app.columns.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("xp_webhook_message", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xp_webhook_message_subject", ["event_type", "subject", "due"], unique=False
        )

    op.create_table(
        "xp_streak_pause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created", app.columns.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["xp_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("xp_streak_pause", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_xp_streak_pause_user_id"), ["user_id"], unique=False)

    op.create_table(
        "xp_webhook_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt", app.columns.UTCDateTime(), nullable=False),
        sa.Column("lease_until", app.columns.UTCDateTime(), nullable=True),
        sa.Column("finished", app.columns.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["xp_webhook_endpoint.id"],
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["xp_webhook_message.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id", "endpoint_id", name="uq_xp_webhook_delivery_message"),
    )
    with op.batch_alter_table("xp_webhook_delivery", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xp_webhook_delivery_due", ["status", "next_attempt"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_xp_webhook_delivery_endpoint_id"), ["endpoint_id"], unique=False
        )

    op.create_table(
        "xp_webhook_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("at", app.columns.UTCDateTime(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("response_excerpt", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["xp_webhook_delivery.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("xp_webhook_attempt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_xp_webhook_attempt_delivery_id"), ["delivery_id"], unique=False
        )

    with op.batch_alter_table("xp_api_key", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uuid", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_xp_api_key_user_id"), ["user_id"], unique=False)
        batch_op.create_unique_constraint("uq_xp_api_key_uuid", ["uuid"])
        batch_op.create_foreign_key("fk_xp_api_key_user_id", "xp_user", ["user_id"], ["id"])


def downgrade():
    with op.batch_alter_table("xp_api_key", schema=None) as batch_op:
        batch_op.drop_constraint("fk_xp_api_key_user_id", type_="foreignkey")
        batch_op.drop_constraint("uq_xp_api_key_uuid", type_="unique")
        batch_op.drop_index(batch_op.f("ix_xp_api_key_user_id"))
        batch_op.drop_column("user_id")
        batch_op.drop_column("uuid")

    with op.batch_alter_table("xp_webhook_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_xp_webhook_attempt_delivery_id"))

    op.drop_table("xp_webhook_attempt")
    with op.batch_alter_table("xp_webhook_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_xp_webhook_delivery_endpoint_id"))
        batch_op.drop_index("ix_xp_webhook_delivery_due")

    op.drop_table("xp_webhook_delivery")
    with op.batch_alter_table("xp_streak_pause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_xp_streak_pause_user_id"))

    op.drop_table("xp_streak_pause")
    with op.batch_alter_table("xp_webhook_message", schema=None) as batch_op:
        batch_op.drop_index("ix_xp_webhook_message_subject")

    op.drop_table("xp_webhook_message")
    op.drop_table("xp_webhook_endpoint")
    op.drop_table("xp_webhook_announcement")
    op.drop_table("xp_attribute")
