"""Trophy-shaped year-in-review JSON: WrappedResponse and its parts (GET /users/{id}/wrapped).

A period's numbers come as they are counted (queries/wrapped.py); this module only writes
them in Trophy's fields. `percentChange` is the change against the total before the period.
"""

from datetime import date

from app.xp.payloads.values import iso_date, number

PERCENT_DECIMALS = 2


def percent_change(before: float, change: float) -> float | int:
    """The change as a percentage of the total before it (two decimals); from a total of 0,
    +100 for a gain, -100 for a loss and 0 for none. A negative total counts by its size, so
    a gain is always positive."""
    if before == 0:
        return 100 if change > 0 else -100 if change < 0 else 0
    return number(round(100 * change / abs(before), PERCENT_DECIMALS))


def wrapped_metric(metric, total: float, change: float) -> dict:
    """WrappedMetric: `total` is the user's metric total at the period's end."""
    return {
        "name": metric.name,
        "units": metric.unit,
        "currentTotal": number(total),
        "changeThisPeriod": number(change),
        "percentChange": percent_change(total - change, change),
        "byAttribute": {},
    }


def wrapped_points(system, total: int, change: int) -> dict:
    """WrappedPoints: `total` is the user's points total at the period's end."""
    return {
        "name": system.name,
        "description": system.description,
        "currentTotal": total,
        "changeThisPeriod": change,
        "percentChange": percent_change(total - change, change),
    }


def activity_period(
    metrics: dict, points: dict, achievements: list, leaderboards: dict, **where
) -> dict:
    """WrappedActivityPeriod, with the fields that say which period it is (`date`; `start`
    and `end`; `month`, 0 for January; none for the entire year)."""
    return {
        **where,
        "metrics": metrics,
        "points": points,
        "achievements": achievements,
        "leaderboards": leaderboards,
    }


def longest_streak(
    length: int, frequency: str, started: date | None, period_end: date | None
) -> dict:
    """WrappedStreak: as in Trophy's example, periodStart is the streak's first period's
    start (= started) and periodEnd the end of the period in which it reached `length`."""

    def as_text(day: date | None) -> str | None:
        return iso_date(day) if day is not None else None

    return {
        "length": length,
        "frequency": frequency,
        "periodStart": as_text(started),
        "periodEnd": as_text(period_end),
        "started": as_text(started),
    }


def wrapped(user: dict, activity: dict) -> dict:
    """WrappedResponse."""
    return {"user": user, "activity": activity}
