"""The engagement tables: achievements, streaks and boosts, next to the points ledger.

Completions (UserAchievement) are unique per (user, achievement) in the database, so an
achievement is completed at most once per user even when events race. A user's streak is one
row of state (UserStreak) plus the periods it covered (UserStreakPeriod), which are what the
streak history reads. Boosts multiply the points of the awards made while they run; each
boosted award lists its boosts (AwardBoost).
"""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
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
from app.extensions import db
from app.xp.models import (
    METRIC_KEY_MAX,
    Metric,
    PointsSystem,
    UTCDateTime,
    XpUser,
    new_uuid,
)

ACHIEVEMENT_TRIGGERS = ("metric", "streak", "api", "achievement")
BOOST_ROUNDINGS = ("down", "up", "nearest")


class Achievement(db.Model):
    """A badge a user completes once: by reaching a metric total or a streak length, through
    the API, or by completing every one of its prerequisites."""

    __tablename__ = "xp_achievement"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    key: Mapped[str] = mapped_column(String(METRIC_KEY_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))
    badge_url: Mapped[str | None] = mapped_column(String(2000))
    trigger: Mapped[str] = mapped_column(String(20))  # ACHIEVEMENT_TRIGGERS
    metric_id: Mapped[int | None] = mapped_column(ForeignKey("xp_metric.id"))
    metric_value: Mapped[float | None] = mapped_column(Float)
    streak_length: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | archived
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    metric: Mapped[Metric | None] = relationship()
    prerequisites: Mapped[list["Achievement"]] = relationship(
        secondary="xp_achievement_prerequisite",
        primaryjoin="Achievement.id == AchievementPrerequisite.achievement_id",
        secondaryjoin="Achievement.id == AchievementPrerequisite.prerequisite_id",
        order_by="Achievement.id",
    )


class AchievementPrerequisite(db.Model):
    """For an `achievement` achievement: one of the achievements it needs."""

    __tablename__ = "xp_achievement_prerequisite"
    __table_args__ = (
        CheckConstraint(
            "achievement_id <> prerequisite_id", name="ck_xp_achievement_prerequisite_self"
        ),
    )

    achievement_id: Mapped[int] = mapped_column(ForeignKey("xp_achievement.id"), primary_key=True)
    prerequisite_id: Mapped[int] = mapped_column(ForeignKey("xp_achievement.id"), primary_key=True)


class UserAchievement(db.Model):
    """A completion: this user completed this achievement at `achieved_at`. Never updated."""

    __tablename__ = "xp_user_achievement"
    __table_args__ = (
        UniqueConstraint("user_id", "achievement_id"),
        # Rarity: completions per achievement.
        Index("ix_xp_user_achievement_achievement", "achievement_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"))
    achievement_id: Mapped[int] = mapped_column(ForeignKey("xp_achievement.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("xp_metric_event.id"))
    achieved_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[XpUser] = relationship()
    achievement: Mapped[Achievement] = relationship()


class StreakSettings(db.Model):
    """How streaks are kept, for every user (one row, id 1; none means daily, no freezes).

    Which metrics extend the streak is Metric.counts_for_streak.
    """

    __tablename__ = "xp_streak_settings"
    __table_args__ = (
        CheckConstraint("max_freezes >= 0", name="ck_xp_streak_settings_max"),
        CheckConstraint(
            "starting_freezes >= 0 AND starting_freezes <= max_freezes",
            name="ck_xp_streak_settings_starting",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    frequency: Mapped[str] = mapped_column(String(16), default="daily")
    max_freezes: Mapped[int] = mapped_column(Integer, default=0)
    starting_freezes: Mapped[int] = mapped_column(Integer, default=0)
    freeze_auto_earn_interval: Mapped[int | None] = mapped_column(Integer)  # days
    freeze_auto_earn_amount: Mapped[int] = mapped_column(Integer, default=1)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class UserStreak(db.Model):
    """One user's streak state (streaks.StreakState), written in the event's transaction."""

    __tablename__ = "xp_user_streak"

    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"), primary_key=True)
    length: Mapped[int] = mapped_column(Integer, default=0)
    started: Mapped[date | None] = mapped_column(Date)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    covered_through: Mapped[date | None] = mapped_column(Date)
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extended_tz: Mapped[str | None] = mapped_column(String(64))
    freezes: Mapped[int] = mapped_column(Integer, default=0)
    freeze_intervals_earned: Mapped[int] = mapped_column(Integer, default=0)
    # The longest streak this user ever had, for the learner's journey page.
    longest: Mapped[int] = mapped_column(Integer, default=0)


class UserStreakPeriod(db.Model):
    """A period the streak covered: extended by an event (length after it) or kept by a freeze."""

    __tablename__ = "xp_user_streak_period"

    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"), primary_key=True)
    start: Mapped[date] = mapped_column(Date, primary_key=True)
    end: Mapped[date] = mapped_column(Date)
    length: Mapped[int] = mapped_column(Integer)
    used_freeze: Mapped[bool] = mapped_column(Boolean, default=False)


class PointsBoost(db.Model):
    """A multiplier on a points system's awards from `start` to `end` (local dates, both
    included; no end: open-ended), for every user or for one."""

    __tablename__ = "xp_points_boost"
    __table_args__ = (
        CheckConstraint("multiplier > 0", name="ck_xp_points_boost_multiplier"),
        CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name="ck_xp_points_boost_dates"
        ),
        Index("ix_xp_points_boost_system_dates", "system_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    system_id: Mapped[int] = mapped_column(ForeignKey("xp_points_system.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("xp_user.id"))  # None: everyone
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    multiplier: Mapped[float] = mapped_column(Float)
    rounding: Mapped[str] = mapped_column(String(8), default="down")  # BOOST_ROUNDINGS
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    system: Mapped[PointsSystem] = relationship()
    user: Mapped[XpUser | None] = relationship()


class AwardBoost(db.Model):
    """A boost that multiplied an award, in the order it was applied."""

    __tablename__ = "xp_award_boost"

    award_id: Mapped[int] = mapped_column(ForeignKey("xp_points_award.id"), primary_key=True)
    boost_id: Mapped[int] = mapped_column(ForeignKey("xp_points_boost.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    boost: Mapped[PointsBoost] = relationship()
