"""StudyXP's one "now": every reading of the current time in app code comes through here.

Dates are inputs like any other: a learner's "today" depends on the instant and their time
zone, and code that reads the system clock in several places cannot be tested on 29 February,
on a DST change day or a minute before New Year. Tests move this clock with time-machine
(see docs/time.md); nothing in app code takes a "now" argument only so that tests can pass one.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def now() -> datetime:
    """The current instant as an aware UTC datetime."""
    return datetime.now(UTC)


def timestamp() -> float:
    """The current instant in seconds since the Unix epoch (for counters and windows)."""
    return now().timestamp()


def today_in(tz: str | None) -> date:
    """The calendar date a clock in the IANA zone `tz` shows now (UTC when none)."""
    return now().astimezone(ZoneInfo(tz or "UTC")).date()
