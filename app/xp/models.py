"""The XP service's tables: metrics, users, events, points systems, triggers, awards, totals.

MetricEvent and PointsAward are append-only: they are the source of truth, and the total
tables are running sums of them kept in the same transaction.
"""

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db

METRIC_KEY_MAX = 100
USER_ID_MAX = 255
IDEMPOTENCY_KEY_MAX = 255


def new_uuid() -> str:
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in Python, naive UTC in the database (SQLite keeps no offset)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC was expected")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


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


class XpUser(db.Model):
    """A user of the calling application, known by the caller's own id."""

    __tablename__ = "xp_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(USER_ID_MAX), unique=True)
    email: Mapped[str | None] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(200))
    # The zone the caller sent last (what the API shows). When it changes on a day the user
    # was already active, the zone in force until then dates their activity through that
    # local date: dating_tz through dating_tz_until (app/xp/dating.py).
    tz: Mapped[str | None] = mapped_column(String(64))
    dating_tz: Mapped[str | None] = mapped_column(String(64))
    dating_tz_until: Mapped[date | None] = mapped_column(Date)
    subscribe_to_emails: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    # The caller's own name -> value pairs (limits: inputs.check_attributes).
    attributes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class MetricEvent(db.Model):
    """One change to a user's metric total. Never updated or deleted."""

    __tablename__ = "xp_metric_event"
    __table_args__ = (
        # NULL keys never collide, so events sent without a key are unaffected.
        UniqueConstraint("user_id", "metric_id", "idempotency_key"),
        Index("ix_xp_metric_event_user_metric_date", "user_id", "metric_id", "local_date"),
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
    awards: Mapped[list["PointsAward"]] = relationship(
        back_populates="event", order_by="PointsAward.id"
    )


class UserMetricTotal(db.Model):
    """Running sum of a user's events for one metric."""

    __tablename__ = "xp_user_metric_total"

    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"), primary_key=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("xp_metric.id"), primary_key=True)
    total: Mapped[float] = mapped_column(Float, default=0.0)


class PointsSystem(db.Model):
    """A currency of points, e.g. "XP", earned through its triggers."""

    __tablename__ = "xp_points_system"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    key: Mapped[str] = mapped_column(String(METRIC_KEY_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))
    badge_url: Mapped[str | None] = mapped_column(String(2000))
    max_points: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="active")
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    triggers: Mapped[list["PointsTrigger"]] = relationship(
        back_populates="system", order_by="PointsTrigger.id"
    )
    levels: Mapped[list["PointsLevel"]] = relationship(
        back_populates="system", order_by="PointsLevel.points"
    )


