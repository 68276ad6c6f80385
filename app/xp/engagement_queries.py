"""The read side of achievements and boosts: completion stats, a user's badges, running boosts.

Completion counts come from one GROUP BY over the (achievement) index of completions, joined
to the achievements, never one count per achievement. Rarity is a percentage of every XP user.
"""

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app import clock
from app.extensions import db
from app.xp import achievement_payloads, dating, payloads
from app.xp.models import XpUser
from app.xp.models_engagement import Achievement, PointsBoost, UserAchievement
from app.xp.queries import find_points_system, find_user

_LOAD_ACHIEVEMENT = (selectinload(Achievement.metric), selectinload(Achievement.prerequisites))


def _completions():
    """Completions per achievement, as a subquery (achievement_id, completions)."""
    return (
        select(
            UserAchievement.achievement_id,
            func.count(UserAchievement.id).label("completions"),
        )
        .group_by(UserAchievement.achievement_id)
        .subquery()
    )


def _user_count() -> int:
    return db.session.scalar(select(func.count(XpUser.id)))


def achievements() -> list[dict]:
    """AchievementWithStatsResponse for every active achievement, oldest first."""
    counts = _completions()
    rows = db.session.execute(
        select(Achievement, func.coalesce(counts.c.completions, 0))
        .outerjoin(counts, counts.c.achievement_id == Achievement.id)
        .where(Achievement.status == "active")
        .order_by(Achievement.id)
        .options(*_LOAD_ACHIEVEMENT)
    ).all()
    users = _user_count()
    return [
        achievement_payloads.with_stats(achievement_payloads.achievement(a), completions, users)
        for a, completions in rows
    ]


def user_achievements(external_id: str, include_incomplete: bool = False) -> list[dict]:
    """UserAchievementWithStatsResponse for the user's completed active achievements, in the
    order they were completed; with `include_incomplete`, then every other active one
    (`achievedAt` null), oldest first."""
    user = find_user(external_id)
    counts = _completions()
    mine = (
        select(UserAchievement.achievement_id, UserAchievement.achieved_at, UserAchievement.id)
        .where(UserAchievement.user_id == user.id)
        .subquery()
    )
    query = (
        select(Achievement, mine.c.achieved_at, func.coalesce(counts.c.completions, 0))
        .join(mine, mine.c.achievement_id == Achievement.id, isouter=include_incomplete)
        .outerjoin(counts, counts.c.achievement_id == Achievement.id)
        .where(Achievement.status == "active")
        # Completed first (NULLs sort last on SQLite and first on PostgreSQL, so say it).
        .order_by(mine.c.achieved_at.is_(None), mine.c.achieved_at, mine.c.id, Achievement.id)
        .options(*_LOAD_ACHIEVEMENT)
    )
    rows = db.session.execute(query).all()
    users = _user_count()
    return [
        achievement_payloads.with_stats(
            achievement_payloads.user_achievement(a, achieved_at), completions, users
        )
        for a, achieved_at, completions in rows
    ]


def points_boosts(system_key: str, include_finished: bool = False) -> list[dict]:
    """PointsBoost for each global boost of a points system that is not archived, by start
    date; statuses as of today's UTC date; finished ones only with `include_finished`."""
    system = find_points_system(system_key)
    today = clock.today_in("UTC")
    query = select(PointsBoost).where(
        PointsBoost.system_id == system.id,
        PointsBoost.user_id.is_(None),
        PointsBoost.archived.is_(False),
    )
    if not include_finished:
        query = query.where(_not_finished(today))
    boosts = db.session.scalars(query.order_by(PointsBoost.start_date, PointsBoost.id))
    return [payloads.boost(b, today) for b in boosts]


def user_points_boosts(external_id: str, system_key: str) -> list[dict]:
    """PointsBoost for each boost of a points system that applies to the user, running or
    scheduled as of their local date today (in the zone in force: dating.zone_of): global
    ones first, then theirs, in the order an award would apply them (start date, then id)."""
    user = find_user(external_id)
    system = find_points_system(system_key)
    today = dating.date_of(user, clock.now())
    boosts = db.session.scalars(
        select(PointsBoost)
        .where(
            PointsBoost.system_id == system.id,
            or_(PointsBoost.user_id.is_(None), PointsBoost.user_id == user.id),
            PointsBoost.archived.is_(False),
            _not_finished(today),
        )
        .order_by(PointsBoost.user_id.is_not(None), PointsBoost.start_date, PointsBoost.id)
    )
    return [payloads.boost(b, today) for b in boosts]


def _not_finished(today: date):
    return or_(PointsBoost.end_date.is_(None), PointsBoost.end_date >= today)
