"""flask xp bench: every row of the table, on scratch data that is gone afterwards.

Tiny sizes and no timing assertions: the numbers depend on the machine.
"""

import json
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.metrics import MetricEvent
from app.xp.models.users import XpUser
from app.xp.ops import bench_load
from app.xp.ops.bench_bare import (
    BASELINE_USER,
    baseline_ids,
    create_bare_app,
    remove_baseline_events,
)
from app.xp.ops.bench_cpu import CLOCK_TICKS, ChildrenCpuMeter, CpuMeter, cpu_seconds
from app.xp.ops.bench_data import BenchError
from app.xp.ops.bench_http import EVENT_PATH, user_body
from app.xp.ops.bench_load import describe_load, parse_ab, pooled_percentiles, run_load, split
from app.xp.ops.bench_table import Row, check, percentile, print_table

# Left out of the calendar sweep (.ci/run): the benchmark command runs: no calendar.
pytestmark = pytest.mark.calendar_free

NUMBER = r"[0-9][0-9,]*"
MS = r"[0-9]+\.[0-9]{2}"
RESULT = r"(met|MISSED: [A-Za-z0-9/, ]+|MISSED)"
RATIO = r"[0-9]+\.[0-9]{2}x"
CPU = r"[0-9]+\.[0-9]{3}"


def configured_state(app) -> dict:
    """Row counts of every table of the configured database, and where scratch data could be."""
    with app.app_context():
        counts = {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }
        if db.engine.dialect.name == "sqlite":
            folder = Path(db.engine.url.database).parent
            scratch = sorted(path.name for path in folder.iterdir())
        else:
            scratch = db.session.scalars(
                sa.text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'studyxp_bench_%'")
            ).all()
        db.session.remove()
    return {"counts": counts, "scratch": scratch}


@pytest.fixture
def configured(seeded):
    """The configured database with data of its own: one user's five flips and an award."""
    with seeded.app_context():
        record_event("flashcards-flipped", {"id": "real-learner"}, 5)
    return seeded


