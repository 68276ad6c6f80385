"""Building blocks for the engagement engine tests: achievements, streaks, boosts, triggers."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.boosts import PointsBoost
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem, PointsTrigger
from app.xp.models.streaks import StreakSettings

FLIPPED = "flashcards-flipped"


def metric(key=FLIPPED) -> Metric:
    return db.session.scalar(select(Metric).where(Metric.key == key))


def xp_system(key="xp") -> PointsSystem:
    return db.session.scalar(select(PointsSystem).where(PointsSystem.key == key))


def add(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def flips_achievement(value, key=None, **fields) -> Achievement:
    return add(
        Achievement(
            key=key or f"flips-{value}",
            name=fields.pop("name", f"{value} flips"),
            trigger="metric",
            metric_id=metric().id,
            metric_value=value,
            **fields,
        )
    )


def streak_achievement(length, key=None) -> Achievement:
    return add(
        Achievement(
            key=key or f"streak-{length}",
            name=f"{length}-day streak",
            trigger="streak",
            streak_length=length,
        )
    )


def trigger(type_, points, system=None, **fields) -> PointsTrigger:
    return add(
        PointsTrigger(system_id=(system or xp_system()).id, type=type_, points=points, **fields)
    )


def streaks_on(**settings) -> None:
    """flashcards-flipped counts for the streak; settings as StreakSettings columns."""
    metric().counts_for_streak = True
    if settings:
        db.session.add(StreakSettings(id=1, **settings))
    db.session.commit()


def boost(multiplier, start, end=None, rounding="down", user=None, name="Boost"):
    from app.xp.models.users import XpUser

    user_id = None
    if user is not None:
        user_id = db.session.scalar(select(XpUser.id).where(XpUser.external_id == user))
    return add(
        PointsBoost(
            system_id=xp_system().id,
            user_id=user_id,
            name=name,
            start_date=start,
            end_date=end,
            multiplier=multiplier,
            rounding=rounding,
        )
    )


def at(day: str, hour=12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def flip(value=1, user="ana", when=None, tz=None, **kwargs):
    body = {"id": user}
    if tz:
        body["tz"] = tz
    return record_event(FLIPPED, body, value, at=when, **kwargs)


def completions(user=None) -> int:
    query = select(func.count()).select_from(UserAchievement)
    return db.session.scalar(query)


def days(start: str, n: int, hour=12):
    """`n` consecutive UTC noons from `start`."""
    first = date.fromisoformat(start)
    return [at((first + timedelta(days=i)).isoformat(), hour) for i in range(n)]
