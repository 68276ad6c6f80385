"""Levels on the read side: a user's current level, a system's levels, users per level.

A user's level is the highest level whose threshold is at most their total; levels are never
stored per user (engine/levels.py).
"""

from sqlalchemy import and_, func, select

from app.extensions import db
from app.xp.models.points import PointsLevel, PointsSystem, UserPointsTotal
from app.xp.models.users import XpUser
from app.xp.payloads.points import level as level_payload
from app.xp.payloads.points import level_summary_row


def current_level(system: PointsSystem, total: int) -> dict | None:
    """The PointsLevel a total is at in `system`, or None (no levels, or below the first)."""
    level = db.session.scalar(
        select(PointsLevel)
        .where(PointsLevel.system_id == system.id, PointsLevel.points <= total)
        .order_by(PointsLevel.points.desc())
        .limit(1)
    )
    return None if level is None else level_payload(level)


def levels(system: PointsSystem) -> list[dict]:
    """The system's levels, lowest threshold first."""
    return [level_payload(level) for level in system.levels]


def level_summary(system: PointsSystem) -> list[dict]:
    """PointsLevelSummaryResponse: how many users are at each level, lowest first.

    Counted in SQL: each user (a user with no points in the system holds 0) is matched to the
    greatest threshold at most their total. Users below the first threshold are at no level
    and appear in no row, as in Trophy.
    """
    total = func.coalesce(UserPointsTotal.total, 0)
    reached = (
        select(func.max(PointsLevel.points))
        .where(PointsLevel.system_id == system.id, PointsLevel.points <= total)
        .scalar_subquery()
    )
    per_user = (
        select(reached.label("points"))
        .select_from(XpUser)
        .outerjoin(
            UserPointsTotal,
            and_(UserPointsTotal.user_id == XpUser.id, UserPointsTotal.system_id == system.id),
        )
        .subquery()
    )
    users = dict(
        db.session.execute(
            select(per_user.c.points, func.count())
            .where(per_user.c.points.is_not(None))
            .group_by(per_user.c.points)
        ).all()
    )
    return [level_summary_row(level, users.get(level.points, 0)) for level in system.levels]
