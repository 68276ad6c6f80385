"""Achievements on the read side: every achievement with its stats, a user's badges.

Completion counts come from one GROUP BY over the (achievement) index of completions, joined
to the achievements, never one count per achievement. Rarity is a percentage of every XP user.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.users import XpUser
from app.xp.payloads import achievements as achievement_payloads
from app.xp.queries.lookup import find_user

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
