"""Leaderboards on the read side, in Trophy's shapes (the API routes call these as they are):

- `all_leaderboards(include_finished=False) -> list[dict]`: GET /leaderboards, every board
  that is not inactive (LeaderboardResponse with `status`), finished ones only on request;
- `leaderboard_rankings(key, offset=0, limit=None, run=None, user_id=None,
  user_attributes=None) -> dict`: GET /leaderboards/{key}, LeaderboardResponseWithRankings
  (no limit: 10, or max_participants when fewer; a limit over it is a 422);
- `user_leaderboard(user_id, key, run=None, num_events=10) -> dict`:
  GET /users/{id}/leaderboards/{key}, UserLeaderboardResponseWithHistory.

`run` is a date (or "YYYY-MM-DD"): the run that contains it; without it, the current run,
which is the run of today's UTC date for a board (rankings) and of the user's own local date
for a user. A finished board's current run is its last. `user_attributes` is the query's
"key:value,key2:value2" text, required for (and only for) a board with breakdown
attributes, naming a value for each of them. `user_id` makes `offset` relative to that user's
rank (no rank: no rankings). Unknown board (or an inactive one) or user: NotFound (404);
invalid parameters: Unprocessable (422). Nothing is written; no read walks more than the
board's max_participants entries.
"""

import re
from datetime import date, datetime

from sqlalchemy import bindparam, select

from app import clock
from app.extensions import db
from app.xp import leaderboard_rules as rules
from app.xp.engine import dating
from app.xp.engine.leaderboards import (
    RANKING_ORDER,
    boards_query,
    group_key,
    rank_of,
)
from app.xp.errors import NotFound, Unprocessable
from app.xp.models.leaderboards import Leaderboard, LeaderboardEntry, LeaderboardSnapshot
from app.xp.models.users import XpUser
from app.xp.payloads import leaderboards as payloads
from app.xp.queries.lookup import find_user

DEFAULT_LIMIT = 10
DEFAULT_NUM_EVENTS = 10
MAX_NUM_EVENTS = 100
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_boards = Leaderboard.__table__
_entries = LeaderboardEntry.__table__
_snapshots = LeaderboardSnapshot.__table__
_users = XpUser.__table__
_in_run = (
    (_entries.c.leaderboard_id == bindparam("board"))
    & (_entries.c.run_start == bindparam("run"))
    & (_entries.c.group_key == bindparam("group"))
)
_page = (
    select(_entries.c.user_key, _users.c.name, _entries.c.value)
    .join(_users, _users.c.id == _entries.c.user_id)
    .where(_in_run)
    .order_by(*RANKING_ORDER)
    .offset(bindparam("skip"))
    .limit(bindparam("take"))
)
_entry_of_user = select(_entries.c.value, _entries.c.reached_at).where(
    _in_run, _entries.c.user_id == bindparam("user")
)
_history = (
    select(_snapshots)
    .where(
        _snapshots.c.leaderboard_id == bindparam("board"),
        _snapshots.c.run_start == bindparam("run"),
        _snapshots.c.group_key == bindparam("group"),
        _snapshots.c.user_id == bindparam("user"),
    )
    .order_by(_snapshots.c.day.desc())
    .limit(bindparam("take"))
)


def status_of(board, now=None) -> str:
    """Trophy's status: scheduled, active or finished (leaderboard_rules.board_status)."""
    now = now or clock.now()
    return rules.board_status(
        board.start_date, board.end_date, now, finished=board.status == "finished"
    )


def all_leaderboards(include_finished: bool = False) -> list[dict]:
    """Every board that is not inactive, oldest first; finished ones only when asked."""
    if not isinstance(include_finished, bool):
        raise Unprocessable("'includeFinished' must be true or false")
    now = clock.now()
    boards = db.session.execute(
        boards_query().where(_boards.c.status != "inactive").order_by(_boards.c.id)
    ).all()
    found = [(board, status_of(board, now)) for board in boards]
    return [
        payloads.leaderboard(board, status)
        for board, status in found
        if include_finished or status != "finished"
    ]


def find_leaderboard(key: str):
    """A board that is not inactive, by key (a row with the payloads' extra columns)."""
    board = None
    if isinstance(key, str) and "\x00" not in key:
        board = db.session.execute(
            boards_query().where(_boards.c.key == key, _boards.c.status != "inactive")
        ).first()
    if board is None:
        raise NotFound(f"Leaderboard '{str(key)[:100]}' not found")
    return board


def parse_user_attributes(board, text: str | None) -> dict[str, str]:
    """ "key:value,key2:value2" for a breakdown board: a value for each of its attributes."""
    wanted = list(board.breakdown_attributes or [])
    if not wanted:
        if text:
            raise Unprocessable("'userAttributes' is only valid for a leaderboard with breakdowns")
        return {}
    if not text:
        raise Unprocessable(f"'userAttributes' is required: give {', '.join(wanted)}")
    values = {}
    for part in text.split(","):
        name, colon, value = part.partition(":")
        if not colon or not name or name in values:
            raise Unprocessable("'userAttributes' is key:value pairs separated by commas")
        values[name] = value
    if set(values) != set(wanted):
        raise Unprocessable(f"'userAttributes' names exactly: {', '.join(wanted)}")
    return values


