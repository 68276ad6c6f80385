"""`flask --app app xp bench`: how fast the XP service records events and answers summaries.

It works on scratch data beside the configured database (bench_data.py), never in it. Rows:
- record_event in-process on a mix of users, one call after the other;
- the baseline: a bare INSERT + COMMIT of the same event row through the same engine, in
  rounds alternating with record_event's so that both see the same machine load;
- over HTTP (bench_http.py): POST /api/v1/metrics/{key}/event through gunicorn from U users
  on C keep-alive connections, then all from one user (per-user serialization), and the
  bare-stack baseline under the same gunicorn, with the CPU per event of the server and the
  database;
- the points event summary of one user with 100,000 events over 400 days: daily, weekly and
  monthly over the whole 400 days;
- leaderboards (bench_leaderboards.py): one run of 100,000 participants: the top 10, the
  rank of the user at #500 and of one not on the board, and an event moving a user.
Latencies are per event, measured by the caller; percentiles are nearest-rank.
"""

import math
import os
import time
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask

from app import clock
from app.extensions import db
from app.xp.admin.api_keys import create_api_key
from app.xp.engine.events import record_event
from app.xp.models.metrics import MetricEvent
from app.xp.models.users import XpUser
from app.xp.ops.bench_bare import BASELINE_USER, baseline_ids, event_row, remove_baseline_events
from app.xp.ops.bench_data import (
    METRIC,
    SUMMARY_DAYS,
    SUMMARY_USER,
    SYSTEM,
    BenchError,
    scratch_app,
    scratch_database,
    version_of,
    write_summary_history,
)
from app.xp.ops.bench_http import bench_http
from app.xp.ops.bench_leaderboards import bench_leaderboard
from app.xp.ops.bench_table import Row, check, percentile, print_table, timed_row
from app.xp.ops.verify import verify_report
from app.xp.queries.points import points_event_summary

USERS = 100  # the "mix of users" of the in-process rows
ROUNDS = 5  # record_event and the baseline alternate this many times
SUMMARY_REPEATS = 20
# The targets for this 2-core machine.
INPROCESS_RATIO_TARGET = 0.5  # record_event's events/s over the bare INSERT + COMMIT's
SUMMARY_TARGET = 10.0  # ms: the p95 of each aggregation, on either database


def run_bench(
    database_url: str,
    create_app: Callable[[dict], Flask],
    events: int,
    users: int,
    connections: int,
    workers: int,
    summary_events: int,
    skip_http: bool,
    echo: Callable[[str], None],
    leaderboard_participants: int = 100_000,
) -> list[Row]:
    """Run every part on scratch data beside `database_url`, in the app `create_app` builds
    there (the app factory: this package cannot import it); print and return the table."""
    notes = []
    with scratch_database(database_url) as (scratch_url, where):
        echo(f"Scratch database: {where} (removed at the end)")
        app = scratch_app(create_app, scratch_url)
        try:
            with app.app_context():
                version = version_of(db.engine)
                rows = bench_in_process(events, echo)
                if not skip_http:
                    api_key = create_api_key("bench")[1]
                    db.session.remove()
                    http_rows, notes = bench_http(
                        scratch_url, api_key, events, users, connections, workers, echo
                    )
                    rows += http_rows
                echo(f"  summary: writing {summary_events:,} events in bulk ...")
                rows += bench_summary(summary_events)
                report = verify_report()
                # After verify: the participants' entries are written without ledgers.
                echo(f"  leaderboard: writing {leaderboard_participants:,} participants ...")
                rows += bench_leaderboard(leaderboard_participants, Row, percentile)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    notes.append(
        f"Summary user: {summary_events:,} events of value 1 over {SUMMARY_DAYS} days and "
        "their awards, written with bulk INSERTs (running totals computed as record_event "
        "would), not through record_event."
    )
    print_table(rows, f"StudyXP XP bench: {version}, {os.cpu_count()} CPUs", notes, echo)
    ledgers = "OK" if report.ok else "MISMATCH: " + "; ".join(report.mismatches[:5])
    echo(
        f"Ledgers afterwards (flask xp verify on the scratch data): {ledgers}; "
        f"{report.events:,} events, {report.awards:,} awards, {report.users:,} users."
    )
    return rows


# --- measurements ---------------------------------------------------------------------------


def flip(user_id: str) -> dict:
    """An event's `user`, as the study app sends it with every flip."""
    return {"id": user_id, "tz": "Europe/Berlin"}


def bench_in_process(events: int, echo: Callable[[str], None]) -> list[Row]:
    """record_event against the bare INSERT + COMMIT, in alternating rounds."""
    for n in range(USERS):  # the users exist first: the rows measure steady-state events
        record_event(METRIC, flip(f"bench-user-{n}"), 1)
    db.session.add(XpUser(external_id=BASELINE_USER, tz="Europe/Berlin"))
    db.session.commit()
    user_id, metric_id = baseline_ids()
    insert_event = sa.insert(MetricEvent.__table__)
    record_times, baseline_times = [], []
    record_elapsed = baseline_elapsed = 0.0
    per_round = max(1, math.ceil(events / ROUNDS))
    for round_ in range(ROUNDS):
        echo(f"  in-process: round {round_ + 1} of {ROUNDS}")
        start = time.perf_counter()
        for _ in range(per_round):
            call = time.perf_counter()
            with db.engine.begin() as conn:
                conn.execute(insert_event, event_row(user_id, metric_id))
            baseline_times.append(time.perf_counter() - call)
        baseline_elapsed += time.perf_counter() - start

        start = time.perf_counter()
        for n in range(per_round):
            call = time.perf_counter()
            record_event(METRIC, flip(f"bench-user-{n % USERS}"), 1)
            record_times.append(time.perf_counter() - call)
        record_elapsed += time.perf_counter() - start
    remove_baseline_events()

    inprocess = timed_row(f"record_event in-process, {USERS} users", record_times, record_elapsed)
    baseline = timed_row(
        "baseline: INSERT + COMMIT of the event row", baseline_times, baseline_elapsed
    )
    share = inprocess.rate / baseline.rate
    ratio = Row("ratio: record_event events/s / baseline events/s", rate_text=f"{share:.2f}x")
    check(ratio, ("ratio", f">= {INPROCESS_RATIO_TARGET:.2f}x", share >= INPROCESS_RATIO_TARGET))
    return [inprocess, baseline, ratio]


def bench_summary(events: int) -> list[Row]:
    """Event summary latency for one user with `events` events over SUMMARY_DAYS days."""
    expected_total = write_summary_history(events)
    end = clock.now().date()
    start = end - timedelta(days=SUMMARY_DAYS - 1)
    rows = []
    for aggregation in ("daily", "weekly", "monthly"):
        times = []
        for _ in range(SUMMARY_REPEATS + 1):  # the first call warms the caches up, untimed
            call = time.perf_counter()
            summary = points_event_summary(SUMMARY_USER, SYSTEM, aggregation, start, end)
            times.append(time.perf_counter() - call)
            db.session.remove()  # as at the end of a request
        if summary[-1]["total"] != expected_total:
            raise BenchError(
                f"The {aggregation} summary ends at {summary[-1]['total']}, not {expected_total}"
            )
        ms = sorted(t * 1000 for t in times[1:])
        p95 = percentile(ms, 95)
        name = f"event summary, {aggregation} ({len(summary)} periods), {events:,} events"
        met = p95 <= SUMMARY_TARGET
        rows.append(
            Row(
                name,
                p50=percentile(ms, 50),
                p95=p95,
                target=f"p95 <= {SUMMARY_TARGET:g} ms",
                met=met,
            )
        )
    return rows
