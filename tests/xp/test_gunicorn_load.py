"""StudyXP under gunicorn: 16 HTTP clients against 2 worker processes, and a worker killed mid-load.

Each test builds its database with the migrations, as production does, serves it with the
manual's gunicorn command (app/serving.py) and compares what was stored with the engine's
serial result (tests/xp/serial.py) and with `flask --app app xp verify`.
"""

import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import flask_migrate
import pytest
import requests
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import delete, select, update

from app import create_app
from app.extensions import db
from app.serving import ROOT, gunicorn_args, serve
from app.xp.admin.api_keys import create_api_key
from app.xp.engine.events import record_event
from app.xp.models.metrics import MetricEvent
from app.xp.models.points import PointsAward
from seed import seed_xp
from tests.support.databases import POSTGRES_URL, database_for
from tests.xp.serial import serial_outcome, stored_outcome, stored_values, unbalanced_events

# Left out of the calendar sweep (.ci/run): concurrency and crashes under gunicorn: no calendar.
pytestmark = pytest.mark.calendar_free

CLIENTS = 16
WORKERS = 2
USER = "racer"
EVENT_PATH = "/api/v1/metrics/flashcards-flipped/event"
SECRET_KEY = "gunicorn-test-secret"
# The rate limiter would otherwise refuse a load this fast from one key.
SERVER_ENV = {"SECRET_KEY": SECRET_KEY, "STUDYXP_API_RATE_LIMIT": "1000000/minute"}
SCHEMA = f"studyxp_gunicorn_{os.getpid()}"
# A request may fail while its worker is being killed; a client retries it this often.
ATTEMPTS = 10


@dataclass
class Site:
    """A database built by the migrations, with seed.py's XP setup and an API key."""

    app: Flask
    url: str
    api_key: str


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database: a new SQLite file, or a PostgreSQL schema of this module's own.

    Replaces tests/xp/conftest.py's fixture: its PostgreSQL schema holds create_all()'s
    tables, and these tests build theirs with the migrations, as production does.
    """
    if request.param == "sqlite":
        yield database_for("sqlite", tmp_path)
        return
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need STUDYXP_TEST_POSTGRES_URL (bash .ci/run sets it)")
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
    url = sa.make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={SCHEMA}"})
    yield url.render_as_string(hide_password=False)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


@pytest.fixture
def site(database_url):
    """The database built by the migrations, with seed.py's XP setup and an API key."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": SECRET_KEY, "SQLALCHEMY_DATABASE_URI": database_url}
    )
    with app.app_context():
        flask_migrate.upgrade()
        seed_xp()
        _, secret = create_api_key("load-test")
    yield Site(app, database_url, secret)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@dataclass
class Answer:
    key: str
    status: int
    body: dict
    sent: float
    received: float


@dataclass
class Load:
    """What the clients saw: one answer per planned event, and the attempts that failed."""

    answers: list[Answer] = field(default_factory=list)
    failures: list[tuple[str, float, str]] = field(default_factory=list)

    def by_key(self) -> dict[str, list[Answer]]:
        grouped = defaultdict(list)
        for answer in self.answers:
            grouped[answer.key].append(answer)
        return grouped


def send_events(base_url: str, api_key: str, plan: list[tuple[str, int]], on_answer=None) -> Load:
    """Send `plan`'s (Idempotency-Key, value) events for USER from CLIENTS threads.

    Each client keeps one keep-alive connection and takes the next event as soon as it has
    its answer, so neighbours in the plan are in flight together. A request that fails
    without an answer is sent again with the same key, as a real client would.
    """
    load = Load()
    lock = threading.Lock()
    pending = iter(plan)

    def client() -> None:
        with requests.Session() as session:
            session.headers["X-API-KEY"] = api_key
            while True:
                with lock:
                    item = next(pending, None)
                if item is None:
                    return
                key, value = item
                answer = send(session, key, value)
                with lock:
                    load.answers.append(answer)
                    if on_answer:
                        on_answer(len(load.answers))

    def send(session: requests.Session, key: str, value: int) -> Answer:
        body = {"user": {"id": USER, "tz": "Europe/Berlin"}, "value": value}
        for _ in range(ATTEMPTS):
            sent = time.monotonic()
            try:
                response = session.post(
                    base_url + EVENT_PATH, json=body, headers={"Idempotency-Key": key}, timeout=60
                )
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
                with lock:
                    load.failures.append((key, time.monotonic(), type(error).__name__))
                time.sleep(0.05)
                continue
            return Answer(key, response.status_code, response.json(), sent, time.monotonic())
        raise AssertionError(f"{key} failed {ATTEMPTS} times")

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        for result in [pool.submit(client) for _ in range(CLIENTS)]:
            result.result()
    return load


