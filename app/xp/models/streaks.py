"""Streaks: the one row of settings, each user's streak state, the periods it covered and
the pauses operators gave it.

A user's streak is one row of state (UserStreak) plus the periods it covered
(UserStreakPeriod), which are what the streak history reads.
"""

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.columns import UTCDateTime, new_uuid
from app.extensions import db


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


class StreakPause(db.Model):
    """Dates (the user's local days, both included) on which a user's streak neither grows
    nor ends (Trophy's streak pauses). Archived pauses are kept for the record and count no
    longer."""

    __tablename__ = "xp_streak_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"), index=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
