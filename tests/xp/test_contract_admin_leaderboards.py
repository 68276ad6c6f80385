"""Contract: /admin/v1/leaderboards answers, raw, match Trophy's Admin API schemas
(tests/xp/trophy-admin-api.openapi.json): every success shape, with and without issues, and
every error as AdminErrorBody. The requests sent are Trophy's own request shapes."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem
from tests.xp.admin_support import UNKNOWN
from tests.xp.contract import assert_matches_admin

# Left out of the calendar sweep (.ci/run): every date read is pinned by `clock`.
pytestmark = pytest.mark.calendar_free

URL = "/admin/v1/leaderboards"


def test_every_leaderboards_answer_matches_trophys_admin_schemas(
    app, seeded, client, admin_key, api_key, clock
):
    clock.set("2027-01-05T10:00:00Z")
    headers = {"X-API-KEY": admin_key}
    with app.app_context():
        metric = db.session.scalar(select(Metric.uuid).where(Metric.key == "flashcards-flipped"))
        system = db.session.scalar(select(PointsSystem.uuid).where(PointsSystem.key == "xp"))

    def call(method, url=URL, **kwargs):
        return client.open(url, method=method, headers=headers, **kwargs)

    # CreateLeaderboardsRequest is not checked: its key pattern ^[a-zA-Z\d-_]+$ is an
    # ECMAScript regular expression that Python's re refuses ("bad character range").
    create_body = [
        {
            "name": "Flippers",
            "key": "flippers",
            "description": "Most cards flipped",
            "status": "active",
            "rankBy": "metric",
            "metricId": metric,
            "maxParticipants": 100,
            "start": "2027-01-01",
            "end": "2027-12-31",
            "startTime": "09:00",
            "endTime": "17:00",
            "runUnit": "month",
            "runInterval": 1,
        },
        {"name": "XP", "key": "xp-board", "rankBy": "points", "pointsSystemId": system},
        {"name": "Streaks", "key": "streaks", "rankBy": "streak", "start": "2027-02-01"},
        {"name": "Bad", "key": "bad", "rankBy": "streak", "runUnit": "day", "runInterval": 1},
    ]
    created = call("POST", json=create_body)
    assert created.status_code == 201
    assert_matches_admin(created.get_json(), "CreateLeaderboardsResponse")
    assert len(created.get_json()["issues"]) == 1
    first, second, third = (item["id"] for item in created.get_json()["created"])

    none_created = call("POST", json=[{"name": "Again", "key": "streaks", "rankBy": "streak"}])
    assert none_created.status_code == 200
    assert_matches_admin(none_created.get_json(), "CreateLeaderboardsResponse")

    listed = call("GET", query_string={"limit": 10, "skip": 0})
    assert_matches_admin(listed.get_json(), "ListLeaderboardsResponse")
    assert [board["status"] for board in listed.get_json()] == ["active", "inactive", "inactive"]
    assert_matches_admin(call("GET", f"{URL}/{first}").get_json(), "AdminLeaderboard")

    update_body = [
        {
            "id": second,
            "name": "XP weekly",
            "end": None,
            "startTime": None,
            "runUnit": "day",
            "runInterval": 7,
        },
        {"id": third, "status": "scheduled"},
        {"id": first, "key": "other"},
        {"id": UNKNOWN},
    ]
    # UpdateLeaderboardsRequest is not checked either (the same key pattern).
    updated = call("PATCH", json=update_body)
    assert_matches_admin(updated.get_json(), "UpdateLeaderboardsResponse")
    assert (len(updated.get_json()["updated"]), len(updated.get_json()["issues"])) == (2, 2)

    deleted = call("DELETE", query_string=[("ids", first), ("ids", "not-a-uuid")])
    assert_matches_admin(deleted.get_json(), "DeleteLeaderboardsResponse")
    assert (len(deleted.get_json()["deleted"]), len(deleted.get_json()["issues"])) == (1, 1)
    assert_matches_admin(call("GET", f"{URL}/{first}").get_json(), "AdminLeaderboard")

    errors = [
        call("GET", f"{URL}/{UNKNOWN}"),
        call("GET", f"{URL}/42"),
        call("GET", query_string={"skip": -1}),
        call("POST", json=[]),
        call("PATCH", json={}),
        call("DELETE"),
        client.get(URL),
        client.get(URL, headers={"X-API-KEY": api_key}),
    ]
    assert [e.status_code for e in errors] == [404, 422, 422, 422, 422, 422, 401, 403]
    for error in errors:
        assert_matches_admin(error.get_json(), "AdminErrorBody")
