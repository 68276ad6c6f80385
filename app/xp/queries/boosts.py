"""Boosts on the read side: a points system's global boosts, and the boosts a user's awards get.

A boost's status (scheduled, active, finished) is as of a local date: today in UTC for the
global list, the user's local date (engine.dating) for theirs.
"""

from datetime import date

from sqlalchemy import or_, select

from app import clock
from app.extensions import db
from app.xp.engine import dating
from app.xp.models.boosts import PointsBoost
from app.xp.payloads.points import boost
from app.xp.queries.lookup import find_points_system, find_user


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
    return [boost(b, today) for b in boosts]


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
    return [boost(b, today) for b in boosts]


def _not_finished(today: date):
    return or_(PointsBoost.end_date.is_(None), PointsBoost.end_date >= today)
