"""Event summaries: a user's points or metric per day, week or month of their calendar.

Summaries are grouped in SQL over the (user, system, local_date) index of awards, or the
(user, metric, local_date) index of events; Python only fills in the empty periods of a range
that is at most 400 days long.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, DateTime, cast, func, select

from app.extensions import db
from app.xp.errors import Unprocessable
from app.xp.payloads.points import summary_row

AGGREGATIONS = ("daily", "weekly", "monthly")
# Summaries run from whole period to whole period, so keep clear of date.min and date.max.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(9998, 12, 31)
MAX_SUMMARY_DAYS = 400


def period_start(day: date, aggregation: str) -> date:
    """First day of the daily, weekly (Monday) or monthly period holding `day`."""
    if aggregation == "weekly":
        return day - timedelta(days=day.weekday())
    if aggregation == "monthly":
        return day.replace(day=1)
    return day


def next_period(start: date, aggregation: str) -> date:
    if aggregation == "weekly":
        return start + timedelta(days=7)
    if aggregation == "monthly":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=1)


def period_sql(column, aggregation: str, dialect: str):
    """SQL for the first day of the period holding a DATE column."""
    if aggregation == "daily":
        return column
    if dialect == "postgresql":
        unit = "week" if aggregation == "weekly" else "month"  # ISO weeks start on Monday
        return cast(func.date_trunc(unit, cast(column, DateTime)), Date)
    if aggregation == "weekly":
        # Back six days, then forward to the next Monday: the Monday on or before the day.
        return func.date(column, "-6 days", "weekday 1")
    return func.strftime("%Y-%m-01", column)


def as_date(value) -> date:
    """A period key as the database returns it: a date, a datetime or an ISO string."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def check_summary_range(aggregation: str, start_date: date, end_date: date) -> None:
    if aggregation not in AGGREGATIONS:
        raise Unprocessable("'aggregation' must be one of daily, weekly, monthly")
    for name, day in (("startDate", start_date), ("endDate", end_date)):
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise Unprocessable(f"'{name}' must be between {EARLIEST_DATE} and {LATEST_DATE}")
    if start_date > end_date:
        raise Unprocessable("'startDate' must not be after 'endDate'")
    if (end_date - start_date).days > MAX_SUMMARY_DAYS:
        raise Unprocessable(f"The date range must not exceed {MAX_SUMMARY_DAYS} days")


def event_summary(
    amount,
    local_date,
    where: tuple,
    aggregation: str,
    start_date: date,
    end_date: date,
    as_number: Callable[[Any], float],
) -> list[dict]:
    """Sums of the `amount` column per period: [{date, total, change}], empty periods included.

    `where` picks one user's rows (points awards or metric events); `local_date` is their
    local date column and `as_number` turns a database sum into the number to report.
    Periods are whole days, Monday-based weeks or calendar months of the user's local dates;
    the first and last periods are whole even when startDate or endDate falls inside them,
    so `date` is always the first day of a full period and `total` the total at its end.
    """
    first = period_start(start_date, aggregation)
    after_last = next_period(period_start(end_date, aggregation), aggregation)

    baseline = db.session.scalar(
        select(func.coalesce(func.sum(amount), 0)).where(*where, local_date < first)
    )
    # SQL sums per day (at most 401 rows, in index order); Python adds the days up into weeks
    # or months. Grouping by a computed week or month in SQL evaluates a date function on
    # every row, which took SQLite 60 ms for one user with 100,000 events (bench).
    changes = {}
    for row in db.session.execute(
        select(local_date.label("day"), func.sum(amount).label("change"))
        .where(*where, local_date >= first, local_date < after_last)
        .group_by(local_date)
    ):
        period = period_start(as_date(row.day), aggregation)
        changes[period] = changes.get(period, 0) + row.change

    rows = []
    running = as_number(baseline)
    current = first
    while current < after_last:
        change = as_number(changes.get(current, 0))
        running = as_number(running + change)
        rows.append(summary_row(current, running, change))
        current = next_period(current, aggregation)
    return rows
