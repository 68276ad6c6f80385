"""Leaderboard rules on the learner's own calendar: pure values and functions, no database.

The rules, as implemented (Trophy's where its documents say, ours where they are silent):

- A board runs from its `start` date to its `end` date (both included; no end: forever). With
  a `run_unit` ("day", "month" or "year") it repeats: run k starts `k * run_interval` units
  after `start` (a monthly board starting on the 31st starts its February run on the 28th or
  29th, and its March run on the 31st again: each start is counted from `start`, never from
  the run before). A run ends the day before the next one starts, or on `end`, whichever
  comes first. Without a run unit the board is one run, from `start` to `end`.
- Dates are each user's local dates, as the engine dates their events (the zone in force:
  streak_rules.zone_at), so an event counts in the run that contains its local date.
- A run is final 12 hours after its UTC end (`end + 1 day` at 00:00 UTC, plus 12 hours): by
  then the run's last day is over in every zone (UTC-12 is the last one to leave it), and no
  event counts in it any more. Likewise a board opens when its first day begins somewhere
  (00:00 in UTC+14, 14 hours before 00:00 UTC).
- `start_time` / `end_time` ("HH:mm", optional): only activity at or after `start_time` and
  before `end_time` of the local day counts. A window whose start is after its end wraps
  midnight ("22:00" to "02:00").
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

RUN_UNITS = ("day", "month", "year")
RANK_BY = ("points", "metric", "streak")
MAX_PARTICIPANTS = 1000
# A run's last day is over everywhere this long after it ends in UTC (UTC-12).
FINAL_AFTER = timedelta(hours=12)
# A day begins this long before 00:00 UTC somewhere (UTC+14).
EARLIEST_OFFSET = timedelta(hours=14)
TIME_OF_DAY = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?")


@dataclass(frozen=True)
class Run:
    """One run of a board: its first and last local dates (no last date: it never ends)."""

    start: date
    end: date | None


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _month_length(year, month)))


def _month_length(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


@dataclass(frozen=True)
class Schedule:
    """When a board counts: its dates and how it repeats."""

    start: date
    end: date | None = None
    run_unit: str | None = None
    run_interval: int | None = None

    def __post_init__(self):
        if self.run_unit is not None:
            if self.run_unit not in RUN_UNITS:
                raise ValueError(f"run_unit must be one of {RUN_UNITS}")
            if not isinstance(self.run_interval, int) or self.run_interval < 1:
                raise ValueError("a repeating board needs run_interval >= 1")

    def _run_start(self, k: int) -> date:
        n = self.run_interval
        if self.run_unit == "day":
            return self.start + timedelta(days=k * n)
        months = k * n * (12 if self.run_unit == "year" else 1)
        return add_months(self.start, months)

    def _run(self, k: int) -> Run:
        if self.run_unit is None:
            return Run(self.start, self.end)
        last = self._run_start(k + 1) - timedelta(days=1)
        return Run(self._run_start(k), last if self.end is None else min(last, self.end))

    def run_of(self, day: date) -> Run | None:
        """The run that contains the local date `day`, or None outside the board's dates."""
        if day < self.start or (self.end is not None and day > self.end):
            return None
        if self.run_unit is None:
            return self._run(0)
        if self.run_unit == "day":
            k = (day - self.start).days // self.run_interval
        else:
            per_run = self.run_interval * (12 if self.run_unit == "year" else 1)
            months = (day.year - self.start.year) * 12 + day.month - self.start.month
            k = months // per_run
            if self._run_start(k) > day:
                k -= 1
        return self._run(k)

    def first_run(self) -> Run:
        return self._run(0)

    def runs(self, through: date) -> list[Run]:
        """Every run that starts on or before `through`, in order."""
        found, k = [], 0
        while True:
            run = self._run(k)
            if run.start > through or (self.end is not None and run.start > self.end):
                return found
            found.append(run)
            if self.run_unit is None:
                return found
            k += 1


def final_at(run_end: date | None) -> datetime | None:
    """The instant from which a run ending on `run_end` is final (None: it never ends)."""
    if run_end is None:
        return None
    return datetime.combine(run_end + timedelta(days=1), time(), UTC) + FINAL_AFTER


def opens_at(start: date) -> datetime:
    """The first instant at which some zone (UTC+14) has reached the date `start`."""
    return datetime.combine(start, time(), UTC) - EARLIEST_OFFSET


def accepts(run: Run, at: datetime) -> bool:
    """Whether activity at the instant `at` may still change the run (it is not final)."""
    final = final_at(run.end)
    return final is None or at < final


def board_status(start: date, end: date | None, now: datetime, finished: bool = False) -> str:
    """Trophy's status of a live board at `now`: "scheduled" until its first day begins
    somewhere, "finished" once its last run is final (or an operator finished it), else
    "active"."""
    if finished:
        return "finished"
    if now < opens_at(start):
        return "scheduled"
    final = final_at(end)
    if final is not None and now >= final:
        return "finished"
    return "active"


def current_day(now: datetime) -> date:
    """The date a board-wide read ("the current run") goes by: the UTC date."""
    return now.astimezone(UTC).date()


def parse_time_of_day(text: str | None) -> time | None:
    """ "HH:mm" (or "HH:mm:ss") as a time; None for None. ValueError when malformed."""
    if text is None:
        return None
    if not isinstance(text, str) or not TIME_OF_DAY.fullmatch(text):
        raise ValueError(f"a time of day is HH:mm, not {text!r}")
    return time.fromisoformat(text)


def in_window(local: time, start_time: str | None, end_time: str | None) -> bool:
    """Whether the local time of day `local` is inside the board's daily window."""
    low, high = parse_time_of_day(start_time), parse_time_of_day(end_time)
    local = local.replace(microsecond=0, tzinfo=None)
    if low is not None and high is not None and low > high:  # wraps midnight
        return local >= low or local < high
    return (low is None or local >= low) and (high is None or local < high)


def shown_value(value: float) -> int:
    """A run value as Trophy's integer `value`: the total rounded down (metric totals may be
    fractional; points and streak lengths are whole)."""
    whole = int(value)
    return whole - 1 if whole > value else whole
