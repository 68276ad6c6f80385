"""Points on the read side: a points system, a user's points with recent awards, their
points per period."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.xp.errors import Unprocessable
from app.xp.models.points import PointsAward, PointsTrigger, UserPointsTotal
from app.xp.payloads import points as payloads
from app.xp.queries.levels import current_level
from app.xp.queries.lookup import find_points_system, find_user
from app.xp.queries.summaries import check_summary_range, event_summary

MAX_AWARDS = 100


def points_system(key: str) -> dict:
    """PointsSystemResponse: the system with its active triggers."""
    system = find_points_system(key)
    return payloads.points_system_response(system, system.triggers)


def user_points(external_id: str, system_key: str, awards: int = 10) -> dict:
    """GetUserPointsResponse: the user's total and their `awards` most recent awards."""
    if isinstance(awards, bool) or not isinstance(awards, int) or not 1 <= awards <= MAX_AWARDS:
        raise Unprocessable(f"'awards' must be an integer from 1 to {MAX_AWARDS}")
    user = find_user(external_id)
    system = find_points_system(system_key)
    total = db.session.scalar(
        select(UserPointsTotal.total).where(
            UserPointsTotal.user_id == user.id, UserPointsTotal.system_id == system.id
        )
    )
    recent = db.session.scalars(
        select(PointsAward)
        .where(PointsAward.user_id == user.id, PointsAward.system_id == system.id)
        .order_by(PointsAward.occurred_at.desc(), PointsAward.id.desc())
        .limit(awards)
        .options(selectinload(PointsAward.trigger).selectinload(PointsTrigger.metric))
    ).all()
    return payloads.user_points(system, total or 0, recent, current_level(system, total or 0))


def points_event_summary(
    external_id: str, system_key: str, aggregation: str, start_date: date, end_date: date
) -> list[dict]:
    """The user's points per period: [{date, total, change}], as event_summary() describes."""
    check_summary_range(aggregation, start_date, end_date)
    user = find_user(external_id)
    system = find_points_system(system_key)
    return event_summary(
        PointsAward.awarded,
        PointsAward.local_date,
        (PointsAward.user_id == user.id, PointsAward.system_id == system.id),
        aggregation,
        start_date,
        end_date,
        as_number=int,
    )
