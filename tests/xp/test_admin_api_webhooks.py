"""/admin/v1/webhooks (app/xp/admin_api/webhooks.py): StudyXP's own endpoints for webhook
endpoints and their delivery log, over app/xp/admin/webhooks.py. The secret is in the POST's
answer only; an application key gets 403. SQLite and PostgreSQL."""

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.xp.models.webhooks import WebhookDelivery, WebhookEndpoint, webhook_id
from app.xp.openapi.admin.document import build_document
from tests.support.webhook_log import NO_ANSWER, OK, UNAVAILABLE, logged_delivery
from tests.xp.admin_support import UNKNOWN
from tests.xp.contract import assert_matches_document

URL = "/admin/v1/webhooks"
PUBLIC_URL = "https://93.184.215.14/hooks/studyxp"  # a literal public address: no DNS needed
PRIVATE = (
    "url: The host 127.0.0.1 is a private, loopback or reserved address (127.0.0.1); "
    "webhooks go to public addresses only."
)


@pytest.fixture
def admin(client, admin_key):
    """Calls /admin/v1 with the admin key: admin(method, url, json=..., query_string=...)."""

    def call(method, url=URL, **kwargs):
        return client.open(url, method=method, headers={"X-API-KEY": admin_key}, **kwargs)

    return call


def create(admin, **body) -> dict:
    response = admin("POST", json={"url": PUBLIC_URL, "events": ["streak.lost"], **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def stored(app) -> list[tuple[str, list, bool]]:
    with app.app_context():
        rows = db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
        return [(e.url, e.events, e.active) for e in rows]


def endpoint_row_id(app, uuid: str) -> int:
    with app.app_context():
        return db.session.scalar(select(WebhookEndpoint.id).where(WebhookEndpoint.uuid == uuid))


# --- POST and GET ------------------------------------------------------------------------


def test_create_answers_201_with_the_endpoint_and_its_secret(app, admin, clock):
    response = admin(
        "POST", json={"url": PUBLIC_URL, "events": ["points.changed", "achievement.completed"]}
    )

    assert response.status_code == 201
    body = response.get_json()
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", body["secret"])
    now = clock.now.isoformat(timespec="seconds").replace("+00:00", "Z")
    assert body == {
        "id": body["id"],
        "url": PUBLIC_URL,
        "events": ["achievement.completed", "points.changed"],  # Trophy's order
        "active": True,
        "created": now,
        "updated": now,
        "lastDelivery": None,
        "deliveriesLast7Days": {"pending": 0, "delivered": 0, "failed": 0},
        "secret": body["secret"],
    }
    with app.app_context():
        assert db.session.scalar(select(WebhookEndpoint.secret)) == body["secret"]


def test_the_secret_is_in_no_other_answer(admin):
    created = create(admin)
    path = f"{URL}/{created['id']}"

    answers = [
        admin("GET"),
        admin("GET", path),
        admin("PATCH", path, json={"active": False}),
        admin("GET", f"{path}/deliveries"),
    ]

    assert [a.status_code for a in answers] == [200, 200, 200, 200]
    for answer in answers:
        assert created["secret"] not in answer.text
        assert '"secret"' not in answer.text
    listed = answers[0].get_json()
    assert listed == [{k: v for k, v in created.items() if k != "secret"}]


def test_an_endpoint_can_be_created_paused(app, admin):
    assert create(admin, active=False)["active"] is False
    assert stored(app) == [(PUBLIC_URL, ["streak.lost"], False)]


def test_the_list_pages_oldest_first(admin):
    first = create(admin)["id"]
    second = create(admin, url="https://93.184.215.15/other")["id"]

    assert [e["id"] for e in admin("GET").get_json()] == [first, second]
    assert [e["id"] for e in admin("GET", query_string={"skip": 1}).get_json()] == [second]
    assert [e["id"] for e in admin("GET", query_string={"limit": 1}).get_json()] == [first]
    refused = admin("GET", query_string={"limit": 0})
    assert (refused.status_code, refused.get_json()) == (
        422,
        {"error": "'limit' must be a whole number from 1 to 100, not '0'"},
    )


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ([PUBLIC_URL], 400, "The body must be a JSON object like " + '{"url": '),
        ({"events": ["streak.lost"]}, 422, "url is required, as a string"),
        ({"url": PUBLIC_URL}, 422, "events is required, as an array of event types"),
        ({"url": 5, "events": ["streak.lost"]}, 422, "url must be a string"),
        ({"url": PUBLIC_URL, "events": "streak.lost"}, 422, "events must be an array"),
        ({"url": PUBLIC_URL, "events": ["streak.lost"], "active": "yes"}, 422, "active must"),
        ({"url": PUBLIC_URL, "events": []}, 422, "events: Choose at least one event type."),
        ({"url": PUBLIC_URL, "events": ["x.y"]}, 422, "events: Unknown event type: x.y."),
        ({"url": "http://127.0.0.1:9/x", "events": ["streak.lost"]}, 422, PRIVATE),
        ({"url": "file:///etc/passwd", "events": ["streak.lost"]}, 422, "url: Enter an http"),
    ],
)
def test_create_refuses_a_wrong_body_and_writes_nothing(app, admin, body, status, message):
    response = admin("POST", json=body)

    assert response.status_code == status
    assert response.get_json()["error"].startswith(message)
    assert stored(app) == []


