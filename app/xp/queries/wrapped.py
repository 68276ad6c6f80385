"""A user's year in review on the read side: GET /users/{id}/wrapped (Trophy's WrappedResponse).

Everything is counted on the user's own local dates (the dates stored on their events, awards
and streak periods), from January 1 to December 31 of the year:

- a day is **active** when the user sent at least one event dated on it; weeks run Monday to
  Sunday, cut at the year's ends (a week that starts in December of the year before counts
  from January 1, and its start says so); months are calendar months, 0 for January;
- the **most active** day, week and month are those with the most events (any metric); on
  equal counts the earliest. A year without events has every period at 0 events, so the
  earliest wins: January 1, the year's first week, January;
- each period lists every active metric and points system, by key, with the user's total
  at the period's end, the period's change and its percentage of the total before it;
  the achievements completed in it (active ones, in the order completed); and, by key, the
  best rank the user held on each board that is not inactive, from the daily snapshots of
  the period's days (end of day), with their value then: on equal ranks the highest value,
  then the earliest day;
- `longestStreak` is the longest length the streak reached in a period that starts in the
  year (the earliest such period on a tie), counted from the streak's start even if that
  was the year before.

About a dozen statements, however long the year and however active the user: events and
awards are summed per day in SQL over their (user, ..., local_date) indexes, and Python adds
the days (at most 366 rows per metric or system) into periods.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import clock
from app.extensions import db
from app.xp.engine import dating
from app.xp.engine.leaderboards import boards_query
from app.xp.engine.streaks import SETTINGS_ID, rule_from_row
from app.xp.errors import Unprocessable
from app.xp.inputs import VALUE_DECIMALS
from app.xp.leaderboard_rules import shown_value
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.leaderboards import Leaderboard, LeaderboardSnapshot
from app.xp.models.metrics import Metric, MetricEvent
from app.xp.models.points import PointsAward, PointsSystem
from app.xp.models.streaks import StreakSettings, UserStreakPeriod
from app.xp.payloads import achievements as achievement_payloads
from app.xp.payloads import leaderboards as leaderboard_payloads
from app.xp.payloads import wrapped as payloads
from app.xp.payloads.users import user as user_payload
from app.xp.queries.leaderboards import status_of
from app.xp.queries.lookup import find_user

_LOAD_ACHIEVEMENT = (selectinload(Achievement.metric), selectinload(Achievement.prerequisites))


@dataclass(frozen=True)
class Span:
    """Local dates from `first` to `last`, both included."""

    first: date
    last: date

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last


def check_year(year, this_year: int) -> int:
    """A whole year from 1 to the user's current one (Trophy: "between 1 and the current
    year"); Unprocessable otherwise."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= this_year:
        shown = str(year)[:40]
        raise Unprocessable(f"'year' must be a whole number from 1 to {this_year}, not '{shown}'")
    return year


