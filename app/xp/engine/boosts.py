"""Boosts: multipliers on a points system's awards while they run.

A boost applies to an award when it is not archived, is for the award's points system, is
global or for the award's user, and the award's local date is within its start and end dates
(both included; no end date: open-ended). Several boosts stack: they are applied one after
another, global boosts first, then by start date and id, each rounding with its own rule, so
the result never depends on floating-point accidents of one big product.
"""

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from sqlalchemy import Connection, bindparam, or_, select

from app.xp.models.boosts import PointsBoost

_boosts = PointsBoost.__table__
# Every boost running on `day` for some systems, for everyone or for this user.
_running_boosts = (
    select(_boosts)
    .where(
        _boosts.c.system_id.in_(bindparam("systems", expanding=True)),
        _boosts.c.archived.is_(False),
        or_(_boosts.c.user_id.is_(None), _boosts.c.user_id == bindparam("user")),
        _boosts.c.start_date <= bindparam("day"),
        or_(_boosts.c.end_date.is_(None), _boosts.c.end_date >= bindparam("day")),
    )
    .order_by(
        _boosts.c.system_id,
        _boosts.c.user_id.is_not(None),
        _boosts.c.start_date,
        _boosts.c.id,
    )
)

_ROUNDING = {"down": ROUND_FLOOR, "up": ROUND_CEILING, "nearest": ROUND_HALF_UP}


def running_boosts(conn: Connection, user_id: int, system_ids, day: date) -> dict[int, list]:
    """The boosts that apply on the local date `day`, by system id, in the order they apply."""
    by_system: dict[int, list] = {}
    if not system_ids:
        return by_system
    rows = conn.execute(_running_boosts, {"systems": list(system_ids), "user": user_id, "day": day})
    for row in rows:
        by_system.setdefault(row.system_id, []).append(row)
    return by_system


def boosted(points: int, boosts: Sequence) -> int:
    """`points` multiplied by each boost in turn, each product rounded by that boost's rule
    (down: toward minus infinity, up: toward plus infinity, nearest: halves away from zero).

    Decimal arithmetic on the multiplier's shortest repr, so 10 x 1.1 is exactly 11.
    """
    for boost in boosts:
        product = Decimal(points) * Decimal(repr(float(boost.multiplier)))
        points = int(product.quantize(Decimal(1), rounding=_ROUNDING[boost.rounding]))
    return points
