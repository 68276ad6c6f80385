"""Contract: /admin/v1/points/{systemId}/boosts answers, raw, match Trophy's Admin API schemas
(tests/xp/trophy-admin-api.openapi.json): every success shape, with and without issues, and
every error as AdminErrorBody. The requests sent are Trophy's own request shapes."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.points import PointsSystem
from app.xp.models.users import XpUser
from tests.xp.admin_support import UNKNOWN
from tests.xp.contract import assert_matches_admin

# Left out of the calendar sweep (.ci/run): every date read is pinned by `clock`.
pytestmark = pytest.mark.calendar_free


def test_every_boosts_answer_matches_trophys_admin_schemas(
    app, seeded, client, admin_key, api_key, clock
):
    clock.set("2027-01-05T10:00:00Z")
    headers = {"X-API-KEY": admin_key}
    with app.app_context():
        system = db.session.scalar(select(PointsSystem.uuid).where(PointsSystem.key == "xp"))
        db.session.add(XpUser(external_id="user-123"))
        db.session.commit()
    url = f"/admin/v1/points/{system}/boosts"

    def call(method, path=url, **kwargs):
        return client.open(path, method=method, headers=headers, **kwargs)

    create_body = [
        {
            "userId": "user-123",
            "name": "Double XP Weekend",
            "start": "2027-01-01",
            "end": "2027-01-03",
            "multiplier": 2,
        },
        {
            "name": "Global Holiday Bonus",
            "start": "2027-12-25",
            "multiplier": 1.5,
            "rounding": "up",
        },
        {"name": "Open", "start": "2027-01-01", "end": None, "multiplier": 1.25},
        {
            "name": "Premium User Boost",
            "start": "2027-01-01",
            "multiplier": 2,
            "userAttributes": [{"attributeId": UNKNOWN, "attributeValue": "premium"}],
        },
    ]
    assert_matches_admin(create_body, "CreatePointsBoostsRequest")
    created = call("POST", json=create_body)
    assert created.status_code == 201
    assert_matches_admin(created.get_json(), "CreatePointsBoostsResponse")
    assert len(created.get_json()["issues"]) == 1
    first, second, third = (item["id"] for item in created.get_json()["created"])

    none_created = call(
        "POST",
        json=[{"name": "Bad", "start": "2027-01-01", "multiplier": 0.5, "end": "2026-01-01"}],
    )
    assert none_created.status_code == 200
    assert_matches_admin(none_created.get_json(), "CreatePointsBoostsResponse")

    listed = call("GET", query_string={"limit": 10, "skip": 0})
    assert_matches_admin(listed.get_json(), "ListPointsBoostsResponse")
    assert [b["status"] for b in listed.get_json()] == ["finished", "active", "scheduled"]
    assert_matches_admin(call("GET", f"{url}/{first}").get_json(), "AdminPointsBoost")
    assert_matches_admin(call("GET", f"{url}/{second}").get_json(), "AdminPointsBoost")

    update_body = [
        {"id": first, "name": "Renamed", "end": None, "multiplier": 3, "rounding": "nearest"},
        {"id": third, "userAttributes": None, "start": "2027-01-02"},
        {"id": second, "end": "2020-01-01"},
        {"id": UNKNOWN},
    ]
    assert_matches_admin(update_body, "PatchPointsBoostsRequest")
    updated = call("PATCH", json=update_body)
    assert_matches_admin(updated.get_json(), "PatchPointsBoostsResponse")
    assert (len(updated.get_json()["updated"]), len(updated.get_json()["issues"])) == (2, 2)

    deleted = call("DELETE", query_string=[("ids", first), ("ids", "not-a-uuid")])
    assert_matches_admin(deleted.get_json(), "DeletePointsBoostsResponse")
    assert (len(deleted.get_json()["deleted"]), len(deleted.get_json()["issues"])) == (1, 1)

    errors = [
        call("GET", f"{url}/{first}"),
        call("GET", f"{url}/42"),
        call("GET", f"/admin/v1/points/{UNKNOWN}/boosts"),
        call("GET", query_string={"limit": 0}),
        call("POST", json=[]),
        call("PATCH", json={}),
        call("DELETE"),
        client.get(url),
        client.get(url, headers={"X-API-KEY": api_key}),
    ]
    assert [e.status_code for e in errors] == [404, 422, 404, 422, 422, 422, 422, 401, 403]
    for error in errors:
        assert_matches_admin(error.get_json(), "AdminErrorBody")
