"""/admin/v1/attributes: Trophy's admin attributes endpoints (list, create, update, delete,
get) on app/xp/admin/attributes.py, with per-item issues; the answers, raw, match Trophy's
admin schemas, and Trophy's official SDK (trophy.admin.attributes) parses them."""

import pytest
from trophy.errors import NotFoundError

from app.extensions import db
from app.xp.admin.attributes import declare_attribute
from app.xp.admin.leaderboards import finish_leaderboard
from app.xp.errors import Unprocessable
from app.xp.models.leaderboards import Leaderboard
from tests.xp.admin_support import UNKNOWN, admin_sdk, admin_service
from tests.xp.contract import assert_matches_admin
from tests.xp.leaderboard_setup import board

# Left out of the calendar sweep (.ci/run): declaring attributes reads no date.
pytestmark = pytest.mark.calendar_free

URL = "/admin/v1/attributes"
KEY_RULE = "key: Use 1 to 100 letters, digits, hyphens and underscores, e.g. plan."


@pytest.fixture
def admin(client, admin_key):
    def call(method, url=URL, **kwargs):
        return client.open(url, method=method, headers={"X-API-KEY": admin_key}, **kwargs)

    return call


def issue(message, **where):
    return {**where, "severity": "error", "message": message}


def test_create_declares_each_valid_item_and_answers_issues_for_the_rest(admin):
    response = admin(
        "POST",
        json=[
            {"name": "Plan", "key": "plan", "type": "user"},
            {"name": "Device", "key": "Device_type-2", "type": "event"},
            {"name": "Plan of the event", "key": "plan", "type": "event"},
            {"name": "Again", "key": "plan", "type": "user"},
            {"name": 7, "key": "x", "type": "user"},
            {"name": "Spaced", "key": "has space", "type": "user"},
            {"name": "Kind", "key": "kind", "type": "metric"},
            {"name": "  ", "key": "blank", "type": "user"},
            "plan",
        ],
    )

    body = response.get_json()
    assert response.status_code == 201
    assert [(a["name"], a["key"], a["type"]) for a in body["created"]] == [
        ("Plan", "plan", "user"),
        ("Device", "Device_type-2", "event"),
        ("Plan of the event", "plan", "event"),
    ]
    assert body["issues"] == [
        issue("key: Key already in use by another attribute of this type", index=3),
        issue("Name not a string", index=4),
        issue(KEY_RULE, index=5),
        issue("Type must be user or event", index=6),
        issue("name: This field is required.", index=7),
        issue("An attribute must be a JSON object", index=8),
    ]
    assert_matches_admin(body, "CreateAttributesResponse")


def test_a_create_with_nothing_created_answers_200(admin):
    admin("POST", json=[{"name": "Plan", "key": "plan", "type": "user"}])

    again = admin("POST", json=[{"name": "Plan", "key": "plan", "type": "user"}])

    assert again.status_code == 200
    assert again.get_json()["created"] == []


def test_list_pages_oldest_first_and_get_answers_one(admin):
    created = admin(
        "POST",
        json=[{"name": n.title(), "key": n, "type": "user"} for n in ("plan", "city", "team")],
    ).get_json()["created"]

    listed = admin("GET", query_string={"limit": 2, "skip": 1})
    one = admin("GET", f"{URL}/{created[0]['id'].upper()}")

    assert [a["key"] for a in listed.get_json()] == ["city", "team"]
    assert_matches_admin(listed.get_json(), "ListAttributesResponse")
    assert one.get_json() == {"id": created[0]["id"], "name": "Plan", "key": "plan", "type": "user"}
    assert_matches_admin(one.get_json(), "AdminAttribute")
    assert admin("GET", f"{URL}/{UNKNOWN}").get_json() == {"error": "Attribute not found by ID"}
    assert admin("GET", f"{URL}/{UNKNOWN}").status_code == 404
    assert admin("GET", f"{URL}/42").status_code == 422
    assert admin("GET", query_string={"limit": 101}).status_code == 422


