"""Baseline: the schema of StudyXP's first release.

Databases made before migrations existed (by the app's old create_all() at startup) already
hold exactly these tables; for them this revision only records itself, so
`flask --app app db upgrade` adopts them and carries on from here.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-26 12:41:58.412334
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    if sa.inspect(op.get_bind()).has_table("xp_metric"):
        return  # made by create_all() before migrations: the schema is already this one
    op.create_table(
        "study_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("is_operator", sa.Boolean(), nullable=False),
        sa.Column("xp_user_id", sa.String(length=36), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
        sa.UniqueConstraint("xp_user_id"),
    )
    op.create_table(
        "xp_api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("last_used", sa.DateTime(), nullable=True),
        sa.Column("revoked", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_table(
        "xp_metric",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_table(
        "xp_points_system",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("badge_url", sa.String(length=2000), nullable=True),
        sa.Column("max_points", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_table(
        "xp_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("external_id"),
    )
    op.create_table(
        "study_deck",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("slug", sa.String(length=100), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["study_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    with op.batch_alter_table("study_deck", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_deck_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "xp_metric_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["xp_metric.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["xp_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "metric_id", "idempotency_key"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("xp_metric_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xp_metric_event_metric_date", ["metric_id", "local_date"], unique=False
        )
        batch_op.create_index(
            "ix_xp_metric_event_user_metric_date",
            ["user_id", "metric_id", "local_date"],
            unique=False,
        )

    op.create_table(
        "xp_points_trigger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=True),
        sa.Column("metric_threshold", sa.Integer(), nullable=True),
        sa.Column("user_attributes", sa.JSON(), nullable=False),
        sa.Column("activation", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["xp_metric.id"],
        ),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["xp_points_system.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_table(
        "xp_user_metric_total",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["xp_metric.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["xp_user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "metric_id"),
    )
    op.create_table(
        "xp_user_points_total",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["xp_points_system.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["xp_user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "system_id"),
    )
    op.create_table(
        "study_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("front", sa.Text(), nullable=False),
        sa.Column("back", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["deck_id"], ["study_deck.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "xp_points_award",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("trigger_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("awarded", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["xp_metric_event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["xp_points_system.id"],
        ),
        sa.ForeignKeyConstraint(
            ["trigger_id"],
            ["xp_points_trigger.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["xp_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("xp_points_award", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xp_points_award_system_date", ["system_id", "local_date"], unique=False
        )
        batch_op.create_index(
            "ix_xp_points_award_system_trigger", ["system_id", "trigger_id"], unique=False
        )
        batch_op.create_index(
            "ix_xp_points_award_user_system_date",
            ["user_id", "system_id", "local_date"],
            unique=False,
        )
        batch_op.create_index(
            "ix_xp_points_award_user_system_time",
            ["user_id", "system_id", "occurred_at"],
            unique=False,
        )

    op.create_table(
        "xp_user_trigger_progress",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("trigger_id", sa.Integer(), nullable=False),
        sa.Column("paid_through", sa.Float(), nullable=False),
        sa.Column("activation", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trigger_id"],
            ["xp_points_trigger.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["xp_user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "trigger_id"),
    )
    op.create_table(
        "study_card_flip",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=False),
        sa.Column("flipped_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["study_account.id"],
        ),
        sa.ForeignKeyConstraint(["card_id"], ["study_card.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["deck_id"], ["study_deck.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "idempotency_key"),
    )
    with op.batch_alter_table("study_card_flip", schema=None) as batch_op:
        batch_op.create_index(
            "ix_study_card_flip_account_deck", ["account_id", "deck_id", "card_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("study_card_flip", schema=None) as batch_op:
        batch_op.drop_index("ix_study_card_flip_account_deck")

    op.drop_table("study_card_flip")
    op.drop_table("xp_user_trigger_progress")
    with op.batch_alter_table("xp_points_award", schema=None) as batch_op:
        batch_op.drop_index("ix_xp_points_award_user_system_time")
        batch_op.drop_index("ix_xp_points_award_user_system_date")
        batch_op.drop_index("ix_xp_points_award_system_trigger")
        batch_op.drop_index("ix_xp_points_award_system_date")

    op.drop_table("xp_points_award")
    op.drop_table("study_card")
    op.drop_table("xp_user_points_total")
    op.drop_table("xp_user_metric_total")
    op.drop_table("xp_points_trigger")
    with op.batch_alter_table("xp_metric_event", schema=None) as batch_op:
        batch_op.drop_index("ix_xp_metric_event_user_metric_date")
        batch_op.drop_index("ix_xp_metric_event_metric_date")

    op.drop_table("xp_metric_event")
    with op.batch_alter_table("study_deck", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_study_deck_owner_id"))

    op.drop_table("study_deck")
    op.drop_table("xp_user")
    op.drop_table("xp_points_system")
    op.drop_table("xp_metric")
    op.drop_table("xp_api_key")
    op.drop_table("study_account")
