"""The delivery worker (app/xp/webhooks/worker.py) against a real HTTP receiver on loopback:
both signatures, retries after the configured waits and their log, timeouts, redirects,
leases that outlive a kill -9, inactive endpoints, pruning, and on PostgreSQL several
workers sharing the queue."""

import base64
import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from app.extensions import db
from app.xp.admin import webhooks as endpoints
from app.xp.engine import outbox
from app.xp.engine.transaction import event_transaction
from app.xp.models.webhooks import (
    DELIVERED,
    FAILED,
    PENDING,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookMessage,
)
from app.xp.webhooks import worker
from app.xp.webhooks.worker import Summary
from tests.support import build_app
from tests.support.databases import close_app, count
from tests.xp.webhook_receiver import Answer, running_receiver

ROOT = Path(__file__).resolve().parents[2]
BOOST_STARTED = {
    "type": "points.boost_started",
    "timestamp": "2027-01-15T00:00:00Z",
    "boost": {
        "id": "0040fe51-6bce-4b44-b0ad-bddc4e123534",
        "name": "Double XP Weekend ✨",
        "status": "active",
        "start": "2027-01-15",
        "end": "2027-01-17",
        "multiplier": 2,
        "rounding": "down",
        "pointsSystemKey": "xp",
        "userId": None,
    },
}
TIMEOUT = 0.3  # WEBHOOK_TIMEOUT_SECONDS of these tests' app


@pytest.fixture
def app(database_url):
    """An app that may post to loopback, where the receiver listens."""
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WEBHOOKS_ALLOW_PRIVATE": True,
            "WEBHOOK_TIMEOUT_SECONDS": TIMEOUT,
        }
    )
    yield app
    close_app(app)


@pytest.fixture
def receiver():
    with running_receiver() as receiver:
        yield receiver


def add_endpoint(app, url: str, events: str = "points.boost_started") -> tuple[int, str]:
    with app.app_context():
        endpoint, secret = endpoints.add_endpoint(url, events)
        return endpoint.id, secret


def set_active(app, endpoint_id: int, active: bool) -> None:
    with app.app_context():
        endpoints.update_endpoint(db.session.get(WebhookEndpoint, endpoint_id), active=active)


def announce(app, event_type: str = "points.boost_started", payload=None) -> str:
    """Queue news in its own transaction, as the write side does; the message's uuid."""
    payload = payload or {**BOOST_STARTED, "type": event_type}
    with app.app_context():
        with event_transaction() as conn:
            message_id = outbox.enqueue(conn, event_type, payload)
        return db.session.get(WebhookMessage, message_id).uuid


def deliver_due(app) -> Summary:
    with app.app_context():
        return worker.deliver_due()


def deliveries(app) -> list[WebhookDelivery]:
    with app.app_context():
        found = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
        db.session.expunge_all()
        return found


def attempt_log(app) -> list[tuple[int | None, str | None]]:
    """(status code, error) of every attempt, oldest first."""
    with app.app_context():
        attempts = db.session.scalars(select(WebhookAttempt).order_by(WebhookAttempt.id))
        return [(attempt.status_code, attempt.error) for attempt in attempts]