def test_update_renames_and_never_changes_key_or_type(admin):
    [plan] = admin("POST", json=[{"name": "Plan", "key": "plan", "type": "user"}]).get_json()[
        "created"
    ]

    response = admin(
        "PATCH",
        json=[
            {"id": plan["id"], "name": "Subscription Plan"},
            {"id": plan["id"], "key": "tier"},
            {"id": plan["id"], "type": "event"},
            {"id": plan["id"], "name": ""},
            {"id": UNKNOWN, "name": "Nobody"},
            {"name": "No id"},
        ],
    )

    body = response.get_json()
    assert response.status_code == 200
    assert body["updated"] == [{**plan, "name": "Subscription Plan"}]
    assert body["issues"] == [
        issue("key cannot be changed through this endpoint", id=plan["id"]),
        issue("type cannot be changed through this endpoint", id=plan["id"]),
        issue("name: This field is required.", id=plan["id"]),
        issue("Attribute not found by ID", id=UNKNOWN),
        issue("id is required, as a string", index=5),
    ]
    assert_matches_admin(body, "UpdateAttributesResponse")
    assert admin("GET", f"{URL}/{plan['id']}").get_json()["name"] == "Subscription Plan"


def test_delete_removes_attributes_and_refuses_one_a_live_leaderboard_splits_by(app, admin):
    with app.app_context():
        plan = declare_attribute("plan", "Plan", "user").uuid
        device = declare_attribute("device", "Device", "event").uuid
        # An event attribute of the same key is no breakdown attribute: it goes.
        event_plan = declare_attribute("plan", "Plan", "event").uuid
        board("plan-streaks", rank_by="streak", breakdown_attributes=["plan"])

    response = admin("DELETE", query_string=[("ids", f"{plan},{device}"), ("ids", event_plan)])

    body = response.get_json()
    assert body["deleted"] == [{"id": device}, {"id": event_plan}]
    assert body["issues"] == [
        issue(
            "Attribute is a breakdown attribute of leaderboard 'plan-streaks': finish that "
            "leaderboard first",
            id=plan,
        )
    ]
    assert_matches_admin(body, "DeleteAttributesResponse")
    assert admin("GET", f"{URL}/{device}").status_code == 404

    with app.app_context():
        finish_leaderboard(db.session.scalar(db.select(Leaderboard)))
    finished = admin("DELETE", query_string={"ids": f"{plan},not-a-uuid,{UNKNOWN}"})
    assert finished.get_json() == {
        "deleted": [{"id": plan}],
        "issues": [
            issue("id must be a valid UUID", id="not-a-uuid"),
            issue("Attribute not found by ID", id=UNKNOWN),
        ],
    }


def test_declaring_is_not_required_by_leaderboards(app):
    with app.app_context():
        split = board("by-city", rank_by="streak", breakdown_attributes=["city"])
        assert split.breakdown_attributes == ["city"]


def test_the_admin_function_refuses_the_same_key_and_type_twice(app):
    with app.app_context():
        declare_attribute("plan", "Plan", "user")
        with pytest.raises(Unprocessable) as taken:
            declare_attribute("plan", "Plan again", "user")
    assert taken.value.message == "key: Key already in use by another attribute of this type"


def test_whole_request_errors_answer_admin_error_bodies(admin, client, api_key):
    errors = [
        admin("POST", json=[]),
        admin("POST", json={"name": "Plan"}),
        admin("PATCH", json=[{}] * 101),
        admin("DELETE"),
        client.get(URL),
        client.get(URL, headers={"X-API-KEY": api_key}),
    ]

    assert [e.status_code for e in errors] == [422, 422, 422, 422, 401, 403]
    assert errors[0].get_json() == {"error": "The body must be a JSON array of 1 to 100 attributes"}
    for error in errors:
        assert_matches_admin(error.get_json(), "AdminErrorBody")


@pytest.fixture
def service(database_url):
    with admin_service(database_url) as service:
        yield service


def test_the_sdk_creates_lists_gets_updates_and_deletes_attributes(service):
    attributes = admin_sdk(service, service.admin_key).admin.attributes

    created = attributes.create(
        request=[
            {"name": "Plan", "key": "plan", "type": "user"},
            {"name": "Device", "key": "device", "type": "event"},
            {"name": "Plan", "key": "plan", "type": "user"},
        ]
    )
    assert [(a.key, a.type) for a in created.created] == [("plan", "user"), ("device", "event")]
    assert [(i.index, i.message) for i in created.issues] == [
        (2, "key: Key already in use by another attribute of this type")
    ]
    plan = created.created[0].id

    assert [a.key for a in attributes.list(limit=10, skip=0)] == ["plan", "device"]
    assert attributes.get(plan).name == "Plan"
    updated = attributes.update(request=[{"id": plan, "name": "Subscription Plan"}])
    assert [a.name for a in updated.updated] == ["Subscription Plan"]
    deleted = attributes.delete(ids=[plan])
    assert [d.id for d in deleted.deleted] == [plan]
    with pytest.raises(NotFoundError):
        attributes.get(plan)
