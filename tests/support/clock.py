"""The tests' hold on app/clock.py: time-machine moves the one "now" that app code reads.

Two ways a test's time is set, both through time-machine (which also moves the server
threads and libraries such as Flask-WTF and Flask-Login, since it patches the clock itself):

- the run's instant: `pytest --clock 2027-12-31T23:59:00Z` runs every test as if it started
  at that instant, ticking on from there; given several times, every test runs once at each
  (the calendar sweep in .ci/run); without the option a test runs at the real time;
- the `clock` fixture, for a test whose answer depends on the date: it freezes the clock
  where it stands (at the --clock instant, else the real time) and moves it on request.
  `run_date()` and `run_instant()` are the run's (or in a sweep, the test's) date and instant,
  for helpers that date test data.
  Tests never read the real date themselves (tests/test_clock_guard.py checks).

Move the clock before logging in, or only forward: a form token or a session signed "in the
future" is refused as it would be in production.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from app import clock as app_clock

# The run's instant: --clock, else the real time when the run was configured; in a calendar
# sweep (several --clock instants), the instant of the test that is running.
_run_instant: datetime | None = None


def start_run(instant: datetime) -> None:
    global _run_instant
    _run_instant = instant


def run_instant() -> datetime:
    """The run's instant: --clock's, else when the run began."""
    if _run_instant is None:
        raise RuntimeError("the run's instant is set by tests/conftest.py's pytest_configure")
    return _run_instant


def run_date(tz: str | None = None) -> date:
    """The date a clock in `tz` (UTC when none) shows at the run's instant."""
    return run_instant().astimezone(ZoneInfo(tz or "UTC")).date()


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant with an offset or Z ("2027-01-01T00:00:00Z"), as aware UTC."""
    try:
        instant = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        example = "2027-01-01T00:00Z"
        raise ValueError(f"An instant is ISO 8601 like {example}, not {text!r}") from None
    if instant.tzinfo is None:
        raise ValueError(f"An instant needs an offset or Z to be exact: {text!r}")
    return instant.astimezone(UTC)


def wall(text: str, tz: str) -> datetime:
    """The UTC instant at which a clock in the IANA zone `tz` shows `text` ("2026-03-29 01:30")."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


class Clock:
    """A frozen clock a test can read and move. Every move is absolute or forward-looking
    in the test's own words: `clock.set(wall("2026-03-29 00:30", "Europe/London"))`,
    `clock.shift(days=1)`."""

    def __init__(self, start: datetime):
        self._traveller = time_machine.travel(start, tick=False)
        self._coordinates = self._traveller.start()

    @property
    def now(self) -> datetime:
        """The pinned instant, aware UTC (what app.clock.now() answers)."""
        return app_clock.now()

    def today(self, tz: str | None = None) -> date:
        """The date a clock in `tz` (UTC when none) shows at the pinned instant."""
        return app_clock.today_in(tz)

    def set(self, instant: datetime | str | float) -> datetime:
        """Move to `instant` (aware, an ISO text with an offset, or Unix seconds) and stay."""
        if isinstance(instant, str):
            instant = parse_instant(instant)
        elif isinstance(instant, int | float):
            instant = datetime.fromtimestamp(instant, UTC)
        if instant.tzinfo is None:
            raise ValueError("clock.set() needs an aware datetime")
        self._coordinates.move_to(instant)
        return self.now

    def shift(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move by `delta` (or timedelta(**parts)): clock.shift(days=1)."""
        self._coordinates.shift(delta if delta is not None else timedelta(**parts))
        return self.now

    def stop(self) -> None:
        self._traveller.stop()


@contextmanager
def running_from(instant: datetime) -> Iterator[None]:
    """The clock starts at `instant` and ticks on in real time."""
    with time_machine.travel(instant, tick=True):
        yield
