"""The learner's leaderboard: the weekly XP board's top 10, the learner's neighbourhood and
when the run ends, read through XpClient (two calls), with names the study app decides.

Names on boards are the study app's: a ranking's userId is an XP user id, which the study
app maps back to its account and shows that account's display name, or "Anonymous learner"
when the learner chose so (Account.leaderboard_anonymous) or the XP user is not one of its
accounts. Views call these; nothing here reads the request or renders.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from app import clock, wording
from app.accounts.models import Account
from app.extensions import db
from app.xp.client import xp_client
from app.xp.errors import NotFound
from app.xp.leaderboard_rules import Run, Schedule

ANONYMOUS = "Anonymous learner"
TOP = 10
# Rows shown above and below the learner when they are not in the top 10.
AROUND = 3
PAST_RUNS_SHOWN = 8
MEDALS = {1: "gold", 2: "silver", 3: "bronze"}


@dataclass(frozen=True)
class Row:
    rank: int
    name: str
    value: int
    is_you: bool

    @property
    def medal(self) -> str | None:
        return MEDALS.get(self.rank)


@dataclass(frozen=True)
class Standings:
    name: str
    unit: str  # what the values count: the points system's or the metric's name
    run: Run
    run_words: str  # "23 – 29 November"
    ends_words: str  # "ends Sunday at midnight"
    is_current: bool
    top: list[Row]
    nearby: list[Row]  # the learner's neighbourhood below the top 10, when they are there
    you: Row | None
    past_runs: list[tuple[date, str]]  # (run start, its days in words), newest first


def board_key() -> str:
    return current_app.config["LEARNER_LEADERBOARD"]


def schedule_of(board: dict) -> Schedule:
    """The board's calendar from its Trophy fields (start, end, runUnit, runInterval)."""
    end = board.get("end")
    return Schedule(
        start=date.fromisoformat(board["start"]),
        end=date.fromisoformat(end) if end else None,
        run_unit=board.get("runUnit"),
        run_interval=board.get("runInterval"),
    )


def standings(account: Account, run_start: date | None = None) -> Standings | None:
    """The board for `account`, in the run that holds their today (or the run starting on
    `run_start`, one of the past runs); None when there is no such board or run."""
    client = xp_client()
    key = board_key()
    try:
        mine = client.user_leaderboard(account.xp_user_id, key, num_events=0)
    except NotFound:
        mine = None  # no event yet: the board exists, but this learner has no entry
    if mine is None:
        boards = [b for b in client.leaderboards() if b["key"] == key]
        if not boards:
            return None
        board = boards[0]
    else:
        board = mine
    schedule = schedule_of(board)
    today = clock.today_in(account.tz)
    runs = schedule.runs(through=today)
    if not runs:
        return None
    current = schedule.run_of(today) or runs[-1]
    run = current if run_start is None else next((r for r in runs if r.start == run_start), None)
    if run is None:
        return None
    is_current = run == current
    run_arg = None if is_current else run.start.isoformat()
    if run_arg is not None and mine is not None:
        mine = client.user_leaderboard(account.xp_user_id, key, run=run_arg, num_events=0)
    rank = mine.get("rank") if mine else None
    places = board["maxParticipants"]  # a page may not ask for more rows than the board has
    top = client.leaderboard(key, limit=min(TOP, places), run=run_arg)["rankings"]
    nearby = []
    if rank is not None and rank > TOP:
        offset = max(rank - 1 - AROUND, TOP)
        limit = min(rank - offset + AROUND, places)
        nearby = client.leaderboard(key, offset=offset, limit=limit, run=run_arg)["rankings"]
    names = display_names([r["userId"] for r in top + nearby])
    rows = [[_row(r, names, account.xp_user_id) for r in part] for part in (top, nearby)]
    you = next((row for row in rows[0] + rows[1] if row.is_you), None)
    return Standings(
        name=board["name"],
        unit=board.get("pointsSystemName") or board.get("metricName") or "",
        run=run,
        run_words=wording.run_in_words(run.start, run.end),
        ends_words=wording.run_end_in_words(run.end, today),
        is_current=is_current,
        top=rows[0],
        nearby=rows[1],
        you=you,
        past_runs=[
            (r.start, wording.run_in_words(r.start, r.end)) for r in reversed(runs) if r != current
        ][:PAST_RUNS_SHOWN],
    )


def _row(ranking: dict, names: dict[str, str], own_id: str) -> Row:
    return Row(
        rank=ranking["rank"],
        name=names.get(ranking["userId"], ANONYMOUS),
        value=ranking["value"],
        is_you=ranking["userId"] == own_id,
    )


def display_names(xp_user_ids: list[str]) -> dict[str, str]:
    """The name each XP user shows on boards: their account's display name, or ANONYMOUS."""
    if not xp_user_ids:
        return {}
    accounts = db.session.execute(
        select(Account.xp_user_id, Account.display_name, Account.leaderboard_anonymous).where(
            Account.xp_user_id.in_(xp_user_ids)
        )
    )
    return {uid: ANONYMOUS if anonymous else name for uid, name, anonymous in accounts}