def test_an_unknown_or_malformed_id_is_404_or_422(admin):
    for method in ("GET", "PATCH", "DELETE"):
        missing = admin(method, f"{URL}/{UNKNOWN}", json={"active": False})
        assert (missing.status_code, missing.get_json()) == (
            404,
            {"error": "Webhook endpoint not found by ID"},
        )
        malformed = admin(method, f"{URL}/not-a-uuid", json={"active": False})
        assert (malformed.status_code, malformed.get_json()) == (
            422,
            {"error": "id must be a valid UUID"},
        )
    assert admin("GET", f"{URL}/{UNKNOWN}/deliveries").status_code == 404


# --- PATCH and DELETE ----------------------------------------------------------------------


def test_patch_changes_what_it_is_given(app, admin):
    created = create(admin)
    path = f"{URL}/{created['id']}"

    paused = admin("PATCH", path, json={"active": False}).get_json()
    moved = admin(
        "PATCH", path, json={"url": "https://93.184.215.15/new", "events": ["points.changed"]}
    ).get_json()

    assert (paused["active"], paused["url"], paused["events"]) == (
        False,
        PUBLIC_URL,
        ["streak.lost"],
    )
    assert (moved["active"], moved["url"], moved["events"]) == (
        False,
        "https://93.184.215.15/new",
        ["points.changed"],
    )
    assert stored(app) == [("https://93.184.215.15/new", ["points.changed"], False)]


def test_patch_refuses_a_private_url_and_changes_nothing(app, admin):
    created = create(admin)

    response = admin(
        "PATCH",
        f"{URL}/{created['id']}",
        json={"url": "http://127.0.0.1:9/x", "events": ["points.changed"]},
    )

    assert (response.status_code, response.get_json()) == (422, {"error": PRIVATE})
    assert stored(app) == [(PUBLIC_URL, ["streak.lost"], True)]


