"""The review day: as in Anki, a learner's day for reviews ends at 4 AM in their time zone,
so a late-night session still counts for the evening it began in.

Pure functions of an instant and an IANA zone; the review queue, the daily limits and the
learning statistics all count days with them.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_STARTS_AT = time(4)


def review_day(at: datetime, tz: str | None) -> date:
    """The review day an aware instant falls in, in the zone `tz` (UTC when None)."""
    local = at.astimezone(ZoneInfo(tz or "UTC"))
    day = local.date()
    return day - timedelta(days=1) if local.time() < DAY_STARTS_AT else day


def day_start(day: date, tz: str | None) -> datetime:
    """When the review day `day` begins (4 AM local, as an aware UTC datetime). On a day whose
    4 AM does not exist or happens twice (a DST change), zoneinfo's fold=0 reading applies."""
    local = datetime.combine(day, DAY_STARTS_AT, ZoneInfo(tz or "UTC"))
    return local.astimezone(UTC)


def day_end(day: date, tz: str | None) -> datetime:
    """When the review day `day` ends: the next day's start."""
    return day_start(day + timedelta(days=1), tz)