def test_bench_prints_every_row_and_leaves_no_scratch_data(configured, runner):
    before = configured_state(configured)

    result = runner.invoke(
        args=[
            "xp", "bench", "--events", "20", "--users", "2", "--connections", "4",
            "--workers", "1", "--summary-events", "800", "--leaderboard-participants", "1200",
        ]
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    out = result.output
    sqlite = configured.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    assert re.search(rf"StudyXP XP bench: {'SQLite' if sqlite else 'PostgreSQL'} [0-9.]+", out)
    timed = rf"\s+{NUMBER}\s+{MS}\s+{MS}\s+{MS}\s"
    assert re.search(rf"record_event in-process, 100 users{timed}", out)
    assert re.search(rf"baseline: INSERT \+ COMMIT of the event row{timed}", out)
    assert re.search(
        rf"ratio: record_event events/s / baseline events/s\s+{RATIO}.*>= 0.50x\s+{RESULT}", out
    )
    # Over HTTP: events/s, percentiles, then the CPU per event of the workers and the database.
    cpu = rf"{timed}\s*{CPU}\s+{'in worker' if sqlite else CPU}\s"
    target = r">= 1,000/s, p99 <= 25 ms, CPU <= 1 ms"
    assert re.search(rf"HTTP POST event, 2 users, 4 connections{cpu}\s*{target}\s+{RESULT}", out)
    assert re.search(rf"HTTP POST event, 1 user, 4 connections{cpu}\s*-\s+-\n", out)
    assert re.search(rf"bare INSERT \+ COMMIT endpoint, 2 users, 4 connections{cpu}", out)
    assert re.search(rf"ratio: StudyXP events/s / bare requests/s\s+{RATIO}\s", out)
    assert "FAILED" not in out  # every request was answered with a 2xx
    assert re.search(
        r"HTTP load: (ab [0-9.]+|2 Python client processes \(ab not installed\));", out
    )
    assert re.search(r"own CPU per request, row by row: [0-9.]+, [0-9.]+, [0-9.]+ ms", out)
    database = "the PostgreSQL backends serving that gunicorn" if not sqlite else "none: on SQLite"
    assert f"worker = the gunicorn master and workers; DB = {database}" in out
    for aggregation, periods in (("daily", 400), ("weekly", r"5[89]"), ("monthly", r"1[45]")):
        assert re.search(
            rf"event summary, {aggregation} \({periods} periods\), 800 events\s+-\s+{MS}\s+{MS}"
            rf"\s+-\s+-\s+-\s+p95 <= 10 ms\s+{RESULT}",
            out,
        )
    for name in (
        r"leaderboard top 10, 1,200 participants",
        r"leaderboard rank of the user at #500",
        r"leaderboard rank of a user not on the board",
        r"record_event moving a user on that board",
    ):
        assert re.search(rf"{name}\s+-\s+{MS}\s+{MS}\s+-\s+-\s+-\s+p95 <= 20 ms\s+{RESULT}", out)
    assert "written with bulk INSERTs" in out
    # 100 warm-up events, 20 in-process, 2 rows x (20 + 4 connections x 5 warm-up) over HTTP,
    # 800 history; the bare endpoint's rows are gone.
    assert "Ledgers afterwards (flask xp verify on the scratch data): OK; 1,000 events" in out

    assert configured_state(configured) == before


def test_skip_http_leaves_out_the_http_rows(configured, runner):
    result = runner.invoke(
        args=[
            "xp",
            "bench",
            "--events",
            "5",
            "--summary-events",
            "400",
            "--skip-http",
            "--leaderboard-participants",
            "50",
        ]
    )

    assert result.exit_code == 0, result.output
    assert "HTTP" not in result.output
    assert re.search(rf"record_event in-process, 100 users\s+{NUMBER}", result.output)
    assert "event summary, monthly" in result.output


def test_scratch_data_is_removed_after_ctrl_c(configured, runner, monkeypatch):
    from app.xp.ops import bench

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(bench, "bench_summary", interrupted)
    before = configured_state(configured)

    result = runner.invoke(
        args=[
            "xp",
            "bench",
            "--events",
            "5",
            "--summary-events",
            "400",
            "--skip-http",
            "--leaderboard-participants",
            "50",
        ]
    )

    assert result.exit_code != 0
    assert "Scratch database:" in result.output
    assert configured_state(configured) == before


def test_an_unsupported_database_is_refused_with_a_message():
    from app.xp.ops.bench_data import BenchError, scratch_database

    with pytest.raises(BenchError, match="runs on SQLite or PostgreSQL, not mysql"):
        with scratch_database("mysql://user@localhost/studyxp"):
            pass


def test_the_bare_endpoint_inserts_the_event_row_and_commits(configured, monkeypatch):
    with configured.app_context():
        db.session.add(XpUser(external_id=BASELINE_USER, tz="UTC"))
        db.session.commit()
    monkeypatch.setenv("DATABASE_URL", configured.config["SQLALCHEMY_DATABASE_URI"])
    bare = create_bare_app()
    try:
        answer = bare.test_client().post(
            EVENT_PATH, json={"user": {"id": "anyone", "tz": "Asia/Tokyo"}, "value": 3}
        )
    finally:
        with bare.app_context():
            db.engine.dispose()

    assert answer.status_code == 201
    with configured.app_context():
        user_id = baseline_ids()[0]
        event = db.session.scalars(select(MetricEvent).where(MetricEvent.user_id == user_id)).one()
        assert (event.uuid, event.value, event.tz) == (answer.json["uuid"], 3.0, "Asia/Tokyo")
        remove_baseline_events()
        # The configured data (real-learner's one event) stays.
        assert db.session.scalar(select(func.count()).select_from(MetricEvent)) == 1


# --- the load generator ---------------------------------------------------------------------

# ab 2.3's report of 40 POSTs on 4 keep-alive connections to a server answering every seventh
# with a 500 and with JSON bodies of varying length (its banner left out).
AB_REPORT = """\
Server Software:        BaseHTTP/0.6
Server Hostname:        127.0.0.1
Server Port:            8765

Document Path:          /api/v1/metrics/flashcards-flipped/event
Document Length:        20 bytes

Concurrency Level:      4
Time taken for tests:   0.401 seconds
Complete requests:      40
Failed requests:        31
   (Connect: 0, Receive: 0, Length: 31, Exceptions: 0)
Non-2xx responses:      5
Keep-Alive requests:    40
Total transferred:      7821 bytes
Total body sent:        10880
HTML transferred:       831 bytes
Requests per second:    99.81 [#/sec] (mean)
Time per request:       40.075 [ms] (mean)
Time per request:       10.019 [ms] (mean, across all concurrent requests)
Transfer rate:          19.06 [Kbytes/sec] received
                        26.51 kb/s sent
                        45.57 kb/s total

Connection Times (ms)
              min  mean[+/-sd] median   max
Connect:        0    0   0.1      0       0
Processing:     1   40  12.7     44      48
Waiting:        0    1   0.8      0       4
Total:          1   40  12.6     44      48

Percentage of the requests served within a certain time (ms)
  50%     44
  66%     44
  75%     44
  80%     44
  90%     44
  95%     44
  98%     48
  99%     48
 100%     48 (longest request)
"""


def ab_percentiles(ms_at: Callable[[int], float]) -> str:
    """An `ab -e` file: the time within which each percent 0 to 100 was served."""
    return "Percentage served,Time in ms\n" + "".join(f"{p},{ms_at(p):.3f}\n" for p in range(101))


def test_ab_report_is_read_without_its_length_failures():
    result = parse_ab(AB_REPORT, ab_percentiles(lambda p: 0.5 + p / 10))

    assert (result.complete, result.seconds, result.non_2xx) == (40, 0.401, 5)
    # A JSON answer's length varies from one event to the next: ab's "Length" failures are no
    # failures. Connection and receive errors are.
    assert result.failed == 0
    assert result.percentiles[:3] == [0.5, 0.6, 0.7] and result.percentiles[100] == 10.5
    assert result.percentiles[98] == 10.3
    # ab 2.3 reads the 99 % of 40 requests at [int(0.5 + 39.6)], past the slowest one: garbage.
    garbage = ab_percentiles(lambda p: 8.4e15 if p == 99 else 0.5 + p / 10)
    assert parse_ab(AB_REPORT, garbage).percentiles[98:] == [10.3, 10.5, 10.5]
    other = AB_REPORT.replace("Non-2xx responses:      5\n", "").replace(
        "(Connect: 0, Receive: 0, Length: 31, Exceptions: 0)",
        "(Connect: 2, Receive: 1, Length: 27, Exceptions: 1)",
    )
    assert (parse_ab(other).failed, parse_ab(other).non_2xx) == (4, 0)
    with pytest.raises(
        BenchError, match="ab's report has no 'Complete requests':\napr_socket_recv"
    ):
        parse_ab("apr_socket_recv: Connection refused (111)")


def test_the_ab_processes_percentiles_are_pooled_with_equal_weight():
    fast = parse_ab(AB_REPORT, ab_percentiles(lambda p: 1.0))
    slow = parse_ab(AB_REPORT, ab_percentiles(lambda p: 10.0 + p))

    pooled = pooled_percentiles([fast, slow])

    # Half the requests took 1 ms: the median is the slowest of those, the next one is the
    # slow process's p1, and p99 is its p98.
    assert len(pooled) == 200
    assert (percentile(pooled, 50), percentile(pooled, 50.5), percentile(pooled, 99)) == (
        1.0,
        11.0,
        108.0,
    )


class Answers(BaseHTTPRequestHandler):
    """201 to every POST, except 500 to those for the user "refused"; keeps connections."""

    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.seen.append((self.headers["X-API-KEY"], json.loads(body)["user"]["id"]))
        status = 500 if b'"refused"' in body else 201
        answer = b'{"error": "refused"}' if status == 500 else b'{"ok": true}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def answering_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_without_ab_python_client_processes_send_the_load_and_say_so(answering_server, monkeypatch):
    monkeypatch.setattr(bench_load.shutil, "which", lambda name: None)
    url = f"http://127.0.0.1:{answering_server.server_port}/api/v1/metrics/m/event"
    bodies = [user_body("ann"), user_body("refused")]
    meter = ChildrenCpuMeter()

    load = run_load(url, {"X-API-KEY": "key-1"}, bodies, 3, 11, [meter])

    assert describe_load(2) == "2 Python client processes (ab not installed)"
    # ann: 2 connections, 6 requests; refused: 1 connection, 5; plus 5 warm-ups a connection.
    seen = Counter(answering_server.seen)
    assert seen == {("key-1", "ann"): 6 + 2 * 5, ("key-1", "refused"): 5 + 5}
    assert (load.requests, len(load.samples), load.non_2xx, load.failed) == (11, 11, 5, 0)
    assert load.samples == sorted(load.samples) and load.samples[0] > 0
    assert load.problem == '500 {"error": "refused"}'
    # The client processes have been waited for: their CPU is counted, and only theirs.
    assert len(load.cpu) == 1 and load.cpu[0] > 0


def test_load_needs_a_connection_per_user_and_a_request_per_connection():
    with pytest.raises(BenchError, match="2 users, 1 connections, 9 requests"):
        run_load("http://127.0.0.1:1/", {}, [b"{}", b"{}"], 1, 9)
    with pytest.raises(BenchError, match="1 users, 4 connections, 3 requests"):
        run_load("http://127.0.0.1:1/", {}, [b"{}"], 4, 3)
    assert split(11, 3) == [4, 4, 3]


# --- CPU accounting -------------------------------------------------------------------------


def write_stat(proc: Path, pid: int, utime: int, stime: int) -> None:
    """A /proc/<pid>/stat line (proc(5)); the command name holds a space and a parenthesis."""
    fields = ["S", "1", "1", "1", "0", "-1", "4194560", "10", "0", "0", "0"]
    tail = ["0", "0", "20", "0", "1", "0", "100", "0", "0"]
    line = f"{pid} (gunicorn: w) {' '.join(fields)} {utime} {stime} {' '.join(tail)}\n"
    (proc / str(pid)).mkdir(exist_ok=True)
    (proc / str(pid) / "stat").write_text(line)


def test_cpu_is_read_from_proc_stat_in_clock_ticks(tmp_path):
    write_stat(tmp_path, 4242, utime=250, stime=50)

    assert cpu_seconds(4242, tmp_path) == 300 / CLOCK_TICKS
    assert cpu_seconds(4243, tmp_path) is None


def test_a_meter_sums_the_cpu_spent_between_start_and_stop(tmp_path):
    pids = [10, 11]
    write_stat(tmp_path, 10, utime=100, stime=20)
    write_stat(tmp_path, 11, utime=7, stime=3)
    meter = CpuMeter(lambda: pids, tmp_path)
    meter.start()
    write_stat(tmp_path, 10, utime=150, stime=30)  # +60 ticks
    (tmp_path / "11" / "stat").unlink()  # ended: its ticks are lost
    write_stat(tmp_path, 12, utime=4, stime=1)  # started meanwhile: all 5 ticks count
    pids.append(12)

    assert meter.stop() == pytest.approx(65 / CLOCK_TICKS)
    assert CpuMeter(lambda: [], tmp_path).stop() is None  # e.g. the database is in the workers


def test_a_meter_on_this_process_sees_the_cpu_it_burns():
    meter = CpuMeter(lambda: [os.getpid()])
    meter.start()
    before = time.process_time()
    while time.process_time() - before < 0.2:
        pass

    spent = meter.stop()
    # /proc counts in clock ticks: a tick's worth either side.
    assert 0.2 - 1.5 / CLOCK_TICKS <= spent <= time.process_time() - before + 1.5 / CLOCK_TICKS


# --- the table ------------------------------------------------------------------------------


def test_a_row_names_the_missed_parts_of_its_target_and_its_failed_requests():
    missed = Row("HTTP POST event", rate=900.0, p99=20.0)
    check(missed, ("events/s", ">= 1,000/s", False), ("p99", "p99 <= 25 ms", True))
    failed = Row("bare", rate=5.0, problem="3 non-2xx, 0 without answer")
    lines = []

    print_table([missed, failed], "title", ["a note"], lines.append)

    assert re.search(
        r"HTTP POST event\s+900 .* >= 1,000/s, p99 <= 25 ms\s+MISSED: events/s$", lines[3]
    )
    assert lines[4].endswith("FAILED: 3 non-2xx, 0 without answer")
    assert lines[-1] == "a note"