def user_wrapped(external_id: str, year: int | str | None = None) -> dict:
    """WrappedResponse for `year` (default: the current year in the user's time zone)."""
    user = find_user(external_id)
    now = clock.now()
    this_year = dating.date_of(user, now).year
    year = check_year(this_year if year is None else year, this_year)
    whole = Span(date(year, 1, 1), date(year, 12, 31))

    events = _Ledger(
        *_per_day(MetricEvent, MetricEvent.metric_id, MetricEvent.value, user.id, whole),
        as_number=lambda value: round(float(value), VALUE_DECIMALS),
    )
    awards = _Ledger(
        *_per_day(PointsAward, PointsAward.system_id, PointsAward.awarded, user.id, whole),
        as_number=int,
    )
    metrics = db.session.scalars(
        select(Metric).where(Metric.status == "active").order_by(Metric.key)
    ).all()
    systems = db.session.scalars(
        select(PointsSystem).where(PointsSystem.status == "active").order_by(PointsSystem.key)
    ).all()
    completions = _completions(user, whole)
    places = _board_places(user.id, whole)

    def period(span: Span, **where) -> dict:
        return payloads.activity_period(
            {m.key: payloads.wrapped_metric(m, *events.at(m.id, span)) for m in metrics},
            {s.key: payloads.wrapped_points(s, *awards.at(s.id, span)) for s in systems},
            [body for day, body in completions if span.holds(day)],
            places.best(span),
            **where,
        )

    counts = events.counts
    day = _most_active(_days(whole), counts)
    week = _most_active(_weeks(whole), counts)
    month = _most_active(_months(whole), counts)
    active_days = [d for d in counts if counts[d]]
    activity = {
        "daysActive": len(active_days),
        "weeksActive": sum(1 for w in _weeks(whole) if any(w.holds(d) for d in active_days)),
        "monthsActive": len({d.month for d in active_days}),
        "mostActiveDay": period(day, date=day.first.isoformat()),
        "mostActiveWeek": period(week, start=week.first.isoformat(), end=week.last.isoformat()),
        "mostActiveMonth": period(month, month=month.first.month - 1),
        "entireYear": {**period(whole), "longestStreak": _longest_streak(user.id, whole)},
    }
    return payloads.wrapped(user_payload(user), activity)


class _Ledger:
    """One user's events (by metric) or awards (by system): the total before the year, the
    change per local day of the year, and the number of rows per day."""

    def __init__(self, before: dict, changes: dict, counts: dict, as_number):
        self.before = before
        self.changes = changes  # {day: {id: change}}
        self.counts = counts  # {day: rows}
        self.as_number = as_number

    def at(self, key: int, span: Span) -> tuple:
        """(total at the span's end, change during it) of one metric or system."""
        total, change = self.before.get(key, 0), 0
        for day, by_key in self.changes.items():
            if day <= span.last:
                total += by_key.get(key, 0)
                if day >= span.first:
                    change += by_key.get(key, 0)
        return self.as_number(total), self.as_number(change)


def _per_day(model, key_column, amount, user_id: int, year: Span) -> tuple[dict, dict, dict]:
    """({id: sum before the year}, {day: {id: sum}}, {day: rows}) of one ledger table."""
    mine = model.user_id == user_id
    before = dict(
        db.session.execute(
            select(key_column, func.sum(amount))
            .where(mine, model.local_date < year.first)
            .group_by(key_column)
        ).all()
    )
    changes: dict = defaultdict(dict)
    counts: dict = defaultdict(int)
    rows = db.session.execute(
        select(model.local_date, key_column, func.sum(amount), func.count())
        .where(mine, model.local_date >= year.first, model.local_date <= year.last)
        .group_by(model.local_date, key_column)
    )
    for day, key, change, count in rows:
        day = _as_date(day)
        changes[day][key] = change
        counts[day] += count
    return before, dict(changes), dict(counts)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _days(year: Span) -> Iterable[Span]:
    day = year.first
    while day <= year.last:
        yield Span(day, day)
        day += timedelta(days=1)


def _weeks(year: Span) -> Iterable[Span]:
    """Monday-to-Sunday weeks cut at the year's ends."""
    start = year.first
    while start <= year.last:
        sunday = start + timedelta(days=6 - start.weekday())
        yield Span(start, min(sunday, year.last))
        start = sunday + timedelta(days=1)


def _months(year: Span) -> Iterable[Span]:
    for month in range(1, 13):
        first = date(year.first.year, month, 1)
        following = (
            date(year.first.year + 1, 1, 1) if month == 12 else first.replace(month=month + 1)
        )
        yield Span(first, following - timedelta(days=1))


def _most_active(spans: Iterable[Span], counts: dict) -> Span:
    """The span with the most events; the earliest of those with as many."""
    best, most = None, -1
    for span in spans:
        events = sum(n for day, n in counts.items() if span.holds(day))
        if events > most:
            best, most = span, events
    return best


