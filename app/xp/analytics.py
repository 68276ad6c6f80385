"""Analytics across users: points per period, per trigger, per total bucket, and counts.

Every number is an aggregate computed by the database (GROUP BY, COUNT, SUM); Python only
fills in empty periods and works out shares, so the cost stays one small result set however
many events and awards there are.
"""

from datetime import date

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.xp import payloads
from app.xp.errors import Unprocessable
from app.xp.models import (
    Metric,
    MetricEvent,
    PointsAward,
    PointsSystem,
    PointsTrigger,
    UserPointsTotal,
    XpUser,
)
from app.xp.queries import _as_date, _period_sql, check_summary_range, next_period, period_start

# Trophy's points summary: one range for 0 (and below), then ten equal ranges up to a power
# of ten.
SUMMARY_RANGES = 10


def points_over_time(system: PointsSystem, aggregation: str, start: date, end: date) -> list[dict]:
    """Points awarded across all users per period of local dates, empty periods included.

    Rows are `{date, points, awards, users, total}`: the period's first day, the sum and
    count of its awards, the distinct users awarded, and the system's cumulative points at
    the end of the period (everything before the range included). Periods are whole, as in
    queries.points_event_summary.
    """
    check_summary_range(aggregation, start, end)
    first = period_start(start, aggregation)
    after_last = next_period(period_start(end, aggregation), aggregation)
    in_system = PointsAward.system_id == system.id

    before = db.session.scalar(
        select(func.coalesce(func.sum(PointsAward.awarded), 0)).where(
            in_system, PointsAward.local_date < first
        )
    )
    period = _period_sql(PointsAward.local_date, aggregation, _dialect()).label("period")
    by_period = {
        _as_date(row.period): row
        for row in db.session.execute(
            select(
                period,
                func.sum(PointsAward.awarded).label("points"),
                func.count().label("awards"),
                func.count(distinct(PointsAward.user_id)).label("users"),
            )
            .where(in_system, PointsAward.local_date >= first, PointsAward.local_date < after_last)
            .group_by(period)
        )
    }

    rows = []
    total = int(before)
    current = first
    while current < after_last:
        row = by_period.get(current)
        points, awards, users = (int(row.points), row.awards, row.users) if row else (0, 0, 0)
        total += points
        rows.append(
            {
                "date": payloads.iso_date(current),
                "points": points,
                "awards": awards,
                "users": users,
                "total": total,
            }
        )
        current = next_period(current, aggregation)
    return rows


def trigger_breakdown(
    system: PointsSystem, start: date | None = None, end: date | None = None
) -> list[dict]:
    """Points per trigger between two local dates (None: unbounded), largest first.

    Lists every trigger of the system with awards in the range, whatever its status now, and
    every active trigger even without awards, so an operator sees what pays and what does
    not. Ties keep the triggers' creation order.
    """
    _check_range(start, end)
    in_range = [PointsAward.system_id == system.id]
    if start is not None:
        in_range.append(PointsAward.local_date >= start)
    if end is not None:
        in_range.append(PointsAward.local_date <= end)
    per_trigger = (
        select(
            PointsAward.trigger_id,
            func.sum(PointsAward.awarded).label("points"),
            func.count().label("awards"),
            func.count(distinct(PointsAward.user_id)).label("users"),
        )
        .where(*in_range)
        .group_by(PointsAward.trigger_id)
        .subquery()
    )
    points = func.coalesce(per_trigger.c.points, 0)
    rows = db.session.execute(
        select(
            PointsTrigger,
            points.label("points"),
            func.coalesce(per_trigger.c.awards, 0).label("awards"),
            func.coalesce(per_trigger.c.users, 0).label("users"),
        )
        .outerjoin(per_trigger, per_trigger.c.trigger_id == PointsTrigger.id)
        .where(
            PointsTrigger.system_id == system.id,
            or_(PointsTrigger.status == "active", per_trigger.c.trigger_id.is_not(None)),
        )
        .order_by(points.desc(), PointsTrigger.id)
        .options(selectinload(PointsTrigger.metric))
    ).all()

    all_points = sum(int(row.points) for row in rows)
    return [
        {
            "trigger": payloads.trigger(row.PointsTrigger),
            "label": _trigger_label(row.PointsTrigger),
            "points": int(row.points),
            "awards": row.awards,
            "users": row.users,
            "share": round(int(row.points) / all_points, 4) if all_points else 0.0,
        }
        for row in rows
    ]


