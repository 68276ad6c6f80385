"""The webhook outbox (app/xp/engine/outbox.py) and the endpoint rules (app/xp/admin/webhooks.py):
who gets a message, Trophy's 15-minute throttle, and which targets are refused."""

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.xp.admin import webhooks as admin
from app.xp.admin.fields import FieldErrors
from app.xp.engine.outbox import enqueue, subscribers
from app.xp.engine.transaction import event_transaction
from app.xp.models.webhooks import WebhookDelivery, WebhookMessage

pytestmark = pytest.mark.calendar_free

BOOST = {"type": "points.boost_started", "timestamp": "2026-01-01T00:00:00Z", "boost": {}}


@pytest.fixture
def app(app):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    with app.app_context():
        yield app


def tell(event_type: str, payload: dict, subject: str | None = None) -> int | None:
    with event_transaction() as conn:
        return enqueue(conn, event_type, payload, subject)


def messages() -> list[WebhookMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(WebhookMessage).order_by(WebhookMessage.id)))


def test_nothing_is_written_when_no_endpoint_listens(app):
    admin.add_endpoint("http://127.0.0.1:9/hook", ["achievement.completed"])
    assert tell("points.boost_started", BOOST) is None
    assert messages() == []


def test_each_subscribed_active_endpoint_gets_one_delivery(app):
    both, _ = admin.add_endpoint("http://127.0.0.1:9/a", "points.boost_started,streak.lost")
    admin.add_endpoint("http://127.0.0.1:9/b", ["streak.lost"])
    paused, _ = admin.add_endpoint("http://127.0.0.1:9/c", ["points.boost_started"], active=False)
    other, _ = admin.add_endpoint("http://127.0.0.1:9/d", ["points.boost_started"])

    message_id = tell("points.boost_started", BOOST)

    [message] = messages()
    assert message.id == message_id and message.payload == BOOST and message.subject is None
    deliveries = db.session.scalars(select(WebhookDelivery)).all()
    assert sorted(d.endpoint_id for d in deliveries) == sorted([both.id, other.id])
    assert {(d.status, d.attempts, d.next_attempt) for d in deliveries} == {
        ("pending", 0, message.due)
    }
    assert paused.id not in {d.endpoint_id for d in deliveries}


def test_a_rolled_back_change_leaves_no_message(app):
    admin.add_endpoint("http://127.0.0.1:9/a", ["points.boost_started"])
    with pytest.raises(RuntimeError), event_transaction() as conn:
        enqueue(conn, "points.boost_started", BOOST)
        raise RuntimeError("the change failed")
    assert messages() == []


def test_throttled_news_waits_for_the_window_and_keeps_only_the_latest_state(app, clock):
    admin.add_endpoint("http://127.0.0.1:9/a", ["points.changed"])
    first_at = clock.now
    tell("points.changed", {"total": 10}, "user:1:system:1")
    clock.shift(minutes=5)
    tell("points.changed", {"total": 20}, "user:1:system:1")
    clock.shift(minutes=5)
    tell("points.changed", {"total": 30}, "user:1:system:1")
    tell("points.changed", {"total": 5}, "user:2:system:1")  # another subject: at once

    first, waiting, other = messages()
    assert (first.payload, first.due) == ({"total": 10}, first_at)
    # The 5- and 10-minute news share one message, due when the window ends, latest total.
    assert (waiting.payload, waiting.due) == ({"total": 30}, first_at + timedelta(minutes=15))
    assert (other.payload, other.due) == ({"total": 5}, clock.now)

    clock.shift(minutes=25)  # 35 minutes after the first: both windows are over
    tell("points.changed", {"total": 40}, "user:1:system:1")
    assert [m.payload for m in messages()][-1] == {"total": 40}
    assert messages()[-1].due == clock.now


def test_a_waiting_message_already_tried_is_not_rewritten(app, clock):
    admin.add_endpoint("http://127.0.0.1:9/a", ["leaderboard.changed"])
    tell("leaderboard.changed", {"n": 1}, "board:1")
    clock.shift(minutes=1)
    tell("leaderboard.changed", {"n": 2}, "board:1")  # waits until minute 15
    waiting = messages()[-1]
    db.session.execute(
        WebhookDelivery.__table__.update()
        .where(WebhookDelivery.message_id == waiting.id)
        .values(attempts=1)
    )
    db.session.commit()
    tell("leaderboard.changed", {"n": 3}, "board:1")
    assert [m.payload for m in messages()] == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert messages()[-1].due == waiting.due + timedelta(minutes=15)


