"""Achievements: badges a user completes once, their prerequisites and the completions.

Completions (UserAchievement) are unique per (user, achievement) in the database, so an
achievement is completed at most once per user even when events race.
"""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
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
from app.xp.models.metrics import METRIC_KEY_MAX, Metric
from app.xp.models.users import XpUser

ACHIEVEMENT_TRIGGERS = ("metric", "streak", "api", "achievement")


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
