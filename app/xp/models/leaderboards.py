"""Leaderboards: the boards, every participant's value per run, and daily snapshots.

A board ranks users by a points system, a metric or the streak, in runs
(app/xp/leaderboard_rules.py). LeaderboardEntry holds one user's value in one run of one
board (and one breakdown group), kept in the event's transaction; ranks are never stored:
they are counted from the entries on an index in ranking order, a count bounded by the
board's max_participants. LeaderboardSnapshot keeps, per user and local day, the rank and
value before the day's first change and after its last one (the history).
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.columns import UTCDateTime, new_uuid
from app.extensions import db
from app.xp.models.metrics import METRIC_KEY_MAX, Metric
from app.xp.models.points import PointsSystem
from app.xp.models.users import USER_ID_MAX

# Stored statuses: Trophy's admin statuses, with "scheduled" stored as "active" (a live board
# whose start is in the future: the dates say it is scheduled).
LEADERBOARD_STATUSES = ("inactive", "active", "finished")
# group_key of a board without breakdown attributes.
NO_GROUP = ""
GROUP_KEY_LENGTH = 64  # a SHA-256 in hex (leaderboard group_key())


class Leaderboard(db.Model):
    """A ranking of users by points, a metric or the streak, from `start_date` to `end_date`
    (local dates), repeating every `run_interval` `run_unit`s when it has a run unit."""

    __tablename__ = "xp_leaderboard"
    __table_args__ = (
        CheckConstraint(
            "max_participants >= 1 AND max_participants <= 1000",
            name="ck_xp_leaderboard_max_participants",
        ),
        CheckConstraint(
            "(run_unit IS NULL AND run_interval IS NULL)"
            " OR (run_unit IS NOT NULL AND run_interval >= 1)",
            name="ck_xp_leaderboard_runs",
        ),
        CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name="ck_xp_leaderboard_dates"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    key: Mapped[str] = mapped_column(String(METRIC_KEY_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))
    rank_by: Mapped[str] = mapped_column(String(8))  # leaderboard_rules.RANK_BY
    metric_id: Mapped[int | None] = mapped_column(ForeignKey("xp_metric.id"))
    points_system_id: Mapped[int | None] = mapped_column(ForeignKey("xp_points_system.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    start_time: Mapped[str | None] = mapped_column(String(8))  # "HH:mm"
    end_time: Mapped[str | None] = mapped_column(String(8))
    max_participants: Mapped[int] = mapped_column(Integer, default=1000)
    run_unit: Mapped[str | None] = mapped_column(String(8))  # day | month | year
    run_interval: Mapped[int | None] = mapped_column(Integer)
    breakdown_attributes: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="inactive")  # LEADERBOARD_STATUSES
    # When the board last became active: it counts activity from then on.
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    metric: Mapped[Metric | None] = relationship()
    points_system: Mapped[PointsSystem | None] = relationship()


class LeaderboardEntry(db.Model):
    """One user's value in one run (and breakdown group) of a board, and when they reached it.

    Every participant has an entry, on the board's top max_participants or not. `value` is
    the run's points, metric total (may be fractional) or streak length; `reached_at` is when
    the user reached it (the tie-break); `user_key` is the user's external id (the last
    tie-break), kept here so that the ranking index holds the whole order.
    """

    __tablename__ = "xp_leaderboard_entry"
    __table_args__ = (
        # The ranking order: value (higher first), reached_at, then user_key. Ranks, top-N
        # pages and the threshold all read this index, at most max_participants entries deep.
        Index(
            "ix_xp_leaderboard_entry_ranking",
            "leaderboard_id",
            "run_start",
            "group_key",
            "value",
            "reached_at",
            "user_key",
        ),
    )

    leaderboard_id: Mapped[int] = mapped_column(ForeignKey("xp_leaderboard.id"), primary_key=True)
    run_start: Mapped[date] = mapped_column(Date, primary_key=True)
    group_key: Mapped[str] = mapped_column(String(GROUP_KEY_LENGTH), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"), primary_key=True)
    user_key: Mapped[str] = mapped_column(String(USER_ID_MAX))
    value: Mapped[float] = mapped_column(Float)
    reached_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LeaderboardSnapshot(db.Model):
    """A user's rank and value on a board run at the start and end of one local day, written
    only on days an event of theirs changed their entry while they were on the board (before
    or after it): at most one row per user, run and day."""

    __tablename__ = "xp_leaderboard_snapshot"

    leaderboard_id: Mapped[int] = mapped_column(ForeignKey("xp_leaderboard.id"), primary_key=True)
    run_start: Mapped[date] = mapped_column(Date, primary_key=True)
    group_key: Mapped[str] = mapped_column(String(GROUP_KEY_LENGTH), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    previous_rank: Mapped[int | None] = mapped_column(Integer)
    previous_value: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
