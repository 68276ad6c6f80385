"""`flask xp bench`'s HTTP rows: StudyXP's event endpoint under gunicorn, and the bare-stack
baseline (bench_bare.py) under the same command and flags, loaded alike (bench_load.py).

Beside events/s and latencies each row reports what a reader can compare across machines:
the CPU per event of the gunicorn processes (master and workers) and of the database server
(the PostgreSQL backends serving that gunicorn, found by the application_name its connections
carry; on SQLite the database works inside the workers), from /proc (bench_cpu.py).
"""

import json
import secrets
from collections.abc import Callable

import sqlalchemy as sa

from app.extensions import db
from app.serving import THREADS, Gunicorn, serve
from app.xp.ops.bench_bare import BARE_WSGI_APP, remove_baseline_events
from app.xp.ops.bench_cpu import ChildrenCpuMeter, CpuMeter, backend_pids
from app.xp.ops.bench_data import METRIC
from app.xp.ops.bench_load import WARMUP_REQUESTS, describe_load, run_load
from app.xp.ops.bench_table import Row, check, percentile

EVENT_PATH = f"/api/v1/metrics/{METRIC}/event"
ONE_USER = "bench-one-user"
# The targets for this 2-core machine, on either database.
HTTP_TARGET = 1000  # events/s with...
HTTP_P99_TARGET = 25.0  # ...p99 at most this many ms, and...
WORKER_CPU_TARGET = 1.0  # ...at most this many ms of worker CPU per event


def user_body(user_id: str) -> bytes:
    """An event as the study app sends it with every flip."""
    return json.dumps({"user": {"id": user_id, "tz": "Europe/Berlin"}, "value": 1}).encode()


def bench_http(
    scratch_url: str,
    api_key: str,
    events: int,
    users: int,
    connections: int,
    workers: int,
    echo: Callable[[str], None],
) -> tuple[list[Row], list[str]]:
    """The HTTP rows (on the bench's users bench-user-0...) and the notes explaining them."""
    postgres = sa.make_url(scratch_url).get_backend_name() == "postgresql"
    env = {"SECRET_KEY": secrets.token_hex(16), "STUDYXP_API_RATE_LIMIT": "1000000/minute"}
    bodies = [user_body(f"bench-user-{n}") for n in range(users)]
    load_name = describe_load(users)
    shape = f"{users} user{'s' * (users != 1)}, {connections} connections"
    load_cpu: list[float | None] = []

    def measure(name: str, server: Gunicorn, app_name: str, bodies: list[bytes]) -> Row:
        echo(f"  HTTP: {name} ({load_name})")
        meters = [
            CpuMeter(lambda: [server.master_pid, *server.worker_pids()]),
            CpuMeter(lambda: backend_pids(db.engine, app_name) if postgres else []),
            ChildrenCpuMeter(),
        ]
        headers = {"X-API-KEY": api_key}
        load = run_load(server.base_url + EVENT_PATH, headers, bodies, connections, events, meters)
        worker, database, client = (
            None if s is None else s * 1000 / load.requests for s in load.cpu
        )
        load_cpu.append(client)
        row = Row(name, rate=load.rate, worker_cpu=worker, db_cpu=database)
        row.p50, row.p95, row.p99 = (percentile(load.samples, q) for q in (50, 95, 99))
        row.db_cpu_text = None if postgres else "in worker"
        if load.non_2xx or load.failed:
            row.problem = f"{load.non_2xx} non-2xx, {load.failed} without answer"
            if load.problem:
                row.problem += f"; the first: {load.problem}"
        return row

    def serve_as(app_name: str, **options):
        url = sa.make_url(scratch_url)
        if postgres:
            url = url.update_query_dict({"application_name": app_name})
        url = url.render_as_string(hide_password=False)
        echo(f"  HTTP: starting gunicorn ({app_name}) with {workers} workers x {THREADS} threads")
        return serve(url, workers=workers, env=env, **options)

    # Unique per bench process: a cluster may serve other benches or tests meanwhile.
    studyxp, bare = (f"studyxp-bench-{name}-{secrets.token_hex(3)}" for name in ("xp", "bare"))
    with serve_as(studyxp) as server:
        mixed = measure(f"HTTP POST event, {shape}", server, studyxp, bodies)
        one = measure(f"HTTP POST event, 1 user, {connections} connections", server, studyxp,
                      [user_body(ONE_USER)])  # fmt: skip
    with serve_as(bare, wsgi_app=BARE_WSGI_APP) as server:
        baseline = measure(f"bare INSERT + COMMIT endpoint, {shape}", server, bare, bodies)
    remove_baseline_events()

    lean = mixed.worker_cpu is not None and mixed.worker_cpu <= WORKER_CPU_TARGET
    check(
        mixed,
        ("events/s", f">= {HTTP_TARGET:,}/s", mixed.rate >= HTTP_TARGET),
        ("p99", f"p99 <= {HTTP_P99_TARGET:g} ms", mixed.p99 <= HTTP_P99_TARGET),
        ("CPU", f"CPU <= {WORKER_CPU_TARGET:g} ms", lean),
    )
    ratio = Row(
        "ratio: StudyXP events/s / bare requests/s", rate_text=f"{mixed.rate / baseline.rate:.2f}x"
    )
    where_db = (
        "the PostgreSQL backends serving that gunicorn (pg_stat_activity by application_name; "
        "the cluster's background processes are left out)"
        if postgres
        else "none: on SQLite the database works inside the workers ('in worker')"
    )
    pooled = (
        "; percentiles pooled from each ab's own (ab -e)" if load_name.startswith("ab ") else ""
    )
    client_cpu = ", ".join("-" if ms is None else f"{ms:.3f}" for ms in load_cpu)
    notes = [
        f"HTTP load: {load_name}; one client process per user, each with its share of the "
        f"{connections} keep-alive connections, each connection {WARMUP_REQUESTS} untimed "
        f"requests first; latency measured by the client{pooled}. The load generator's own "
        f"CPU per request, row by row: {client_cpu} ms.",
        f"Server: gunicorn {workers} workers x {THREADS} threads (gthread), the production "
        "command line. 'N users': each user's requests on its own connections; '1 user': every "
        "request for the same user, so the per-user lock serializes them.",
        "CPU columns: ms of CPU time (user + system, from /proc) per event during the timed "
        f"load: worker = the gunicorn master and workers; DB = {where_db}.",
        "Bare baseline: a Flask app (app/xp/ops/bench_bare.py) under the same gunicorn command "
        "and flags and engine settings that parses the same body and does one INSERT of the "
        "event row + COMMIT per request (no API key); ratio = StudyXP's events/s / its "
        "requests/s.",
    ]
    return [mixed, one, baseline, ratio], notes