class PointsLevel(db.Model):
    """A named stage of a points system, reached at `points` (e.g. "Apprentice" at 100 XP)."""

    __tablename__ = "xp_points_level"
    __table_args__ = (
        UniqueConstraint("system_id", "key"),
        # One level per threshold: a total then falls in exactly one level.
        UniqueConstraint("system_id", "points"),
        CheckConstraint("points >= 0", name="ck_xp_points_level_points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    system_id: Mapped[int] = mapped_column(ForeignKey("xp_points_system.id"))
    key: Mapped[str] = mapped_column(String(METRIC_KEY_MAX))
    name: Mapped[str] = mapped_column(String(200))
    # Trophy's PointsLevel requires a description string, so "none" is "".
    description: Mapped[str] = mapped_column(String(2000), default="")
    badge_url: Mapped[str | None] = mapped_column(String(2000))
    points: Mapped[int] = mapped_column(BigInteger)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    system: Mapped[PointsSystem] = relationship(back_populates="levels")


class PointsTrigger(db.Model):
    """A rule that awards points, e.g. "+10 XP for every 5 flashcards flipped"."""

    __tablename__ = "xp_points_trigger"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    system_id: Mapped[int] = mapped_column(ForeignKey("xp_points_system.id"))
    type: Mapped[str] = mapped_column(String(20), default="metric")
    points: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="active")
    metric_id: Mapped[int | None] = mapped_column(ForeignKey("xp_metric.id"))
    metric_threshold: Mapped[int | None] = mapped_column(Integer)
    # type "streak": pays each time the streak reaches a multiple of this length.
    streak_length_threshold: Mapped[int | None] = mapped_column(Integer)
    # type "achievement": pays when this achievement is completed.
    achievement_id: Mapped[int | None] = mapped_column(
        ForeignKey("xp_achievement.id", name="fk_xp_points_trigger_achievement_id")
    )
    # type "time": pays every time_interval time_units ("hour" | "day") since first seen.
    time_unit: Mapped[str | None] = mapped_column(String(8))
    time_interval: Mapped[int | None] = mapped_column(Integer)
    user_attributes: Mapped[list] = mapped_column(JSON, default=list)
    # Counts re-activations: a trigger switched back on pays only for what happens after.
    activation: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    system: Mapped[PointsSystem] = relationship(back_populates="triggers")
    metric: Mapped[Metric | None] = relationship()
    achievement: Mapped["Achievement | None"] = relationship()  # noqa: F821


class UserTriggerProgress(db.Model):
    """The high-water mark of a metric trigger for one user.

    `paid_through` is, for a metric trigger, the highest metric total (a multiple of the
    threshold at the time) that it has paid for: totals that fall and rise again never pay
    twice. For a time trigger it counts the intervals paid; for user_creation it is 1 once paid.
    """

    __tablename__ = "xp_user_trigger_progress"

    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"), primary_key=True)
    trigger_id: Mapped[int] = mapped_column(ForeignKey("xp_points_trigger.id"), primary_key=True)
    paid_through: Mapped[float] = mapped_column(Float, default=0.0)
    # The trigger's `activation` when the mark was last brought up to date.
    activation: Mapped[int] = mapped_column(Integer, default=0)


class PointsAward(db.Model):
    """Points given to a user by one trigger for one event. Never updated or deleted."""

    __tablename__ = "xp_points_award"
    __table_args__ = (
        Index("ix_xp_points_award_user_system_date", "user_id", "system_id", "local_date"),
        Index("ix_xp_points_award_user_system_time", "user_id", "system_id", "occurred_at"),
        # Analytics across all users of a system: per period, and per trigger.
        Index("ix_xp_points_award_system_date", "system_id", "local_date"),
        Index("ix_xp_points_award_system_trigger", "system_id", "trigger_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"))
    system_id: Mapped[int] = mapped_column(ForeignKey("xp_points_system.id"))
    trigger_id: Mapped[int] = mapped_column(ForeignKey("xp_points_trigger.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("xp_metric_event.id"))
    awarded: Mapped[int] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    local_date: Mapped[date] = mapped_column(Date)

    system: Mapped[PointsSystem] = relationship()
    trigger: Mapped[PointsTrigger] = relationship()
    event: Mapped[MetricEvent | None] = relationship(back_populates="awards")
    # The boosts that multiplied this award, in the order they were applied.
    boost_links: Mapped[list["AwardBoost"]] = relationship(  # noqa: F821
        order_by="AwardBoost.position", lazy="selectin"
    )


class UserPointsTotal(db.Model):
    """A user's current total in one points system."""

    __tablename__ = "xp_user_points_total"

    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"), primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("xp_points_system.id"), primary_key=True)
    total: Mapped[int] = mapped_column(BigInteger, default=0)


class ApiKey(db.Model):
    """A secret that authorizes calls to /api/v1. Only its SHA-256 digest is stored."""

    __tablename__ = "xp_api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_used: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked: Mapped[datetime | None] = mapped_column(UTCDateTime)


# The engagement tables join the same metadata (and resolve "Achievement" above).
from app.xp.models_engagement import Achievement, AwardBoost  # noqa: E402, F401
