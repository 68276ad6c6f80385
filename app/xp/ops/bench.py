"""`flask --app app xp bench`: how fast the XP service records events and answers summaries.

It works on scratch data beside the configured database (bench_data.py), never in it. Rows:
- record_event in-process on a mix of users, one call after the other;
- the baseline: a bare INSERT + COMMIT of the same event row through the same engine, in
  rounds alternating with record_event's so that both see the same machine load;
- POST /api/v1/metrics/{key}/event through gunicorn from C client threads on keep-alive
  connections, on a mix of users, then all on one user (per-user serialization);
- the points event summary of one user with 100,000 events over 400 days: daily, weekly and
  monthly over the whole 400 days;
- leaderboards (bench_leaderboards.py): one run of 100,000 participants: the top 10, the
  rank of the user at #500 and of one not on the board, and an event moving a user.
Latencies are per event, measured by the caller; percentiles are nearest-rank.
"""

import json
import math
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from http.client import HTTPConnection, HTTPException
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask

from app import clock
from app.columns import new_uuid
from app.extensions import db
from app.serving import THREADS, serve
from app.xp.admin.api_keys import create_api_key
from app.xp.engine.events import record_event
from app.xp.models.metrics import Metric, MetricEvent
from app.xp.models.users import XpUser
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
from app.xp.ops.bench_leaderboards import bench_leaderboard
from app.xp.ops.verify import verify_report
from app.xp.queries.points import points_event_summary

USERS = 100  # the "mix of users" of the in-process and HTTP rows
ONE_USER = "bench-one-user"
ROUNDS = 5  # record_event and the baseline alternate this many times
SUMMARY_REPEATS = 20
WARMUP_REQUESTS = 5  # per HTTP client, before the clock starts
# The targets for this 2-core machine.
INPROCESS_TARGET = 1000  # events/s on SQLite
HTTP_TARGET = 500  # events/s on PostgreSQL, with...
HTTP_P99_TARGET = 50.0  # ...p99 at most this many ms
SUMMARY_TARGET = 20.0  # ms: the p95 of each aggregation


@dataclass
class Row:
    """One line of the results table; times in ms, None printed as "-"."""

    name: str
    rate: float | None = None
    # Shown in the events/s column instead of `rate` (the ratio row).
    rate_text: str | None = None
    p50: float | None = None
    p95: float | None = None
    p99: float | None = None
    target: str = "-"
    met: bool | None = None


def run_bench(
    database_url: str,
    create_app: Callable[[dict], Flask],
    events: int,
    clients: int,
    workers: int,
    summary_events: int,
    skip_http: bool,
    echo: Callable[[str], None],
    leaderboard_participants: int = 100_000,
) -> list[Row]:
    """Run every part on scratch data beside `database_url`, in the app `create_app` builds
    there (the app factory: this package cannot import it); print and return the table."""
    with scratch_database(database_url) as (scratch_url, where):
        echo(f"Scratch database: {where} (removed at the end)")
        app = scratch_app(create_app, scratch_url)
        try:
            with app.app_context():
                dialect = db.engine.dialect.name
                version = version_of(db.engine)
                rows = bench_in_process(events, dialect, echo)
                if not skip_http:
                    api_key = create_api_key("bench")[1]
                    db.session.remove()
                    rows += bench_http(
                        scratch_url, api_key, events, clients, workers, dialect, echo
                    )
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
    print_table(rows, version, clients, workers, skip_http, summary_events, echo)
    ledgers = "OK" if report.ok else "MISMATCH: " + "; ".join(report.mismatches[:5])
    echo(
        f"Ledgers afterwards (flask xp verify on the scratch data): {ledgers}; "
        f"{report.events:,} events, {report.awards:,} awards, {report.users:,} users."
    )
    return rows


# --- measurements ---------------------------------------------------------------------------


