"""Analytics across users: points per period, per trigger, per total bucket, and counts.

Every number is an aggregate computed by the database (GROUP BY, COUNT, SUM); Python only
fills in empty periods and works out shares, so the cost stays one small result set however
many events and awards there are.
"""

from datetime import date

from sqlalchemy import Integer, and_, case, cast, distinct, func, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.xp.errors import Unprocessable
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.metrics import Metric, MetricEvent
from app.xp.models.points import PointsAward, PointsSystem, PointsTrigger, UserPointsTotal
from app.xp.models.streaks import StreakSettings, UserStreak
from app.xp.models.users import XpUser
from app.xp.payloads import points as payloads
from app.xp.payloads.achievements import with_stats
from app.xp.payloads.values import iso_date
from app.xp.queries.summaries import (
    as_date,
    check_summary_range,
    next_period,
    period_sql,
    period_start,
)

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
    period = period_sql(PointsAward.local_date, aggregation, _dialect()).label("period")
    by_period = {
        as_date(row.period): row
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
                "date": iso_date(current),
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
        .options(selectinload(PointsTrigger.metric), selectinload(PointsTrigger.achievement))
    ).all()

    all_points = sum(int(row.points) for row in rows)
    return [
        {
            "trigger": payloads.trigger(row.PointsTrigger),
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


def streak_frequency() -> str:
    """The streak's frequency from the streak settings: "daily", "weekly" or "monthly"."""
    settings = db.session.get(StreakSettings, 1)
    return settings.frequency if settings else "daily"


def achievement_stats() -> dict[int, dict]:
    """Per achievement id (every status): `{completions, rarity}`, in one query.

    Rarity is the percentage of all XP users who completed it, rounded as GET /achievements
    rounds it (achievement_payloads.with_stats).
    """
    users = select(func.count()).select_from(XpUser).scalar_subquery()
    rows = db.session.execute(
        select(
            Achievement.id,
            func.count(UserAchievement.id).label("completions"),
            users.label("users"),
        )
        .outerjoin(UserAchievement, UserAchievement.achievement_id == Achievement.id)
        .group_by(Achievement.id)
    )
    return {row.id: with_stats({}, row.completions, row.users) for row in rows}


EPOCH = date(1970, 1, 1)  # a Thursday, hence the 3 days to the weeks' Mondays below


def _period_index(day: date, frequency: str) -> int:
    """The number of the streak period holding `day`, counted from 1970."""
    days = (day - EPOCH).days
    if frequency == "daily":
        return days
    if frequency == "weekly":
        return (days + 3) // 7
    return day.year * 12 + day.month - 1


def _period_index_sql(column, frequency: str):
    """_period_index in SQL, for a DATE column."""
    if _dialect() == "postgresql":
        days = column - EPOCH
        months = cast(func.extract("year", column) * 12 + func.extract("month", column), Integer)
    else:
        days = cast(func.julianday(column) - func.julianday(EPOCH.isoformat()), Integer)
        months = cast(func.strftime("%Y", column), Integer) * 12 + cast(
            func.strftime("%m", column), Integer
        )
    if frequency == "daily":
        return days
    if frequency == "weekly":
        return (days + 3) // 7
    return months - 1


def streak_stats(frequency: str, today: date) -> dict:
    """`{active, longest_active, longest_ever}`: users whose streak is alive on `today`, the
    longest of those streaks, and the longest streak any user ever had.

    A stored streak is alive while the periods missed since the last one it covered are no
    more than its freezes (streaks.settle spends one per missed period), so no user's state
    has to be loaded and settled to count them.
    """
    # Periods from the last covered one to today's: one more than the periods missed.
    periods_since = _period_index(today, frequency) - _period_index_sql(
        UserStreak.covered_through, frequency
    )
    alive = and_(UserStreak.length > 0, periods_since <= UserStreak.freezes + 1)
    row = db.session.execute(
        select(
            func.coalesce(func.sum(case((alive, 1), else_=0)), 0).label("active"),
            func.coalesce(func.max(case((alive, UserStreak.length))), 0).label("longest_active"),
            func.coalesce(func.max(UserStreak.longest), 0).label("longest_ever"),
        )
    ).one()
    return {
        "active": int(row.active),
        "longest_active": int(row.longest_active),
        "longest_ever": int(row.longest_ever),
    }


def _check_range(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise Unprocessable("'startDate' must not be after 'endDate'")


def _dialect() -> str:
    return db.session.get_bind().dialect.name
