"""Boosts: multipliers on a points system's awards while they run.

Each boosted award lists the boosts that multiplied it (AwardBoost).
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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.columns import UTCDateTime, new_uuid
from app.extensions import db
from app.xp.models.points import PointsSystem
from app.xp.models.users import XpUser

BOOST_ROUNDINGS = ("down", "up", "nearest")


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