def points_distribution(system: PointsSystem) -> list[dict]:
    """Trophy's PointsSummaryResponse: how many users hold how many points.

    Eleven ranges: 0 to 0 (every XP user with no points in this system, or fewer than
    none), then ten equal ranges from 1 to the greatest total rounded up to a power of ten
    (at least 10).
    """
    greatest = db.session.scalar(
        select(func.max(UserPointsTotal.total)).where(UserPointsTotal.system_id == system.id)
    )
    top = 10
    while top < (greatest or 0):
        top *= 10
    width = top // SUMMARY_RANGES

    total = func.coalesce(UserPointsTotal.total, 0)
    # The last range is the ELSE, so no bound above 9 * width is ever sent as a parameter
    # (10 * width may exceed a BIGINT when the greatest total is near the limit).
    bucket = case(
        (total <= 0, 0),
        *((total <= width * n, n) for n in range(1, SUMMARY_RANGES)),
        else_=SUMMARY_RANGES,
    )
    per_user = (
        select(bucket.label("bucket"))
        .select_from(XpUser)
        .outerjoin(
            UserPointsTotal,
            and_(UserPointsTotal.user_id == XpUser.id, UserPointsTotal.system_id == system.id),
        )
        .subquery()
    )
    # Grouping on the subquery's column, not the CASE itself: PostgreSQL would not match two
    # copies of a CASE whose bounds are separate bind parameters.
    users = dict(
        db.session.execute(
            select(per_user.c.bucket, func.count()).group_by(per_user.c.bucket)
        ).all()
    )

    rows = [payloads.points_summary_row(0, 0, users.get(0, 0))]
    for n in range(1, SUMMARY_RANGES + 1):
        rows.append(payloads.points_summary_row(width * (n - 1) + 1, width * n, users.get(n, 0)))
    return rows


def active_users(system: PointsSystem, start: date, end: date) -> dict:
    """`{active, earning}` between two local dates (inclusive).

    `active`: distinct users with an event on a metric any of the system's metric triggers
    counts (whatever the trigger's status); `earning`: distinct users awarded points in it.
    """
    _check_range(start, end)
    counted_metrics = select(PointsTrigger.metric_id).where(
        PointsTrigger.system_id == system.id,
        PointsTrigger.type == "metric",
        PointsTrigger.metric_id.is_not(None),
    )
    active = (
        select(func.count(distinct(MetricEvent.user_id)))
        .where(
            MetricEvent.metric_id.in_(counted_metrics),
            MetricEvent.local_date >= start,
            MetricEvent.local_date <= end,
        )
        .scalar_subquery()
    )
    earning = (
        select(func.count(distinct(PointsAward.user_id)))
        .where(
            PointsAward.system_id == system.id,
            PointsAward.local_date >= start,
            PointsAward.local_date <= end,
        )
        .scalar_subquery()
    )
    row = db.session.execute(select(active.label("active"), earning.label("earning"))).one()
    return {"active": row.active, "earning": row.earning}


def points_system_stats() -> dict[int, dict]:
    """Per points system id (every system): `{points, users}` all time.

    `points` sums the users' totals, which are by construction the running sums of their
    awards (the engine moves both in one transaction), so it is the points ever awarded,
    read from one row per user instead of one per award.
    """
    rows = db.session.execute(
        select(
            PointsSystem.id,
            func.coalesce(func.sum(UserPointsTotal.total), 0).label("points"),
            func.count(UserPointsTotal.user_id).label("users"),
        )
        .outerjoin(UserPointsTotal, UserPointsTotal.system_id == PointsSystem.id)
        .group_by(PointsSystem.id)
    )
    return {row.id: {"points": int(row.points), "users": row.users} for row in rows}


def metric_stats() -> dict[int, dict]:
    """Per metric id (every metric): `{events, users}`, the events recorded and who sent them."""
    rows = db.session.execute(
        select(
            Metric.id,
            func.count(MetricEvent.id).label("events"),
            func.count(distinct(MetricEvent.user_id)).label("users"),
        )
        .outerjoin(MetricEvent, MetricEvent.metric_id == Metric.id)
        .group_by(Metric.id)
    )
    return {row.id: {"events": row.events, "users": row.users} for row in rows}


def trigger_points(system: PointsSystem) -> dict[int, int]:
    """Per trigger id of the system (every status): the points it has awarded, all time."""
    rows = db.session.execute(
        select(PointsTrigger.id, func.coalesce(func.sum(PointsAward.awarded), 0).label("points"))
        .outerjoin(PointsAward, PointsAward.trigger_id == PointsTrigger.id)
        .where(PointsTrigger.system_id == system.id)
        .group_by(PointsTrigger.id)
    )
    return {row.id: int(row.points) for row in rows}


def _trigger_label(t: PointsTrigger) -> str:
    """What a trigger pays for, as an operator reads it: "+10 every 5 Flashcards Flipped"."""
    if t.type == "metric":
        return f"{t.points:+d} every {t.metric_threshold} {t.metric.name}"
    return f"{t.points:+d} for {t.type.replace('_', ' ')}"


def _check_range(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise Unprocessable("'startDate' must not be after 'endDate'")


def _dialect() -> str:
    return db.session.get_bind().dialect.name
