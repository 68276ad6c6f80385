"""`flask xp bench`'s leaderboard rows: one run of a board with many participants.

The participants (users and their entries) are written with bulk INSERTs, values spread so
that ranks are known; then the reads the API will serve and an event moving a user are timed
(the first call of each warms the caches up, untimed). Each is bounded by the board's
max_participants (1,000), whatever the number of participants.
"""

import time
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.leaderboards import NO_GROUP, Leaderboard, LeaderboardEntry
from app.xp.models.metrics import Metric
from app.xp.models.users import XpUser
from app.xp.ops.bench_data import METRIC, BenchError
from app.xp.queries.leaderboards import leaderboard_rankings, user_leaderboard

BOARD = "bench-board"
MAX_PARTICIPANTS = 1000
REPEATS = 20
TARGET_MS = 20.0
BATCH = 10_000


def participant(n: int) -> str:
    return f"lb-{n:07d}"


def write_participants(participants: int) -> Leaderboard:
    """An active metric board (no runs, max 1,000) whose one run has `participants` entries:
    participant n (from 1) at rank n: value participants - n + 1, every tenth one tying the one
    before it (and reaching it later)."""
    now = clock.now()
    metric_id = db.session.scalar(sa.select(Metric.id).where(Metric.key == METRIC))
    board = Leaderboard(
        key=BOARD, name="Bench", rank_by="metric", metric_id=metric_id,
        start_date=(now - timedelta(days=1)).date(), max_participants=MAX_PARTICIPANTS,
        status="active", activated_at=now - timedelta(days=1), breakdown_attributes=[],
    )  # fmt: skip
    db.session.add(board)
    db.session.commit()
    users, entries = XpUser.__table__, LeaderboardEntry.__table__
    start = now - timedelta(hours=1)
    for first in range(1, participants + 1, BATCH):
        numbers = range(first, min(first + BATCH, participants + 1))
        with db.engine.begin() as conn:
            conn.execute(
                sa.insert(users),
                [{"external_id": participant(n), "tz": "UTC", "attributes": {},
                  "created": now, "updated": now} for n in numbers],
            )  # fmt: skip
            ids = dict(
                conn.execute(
                    sa.select(users.c.external_id, users.c.id).where(
                        users.c.external_id.between(
                            participant(numbers[0]), participant(numbers[-1])
                        )
                    )
                ).all()
            )
            conn.execute(
                sa.insert(entries),
                [
                    {
                        "leaderboard_id": board.id, "run_start": board.start_date,
                        "group_key": NO_GROUP, "user_id": ids[participant(n)],
                        "user_key": participant(n),
                        "value": float(participants - n + 1 + (n % 10 == 0)),
                        "reached_at": start + timedelta(milliseconds=n),
                    }
                    for n in numbers
                ],
            )  # fmt: skip
    if db.engine.dialect.name == "postgresql":
        # As bench_data does for the summary's tables: autovacuum would soon analyze tables
        # that grew this much, and until then the planner takes them for empty.
        with db.engine.begin() as conn:
            conn.execute(sa.text(f"ANALYZE {users.name}, {entries.name}"))
    return board


def _timed(call: Callable[[int], object]) -> list[float]:
    times = []
    for k in range(REPEATS + 1):
        began = time.perf_counter()
        call(k)
        times.append((time.perf_counter() - began) * 1000)
        db.session.remove()  # as at the end of a request
    return sorted(times[1:])


def bench_leaderboard(participants: int, row: Callable, percentile: Callable) -> list:
    """The timed reads and event on a run of `participants`; rows of the bench table."""
    write_participants(participants)
    db.session.remove()
    at_500 = participant(min(500, participants))
    last = participant(participants)

    def top10(_):
        return leaderboard_rankings(BOARD, limit=10)

    def rank_500(_):
        return user_leaderboard(at_500, BOARD, num_events=0)

    def off_board(_):
        return user_leaderboard(last, BOARD, num_events=0)

    def moving(k):
        return record_event(METRIC, {"id": participant(max(1, participants - 2 * k))}, 3)

    checks = [
        (f"leaderboard top 10, {participants:,} participants", top10),
        (f"leaderboard rank of the user at #{min(500, participants)}", rank_500),
        ("leaderboard rank of a user not on the board", off_board),
        ("record_event moving a user on that board", moving),
    ]
    found = top10(0)["rankings"]
    if [r["rank"] for r in found] != list(range(1, min(10, participants) + 1)):
        raise BenchError(f"The top 10 of the bench board is wrong: {found}")
    if participants >= 500 and rank_500(0)["rank"] != 500:
        raise BenchError("The user at #500 of the bench board is not ranked 500")
    if participants > MAX_PARTICIPANTS and off_board(0)["rank"] is not None:
        raise BenchError("The last participant of the bench board has a rank")
    rows = []
    for name, call in checks:
        ms = _timed(call)
        p95 = percentile(ms, 95)
        rows.append(
            row(
                name, p50=percentile(ms, 50), p95=p95, target=f"p95 <= {TARGET_MS:g} ms",
                met=p95 <= TARGET_MS,
            )
        )  # fmt: skip
    return rows
