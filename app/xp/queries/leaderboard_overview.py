"""Leaderboards as an operator sees them (the dashboard's pages), every board whatever its
status, inactive ones included:

- `board_status(board, now)`: "inactive", or Trophy's scheduled / active / finished;
- `current_run(board, now)`: the run of today's UTC date (the last one once the board has
  ended; None before it starts), as GET /leaderboards/{key} takes it;
- `past_runs(board, now, limit)`: the runs before that one, newest first;
- `run_containing(board, day)`: the run holding a date, None outside the board's dates;
- `participants(board, run)`: how many users have a value in the run (every group);
- `groups_in_run(board, run)`: a breakdown board's groups with entries in the run, each with
  its attribute values;
- `run_rankings(board, run, group)`: the run's top max_participants in ranking order, with
  exact values (a metric total may be fractional).

Reads only; the ranking order and the group keys are the engine's (app/xp/engine/leaderboards.py).
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import distinct, func, select

from app import clock
from app.extensions import db
from app.xp import leaderboard_rules as rules
from app.xp.engine.leaderboards import RANKING_ORDER, group_key
from app.xp.models.leaderboards import NO_GROUP, Leaderboard, LeaderboardEntry
from app.xp.models.users import XpUser
from app.xp.queries.leaderboards import status_of

PAST_RUNS_SHOWN = 100
# Members of each group whose current attributes are tried for the group's label.
LABEL_CANDIDATES = 20

_entries = LeaderboardEntry.__table__
_users = XpUser.__table__


@dataclass(frozen=True)
class Group:
    """A breakdown group present in a run: its key and its attribute values, in the board's
    order (None when every member tried has changed attributes since)."""

    key: str
    values: tuple[tuple[str, str], ...] | None


@dataclass(frozen=True)
class Ranking:
    rank: int
    user_id: str
    name: str | None
    value: float


def _schedule(board: Leaderboard) -> rules.Schedule:
    return rules.Schedule(board.start_date, board.end_date, board.run_unit, board.run_interval)


def board_status(board: Leaderboard, now: datetime | None = None) -> str:
    """ "inactive" (never activated), else Trophy's status: scheduled, active or finished."""
    if board.status == "inactive":
        return "inactive"
    return status_of(board, now or clock.now())


def current_run(board: Leaderboard, now: datetime | None = None) -> rules.Run | None:
    """The run of today's UTC date; the last run once the board has ended; None before its
    start (the same run GET /leaderboards/{key} reads without `run`)."""
    today = rules.current_day(now or clock.now())
    if board.end_date is not None and today > board.end_date:
        today = board.end_date
    return _schedule(board).run_of(today)


def past_runs(
    board: Leaderboard, now: datetime | None = None, limit: int = PAST_RUNS_SHOWN
) -> list[rules.Run]:
    """The runs before the current one, newest first, at most `limit` of them."""
    current = current_run(board, now)
    if current is None:
        return []
    runs = _schedule(board).runs(current.start)
    return [run for run in reversed(runs) if run.start < current.start][:limit]


def run_containing(board: Leaderboard, day: date) -> rules.Run | None:
    return _schedule(board).run_of(day)


def participants(board: Leaderboard, run: rules.Run | None) -> int:
    """The users with a value in the run, in any breakdown group."""
    if run is None:
        return 0
    return db.session.scalar(
        select(func.count(distinct(_entries.c.user_id))).where(
            _entries.c.leaderboard_id == board.id, _entries.c.run_start == run.start
        )
    )


def groups_in_run(board: Leaderboard, run: rules.Run | None) -> list[Group]:
    """The breakdown groups with entries in the run, labelled by their attribute values and
    sorted by them. Entries keep only a hash of the values, so each group is labelled from
    the current attributes of up to LABEL_CANDIDATES of its members (its best placed first)."""
    if run is None or not board.breakdown_attributes:
        return []
    place = (
        func.row_number().over(partition_by=_entries.c.group_key, order_by=RANKING_ORDER)
    ).label("place")
    members = (
        select(_entries.c.group_key, _users.c.attributes, place)
        .join(_users, _users.c.id == _entries.c.user_id)
        .where(_entries.c.leaderboard_id == board.id, _entries.c.run_start == run.start)
        .subquery()
    )
    rows = db.session.execute(
        select(members.c.group_key, members.c.attributes)
        .where(members.c.place <= LABEL_CANDIDATES)
        .order_by(members.c.group_key, members.c.place)
    ).all()
    labels: dict[str, tuple | None] = {}
    for key, attributes in rows:
        labels.setdefault(key, None)
        if labels[key] is None and group_key(board, attributes or {}) == key:
            labels[key] = tuple((name, attributes[name]) for name in board.breakdown_attributes)
    groups = [Group(key, values) for key, values in labels.items()]
    return sorted(groups, key=lambda g: (g.values is None, g.values or (), g.key))


def run_rankings(board: Leaderboard, run: rules.Run | None, group: str = NO_GROUP) -> list[Ranking]:
    """The run's (and group's) top max_participants, best first."""
    if run is None:
        return []
    rows = db.session.execute(
        select(_entries.c.user_key, _users.c.name, _entries.c.value)
        .join(_users, _users.c.id == _entries.c.user_id)
        .where(
            _entries.c.leaderboard_id == board.id,
            _entries.c.run_start == run.start,
            _entries.c.group_key == group,
        )
        .order_by(*RANKING_ORDER)
        .limit(board.max_participants)
    ).all()
    return [Ranking(n, row.user_key, row.name, row.value) for n, row in enumerate(rows, 1)]
