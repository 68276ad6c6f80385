"""Levels of a points system on the write side: which level a total is at, and the changes
an award makes (the read side for /levels: queries/levels.py).

A user's level is the highest level whose threshold is at most their total; below the first
threshold they have none. Levels are never stored per user, so changing a threshold moves
everyone at once and nobody's level can disagree with their total.
"""

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, select

from app.xp.models.points import PointsLevel
from app.xp.payloads.points import level as level_payload

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
            changed[system_id] = level_payload(new)
    return changed
