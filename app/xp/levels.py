"""Levels of a points system: which level a total is at, and the read side for /levels.

A user's level is the highest level whose threshold is at most their total; below the first
threshold they have none. Levels are never stored per user, so changing a threshold moves
everyone at once and nobody's level can disagree with their total.
"""

from collections.abc import Sequence

from sqlalchemy import Connection, and_, bindparam, func, select

from app.extensions import db
from app.xp import payloads
from app.xp.models import PointsLevel, PointsSystem, UserPointsTotal, XpUser

_levels = PointsLevel.__table__
# Every level of some systems, in threshold order: the engine reads them once per event that
# paid points, for all the systems it paid in.
_levels_of_systems = (
    select(_levels)
    .where(_levels.c.system_id.in_(bindparam("systems", expanding=True)))
    .order_by(_levels.c.system_id, _levels.c.points)
)


def level_for(levels: Sequence, total: int):
    """The highest of `levels` (in threshold order) reached by `total`, or None."""
    reached = None
    for level in levels:
        if level.points > total:
            break
        reached = level
    return reached


def level_changes(conn: Connection, moves: dict[int, tuple[int, int]]) -> dict[int, dict]:
    """PointsLevel payloads for the systems whose level a move of totals changed.

    `moves` maps a system id to the user's (total before, total after). A system appears in
    the answer only when the user ends up at a different level that is a level at all:
    dropping below the first threshold reports nothing, as there is no level to report.
    """
    if not moves:
        return {}
    by_system: dict[int, list] = {}
    for row in conn.execute(_levels_of_systems, {"systems": list(moves)}):
        by_system.setdefault(row.system_id, []).append(row)
    changed = {}
    for system_id, levels in by_system.items():
        before, after = moves[system_id]
        old, new = level_for(levels, before), level_for(levels, after)
        if new is not None and (old is None or old.id != new.id):
            changed[system_id] = payloads.level(new)
    return changed


def current_level(system: PointsSystem, total: int) -> dict | None:
    """The PointsLevel a total is at in `system`, or None (no levels, or below the first)."""
    level = db.session.scalar(
        select(PointsLevel)
        .where(PointsLevel.system_id == system.id, PointsLevel.points <= total)
        .order_by(PointsLevel.points.desc())
        .limit(1)
    )
    return None if level is None else payloads.level(level)


def levels(system: PointsSystem) -> list[dict]:
    """The system's levels, lowest threshold first."""
    return [payloads.level(level) for level in system.levels]


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
    return [
        payloads.level_summary_row(level, users.get(level.points, 0)) for level in system.levels
    ]
