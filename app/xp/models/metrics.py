"""Metrics and their events: what users do that the caller counts.

MetricEvent is append-only: the source of truth. UserMetricTotal is a running sum of a user's
events, kept in the event's transaction.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.columns import UTCDateTime, new_uuid
from app.extensions import db

METRIC_KEY_MAX = 100
IDEMPOTENCY_KEY_MAX = 255


class Metric(db.Model):
    """Something users do that the app counts, e.g. "flashcards-flipped"."""

    __tablename__ = "xp_metric"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    key: Mapped[str] = mapped_column(String(METRIC_KEY_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(16), default="active")
    # Whether a positive event on this metric extends the user's streak.
    counts_for_streak: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class MetricEvent(db.Model):
    """One change to a user's metric total. Never updated or deleted."""

    __tablename__ = "xp_metric_event"
    __table_args__ = (
        # NULL keys never collide, so events sent without a key are unaffected.
        UniqueConstraint("user_id", "metric_id", "idempotency_key"),
        # Covering: a metric's event summary sums `value` per local date from the index alone.
        Index(
            "ix_xp_metric_event_user_metric_date_value",
            "user_id",
            "metric_id",
            "local_date",
            "value",
        ),
        Index("ix_xp_metric_event_metric_date", "metric_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"))
    metric_id: Mapped[int] = mapped_column(ForeignKey("xp_metric.id"))
    value: Mapped[float] = mapped_column(Float)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    tz: Mapped[str] = mapped_column(String(64))  # the zone that dated it (dating.zone_of)
    local_date: Mapped[date] = mapped_column(Date)
    idempotency_key: Mapped[str | None] = mapped_column(String(IDEMPOTENCY_KEY_MAX))
    attributes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")

    metric: Mapped[Metric] = relationship()
    awards: Mapped[list["PointsAward"]] = relationship(  # noqa: F821
        back_populates="event", order_by="PointsAward.id"
    )


class UserMetricTotal(db.Model):
    """Running sum of a user's events for one metric."""

    __tablename__ = "xp_user_metric_total"

    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"), primary_key=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("xp_metric.id"), primary_key=True)
    total: Mapped[float] = mapped_column(Float, default=0.0)