def run_for(board, day: date | str | None, today: date) -> rules.Run | None:
    """The run containing `day` (422 outside the board's dates); without `day`, the run of
    `today`, the last run once the board has ended, None before it starts."""
    schedule = rules.Schedule(board.start_date, board.end_date, board.run_unit, board.run_interval)
    if day is not None:
        run = schedule.run_of(_run_date(day))
        if run is None:
            raise Unprocessable("'run' is outside the leaderboard's dates")
        return run
    if board.end_date is not None and today > board.end_date:
        today = board.end_date
    return schedule.run_of(today)


def _run_date(day) -> date:
    """`run` as a date: a date, or its text as exactly YYYY-MM-DD."""
    if isinstance(day, datetime):
        return day.date()
    if isinstance(day, date):
        return day
    try:
        if not isinstance(day, str) or not _ISO_DATE.fullmatch(day):
            raise ValueError
        return date.fromisoformat(day)
    except ValueError:
        raise Unprocessable("'run' must be a date as YYYY-MM-DD") from None


def _whole(value, name: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise Unprocessable(f"'{name}' must be a whole number of at least {low}")
    if high is not None and value > high:
        raise Unprocessable(f"'{name}' must be at most {high}")
    return value


def leaderboard_rankings(
    key: str,
    offset: int = 0,
    limit: int | None = None,
    run: date | str | None = None,
    user_id: str | None = None,
    user_attributes: str | None = None,
) -> dict:
    """LeaderboardResponseWithRankings: `limit` rankings from `offset` (0-based; relative to
    `user_id`'s rank when given) of the run, only ranks up to max_participants. No `limit`:
    DEFAULT_LIMIT, or max_participants when that is fewer."""
    board = find_leaderboard(key)
    cap = board.max_participants
    offset = _whole(offset, "offset", 0)
    limit = min(DEFAULT_LIMIT, cap) if limit is None else _whole(limit, "limit", 0, cap)
    values = parse_user_attributes(board, user_attributes)
    now = clock.now()
    status = status_of(board, now)
    the_run = run_for(board, run, rules.current_day(now))
    if the_run is None:
        return payloads.leaderboard_with_rankings(board, status, [])
    params = {"board": board.id, "run": the_run.start, "group": group_key(board, values)}
    conn = db.session.connection()
    if user_id is not None:
        user = find_user(user_id)
        entry = conn.execute(_entry_of_user, {**params, "user": user.id}).first()
        rank = None
        if entry is not None:
            rank = rank_of(
                conn, board.id, the_run.start, params["group"], cap, entry.value,
                entry.reached_at, user.external_id,
            )  # fmt: skip
        if rank is None:
            return payloads.leaderboard_with_rankings(board, status, [])
        offset += rank - 1
    take = max(0, min(limit, cap - offset))
    rows = conn.execute(_page, {**params, "skip": offset, "take": take}).all() if take else []
    rankings = [
        payloads.ranking(row.user_key, row.name, offset + i + 1, row.value)
        for i, row in enumerate(rows)
    ]
    return payloads.leaderboard_with_rankings(board, status, rankings)


def user_leaderboard(
    user_id: str, key: str, run: date | str | None = None, num_events: int = DEFAULT_NUM_EVENTS
) -> dict:
    """UserLeaderboardResponseWithHistory: the user's rank and value in the run of their
    current breakdown group (null off the board or without every breakdown attribute), and
    the last `num_events` days of snapshots (0 to 100), oldest first."""
    board = find_leaderboard(key)
    num_events = _whole(num_events, "numEvents", 0, MAX_NUM_EVENTS)
    user = find_user(user_id)
    now = clock.now()
    status = status_of(board, now)
    the_run = run_for(board, run, dating.date_of(user, now))
    group = group_key(board, user.attributes or {})
    if the_run is None or group is None:
        return payloads.user_leaderboard(board, status, None, None, [])
    params = {"board": board.id, "run": the_run.start, "group": group, "user": user.id}
    conn = db.session.connection()
    entry = conn.execute(_entry_of_user, params).first()
    rank = value = None
    if entry is not None:
        value = entry.value
        rank = rank_of(
            conn, board.id, the_run.start, group, board.max_participants, entry.value,
            entry.reached_at, user.external_id,
        )  # fmt: skip
    history = []
    if num_events:
        snapshots = conn.execute(_history, {**params, "take": num_events}).all()
        history = [payloads.history_event(s) for s in reversed(snapshots)]
    return payloads.user_leaderboard(board, status, rank, value, history)
