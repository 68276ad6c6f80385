"""Leaderboards on the write side: what an event does to the boards it moves (feed), and the
bounded rank arithmetic the read side shares (rank_of, threshold_of, page_of).

Ranks are never stored. A user's rank in a run is 1 + the number of entries ranked before
theirs (higher value; same value reached earlier; same value and instant, smaller user id),
counted on the ranking index and capped at the board's max_participants: a count that
reaches the cap means "not on the board" (rank None). So no read or event ever walks more
than max_participants (at most 1,000) entries of a run, however many users it has.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Connection,
    Float,
    Integer,
    and_,
    bindparam,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)

from app.columns import UTCDateTime
from app.xp import leaderboard_rules as rules
from app.xp.inputs import VALUE_DECIMALS
from app.xp.models.leaderboards import (
    NO_GROUP,
    Leaderboard,
    LeaderboardEntry,
    LeaderboardSnapshot,
)
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem
from app.xp.models.users import XpUser
from app.xp.payloads.leaderboards import event_leaderboard, ranking

_boards = Leaderboard.__table__
_entries = LeaderboardEntry.__table__
_snapshots = LeaderboardSnapshot.__table__
_metrics = Metric.__table__
_systems = PointsSystem.__table__

# A board with the keys and names of what it ranks by (the payloads need them).
board_columns = (
    *_boards.c,
    _metrics.c.key.label("metric_key"),
    _metrics.c.name.label("metric_name"),
    _systems.c.key.label("points_system_key"),
    _systems.c.name.label("points_system_name"),
)


def boards_query():
    """SELECT every board with metric_key/name and points_system_key/name."""
    return (
        select(*board_columns)
        .select_from(_boards)
        .outerjoin(_metrics, _metrics.c.id == _boards.c.metric_id)
        .outerjoin(_systems, _systems.c.id == _boards.c.points_system_id)
    )


# The active boards an event on this metric may move, on its local date (runs, windows and
# breakdowns are checked in Python). Read only when some board is active.
_boards_for_event = (
    boards_query()
    .where(
        _boards.c.status == "active",
        or_(
            _boards.c.rank_by.in_(("points", "streak")),
            _boards.c.metric_id == bindparam("metric"),
        ),
        _boards.c.start_date <= bindparam("day"),
        or_(_boards.c.end_date.is_(None), _boards.c.end_date >= bindparam("day")),
    )
    .order_by(_boards.c.id)
)

_in_run = and_(
    _entries.c.leaderboard_id == bindparam("board"),
    _entries.c.run_start == bindparam("run"),
    _entries.c.group_key == bindparam("group"),
)
_value = bindparam("value", type_=Float)
_reached_at = bindparam("reached_at", type_=UTCDateTime())


def _capped_count(*where):
    inner = select(literal(1)).where(_in_run, *where).limit(bindparam("cap", type_=Integer))
    return select(func.count()).select_from(inner.subquery()).scalar_subquery()


# Entries ranked before (value, reached_at, user_key), in three index ranges, each capped.
_ranked_before = select(
    _capped_count(_entries.c.value > _value)
    + _capped_count(_entries.c.value == _value, _entries.c.reached_at < _reached_at)
    + _capped_count(
        _entries.c.value == _value,
        _entries.c.reached_at == _reached_at,
        _entries.c.user_key < bindparam("user_key"),
    )
)
RANKING_ORDER = (_entries.c.value.desc(), _entries.c.reached_at, _entries.c.user_key)
_last_place = (
    select(_entries.c.value)
    .where(_in_run)
    .order_by(*RANKING_ORDER)
    .offset(bindparam("last", type_=Integer))
    .limit(1)
)
_entry_of_user = select(_entries.c.value, _entries.c.reached_at).where(
    _in_run, _entries.c.user_id == bindparam("user")
)
_new_entry = insert(_entries)
_set_entry = (
    update(_entries)
    .where(_in_run, _entries.c.user_id == bindparam("user"))
    .values(value=bindparam("new_value"), reached_at=bindparam("new_reached_at"))
)
_snapshot_of_day = select(_snapshots.c.day).where(
    _snapshots.c.leaderboard_id == bindparam("board"),
    _snapshots.c.run_start == bindparam("run"),
    _snapshots.c.group_key == bindparam("group"),
    _snapshots.c.user_id == bindparam("user"),
    _snapshots.c.day == bindparam("on_day"),
)
_new_snapshot = insert(_snapshots)
_set_snapshot = (
    update(_snapshots)
    .where(
        _snapshots.c.leaderboard_id == bindparam("board"),
        _snapshots.c.run_start == bindparam("run"),
        _snapshots.c.group_key == bindparam("group"),
        _snapshots.c.user_id == bindparam("user"),
        _snapshots.c.day == bindparam("on_day"),
    )
    .values(rank=bindparam("new_rank"), value=bindparam("new_value"))
)
# A run's rankings from the top, with each user's name (leaderboard.changed and .finished).
_users = XpUser.__table__
_top_of_run = (
    select(_entries.c.user_key, _users.c.name, _entries.c.value)
    .join(_users, _users.c.id == _entries.c.user_id)
    .where(_in_run)
    .order_by(*RANKING_ORDER)
    .limit(bindparam("cap", type_=Integer))
)


@dataclass(frozen=True)
class Movement:
    """What an event did to the user on one run of a board (for the webhook news): the
    board row, the run, the breakdown group, the board's status, and the user's rank and
    value after and before (None: not on the board, or no entry yet)."""

    board: object
    run: rules.Run
    group: str
    status: str
    rank: int | None
    value: float
    previous_rank: int | None
    previous_value: float | None


def group_key(board, attributes: Mapping[str, str]) -> str | None:
    """The breakdown group of a user with these attributes on `board`: NO_GROUP without
    breakdown attributes, a SHA-256 of the values otherwise; None when the user lacks one
    (they are not on that board)."""
    keys = list(board.breakdown_attributes or [])
    if not keys:
        return NO_GROUP
    if any(not isinstance(attributes.get(k), str) for k in keys):
        return None
    canonical = json.dumps([[k, attributes[k]] for k in keys], separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def rank_of(
    conn: Connection,
    board_id: int,
    run_start: date,
    group: str,
    max_participants: int,
    value: float,
    reached_at: datetime,
    user_key: str,
) -> int | None:
    """The rank of an entry (value, reached_at, user_key) in a run, None below the top
    max_participants. Reads at most 3 x max_participants index entries."""
    before = conn.scalar(
        _ranked_before,
        {
            "board": board_id,
            "run": run_start,
            "group": group,
            "cap": max_participants,
            "value": value,
            "reached_at": reached_at,
            "user_key": user_key,
        },
    )
    return before + 1 if before < max_participants else None


def threshold_of(
    conn: Connection, board_id: int, run_start: date, group: str, max_participants: int
) -> float:
    """The value of the last place when the run has max_participants entries, else 0."""
    last = conn.scalar(
        _last_place,
        {"board": board_id, "run": run_start, "group": group, "last": max_participants - 1},
    )
    return last if last is not None else 0


def _schedule(board) -> rules.Schedule:
    return rules.Schedule(board.start_date, board.end_date, board.run_unit, board.run_interval)


def feed(
    conn: Connection,
    user_id: int,
    user_key: str,
    attributes: Mapping[str, str],
    metric_id: int,
    value: float,
    awards,
    streak_length: int | None,
    at: datetime,
    tz: str,
    day: date,
    told: list[Movement] | None = None,
) -> dict[str, dict]:
    """Move the user's entries on every active board this event counts on, in the event's
    transaction (the user's row is locked), and return the EventResponse's `leaderboards`.

    Points boards add what the event's awards paid in their system (after boosts and the
    maximum); metric boards add the event's value; streak boards take `streak_length` (the
    streak after the event; None when streaks are off). A board counts the event only when
    the event's local `day` is in one of its runs that is not final at `at`, its local time
    of day is in the board's window, it happened at or after the board's activation, and the
    user has every breakdown attribute.

    A board is in the answer when the event changed the user's value there and the user is
    on its top max_participants before or after (rank or previousRank not null). Each such
    move is appended to `told`, when given, as a Movement.
    """
    boards = conn.execute(_boards_for_event, {"metric": metric_id, "day": day}).all()
    if not boards:
        return {}
    paid: dict[int, int] = defaultdict(int)
    for award in awards:
        paid[award.system_id] += award.awarded
    local_time = at.astimezone(ZoneInfo(tz)).time()
    moved = {}
    for board in boards:
        if board.rank_by == "points":
            change = paid.get(board.points_system_id, 0)
        elif board.rank_by == "metric":
            change = value
        else:
            change = streak_length
        if not change and board.rank_by != "streak":
            continue
        if change is None or (board.activated_at is not None and at < board.activated_at):
            continue
        run = _schedule(board).run_of(day)
        if run is None or not rules.accepts(run, at):
            continue
        if not rules.in_window(local_time, board.start_time, board.end_time):
            continue
        group = group_key(board, attributes)
        if group is None:
            continue
        body = _move(conn, board, run, group, user_id, user_key, change, at, day, attributes, told)
        if body is not None:
            moved[board.key] = body
    return moved


def _move(conn, board, run, group, user_id, user_key, change, at, day, attributes, told):
    """Write the user's new value in one run; the event's answer for it, or None."""
    where = {"board": board.id, "run": run.start, "group": group, "user": user_id}
    entry = conn.execute(_entry_of_user, where).first()
    cap = board.max_participants
    if board.rank_by == "streak":
        new_value = float(change)
        if (entry is None and new_value <= 0) or (entry is not None and entry.value == new_value):
            return None
    else:
        new_value = round((entry.value if entry is not None else 0.0) + change, VALUE_DECIMALS)
        if entry is not None and new_value == entry.value:
            return None
    previous_rank = None
    if entry is not None:
        previous_rank = rank_of(
            conn, board.id, run.start, group, cap, entry.value, entry.reached_at, user_key
        )
        conn.execute(_set_entry, {**where, "new_value": new_value, "new_reached_at": at})
    else:
        conn.execute(
            _new_entry,
            {
                "leaderboard_id": board.id,
                "run_start": run.start,
                "group_key": group,
                "user_id": user_id,
                "user_key": user_key,
                "value": new_value,
                "reached_at": at,
            },
        )
    rank = rank_of(conn, board.id, run.start, group, cap, new_value, at, user_key)
    if rank is None and previous_rank is None:
        return None
    _snapshot(conn, where, day, previous_rank, entry, rank, new_value)
    threshold = threshold_of(conn, board.id, run.start, group, cap)
    status = rules.board_status(board.start_date, board.end_date, at)
    if told is not None:
        previous_value = entry.value if entry is not None else None
        told.append(
            Movement(board, run, group, status, rank, new_value, previous_rank, previous_value)
        )
    return event_leaderboard(board, status, run, rank, previous_rank, threshold, attributes)


def run_rankings(conn: Connection, board, run_start: date, group: str) -> list[dict]:
    """LeaderboardRanking of everyone on a run's board (its top max_participants), in order."""
    params = {"board": board.id, "run": run_start, "group": group, "cap": board.max_participants}
    rows = conn.execute(_top_of_run, params).all()
    return [ranking(r.user_key, r.name, i + 1, r.value) for i, r in enumerate(rows)]


def _snapshot(conn, where, day, previous_rank, entry, rank, new_value) -> None:
    """The day's snapshot: the state before the day's first change is kept, the state after
    the latest one replaces the last."""
    shown = new_value if rank is not None else None
    if conn.execute(_snapshot_of_day, {**where, "on_day": day}).first() is not None:
        conn.execute(_set_snapshot, {**where, "on_day": day, "new_rank": rank, "new_value": shown})
        return
    conn.execute(
        _new_snapshot,
        {
            "leaderboard_id": where["board"],
            "run_start": where["run"],
            "group_key": where["group"],
            "user_id": where["user"],
            "day": day,
            "previous_rank": previous_rank,
            "previous_value": entry.value if entry is not None and previous_rank else None,
            "rank": rank,
            "value": shown,
        },
    )