def percentile(ascending: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    return ascending[max(1, math.ceil(q / 100 * len(ascending))) - 1]


def timed_row(name: str, seconds: list[float], elapsed: float) -> Row:
    ms = sorted(s * 1000 for s in seconds)
    p50, p95, p99 = (percentile(ms, q) for q in (50, 95, 99))
    return Row(name, rate=len(ms) / elapsed, p50=p50, p95=p95, p99=p99)


def flip(user_id: str) -> dict:
    """An event's `user`, as the study app sends it with every flip."""
    return {"id": user_id, "tz": "Europe/Berlin"}


def bench_in_process(events: int, dialect: str, echo: Callable[[str], None]) -> list[Row]:
    """record_event against the bare INSERT + COMMIT, in alternating rounds."""
    for n in range(USERS):  # the users exist first: the rows measure steady-state events
        record_event(METRIC, flip(f"bench-user-{n}"), 1)
    metric_id = db.session.scalar(sa.select(Metric.id).where(Metric.key == METRIC))
    baseline_user = XpUser(external_id="bench-baseline-user", tz="Europe/Berlin")
    db.session.add(baseline_user)
    db.session.commit()
    insert_event = sa.insert(MetricEvent.__table__)
    record_times, baseline_times = [], []
    record_elapsed = baseline_elapsed = 0.0
    per_round = max(1, math.ceil(events / ROUNDS))
    for round_ in range(ROUNDS):
        echo(f"  in-process: round {round_ + 1} of {ROUNDS}")
        start = time.perf_counter()
        for _ in range(per_round):
            call = time.perf_counter()
            occurred_at = clock.now()
            row = {
                "uuid": new_uuid(),
                "user_id": baseline_user.id,
                "metric_id": metric_id,
                "value": 1.0,
                "occurred_at": occurred_at,
                "tz": "Europe/Berlin",
                "local_date": occurred_at.date(),
            }
            with db.engine.begin() as conn:
                conn.execute(insert_event, row)
            baseline_times.append(time.perf_counter() - call)
        baseline_elapsed += time.perf_counter() - start

        start = time.perf_counter()
        for n in range(per_round):
            call = time.perf_counter()
            record_event(METRIC, flip(f"bench-user-{n % USERS}"), 1)
            record_times.append(time.perf_counter() - call)
        record_elapsed += time.perf_counter() - start
    # The bare rows have no totals: remove them, so that the ledgers still add up.
    with db.engine.begin() as conn:
        conn.execute(
            sa.delete(MetricEvent.__table__).where(MetricEvent.user_id == baseline_user.id)
        )
    db.session.remove()

    inprocess = timed_row(f"record_event in-process, {USERS} users", record_times, record_elapsed)
    baseline = timed_row(
        "baseline: INSERT + COMMIT of the event row", baseline_times, baseline_elapsed
    )
    if dialect == "sqlite":
        inprocess.target = f">= {INPROCESS_TARGET:,} events/s"
        inprocess.met = inprocess.rate >= INPROCESS_TARGET
    ratio = Row(
        "ratio: record_event events/s / baseline events/s",
        rate_text=f"{inprocess.rate / baseline.rate:.2f}x",
    )
    return [inprocess, baseline, ratio]


def bench_http(
    scratch_url: str,
    api_key: str,
    events: int,
    clients: int,
    workers: int,
    dialect: str,
    echo: Callable[[str], None],
) -> list[Row]:
    """POST events through gunicorn: on a mix of users, then all on one user."""
    env = {"SECRET_KEY": secrets.token_hex(16), "STUDYXP_API_RATE_LIMIT": "1000000/minute"}
    echo(f"  HTTP: starting gunicorn with {workers} workers x {THREADS} threads ...")
    with serve(scratch_url, workers=workers, env=env) as server:
        echo(f"  HTTP: {clients} clients, {USERS} users")
        mixed = http_load(
            server.base_url, api_key, events, clients,
            lambda client, k: f"bench-user-{(client + k * clients) % USERS}",
        )  # fmt: skip
        echo(f"  HTTP: {clients} clients, one user")
        one = http_load(server.base_url, api_key, events, clients, lambda client, k: ONE_USER)
    setup = f"{clients} client{'s' * (clients != 1)}, {workers} worker{'s' * (workers != 1)}"
    rows = [
        timed_row(f"HTTP POST event, {setup}, {USERS} users", *mixed),
        timed_row(f"HTTP POST event, {setup}, one user", *one),
    ]
    if dialect == "postgresql":
        rows[0].target = f">= {HTTP_TARGET} events/s, p99 <= {HTTP_P99_TARGET:g} ms"
        rows[0].met = rows[0].rate >= HTTP_TARGET and rows[0].p99 <= HTTP_P99_TARGET
    return rows


def http_load(
    base_url: str, api_key: str, events: int, clients: int, user_for: Callable[[int, int], str]
) -> tuple[list[float], float]:
    """`events` POSTs from `clients` threads, each on one keep-alive connection; return each
    request's latency and the seconds from the start until the last answer."""
    address = urlsplit(base_url)
    path = f"/api/v1/metrics/{METRIC}/event"
    headers = {"X-API-KEY": api_key, "Content-Type": "application/json"}
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures: list[str] = []
    start_line = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        connection = HTTPConnection(address.hostname, address.port, timeout=60)

        def post(user_id: str) -> None:
            body = json.dumps({"user": flip(user_id), "value": 1})
            for attempt in (1, 2):  # the server may close an idle keep-alive connection
                try:
                    connection.request("POST", path, body, headers)
                    response = connection.getresponse()
                    answer = response.read()
                    break
                except (HTTPException, ConnectionError):
                    connection.close()
                    if attempt == 2:
                        raise
            if response.status != 201:
                failures.append(f"{response.status} {answer[:200].decode(errors='replace')}")

        try:
            for k in range(WARMUP_REQUESTS):
                post(user_for(number, k))
            start_line.wait()
            for k in range(events // clients + (number < events % clients)):
                call = time.perf_counter()
                post(user_for(number, k))
                latencies[number].append(time.perf_counter() - call)
        except Exception as error:
            failures.append(repr(error))
            start_line.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    try:
        start_line.wait()
    except threading.BrokenBarrierError:
        pass
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise BenchError(f"{len(failures)} HTTP requests failed; the first: {failures[0]}")
    return [s for per_client in latencies for s in per_client], elapsed


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


# --- the table ------------------------------------------------------------------------------


def print_table(
    rows: list[Row],
    version: str,
    clients: int,
    workers: int,
    skip_http: bool,
    summary_events: int,
    echo: Callable[[str], None],
) -> None:
    def number(value: float | None, digits: int) -> str:
        return "-" if value is None else f"{value:,.{digits}f}"

    echo("")
    echo(f"StudyXP XP bench: {version}, {os.cpu_count()} CPUs")
    echo(
        f"{'measurement':<62} {'events/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        f"  {'target':<33} result"
    )
    for row in rows:
        result = {True: "met", False: "MISSED", None: "-"}[row.met]
        echo(
            f"{row.name:<62} {row.rate_text or number(row.rate, 0):>9} {number(row.p50, 2):>8} "
            f"{number(row.p95, 2):>8} {number(row.p99, 2):>8}  {row.target:<33} {result}"
        )
    echo("")
    if not skip_http:
        echo(
            f"HTTP: {clients} client threads, each on one keep-alive connection, latency "
            f"measured by the client; gunicorn with {workers} workers x {THREADS} threads "
            f"(gthread). '{USERS} users': each request for the next of {USERS} users; "
            "'one user': every request for the same user."
        )
    echo(
        f"Summary user: {summary_events:,} events of value 1 over {SUMMARY_DAYS} days and "
        "their awards, written with bulk INSERTs (running totals computed as record_event "
        "would), not through record_event."
    )