def test_a_delivery_carries_trophys_signature_and_standard_webhooks_headers(app, receiver, clock):
    _, secret = add_endpoint(app, receiver.url)
    message_uuid = announce(app)

    assert deliver_due(app) == Summary(delivered=1)

    [request] = receiver.received
    assert request.path == "/hooks"
    assert json.loads(request.body) == BOOST_STARTED
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "StudyXP-Webhooks/1"
    # Trophy's: base64 HMAC-SHA256 of the raw body, keyed by the secret text as shown.
    expected = hmac.new(secret.encode(), request.body, hashlib.sha256).digest()
    assert request.headers["X-Trophy-Signature"] == base64.b64encode(expected).decode()
    assert request.headers["webhook-id"] == f"msg_{message_uuid}"
    assert request.headers["webhook-timestamp"] == str(int(clock.now.timestamp()))
    assert Webhook(secret).verify(request.body, request.headers) == BOOST_STARTED
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoints.new_secret()).verify(request.body, request.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(request.body.replace(b"Double", b"Triple"), request.headers)

    [delivery] = deliveries(app)
    assert (delivery.status, delivery.attempts, delivery.finished) == (DELIVERED, 1, clock.now)
    assert delivery.lease_until is None
    with app.app_context():
        [attempt] = db.session.scalars(select(WebhookAttempt)).all()
        assert (attempt.status_code, attempt.error, attempt.at) == (200, None, clock.now)
        assert attempt.response_excerpt == '{"ok":true}'
        assert attempt.latency_ms >= 0


def test_a_receiver_failing_twice_gets_the_third_attempt_after_the_waits(app, receiver, clock):
    receiver.fail(2, status=503)
    add_endpoint(app, receiver.url)
    message_uuid = announce(app)
    start = clock.now

    assert deliver_due(app) == Summary(retrying=1)
    assert deliveries(app)[0].next_attempt == start + timedelta(seconds=60)
    assert deliver_due(app) == Summary()  # not due yet
    clock.shift(seconds=59)
    assert deliver_due(app) == Summary()
    clock.shift(seconds=1)
    assert deliver_due(app) == Summary(retrying=1)
    assert deliveries(app)[0].next_attempt == start + timedelta(seconds=60 + 120)
    clock.shift(seconds=120)
    assert deliver_due(app) == Summary(delivered=1)

    assert attempt_log(app) == [(503, None), (503, None), (200, None)]
    [delivery] = deliveries(app)
    assert (delivery.status, delivery.attempts) == (DELIVERED, 3)
    # One webhook-id for every attempt; each attempt signed at its own time.
    assert [r.headers["webhook-id"] for r in receiver.received] == [f"msg_{message_uuid}"] * 3
    assert [int(r.headers["webhook-timestamp"]) for r in receiver.received] == [
        int((start + timedelta(seconds=wait)).timestamp()) for wait in (0, 60, 180)
    ]


def test_a_delivery_is_failed_when_its_retries_run_out(app, receiver, clock):
    app.config["WEBHOOK_RETRY_SECONDS"] = (0, 0)
    receiver.fail(5)
    add_endpoint(app, receiver.url)
    announce(app)

    # Due again at once, a retry still waits for the next run: one try per delivery a run.
    assert deliver_due(app) == Summary(retrying=1)
    assert deliver_due(app) == Summary(retrying=1)
    assert deliver_due(app) == Summary(failed=1)
    assert deliver_due(app) == Summary()

    [delivery] = deliveries(app)
    assert (delivery.status, delivery.attempts, delivery.finished) == (FAILED, 3, clock.now)
    assert attempt_log(app) == [(500, None)] * 3
    assert len(receiver.received) == 3


def test_a_timeout_counts_as_a_failure(app, receiver, clock):
    receiver.answer(Answer(hold=True))
    add_endpoint(app, receiver.url)
    announce(app)

    assert deliver_due(app) == Summary(retrying=1)

    assert attempt_log(app) == [(None, f"No answer within {TIMEOUT:g} s.")]
    with app.app_context():
        assert db.session.scalar(select(WebhookAttempt.latency_ms)) >= TIMEOUT * 1000
    [delivery] = deliveries(app)
    assert (delivery.status, delivery.attempts) == (PENDING, 1)
    assert delivery.next_attempt == clock.now + timedelta(seconds=60)


def test_a_redirect_is_a_failure_and_is_not_followed(app, receiver, clock):
    receiver.answer(Answer(302, b"", location=receiver.url + "/elsewhere"))
    add_endpoint(app, receiver.url)
    announce(app)

    assert deliver_due(app) == Summary(retrying=1)

    assert [request.path for request in receiver.received] == ["/hooks"]
    assert attempt_log(app) == [
        (302, f"Redirects are not followed (Location: {receiver.url}/elsewhere).")
    ]


def test_a_refused_connection_counts_as_a_failure(app, clock):
    with running_receiver() as gone:
        url = gone.url  # nothing listens there once the block ends
    add_endpoint(app, url)
    announce(app)

    assert deliver_due(app) == Summary(retrying=1)

    [(status, error)] = attempt_log(app)
    assert status is None
    assert error.startswith("Could not connect: ") and "Connection refused" in error


def test_a_target_that_turned_private_is_not_contacted(app, receiver, clock):
    add_endpoint(app, receiver.url)
    announce(app)
    # Added while allowed; from now on 127.0.0.1 is a private address like any other.
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False

    assert deliver_due(app) == Summary(retrying=1)

    assert receiver.received == []
    assert attempt_log(app) == [
        (
            None,
            "The host 127.0.0.1 is a private, loopback or reserved address (127.0.0.1); "
            "webhooks go to public addresses only.",
        )
    ]


def test_news_of_a_change_that_rolled_back_is_never_sent(app, receiver, clock):
    add_endpoint(app, receiver.url)
    with app.app_context(), pytest.raises(RuntimeError):
        with event_transaction() as conn:
            outbox.enqueue(conn, "points.boost_started", BOOST_STARTED)
            raise RuntimeError("the change failed after its news was queued")

    assert deliver_due(app) == Summary()

    assert receiver.received == []
    assert count(app, WebhookMessage) == 0
    assert count(app, WebhookDelivery) == 0


def test_deliveries_to_an_inactive_endpoint_wait_until_it_is_active_again(app, receiver, clock):
    endpoint_id, _ = add_endpoint(app, receiver.url)
    announce(app)
    set_active(app, endpoint_id, False)

    clock.shift(hours=1)
    assert deliver_due(app) == Summary()
    [delivery] = deliveries(app)
    assert (delivery.status, delivery.attempts, delivery.lease_until) == (PENDING, 0, None)
    assert receiver.received == []

    set_active(app, endpoint_id, True)
    assert deliver_due(app) == Summary(delivered=1)
    assert len(receiver.received) == 1


def test_the_log_is_pruned_seven_days_after_a_message_finished(app, receiver, clock):
    add_endpoint(app, receiver.url)
    paused_id, _ = add_endpoint(app, receiver.url, events="points.boost_finished")
    announce(app)
    assert deliver_due(app) == Summary(delivered=1)
    announce(app, "points.boost_finished")  # waits for its paused endpoint
    set_active(app, paused_id, False)
    receiver.fail(1)
    announce(app)  # fails now, delivered on its retry a minute later
    assert deliver_due(app) == Summary(retrying=1)
    clock.shift(minutes=1)
    assert deliver_due(app) == Summary(delivered=1)
    assert (count(app, WebhookMessage), count(app, WebhookAttempt)) == (3, 3)

    clock.shift(days=7, seconds=-30)  # 7 days after the first finished, not the retried one
    assert deliver_due(app) == Summary()
    assert (count(app, WebhookMessage), count(app, WebhookAttempt)) == (2, 2)
    assert count(app, WebhookDelivery) == 2

    clock.shift(days=30)
    assert deliver_due(app) == Summary()
    # Only the message still pending for the inactive endpoint is kept.
    with app.app_context():
        assert db.session.scalars(select(WebhookMessage.event_type)).all() == [
            "points.boost_finished"
        ]
    assert (count(app, WebhookDelivery), count(app, WebhookAttempt)) == (1, 0)


def start_worker(database_url: str, *options: str) -> subprocess.Popen:
    """`flask --app app xp webhooks work` in a process of its own, on the test's database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "STUDYXP_WEBHOOKS_ALLOW_PRIVATE": "1",
    }
    command = [sys.executable, "-m", "flask", "--app", "app", "xp", "webhooks", "work"]
    return subprocess.Popen(
        [*command, *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# The worker process reads the real time: these tests leave the calendar sweep (.ci/run).
@pytest.mark.calendar_free
def test_a_worker_killed_mid_delivery_loses_nothing(app, database_url, receiver, clock):
    receiver.answer(Answer(hold=True))
    add_endpoint(app, receiver.url)
    message_uuid = announce(app)

    process = start_worker(database_url, "--once")
    try:
        receiver.wait_for(1)
    finally:
        process.kill()  # SIGKILL: no chance to record anything
        process.communicate()
    receiver.release()

    [delivery] = deliveries(app)
    assert (delivery.status, delivery.attempts) == (PENDING, 0)
    assert delivery.lease_until > clock.now
    assert deliver_due(app) == Summary()  # leased: nobody else sends it meanwhile

    clock.set(delivery.lease_until + timedelta(seconds=1))
    assert deliver_due(app) == Summary(delivered=1)
    assert [r.headers["webhook-id"] for r in receiver.received] == [f"msg_{message_uuid}"] * 2
    assert attempt_log(app) == [(200, None)]


@pytest.mark.calendar_free
def test_sigterm_lets_the_worker_finish_its_delivery_then_exit(app, database_url, receiver):
    receiver.answer(Answer(hold=True))
    add_endpoint(app, receiver.url)
    announce(app)

    process = start_worker(database_url)
    try:
        receiver.wait_for(1)
        process.send_signal(signal.SIGTERM)
        receiver.release()
        out, err = process.communicate(timeout=15)
    finally:
        process.kill()
    assert (process.returncode, err) == (0, "")
    assert out.splitlines()[-1] == "Webhooks: delivered 1, retrying 0, failed 0"
    assert [d.status for d in deliveries(app)] == [DELIVERED]


def only_on_postgresql(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite's BEGIN IMMEDIATE admits one writer")


def test_a_claim_passes_over_a_delivery_another_worker_has_locked(app, database_url, clock):
    only_on_postgresql(database_url)
    add_endpoint(app, "http://127.0.0.1:9/a")
    add_endpoint(app, "http://127.0.0.1:9/b")
    announce(app)
    first, second = (delivery.id for delivery in deliveries(app))
    claimed = []

    def claim():
        with app.app_context():
            claimed.append(worker.claim_next().delivery_id)

    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as other_worker, other_worker.begin():
            table = WebhookDelivery.__table__
            other_worker.execute(select(table.c.id).where(table.c.id == first).with_for_update())
            thread = threading.Thread(target=claim)
            thread.start()
            thread.join(5)
            assert not thread.is_alive(), "the claim waited for the locked delivery"
    finally:
        engine.dispose()
    assert claimed == [second]


def test_two_workers_claiming_at_once_never_claim_one_delivery_twice(app, database_url, clock):
    only_on_postgresql(database_url)
    for name in "abc":
        add_endpoint(app, f"http://127.0.0.1:9/{name}")
    for _ in range(10):
        announce(app)
    claims: dict[str, list[int]] = {"one": [], "two": []}
    start = threading.Barrier(2)

    def claim_all(name):
        with app.app_context():
            start.wait()
            while (claim := worker.claim_next()) is not None:
                claims[name].append(claim.delivery_id)

    threads = [threading.Thread(target=claim_all, args=(name,)) for name in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    everything = [delivery.id for delivery in deliveries(app)]
    assert len(everything) == 30
    assert set(claims["one"]).isdisjoint(claims["two"])
    assert sorted(claims["one"] + claims["two"]) == everything


def test_a_worker_whose_lease_ran_out_logs_its_attempt_but_leaves_the_delivery_alone(app, clock):
    add_endpoint(app, "http://127.0.0.1:9/slow")
    announce(app)
    with app.app_context():
        late = worker.claim_next()
        clock.set(late.lease_until)  # the lease is over: another worker takes the delivery
        current = worker.claim_next()
        assert current.delivery_id == late.delivery_id

        assert worker.record(late, worker.Outcome(200, 70_000)) is None
        [delivery] = deliveries(app)
        assert (delivery.status, delivery.attempts) == (PENDING, 0)
        assert delivery.lease_until == current.lease_until

        assert worker.record(current, worker.Outcome(500, 12)) == PENDING
    assert attempt_log(app) == [(200, None), (500, None)]
    assert deliveries(app)[0].attempts == 1