def test_unknown_types_and_unthrottled_subjects(app):
    with pytest.raises(ValueError, match="unknown webhook event type 'points.gained'"):
        tell("points.gained", {})
    admin.add_endpoint("http://127.0.0.1:9/a", ["points.changed"])
    with pytest.raises(ValueError, match="points.changed needs a subject"):
        tell("points.changed", {})


def test_an_endpoint_gets_a_standard_webhooks_secret_and_its_types_in_trophys_order(app):
    endpoint, secret = admin.add_endpoint(
        " http://127.0.0.1:9/a ", ["streak.lost", "achievement.completed", "streak.lost"]
    )
    assert secret.startswith("whsec_") and len(secret) == 6 + 44
    assert endpoint.url == "http://127.0.0.1:9/a"
    assert endpoint.events == ["achievement.completed", "streak.lost"]
    _, another = admin.add_endpoint("http://127.0.0.1:9/b", ["streak.lost"])
    assert another != secret


@pytest.mark.parametrize(
    ("url", "events", "errors"),
    [
        ("", ["streak.lost"], {"url": "This field is required."}),
        (
            "ftp://example.com/x",
            ["streak.lost"],
            {"url": "Enter an http:// or https:// URL with a host name."},
        ),
        (
            "https://user:pw@example.com/x",
            ["streak.lost"],
            {"url": "Leave user names and passwords out of the URL; the signature authenticates."},
        ),
        (
            "https://example.com:99999/x",
            ["streak.lost"],
            {"url": "The URL's port is not a valid port number."},
        ),
        ("https://example.com/x", [], {"events": "Choose at least one event type."}),
        (
            "https://example.com/x",
            ["streak.lost", "points.gained"],
            {"events": "Unknown event type: points.gained."},
        ),
    ],
)
def test_bad_endpoints_are_refused_with_every_reason(app, url, events, errors):
    with pytest.raises(FieldErrors) as refused:
        admin.add_endpoint(url, events)
    assert refused.value.errors == errors


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://127.0.0.1:8000/hook", "127.0.0.1"),
        ("http://10.1.2.3/hook", "10.1.2.3"),
        ("http://169.254.169.254/latest/meta-data", "169.254.169.254"),
        ("http://[::1]/hook", "::1"),
        ("http://localhost/hook", None),
    ],
)
def test_private_targets_are_refused_unless_allowed(app, url, address):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    problem = admin.target_problem(url)
    assert problem is not None and "webhooks go to public addresses only" in problem
    if address:
        assert f"({address})" in problem
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    assert admin.target_problem(url) is None


def test_a_public_address_is_accepted(app):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    assert admin.target_problem("https://93.184.215.14/hook") is None


def test_resend_queues_a_finished_delivery_again_with_fresh_retries(app, clock):
    admin.add_endpoint("http://127.0.0.1:9/a", ["streak.lost"])
    tell("streak.lost", {"length": 3})
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    delivery.status, delivery.attempts, delivery.finished = "failed", 4, clock.now
    db.session.commit()
    clock.shift(hours=2)

    admin.resend(delivery)

    assert (delivery.status, delivery.attempts, delivery.next_attempt, delivery.finished) == (
        "pending",
        0,
        clock.now,
        None,
    )


def test_removing_an_endpoint_removes_its_deliveries_only(app):
    gone, _ = admin.add_endpoint("http://127.0.0.1:9/a", ["streak.lost"])
    kept, _ = admin.add_endpoint("http://127.0.0.1:9/b", ["streak.lost"])
    tell("streak.lost", {"length": 3})
    admin.remove_endpoint(gone)
    assert [d.endpoint_id for d in db.session.scalars(select(WebhookDelivery))] == [kept.id]
    assert admin.endpoint_by_uuid(gone.uuid) is None
    assert admin.endpoint_by_uuid(kept.uuid) is kept


def test_the_endpoints_are_read_once_per_transaction_and_again_in_the_next(app):
    admin.add_endpoint("http://127.0.0.1:9/a", ["streak.lost", "points.boost_started"])
    reads = []

    def count(conn, cursor, statement, *_):
        if "FROM xp_webhook_endpoint" in statement:
            reads.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with event_transaction() as conn:
            assert subscribers(conn, "streak.lost") != []
            enqueue(conn, "streak.lost", {"length": 3})
            enqueue(conn, "points.boost_started", BOOST)
            assert subscribers(conn, "achievement.completed") == []
        assert len(reads) == 1
        admin.add_endpoint("http://127.0.0.1:9/b", ["achievement.completed"])
        with event_transaction() as conn:
            assert len(subscribers(conn, "achievement.completed")) == 1
        assert len(reads) == 2
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(messages()) == 2