def xp_verify(url: str) -> subprocess.CompletedProcess:
    """`flask --app app xp verify` in a process of its own, on the served database."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "xp", "verify"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY},
        capture_output=True,
        text=True,
        timeout=60,
    )


def overlapping(first: Answer, second: Answer) -> bool:
    return first.sent < second.received and second.sent < first.received


# 200 flips; every 5th key is sent twice in a row, so two clients carry it at once.
LOAD_KEYS = 200
LOAD_PLAN = [(f"flip-{n}", 1) for n in range(LOAD_KEYS) for _ in range(2 if n % 5 == 0 else 1)]


def test_parallel_clients_through_two_workers_give_the_serial_result(site, tmp_path):
    with serve(site.url, WORKERS, SERVER_ENV, log_path=tmp_path / "gunicorn.log") as server:
        workers = set(server.worker_pids())
        started = time.monotonic()
        load = send_events(server.base_url, site.api_key, LOAD_PLAN)
        elapsed = time.monotonic() - started
    # Read once gunicorn has stopped: a worker logs a request after answering it.
    served = server.requests_per_worker(EVENT_PATH)

    replays = len(LOAD_PLAN) - LOAD_KEYS
    assert Counter(a.status for a in load.answers) == {201: LOAD_KEYS, 202: replays}
    assert load.failures == []
    # Each key applied once: one 201, and its replay (202) names the same event.
    for key, answers in load.by_key().items():
        assert sorted(a.status for a in answers) == [201, 202][: len(answers)], key
        assert [a.body["idempotentReplayed"] for a in answers] == [a.status == 202 for a in answers]
        assert len({a.body["eventId"] for a in answers}) == 1, key
    # Most replays were in flight together with the request they repeat (so on two clients).
    pairs = [answers for answers in load.by_key().values() if len(answers) == 2]
    assert len(pairs) == replays == 40
    together = sum(overlapping(*pair) for pair in pairs)
    assert together >= replays // 2
    # Every metric total from 1 to 200 was the answer to exactly one fresh event.
    fresh = [a.body for a in load.answers if a.status == 201]
    assert sorted(body["total"] for body in fresh) == list(range(1, LOAD_KEYS + 1))
    assert sum(body["points"]["xp"]["added"] for body in fresh if body["points"]) == 800

    # Both workers served, and only the two that booted.
    assert set(served) == workers and len(workers) == WORKERS
    assert sum(served.values()) == len(LOAD_PLAN)

    with site.app.app_context():
        stored = stored_outcome(USER)
        assert unbalanced_events(USER) == []
    # 40 awards of +10 (every 5) and 8 of +50 (every 25): what serial processing gives.
    assert stored.metric_total == LOAD_KEYS
    assert stored.points_total == 40 * 10 + 8 * 50
    assert Counter(award.awarded for award in stored.awards) == {10: 40, 50: 8}
    assert stored == serial_outcome([1] * LOAD_KEYS, seed_xp, tmp_path / "serial.sqlite3")

    verify = xp_verify(site.url)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert verify.stdout.strip() == f"OK: {LOAD_KEYS} events, 48 awards, 1 users checked"
    print(
        f"\n{len(LOAD_PLAN)} requests in {elapsed:.1f} s; per worker: {dict(served)}; "
        f"{together} of {replays} replays in flight with their original"
    )


# 200 events, every 8th worth 6 flips (so one event can cross both thresholds at once).
FAULT_PLAN = [(f"flip-{n}", 6 if n % 8 == 7 else 1) for n in range(200)]
KILL_AFTER = 60  # answers received before one worker is killed


def test_a_worker_killed_mid_load_leaves_no_event_half_applied(site, tmp_path):
    answered = threading.Event()

    def on_answer(count: int) -> None:
        if count >= KILL_AFTER:
            answered.set()

    with serve(site.url, WORKERS, SERVER_ENV, log_path=tmp_path / "gunicorn.log") as server:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=1) as runner:
            running = runner.submit(
                send_events, server.base_url, site.api_key, FAULT_PLAN, on_answer
            )
            assert answered.wait(timeout=60), "the load never got going"
            # The busiest worker: the clients it holds have requests in flight right now.
            served = server.requests_per_worker(EVENT_PATH)
            victim = max(server.worker_pids(), key=lambda pid: served[pid])
            killed_at = time.monotonic()
            os.kill(victim, signal.SIGKILL)
            load = running.result(timeout=120)
        elapsed = time.monotonic() - started
        replacement = _wait_for_workers(server, WORKERS)
    log = server.log()

    # The kill really hit requests in flight (and nothing failed before it); the master
    # replaced the worker.
    assert load.failures, "no request failed: the kill hit no request in flight"
    assert all(failed_at >= killed_at for _, failed_at, _ in load.failures)
    assert f"Worker (pid:{victim}) was sent SIGKILL" in log
    assert victim not in replacement and len(replacement) == WORKERS

    # Retried with the same key, every event was stored exactly once, and each answer names
    # the event stored for its key: 201, or 202 when the kill lost the answer to a commit.
    assert len(load.answers) == len(FAULT_PLAN)
    assert {a.status for a in load.answers} <= {201, 202}
    with site.app.app_context():
        stored_events = dict(
            db.session.execute(select(MetricEvent.idempotency_key, MetricEvent.uuid)).all()
        )
        values = stored_values(USER)
        # Each event holds all of its awards or none, checked in SQL from the ledgers.
        assert unbalanced_events(USER) == []
        stored = stored_outcome(USER)
    assert len(values) == len(FAULT_PLAN)
    assert stored_events == {a.key: a.body["eventId"] for a in load.answers}
    assert sorted(values) == sorted(float(value) for _, value in FAULT_PLAN)
    # 175 events of 1 and 25 of 6: 325 flips; 65 crossings of 5 and 13 of 25.
    assert stored.metric_total == 325
    assert stored.points_total == 65 * 10 + 13 * 50
    assert stored == serial_outcome(values, seed_xp, tmp_path / "serial.sqlite3")

    verify = xp_verify(site.url)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert verify.stdout.startswith(f"OK: {len(FAULT_PLAN)} events, ")
    lost = sum(a.status == 202 for a in load.answers)
    print(
        f"\n{len(FAULT_PLAN)} events in {elapsed:.1f} s; killed worker {victim}: "
        f"{len(load.failures)} failed requests, {lost} answers lost after a commit"
    )


def _wait_for_workers(server, count: int, timeout: float = 30) -> list[int]:
    """The live workers once the master has `count` again (it replaces a killed one)."""
    deadline = time.monotonic() + timeout
    while len(pids := server.worker_pids()) != count and time.monotonic() < deadline:
        time.sleep(0.1)
    return pids


def test_the_manual_documents_the_served_gunicorn_command():
    """The production command in docs/operations.md is gunicorn_args(), which these tests run."""
    manual = (ROOT / "docs" / "operations.md").read_text()
    lines = re.sub(r"\\\n\s*", " ", manual).splitlines()
    commands = [line for line in lines if ".venv/bin/gunicorn " in line]
    assert len(commands) == 1, "operations.md should show one `db upgrade && gunicorn` command"
    words = shlex.split(commands[0])
    then = words.index("&&")
    assert words[:then] == [".venv/bin/flask", "--app", "app", "db", "upgrade"]
    assert words[then + 1] == ".venv/bin/gunicorn"
    args = words[then + 2 :]
    workers = int(args[args.index("--workers") + 1])
    bind = args[args.index("--bind") + 1]
    assert args == gunicorn_args(workers, bind)


def test_unbalanced_events_finds_an_event_missing_or_overpaid_its_award(seeded):
    """The fault test's SQL check is not vacuous: it sees a half-applied event."""
    with seeded.app_context():
        for _ in range(10):
            record_event("flashcards-flipped", {"id": USER}, 1)
        assert unbalanced_events(USER) == []
        fifth, tenth = db.session.scalars(select(PointsAward).order_by(PointsAward.id)).all()
        db.session.execute(delete(PointsAward).where(PointsAward.id == fifth.id))
        db.session.execute(update(PointsAward).where(PointsAward.id == tenth.id).values(awarded=20))
        db.session.commit()

        assert unbalanced_events(USER) == [
            (fifth.event_id, fifth.trigger_id, 10, 0, 0),
            (tenth.event_id, tenth.trigger_id, 10, 20, 1),
        ]
