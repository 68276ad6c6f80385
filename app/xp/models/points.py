"""Points: the systems (currencies), their levels and triggers, and the award ledger.

PointsAward is append-only: the source of truth, and UserPointsTotal is a running sum of a
user's awards kept in the same transaction. UserTriggerProgress is each trigger's high-water
mark per user, so that nothing is paid twice.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.columns import UTCDateTime, new_uuid
from app.extensions import db
from app.xp.models.metrics import METRIC_KEY_MAX, Metric, MetricEvent


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
        # Covering: an event summary sums `awarded` per local date from the index alone.
        Index(
            "ix_xp_points_award_user_system_date_awarded",
            "user_id",
            "system_id",
            "local_date",
            "awarded",
        ),
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
