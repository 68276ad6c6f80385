"""The webhooks pages (app/dashboard/webhooks.py): add an endpoint (its secret shown once),
public URLs only, edit, remove with the password asked again, the delivery log and Resend."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.xp.admin.webhooks import add_endpoint
from app.xp.models.webhooks import (
    FAILED,
    PENDING,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from tests.support.html import (
    CSRF_REFUSED,
    FORBIDDEN,
    field_errors,
    flashes,
    table_rows,
    text_of_testid,
)
from tests.support.webhook_log import NO_ANSWER, OK, UNAVAILABLE, logged_delivery

PAGE = "/dashboard/webhooks/"
# A literal public address: accepted without a DNS lookup.
PUBLIC_URL = "https://93.184.215.14/hooks/studyxp"
PRIVATE = (
    "The host 10.0.0.5 is a private, loopback or reserved address (10.0.0.5); "
    "webhooks go to public addresses only."
)


def add(client, url=PUBLIC_URL, events=("points.changed", "streak.lost")):
    return client.post(PAGE, data={"url": url, "events": list(events)})


def endpoints(app) -> list[tuple[str, list, bool]]:
    with app.app_context():
        rows = db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
        return [(e.url, e.events, e.active) for e in rows]


def endpoint_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(WebhookEndpoint.id))


def checked(html: str) -> list[str]:
    return re.findall(
        r'<input checked id="events-\d+" name="events" type="checkbox" value="([^"]+)"', html
    )


# --- adding ------------------------------------------------------------------------------


def test_an_added_endpoint_shows_its_secret_once_and_is_listed(app, operator):
    response = add(operator)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = text_of_testid(response.text, "new-webhook-secret")
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", secret)
    assert flashes(response.text) == [
        f"Webhook endpoint {PUBLIC_URL} added. Copy its secret now: it is not shown again."
    ]
    # Stored in Trophy's order of types, whatever order they were ticked in.
    assert endpoints(app) == [(PUBLIC_URL, ["streak.lost", "points.changed"], True)]
    with app.app_context():
        assert db.session.scalar(select(WebhookEndpoint.secret)) == secret
    assert table_rows(response.text, "webhook-row") == [
        [
            PUBLIC_URL,
            "streak.lost, points.changed",
            "active",
            "none yet",
            "0 delivered, 0 failed, 0 pending",
            "Deliveries Edit Remove",
        ]
    ]
    assert checked(response.text) == []  # the add form is empty again


def test_the_secret_is_on_no_later_page(app, operator):
    secret = text_of_testid(add(operator).text, "new-webhook-secret")
    hook = endpoint_id(app)

    pages = [PAGE, f"{PAGE}{hook}/edit", f"{PAGE}{hook}/deliveries"]

    for path in pages:
        html = operator.get(path).text
        assert secret not in html, path
        assert 'data-testid="new-webhook-secret"' not in html, path


def test_the_form_offers_the_18_types_in_five_groups(operator):
    html = operator.get(PAGE).text

    assert re.findall(r"<legend>(\w+)</legend>", html) == [
        "Achievements",
        "Streaks",
        "Points",
        "Leaderboards",
        "Emails",
    ]
    values = re.findall(r'name="events" type="checkbox" value="([^"]+)"', html)
    assert len(values) == 18
    assert values[:3] == ["achievement.completed", "streak.started", "streak.extended"]
    # rank_changed is last in Trophy's list, and shown with the other leaderboard types.
    assert values[10:14] == [
        "leaderboard.started",
        "leaderboard.changed",
        "leaderboard.finished",
        "leaderboard.rank_changed",
    ]


def test_a_private_url_is_refused_beside_the_field(app, operator):
    response = add(operator, url="http://10.0.0.5/hooks")

    assert response.status_code == 200
    assert field_errors(response.text, "url") == [PRIVATE]
    assert 'value="http://10.0.0.5/hooks"' in response.text
    assert checked(response.text) == ["streak.lost", "points.changed"]
    assert 'data-testid="new-webhook-secret"' not in response.text
    assert endpoints(app) == []


@pytest.mark.parametrize(
    ("url", "events", "field", "message"),
    [
        (
            "ftp://93.184.215.14/x",
            ["streak.lost"],
            "url",
            "Enter an http:// or https:// URL with a host name.",
        ),
        ("", ["streak.lost"], "url", "This field is required."),
        (PUBLIC_URL, [], "events", "Choose at least one event type."),
        (PUBLIC_URL, ["streak.won"], "events", "Unknown event type: streak.won."),
    ],
)
def test_a_wrong_field_is_named_with_its_message(app, operator, url, events, field, message):
    response = add(operator, url=url, events=events)

    assert field_errors(response.text, field) == [message]
    assert endpoints(app) == []


# --- who may --------------------------------------------------------------------------------


def test_a_learner_is_refused_and_a_visitor_sent_to_log_in(app, learner):
    assert learner.get(PAGE).status_code == 403
    refused = add(learner)
    assert refused.status_code == 403 and FORBIDDEN in refused.text

    visitor = app.test_client()
    assert visitor.get(PAGE).headers["Location"] == f"/login?next={PAGE}"
    assert add(visitor).headers["Location"] == "/login"
    assert endpoints(app) == []


def test_a_post_without_the_csrf_token_is_refused(csrf_app, csrf_operator):
    response = add(csrf_operator)

    assert response.status_code == 400
    assert CSRF_REFUSED in response.text
    assert endpoints(csrf_app) == []


def test_adding_and_removing_ask_for_the_password_after_ten_minutes(app, operator, clock):
    with app.app_context():
        hook = add_endpoint(PUBLIC_URL, ["streak.lost"])[0].id
    clock.shift(minutes=11)
    referer = {"Referer": f"http://localhost{PAGE}"}

    asked = [
        operator.get(PAGE),
        operator.post(PAGE, data={"url": PUBLIC_URL, "events": "streak.lost"}, headers=referer),
        operator.post(f"{PAGE}{hook}/remove", headers=referer),
    ]

    assert [r.headers["Location"] for r in asked] == [f"/confirm-password?next={PAGE}"] * 3
    assert endpoints(app) == [(PUBLIC_URL, ["streak.lost"], True)]


# --- edit and remove ---------------------------------------------------------------------


def test_edit_changes_the_types_and_pauses_the_endpoint(app, operator):
    add(operator)
    hook = endpoint_id(app)
    form = operator.get(f"{PAGE}{hook}/edit").text
    assert checked(form) == ["streak.lost", "points.changed"]
    assert '<input checked data-testid="webhook-active"' in form

    response = operator.post(f"{PAGE}{hook}/edit", data={"events": ["achievement.completed"]})

    assert response.headers["Location"] == PAGE
    assert endpoints(app) == [(PUBLIC_URL, ["achievement.completed"], False)]
    page = operator.get(PAGE).text
    assert flashes(page) == [f"Webhook endpoint {PUBLIC_URL} saved."]
    assert table_rows(page, "webhook-row")[0][1:3] == ["achievement.completed", "paused"]


def test_edit_without_a_type_is_refused_and_changes_nothing(app, operator):
    add(operator)
    hook = endpoint_id(app)

    response = operator.post(f"{PAGE}{hook}/edit", data={"active": "y"})

    assert field_errors(response.text, "events") == ["Choose at least one event type."]
    assert endpoints(app) == [(PUBLIC_URL, ["streak.lost", "points.changed"], True)]


def test_remove_deletes_the_endpoint_and_its_log(app, operator):
    add(operator)
    hook = endpoint_id(app)
    with app.app_context():
        logged_delivery(hook, status=FAILED, attempts=(UNAVAILABLE,))

    response = operator.post(f"{PAGE}{hook}/remove")

    assert response.headers["Location"] == PAGE
    page = operator.get(PAGE).text
    assert flashes(page) == [f"Webhook endpoint {PUBLIC_URL} removed. Nothing more is sent to it."]
    assert text_of_testid(page, "webhooks-empty") == "No webhook endpoints yet. Add one below."
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
        assert db.session.scalar(select(func.count()).select_from(WebhookAttempt)) == 0
    assert operator.post(f"{PAGE}{hook}/remove").status_code == 404


# --- the delivery log ----------------------------------------------------------------------


def deliveries(client, hook: int, **query) -> list[list[str]]:
    html = client.get(f"{PAGE}{hook}/deliveries", query_string=query).text
    return table_rows(html, "delivery-row")


def test_the_list_shows_the_last_delivery_and_the_weeks_counts(app, operator, clock):
    add(operator)
    hook = endpoint_id(app)
    now = clock.now
    with app.app_context():
        logged_delivery(
            hook, status=FAILED, attempts=(UNAVAILABLE,) * 4, at=now - timedelta(days=8)
        )
        logged_delivery(hook, status="delivered", attempts=(OK,), at=now - timedelta(hours=1))
        logged_delivery(hook, status=FAILED, attempts=(UNAVAILABLE,), at=now)

    row = table_rows(operator.get(PAGE).text, "webhook-row")[0]

    assert row[3] == f"failed · HTTP 503 · {now:%Y-%m-%d %H:%M} UTC"
    assert row[4] == "1 delivered, 1 failed, 0 pending"  # the 8-day-old one is out of the week


def test_the_log_shows_each_attempt_newest_delivery_first(app, operator, clock):
    add(operator)
    hook = endpoint_id(app)
    now = clock.now.replace(microsecond=0)
    with app.app_context():
        old = logged_delivery(hook, "achievement.completed", at=now - timedelta(days=7, seconds=1))
        first = logged_delivery(
            hook, "streak.lost", FAILED, (NO_ANSWER, UNAVAILABLE), at=now - timedelta(hours=2)
        )
        second = logged_delivery(hook, "points.changed", at=now)
        webhook_ids = first.message.webhook_id, second.message.webhook_id
        assert old.message.webhook_id not in webhook_ids

    rows = deliveries(operator, hook)

    t = (now - timedelta(hours=2)).strftime("%H:%M:%S")
    t2 = (now - timedelta(hours=2) + timedelta(seconds=1)).strftime("%H:%M:%S")
    assert rows == [
        [
            f"{now:%Y-%m-%d %H:%M:%S} UTC",
            "points.changed",
            webhook_ids[1],
            f"pending next {now:%H:%M:%S} UTC",
            "not sent yet",
            "",
        ],
        [
            f"{now - timedelta(hours=2):%Y-%m-%d %H:%M:%S} UTC",
            "streak.lost",
            webhook_ids[0],
            "failed",
            f"{t} · no answer · 10,000 ms · timed out after 10 s "
            f"{t2} · HTTP 503 · 120 ms upstream down",
            "Resend",
        ],
    ]
    assert [r[1] for r in deliveries(operator, hook, status="failed")] == ["streak.lost"]
    assert [r[1] for r in deliveries(operator, hook, status="bogus")] == [
        "points.changed",
        "streak.lost",
    ]


def test_the_log_pages_by_25(app, operator, clock):
    add(operator)
    hook = endpoint_id(app)
    with app.app_context():
        for minutes in range(26):
            logged_delivery(hook, at=clock.now - timedelta(minutes=minutes))

    first = operator.get(f"{PAGE}{hook}/deliveries").text
    second = operator.get(f"{PAGE}{hook}/deliveries?page=2").text

    assert len(table_rows(first, "delivery-row")) == 25
    assert 'data-testid="deliveries-older"' in first and "1–25 of 26" in first
    assert len(table_rows(second, "delivery-row")) == 1
    assert 'data-testid="deliveries-newer"' in second and "26–26 of 26" in second
    beyond = operator.get(f"{PAGE}{hook}/deliveries?page={10**30}")
    assert "No deliveries in the last 7 days." in beyond.text


def test_resend_queues_a_failed_delivery_again_and_keeps_its_log(app, operator, clock):
    add(operator)
    hook = endpoint_id(app)
    with app.app_context():
        delivery = logged_delivery(hook, status=FAILED, attempts=(UNAVAILABLE,) * 4)
        delivery_id, webhook_id = delivery.id, delivery.message.webhook_id
    later = clock.shift(minutes=30)

    response = operator.post(f"{PAGE}deliveries/{delivery_id}/resend")

    assert response.headers["Location"] == f"{PAGE}{hook}/deliveries"
    page = operator.get(response.headers["Location"]).text
    assert flashes(page) == [f"streak.lost (webhook-id {webhook_id}) is queued to be sent again."]
    with app.app_context():
        delivery = db.session.get(WebhookDelivery, delivery_id)
        assert (delivery.status, delivery.attempts, delivery.next_attempt) == (PENDING, 0, later)
        assert delivery.finished is None and len(delivery.attempt_log) == 4
    assert operator.post(f"{PAGE}deliveries/999/resend").status_code == 404
