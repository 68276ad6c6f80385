"""`flask xp webhooks` (app/xp/ops/webhooks_cli.py): add, list, remove and work."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.engine import outbox
from app.xp.engine.transaction import event_transaction
from app.xp.models.webhooks import WebhookEndpoint
from tests.support import build_app
from tests.support.databases import close_app, count
from tests.xp.webhook_receiver import running_receiver

BOOST_STARTED = {"type": "points.boost_started", "timestamp": "2027-01-15T00:00:00Z"}


@pytest.fixture
def app(database_url):
    """An app that may post to loopback, where the receiver listens."""
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WEBHOOKS_ALLOW_PRIVATE": True,
        }
    )
    yield app
    close_app(app)


@pytest.fixture
def receiver():
    with running_receiver() as receiver:
        yield receiver


def webhooks(runner, *args: str):
    return runner.invoke(args=["xp", "webhooks", *args])


def stored_endpoints(app) -> list[WebhookEndpoint]:
    with app.app_context():
        found = db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
        db.session.expunge_all()
        return found


def test_add_prints_the_endpoint_and_its_secret_last(app, runner):
    result = webhooks(
        runner,
        "add",
        "https://hooks.example.test/xp",
        "--events",
        "points.changed,achievement.completed",
    )

    assert result.exit_code == 0, result.output
    [endpoint] = stored_endpoints(app)
    assert result.output.splitlines() == [
        f"Created webhook endpoint {endpoint.uuid}",
        "URL: https://hooks.example.test/xp",
        "Events: achievement.completed, points.changed",  # Trophy's order
        "Store the signing secret now: it is not shown again.",
        endpoint.secret,
    ]
    assert endpoint.secret.startswith("whsec_") and endpoint.active


@pytest.mark.parametrize(
    ("url", "events", "message"),
    [
        ("ftp://hooks.example.test", "points.changed", "Enter an http:// or https:// URL"),
        ("https://hooks.example.test", "points.exploded", "Unknown event type: points.exploded."),
        (
            "http://127.0.0.1:8000/hooks",
            "points.changed",
            "The host 127.0.0.1 is a private, loopback or reserved address (127.0.0.1)",
        ),
    ],
)
def test_add_refuses_a_bad_endpoint_with_a_readable_message(app, runner, url, events, message):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False

    result = webhooks(runner, "add", url, "--events", events)

    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert "Traceback" not in result.output
    assert count(app, WebhookEndpoint) == 0


def test_list_shows_each_endpoint_and_its_last_delivery_but_never_the_secret(
    app, runner, receiver, clock
):
    assert webhooks(runner, "list").output == (
        "No webhook endpoints. Add one with: flask --app app xp webhooks add URL\n"
    )
    webhooks(runner, "add", receiver.url, "--events", "points.boost_started")
    webhooks(runner, "add", "https://hooks.example.test/b", "--events", "points.changed")
    first, second = stored_endpoints(app)
    receiver.fail(1, status=502)
    with app.app_context(), event_transaction() as conn:
        outbox.enqueue(conn, "points.boost_started", BOOST_STARTED)
    assert webhooks(runner, "work", "--once").exit_code == 0

    result = webhooks(runner, "list")

    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{first.uuid}\t{receiver.url}\tpoints.boost_started\tactive\t"
        f"last delivery: pending (HTTP 502, {clock.now:%Y-%m-%d %H:%M} UTC)",
        f"{second.uuid}\thttps://hooks.example.test/b\tpoints.changed\tactive\t"
        "last delivery: none yet",
    ]
    assert first.secret not in result.output and second.secret not in result.output


def test_remove_deletes_the_endpoint_and_refuses_an_unknown_id(app, runner):
    webhooks(runner, "add", "https://hooks.example.test/a", "--events", "points.changed")
    [endpoint] = stored_endpoints(app)

    result = webhooks(runner, "remove", endpoint.uuid)
    assert result.exit_code == 0
    assert result.output == (
        f"Removed webhook endpoint {endpoint.uuid} (https://hooks.example.test/a).\n"
    )
    assert count(app, WebhookEndpoint) == 0

    again = webhooks(runner, "remove", endpoint.uuid)
    assert again.exit_code == 1
    assert again.output == f"Error: No webhook endpoint with id '{endpoint.uuid}'\n"


def test_work_once_sends_what_is_due_and_prints_a_summary(app, runner, receiver, clock):
    app.config["WEBHOOK_RETRY_SECONDS"] = (60,)
    webhooks(runner, "add", receiver.url + "?n=1", "--events", "points.boost_started")
    webhooks(runner, "add", receiver.url + "?n=2", "--events", "points.boost_started")
    webhooks(runner, "add", receiver.url + "?n=3", "--events", "points.boost_started")
    receiver.fail(1, status=500)
    with app.app_context(), event_transaction() as conn:
        outbox.enqueue(conn, "points.boost_started", BOOST_STARTED)
    once = webhooks(runner, "work", "--once")
    assert (once.exit_code, once.output) == (
        0,
        "Webhooks: delivered 2, retrying 1, failed 0\n",
    )

    receiver.fail(1, status=500)
    clock.shift(seconds=60)
    last = webhooks(runner, "work", "--once")
    assert last.output == "Webhooks: delivered 0, retrying 0, failed 1\n"
    assert [request.path for request in receiver.received] == [
        "/hooks?n=1",
        "/hooks?n=2",
        "/hooks?n=3",
        "/hooks?n=1",
    ]
