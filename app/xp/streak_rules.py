"""Streak rules on the learner's own calendar: pure values and functions, no database, no Flask.

The rules, as implemented (Trophy's where its documents say, ours where they are silent):

- Periods are local calendar dates in the user's IANA time zone (UTC when none; changes of
  zone below): a day, a week starting Monday, or a calendar month. Only dates are compared,
  never 24-hour spans, so 23- and 25-hour days around a DST change behave like any other day.
- A qualifying event (the caller decides: a positive value on a streak metric) extends the
  streak once per period: the first in a period adds 1 to `length`, later ones in the same
  period change nothing. `started` is the local date of the first event of the streak.
- A period that ends with no event is missed. Each missed period consumes one freeze, oldest
  first, as a job run at every local midnight would; the streak keeps its length through a
  frozen period. A missed period with no freeze left ends the streak (length 0), even when
  earlier missed periods of the same gap already used freezes: the result never depends on
  when the state is looked at.
- Freezes are earned automatically while a streak lives: `freeze_auto_earn_amount` for every
  whole `freeze_auto_earn_interval` days from `started` to the local date of the latest
  qualifying event, never above `max_freezes`. Days a freeze kept count once the learner is
  back, not during the gap, so freezes can never keep an absent learner's streak alive
  forever. A streak ends only with no freeze left, so a new streak starts with none and counts
  intervals from its own start. A new user has `starting_freezes`.
- `expires` is the last date of the period after the last covered one: the date by which an
  event keeps the streak without spending a freeze.
- Pauses (Trophy's streak pauses, set by operators) are ranges of the learner's local dates.
  A paused date neither extends nor breaks the streak: an event on it extends nothing, and a
  missed period holding a paused date is passed over (covered, its length kept, no freeze
  spent), so the streak keeps its length across the pause. For weekly and monthly streaks one
  paused date in a missed week or month is enough; an event on an unpaused date of a partly
  paused period extends the streak as usual.
- Time zones: everything dated for the learner (an event's local date, its streak period,
  the boosts of its awards, the days of time triggers) is dated in the zone in force at that
  instant. A new tz takes effect at once, unless something (an event or an award) was already
  dated today in the zone in force: then that zone goes on dating until its local date ends,
  and the new tz takes effect from the learner's next local day there (`zone_at`,
  `change_zone`). So one real moment, and one local day where the learner was, is never two
  local dates: tz=Etc/GMT+12 and a minute later tz=Pacific/Kiritimati date both events on the
  same day, however often the tz changes back and forth. The user's `tz` (what the API shows)
  is the one sent last; the zone held until the next day is kept beside it.
- Travellers keep their streak: a period at or before the last covered one never extends
  again (Tokyo -> Los Angeles can make "today" yesterday again: nothing happens, the streak
  stays). When the zone in force differs from the one of the last extension, missed periods
  are counted up to the earlier of the two local dates, so a date skipped by flying east is
  never held against the user.
- Events are applied in time order; one whose period is before the last covered one is a
  no-op (no extension, no loss). A backfilled event (recorded `at` a past instant) is dated by
  the zones as they are stored: the zone held until a date, else the user's tz; zones in force
  before the latest change are not remembered.

Use: `apply_activity` for each qualifying event, `settle` (or `current`) for a read at any
instant; store the returned state and the `StreakUpdate.periods` that `history` needs.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FREQUENCIES = ("daily", "weekly", "monthly")

# Paused ranges of local dates (first, last), both included.
Pauses = Sequence[tuple[date, date]]


@dataclass(frozen=True)
class Period:
    """One streak period: its first and last local dates, both included."""

    start: date
    end: date
    frequency: str

    def next(self) -> "Period":
        return period_of(self.end + timedelta(days=1), self.frequency)

    def previous(self) -> "Period":
        return period_of(self.start - timedelta(days=1), self.frequency)


def period_of(day: date, frequency: str) -> Period:
    """The daily, weekly (Monday to Sunday) or monthly period holding `day`."""
    if frequency == "daily":
        return Period(day, day, frequency)
    if frequency == "weekly":
        monday = day - timedelta(days=day.weekday())
        return Period(monday, monday + timedelta(days=6), frequency)
    if frequency == "monthly":
        first = day.replace(day=1)
        following = (first + timedelta(days=31)).replace(day=1)
        return Period(first, following - timedelta(days=1), frequency)
    raise ValueError(f"Unknown streak frequency {frequency!r}: use one of {', '.join(FREQUENCIES)}")


def zone(tz: str | None) -> ZoneInfo:
    """The IANA zone named `tz`, UTC when none; a clear ValueError for an unknown name."""
    try:
        return ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"Unknown time zone {tz!r}: use an IANA name such as Europe/London"
        ) from error


def local_date(at_utc: datetime, tz: str | None) -> date:
    """The calendar date at the instant `at_utc` on a wall clock in `tz`."""
    if at_utc.tzinfo is None:
        raise ValueError("Streak times must be timezone-aware datetimes (UTC)")
    return at_utc.astimezone(zone(tz)).date()


def zone_at(at_utc: datetime, tz: str | None, held_tz: str | None, held_until: date | None) -> str:
    """The zone that dates the learner's activity at `at_utc`: `held_tz` through its local
    date `held_until` (a new tz waiting for the learner's next day there), else `tz`, UTC
    when none."""
    if held_tz is not None and held_until is not None and local_date(at_utc, held_tz) <= held_until:
        return held_tz
    return tz or "UTC"


def change_zone(
    at_utc: datetime,
    tz: str | None,
    held_tz: str | None,
    held_until: date | None,
    new_tz: str | None,
    last_active_at: Callable[[date], datetime | None],
) -> tuple[str | None, date | None]:
    """The zone to hold and its last date, (None, None) for none, when the learner's tz
    changes from `tz` (with `held_tz` held through `held_until`) to `new_tz` at `at_utc`.

    The zone in force holds through its current local date when the learner was already
    active on it: `last_active_at(since)` is the instant of their latest event or award dated
    on or after the date `since` (None: none), asked only when the answer matters.
    """
    in_force = zone_at(at_utc, tz, held_tz, held_until)
    if (new_tz or "UTC") == in_force:
        return None, None  # back to the zone in force: nothing to wait for
    if in_force == held_tz:
        return held_tz, held_until  # already held for the rest of the day
    today = local_date(at_utc, in_force)
    # Dates in any two zones are at most two days apart (UTC-12 to UTC+14).
    last = last_active_at(today - timedelta(days=2))
    if last is not None and local_date(last, in_force) >= today:
        return in_force, today
    return None, None


@dataclass(frozen=True)
class StreakRule:
    """How a streak is kept: its period and its freezes (max_freezes 0 turns freezes off)."""

    frequency: str = "daily"
    max_freezes: int = 0
    starting_freezes: int = 0
    freeze_auto_earn_interval: int | None = None  # days; None: freezes are never earned
    freeze_auto_earn_amount: int = 1

    def __post_init__(self):
        if self.frequency not in FREQUENCIES:
            raise ValueError(
                f"Unknown streak frequency {self.frequency!r}: use one of {', '.join(FREQUENCIES)}"
            )
        if self.max_freezes < 0:
            raise ValueError("max_freezes must be 0 or more")
        if not 0 <= self.starting_freezes <= self.max_freezes:
            raise ValueError("starting_freezes must be between 0 and max_freezes")
        if self.freeze_auto_earn_interval is not None and self.freeze_auto_earn_interval < 1:
            raise ValueError("freeze_auto_earn_interval must be at least 1 day")
        if self.freeze_auto_earn_amount < 1:
            raise ValueError("freeze_auto_earn_amount must be at least 1")

    @property
    def freezes_enabled(self) -> bool:
        return self.max_freezes > 0

    @property
    def auto_earn_enabled(self) -> bool:
        return self.freezes_enabled and self.freeze_auto_earn_interval is not None

    def initial_state(self) -> "StreakState":
        """A user's state before their first event."""
        return StreakState(freezes=self.starting_freezes)


@dataclass(frozen=True)
class StreakState:
    """What has to be stored per user between events."""

    length: int = 0
    started: date | None = None
    period_start: date | None = None  # the period of the last extension
    period_end: date | None = None
    covered_through: date | None = None  # last date kept by an event or a freeze
    extended_at: datetime | None = None
    extended_tz: str | None = None  # the tz of the last extension, for the tz-change rule
    freezes: int = 0
    freeze_intervals_earned: int = 0  # whole auto-earn intervals already paid in this streak

    @property
    def active(self) -> bool:
        return self.length > 0


@dataclass(frozen=True)
class StreakPeriod:
    """A period worth remembering for history: extended (length after it), frozen or paused."""

    start: date
    end: date
    length: int
    used_freeze: bool = False
    used_pause: bool = False


@dataclass(frozen=True)
class StreakUpdate:
    """A new state and what happened on the way to it."""

    state: StreakState
    extended: bool = False
    used_freezes: int = 0
    earned_freezes: int = 0
    lost_length: int = 0  # the length of a streak that ended, 0 when none did
    periods: tuple[StreakPeriod, ...] = ()  # extended and frozen periods, to store for history


def _earn(state: StreakState, rule: StreakRule, through: date) -> tuple[StreakState, int]:
    """Pay the auto-earn intervals completed from `started` to `through` (both included)."""
    if not rule.auto_earn_enabled or state.started is None:
        return state, 0
    intervals = ((through - state.started).days + 1) // rule.freeze_auto_earn_interval
    due = intervals - state.freeze_intervals_earned
    if due <= 0:
        return state, 0
    freezes = max(
        state.freezes, min(rule.max_freezes, state.freezes + due * rule.freeze_auto_earn_amount)
    )
    earned = freezes - state.freezes
    return replace(state, freezes=freezes, freeze_intervals_earned=intervals), earned


def paused(pauses: Pauses, first: date, last: date) -> bool:
    """Whether any paused date falls from `first` to `last` (both included)."""
    return any(start <= last and first <= end for start, end in pauses)


def settle(
    state: StreakState, rule: StreakRule, now_utc: datetime, tz: str | None, pauses: Pauses = ()
) -> StreakUpdate:
    """The state at `now_utc`: paused periods passed over, freezes spent for the other periods
    gone by, or the loss."""
    if not state.active:
        return StreakUpdate(state)
    today = local_date(now_utc, tz)
    if (state.extended_tz or "UTC") != (tz or "UTC"):
        today = min(today, local_date(now_utc, state.extended_tz))
    current_period = period_of(today, rule.frequency)
    covered = period_of(state.covered_through, rule.frequency)
    used, frozen = 0, []
    missed = covered.next()
    while missed.start < current_period.start:
        if paused(pauses, missed.start, missed.end):
            state = replace(state, covered_through=missed.end)
            frozen.append(StreakPeriod(missed.start, missed.end, state.length, used_pause=True))
            missed = missed.next()
            continue
        if state.freezes == 0:
            return StreakUpdate(
                StreakState(freezes=0),
                used_freezes=used,
                lost_length=state.length,
                periods=tuple(frozen),
            )
        state = replace(state, freezes=state.freezes - 1, covered_through=missed.end)
        used += 1
        frozen.append(StreakPeriod(missed.start, missed.end, state.length, used_freeze=True))
        missed = missed.next()
    return StreakUpdate(state, used_freezes=used, periods=tuple(frozen))


def current(
    state: StreakState, rule: StreakRule, now_utc: datetime, tz: str | None, pauses: Pauses = ()
) -> StreakState:
    """The streak as of `now_utc`: broken if a period was missed and no freeze covered it."""
    return settle(state, rule, now_utc, tz, pauses).state


def apply_activity(
    state: StreakState, rule: StreakRule, at_utc: datetime, tz: str | None, pauses: Pauses = ()
) -> StreakUpdate:
    """Settle up to `at_utc`, then let a qualifying event extend the streak (once per period;
    never on a paused date)."""
    settled = settle(state, rule, at_utc, tz, pauses)
    state = settled.state
    day = local_date(at_utc, tz)
    period = period_of(day, rule.frequency)
    extended = (not state.active or period.start > state.covered_through) and not paused(
        pauses, day, day
    )
    periods = settled.periods
    if extended:
        if state.active:
            state = replace(state, length=state.length + 1)
        else:
            state = replace(state, length=1, started=day, freeze_intervals_earned=0)
        state = replace(
            state,
            period_start=period.start,
            period_end=period.end,
            covered_through=period.end,
            extended_at=at_utc,
            extended_tz=tz,
        )
        periods = (*periods, StreakPeriod(period.start, period.end, state.length))
    state, earned = _earn(state, rule, day)
    return StreakUpdate(
        state,
        extended=extended,
        used_freezes=settled.used_freezes,
        earned_freezes=earned,
        lost_length=settled.lost_length,
        periods=periods,
    )


def restore_window_start(today: date, frequency: str) -> date:
    """The first date of Trophy's restore window: the last 90 days for daily streaks, the weeks
    from the one holding 1 January of this year for weekly ones, the months from the start of
    last year for monthly ones."""
    if frequency == "daily":
        return today - timedelta(days=90)
    if frequency == "weekly":
        return period_of(date(today.year, 1, 1), "weekly").start
    return date(today.year - 1, 1, 1)


def restored(
    state: StreakState,
    rule: StreakRule,
    length: int,
    started: date,
    now_utc: datetime,
    tz: str | None,
) -> StreakState:
    """`state` (settled to `now_utc`) given back a streak of `length` begun on `started`, as
    if kept through the previous period: the learner extends it in the current period to keep
    it (a streak already extended in the current period stays extended). Freezes are kept;
    auto-earn counts intervals from `started` as already paid up to the restore."""
    previous = period_of(local_date(now_utc, tz), rule.frequency).previous()
    if state.active and state.covered_through > previous.end:
        kept = state  # already extended in the current period
    else:
        kept = replace(
            state,
            period_start=previous.start,
            period_end=previous.end,
            covered_through=previous.end,
            extended_at=now_utc,
            extended_tz=tz,
        )
    intervals = 0
    if rule.auto_earn_enabled:
        days = (kept.covered_through - started).days + 1
        intervals = days // rule.freeze_auto_earn_interval
    return replace(kept, length=length, started=started, freeze_intervals_earned=intervals)


def expires(state: StreakState, rule: StreakRule) -> date | None:
    """The last date of the period after the last covered one; None without a streak."""
    if not state.active:
        return None
    return period_of(state.covered_through, rule.frequency).next().end


def history(
    records: list[StreakPeriod], rule: StreakRule, today: date, periods: int
) -> list[StreakPeriod]:
    """The last `periods` periods up to and including today's, oldest first.

    `records` are the StreakUpdate.periods stored so far; a period without one has length 0.
    """
    if periods < 0:
        raise ValueError("historyPeriods must be 0 or more")
    by_start = {record.start: record for record in records}
    period = period_of(today, rule.frequency)
    rows = []
    for _ in range(periods):
        rows.append(by_start.get(period.start, StreakPeriod(period.start, period.end, 0)))
        period = period.previous()
    return rows[::-1]