def _completions(user, year: Span) -> list[tuple[date, dict]]:
    """(local date, UserAchievementResponse) of the user's active completions in the year,
    in the order completed: dated by their event, or by the user's zone at the time."""
    rows = db.session.execute(
        select(Achievement, UserAchievement.achieved_at, MetricEvent.local_date)
        .join(UserAchievement, UserAchievement.achievement_id == Achievement.id)
        .outerjoin(MetricEvent, MetricEvent.id == UserAchievement.event_id)
        .where(UserAchievement.user_id == user.id, Achievement.status == "active")
        .order_by(UserAchievement.achieved_at, UserAchievement.id)
        .options(*_LOAD_ACHIEVEMENT)
    ).all()
    dated = []
    for achievement, achieved_at, event_day in rows:
        day = _as_date(event_day) if event_day is not None else dating.date_of(user, achieved_at)
        if year.holds(day):
            dated.append((day, achievement_payloads.user_achievement(achievement, achieved_at)))
    return dated


class _BoardPlaces:
    """The user's ranked daily snapshots of the year, by board."""

    def __init__(self, boards: dict, snapshots: list):
        self.boards = boards  # {board id: (row, status)}
        self.snapshots = snapshots  # (board id, day, rank, value), by board key then day

    def best(self, span: Span) -> dict:
        """UserLeaderboardResponse by board key: the best rank in the span, with its value."""
        best: dict = {}
        for board_id, day, rank, value in self.snapshots:
            if span.holds(day) and (board_id not in best or (rank, -value) < best[board_id]):
                best[board_id] = (rank, -value)
        places = {}
        for board_id, (rank, minus_value) in best.items():
            board, status = self.boards[board_id]
            body = leaderboard_payloads.leaderboard(board, status)
            places[board.key] = {**body, "rank": rank, "value": shown_value(-minus_value)}
        return dict(sorted(places.items()))


def _board_places(user_id: int, year: Span) -> _BoardPlaces:
    snapshots = LeaderboardSnapshot.__table__
    boards = Leaderboard.__table__
    rows = db.session.execute(
        boards_query()
        .add_columns(snapshots.c.day, snapshots.c.rank.label("snapshot_rank"), snapshots.c.value)
        .join(snapshots, snapshots.c.leaderboard_id == boards.c.id)
        .where(
            boards.c.status != "inactive",
            snapshots.c.user_id == user_id,
            snapshots.c.rank.is_not(None),
            snapshots.c.day >= year.first,
            snapshots.c.day <= year.last,
        )
        .order_by(boards.c.key, snapshots.c.day)
    ).all()
    now = clock.now()
    found = {row.id: (row, status_of(row, now)) for row in rows}
    return _BoardPlaces(
        found, [(row.id, _as_date(row.day), row.snapshot_rank, row.value) for row in rows]
    )


_periods = UserStreakPeriod.__table__


def _longest_streak(user_id: int, year: Span) -> dict:
    """WrappedStreak: the longest length reached in a period that starts in the year."""
    settings = db.session.execute(
        select(StreakSettings.__table__).where(StreakSettings.__table__.c.id == SETTINGS_ID)
    ).first()
    frequency = rule_from_row(settings).frequency
    mine = _periods.c.user_id == user_id
    peak = db.session.execute(
        select(_periods.c.start, _periods.c.end, _periods.c.length)
        .where(mine, _periods.c.start >= year.first, _periods.c.start <= year.last)
        .order_by(_periods.c.length.desc(), _periods.c.start)
        .limit(1)
    ).first()
    if peak is None or peak.length == 0:
        return payloads.longest_streak(0, frequency, None, None)
    # A streak starts in a period an event extended to length 1 (a freeze keeps a length).
    started = db.session.scalar(
        select(func.max(_periods.c.start)).where(
            mine,
            _periods.c.start <= peak.start,
            _periods.c.length == 1,
            _periods.c.used_freeze.is_(False),
        )
    )
    return payloads.longest_streak(
        peak.length, frequency, _as_date(started or peak.start), _as_date(peak.end)
    )
