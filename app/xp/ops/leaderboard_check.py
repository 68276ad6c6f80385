"""`flask xp verify`'s leaderboard check: recompute each run value of every active points or
metric board from the ledgers and compare it with the stored entries.

The rows of the board's points system (awards made in an event) or metric (events), dated in
its runs, are streamed once per board and summed per (run, user) with the same rules the
engine applies (leaderboard_rules: the run of the local date, the 12-hour rule, the daily
window, from the board's activation on). Boards with breakdown attributes are left out (an
event's group is the user's attributes at the time, which the ledgers do not keep), as are
streak boards (a streak is not a ledger) and finished ones (they stopped at an unrecorded
instant).
"""

import math
from collections import defaultdict
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.xp import leaderboard_rules as rules
from app.xp.models.leaderboards import NO_GROUP, Leaderboard, LeaderboardEntry
from app.xp.models.metrics import MetricEvent
from app.xp.models.points import PointsAward
from app.xp.models.users import XpUser

TOLERANCE = 1e-6
STREAM_ROWS = 10_000


def leaderboard_values(session: Session) -> Iterator[str]:
    boards = session.scalars(
        select(Leaderboard)
        .where(Leaderboard.status == "active", Leaderboard.rank_by.in_(("points", "metric")))
        .order_by(Leaderboard.key)
    ).all()
    for board in boards:
        if board.breakdown_attributes:
            continue
        expected = _recomputed(session, board)
        stored = {
            (row.run_start, row.user_id): row
            for row in session.execute(
                select(
                    LeaderboardEntry.run_start,
                    LeaderboardEntry.user_id,
                    LeaderboardEntry.user_key,
                    LeaderboardEntry.value,
                ).where(
                    LeaderboardEntry.leaderboard_id == board.id,
                    LeaderboardEntry.group_key == NO_GROUP,
                )
            )
        }
        names = {}
        missing = [key for key, value in expected.items() if key not in stored and value]
        if missing:
            ids = {user_id for _, user_id in missing}
            names = dict(
                session.execute(select(XpUser.id, XpUser.external_id).where(XpUser.id.in_(ids)))
            )
        for key in sorted(set(stored) | set(missing)):
            run_start, user_id = key
            want = expected.get(key, 0.0)
            if key in stored:
                row = stored[key]
                if math.isclose(row.value, want, rel_tol=1e-12, abs_tol=TOLERANCE):
                    continue
                yield (
                    f"Leaderboard value mismatch for user '{row.user_key}' on leaderboard "
                    f"'{board.key}', run {run_start}: stored {_number(row.value)}, the "
                    f"ledgers give {_number(want)}"
                )
            else:
                yield (
                    f"Leaderboard entry missing for user '{names.get(user_id)}' on leaderboard "
                    f"'{board.key}', run {run_start}: the ledgers give {_number(want)}"
                )


def _recomputed(session: Session, board: Leaderboard) -> dict:
    schedule = rules.Schedule(board.start_date, board.end_date, board.run_unit, board.run_interval)
    if board.rank_by == "metric":
        rows = select(
            MetricEvent.user_id, MetricEvent.value, MetricEvent.occurred_at, MetricEvent.tz,
            MetricEvent.local_date,
        ).where(MetricEvent.metric_id == board.metric_id)  # fmt: skip
        dated = MetricEvent
    else:
        rows = (
            select(
                PointsAward.user_id,
                PointsAward.awarded,
                PointsAward.occurred_at,
                MetricEvent.tz,
                PointsAward.local_date,
            )  # fmt: skip
            .join(MetricEvent, MetricEvent.id == PointsAward.event_id)
            .where(PointsAward.system_id == board.points_system_id)
        )
        dated = PointsAward
    rows = rows.where(dated.local_date >= board.start_date)
    if board.end_date is not None:
        rows = rows.where(dated.local_date <= board.end_date)
    if board.activated_at is not None:
        rows = rows.where(dated.occurred_at >= board.activated_at)
    sums: dict = defaultdict(float)
    stream = session.execute(rows.execution_options(yield_per=STREAM_ROWS))
    for user_id, value, occurred_at, tz, local_date in stream:
        run = schedule.run_of(local_date)
        if run is None or not rules.accepts(run, occurred_at):
            continue
        local_time = occurred_at.astimezone(ZoneInfo(tz)).time()
        if not rules.in_window(local_time, board.start_time, board.end_time):
            continue
        sums[(run.start, user_id)] += value
    return sums


def _number(value) -> str:
    return f"{float(value):.6f}".rstrip("0").rstrip(".")