def test_delete_answers_204_and_removes_the_log_too(app, admin):
    created = create(admin)
    with app.app_context():
        logged_delivery(endpoint_row_id(app, created["id"]), attempts=(UNAVAILABLE,))

    response = admin("DELETE", f"{URL}/{created['id']}")

    assert (response.status_code, response.data) == (204, b"")
    assert admin("GET", f"{URL}/{created['id']}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


# --- the delivery log and resend -----------------------------------------------------------


def test_the_log_gives_each_delivery_with_its_attempts_newest_first(app, admin, clock):
    created = create(admin)
    now = clock.now.replace(microsecond=0)
    hour_ago = now - timedelta(hours=1)
    with app.app_context():
        hook = endpoint_row_id(app, created["id"])
        logged_delivery(hook, "achievement.completed", "failed", (OK,), now - timedelta(days=8))
        failed = logged_delivery(hook, "streak.lost", "failed", (NO_ANSWER, UNAVAILABLE), hour_ago)
        delivered = logged_delivery(hook, "points.changed", "delivered", (OK,), now)
        failed_id, failed_uuid = failed.id, failed.message.uuid
        delivered_id, delivered_uuid = delivered.id, delivered.message.uuid
    stamp = lambda at: at.isoformat().replace("+00:00", "Z")  # noqa: E731

    log = admin("GET", f"{URL}/{created['id']}/deliveries").get_json()

    assert log == [
        {
            "id": delivered_id,
            "type": "points.changed",
            "webhookId": webhook_id(delivered_uuid),
            "created": stamp(now),
            "status": "delivered",
            "nextAttempt": None,
            "finished": stamp(now),
            "attempts": [
                {
                    "at": stamp(now),
                    "statusCode": 200,
                    "latencyMs": 45,
                    "error": None,
                    "responseExcerpt": '{"ok": true}',
                }
            ],
        },
        {
            "id": failed_id,
            "type": "streak.lost",
            "webhookId": webhook_id(failed_uuid),
            "created": stamp(hour_ago),
            "status": "failed",
            "nextAttempt": None,
            "finished": stamp(hour_ago),
            "attempts": [
                {
                    "at": stamp(hour_ago),
                    "statusCode": None,
                    "latencyMs": 10_000,
                    "error": "timed out after 10 s",
                    "responseExcerpt": None,
                },
                {
                    "at": stamp(hour_ago + timedelta(seconds=1)),
                    "statusCode": 503,
                    "latencyMs": 120,
                    "error": None,
                    "responseExcerpt": "upstream down",
                },
            ],
        },
    ]
    endpoint = admin("GET", f"{URL}/{created['id']}").get_json()
    assert endpoint["lastDelivery"] == {
        "status": "delivered",
        "statusCode": 200,
        "attempted": stamp(now),
    }
    # The 8-day-old failure is out of the week.
    assert endpoint["deliveriesLast7Days"] == {"pending": 0, "delivered": 1, "failed": 1}


def test_the_log_filters_by_status_and_pages(app, admin):
    created = create(admin)
    path = f"{URL}/{created['id']}/deliveries"
    with app.app_context():
        hook = endpoint_row_id(app, created["id"])
        ids = [logged_delivery(hook, status="failed").id for _ in range(3)]
        logged_delivery(hook, status="delivered")

    def listed(**query):
        return [d["id"] for d in admin("GET", path, query_string=query).get_json()]

    assert listed(status="failed") == ids[::-1]
    assert listed(status="failed", limit=2, skip=1) == [ids[1], ids[0]]
    refused = admin("GET", path, query_string={"status": "lost"})
    assert (refused.status_code, refused.get_json()) == (
        422,
        {"error": "status must be pending, delivered or failed, not 'lost'"},
    )


def test_resend_queues_a_delivery_again_with_its_log(app, admin, clock):
    created = create(admin)
    with app.app_context():
        delivery = logged_delivery(
            endpoint_row_id(app, created["id"]), status="failed", attempts=(UNAVAILABLE,) * 4
        )
        delivery_id = delivery.id
    later = clock.shift(minutes=20)

    response = admin("POST", f"{URL}/deliveries/{delivery_id}/resend")

    assert response.status_code == 202
    body = response.get_json()
    assert (body["id"], body["status"], body["finished"]) == (delivery_id, "pending", None)
    assert body["nextAttempt"] == later.isoformat(timespec="seconds").replace("+00:00", "Z")
    assert len(body["attempts"]) == 4  # the earlier attempts stay in the log
    with app.app_context():
        stored_delivery = db.session.get(WebhookDelivery, delivery_id)
        assert (stored_delivery.status, stored_delivery.attempts) == ("pending", 0)


@pytest.mark.parametrize(
    ("raw", "status", "error"),
    [
        ("999", 404, "Webhook delivery not found by ID"),
        ("9" * 18, 404, "Webhook delivery not found by ID"),
        ("0", 404, "Webhook delivery not found by ID"),
        ("abc", 422, "A delivery id is a whole number, as the delivery log gives it"),
        ("１２", 422, "A delivery id is a whole number, as the delivery log gives it"),
    ],
)
def test_resend_of_an_unknown_delivery_is_refused(admin, raw, status, error):
    response = admin("POST", f"{URL}/deliveries/{raw}/resend")
    assert (response.status_code, response.get_json()) == (status, {"error": error})


def test_every_answer_matches_the_admin_openapi_document(app, admin):
    document = json.loads(json.dumps(build_document()))
    created = admin("POST", json={"url": PUBLIC_URL, "events": ["streak.lost"]})
    path = f"{URL}/{created.get_json()['id']}"
    with app.app_context():
        delivery = logged_delivery(
            endpoint_row_id(app, created.get_json()["id"]), "streak.lost", "failed", (NO_ANSWER,)
        )
        resend_path = f"{URL}/deliveries/{delivery.id}/resend"
    answers = [
        (created, "admin_webhooks_create", "201"),
        (admin("GET"), "admin_webhooks_list", "200"),
        (admin("GET", path), "admin_webhooks_get", "200"),
        (admin("PATCH", path, json={"active": False}), "admin_webhooks_update", "200"),
        (admin("GET", f"{path}/deliveries"), "admin_webhooks_deliveries_list", "200"),
        (admin("POST", resend_path), "admin_webhooks_deliveries_resend", "202"),
        (admin("POST", URL, json={"url": 1}), "admin_webhooks_create", "422"),
        (admin("GET", f"{URL}/{UNKNOWN}"), "admin_webhooks_get", "404"),
    ]

    for response, operation_id, status in answers:
        assert str(response.status_code) == status, operation_id
        assert_matches_document(document, response.get_json(), operation_id, status)


# --- keys --------------------------------------------------------------------------------


def test_an_application_key_gets_403_everywhere(app, client, api_key, admin):
    created = create(admin)
    path = f"{URL}/{created['id']}"
    calls = [
        ("GET", URL),
        ("POST", URL),
        ("GET", path),
        ("PATCH", path),
        ("DELETE", path),
        ("GET", f"{path}/deliveries"),
        ("POST", f"{URL}/deliveries/1/resend"),
    ]

    answers = {
        (method, url): client.open(
            url, method=method, headers={"X-API-KEY": api_key}, json={"active": False}
        ).status_code
        for method, url in calls
    }

    assert set(answers.values()) == {403}
    assert stored(app) == [(PUBLIC_URL, ["streak.lost"], True)]
    assert client.get(URL).status_code == 401
