"""Contract: /admin/v1/points/{systemId}/triggers answers, raw, match Trophy's Admin API schemas
(tests/xp/trophy-admin-api.openapi.json): every success shape, with and without issues (error
and warning), and every error as AdminErrorBody. The requests sent are Trophy's own request
shapes, checked against its request schemas."""

from sqlalchemy import select

from app.extensions import db
from app.xp.admin.metrics import save_metric
from app.xp.admin.points import save_points_system
from app.xp.engine.events import record_event
from app.xp.models.achievements import Achievement
from tests.xp.admin_support import UNKNOWN
from tests.xp.contract import assert_matches_admin


def test_every_points_trigger_answer_matches_trophys_admin_schemas(
    app, client, admin_key, api_key, clock
):
    with app.app_context():
        system = save_points_system(None, "gems", "Gems").uuid
        flips = save_metric(None, "flips", "Flips").uuid
        db.session.add(Achievement(key="first", name="First", trigger="api"))
        db.session.commit()
        first = db.session.scalar(select(Achievement.uuid))
    url = f"/admin/v1/points/{system}/triggers"
    headers = {"X-API-KEY": admin_key}

    def call(method, path=url, **kwargs):
        return client.open(path, method=method, headers=headers, **kwargs)

    create = [
        {
            "type": "metric",
            "points": 10,
            "status": "active",
            "metricId": flips,
            "metricThreshold": 1,
            "eventAttributes": [],
            "blockIfOutOfPoints": False,
        },
        {"type": "achievement", "points": 5, "achievementId": first},
        {"type": "streak", "points": 2, "streakLength": 7},
        {"type": "time", "points": 1, "timeUnit": "hours", "timeInterval": 12},
        {"type": "user_creation", "points": 3, "userAttributes": None},
        {"type": "streak", "points": 0, "streakLength": 7},
    ]
    assert_matches_admin(create, "CreatePointsTriggersRequest")
    created = call("POST", json=create)
    metric, achievement, streak, time, _ = (item["id"] for item in created.get_json()["created"])
    with app.app_context():
        record_event("flips", {"id": "lena"}, 1)  # the metric trigger pays: updating replaces it
    update = [
        {"id": metric, "points": 20},
        {"id": time, "timeUnit": "days", "status": "active"},
        {"id": UNKNOWN, "points": 1},
    ]
    assert_matches_admin(update, "PatchPointsTriggersRequest")
    updated = call("PATCH", json=update)
    assert [issue["severity"] for issue in updated.get_json()["issues"]] == ["warning", "error"]

    answers = [
        (created, 201, "CreatePointsTriggersResponse"),
        (call("POST", json=[{"type": "streak", "points": 1}]), 200, "CreatePointsTriggersResponse"),
        (call("GET", query_string={"limit": 10, "skip": 0}), 200, "ListPointsTriggersResponse"),
        (call("GET", f"{url}/{achievement}"), 200, "AdminPointsTrigger"),
        (call("GET", f"{url}/{time}"), 200, "AdminPointsTrigger"),
        (updated, 200, "PatchPointsTriggersResponse"),
        (call("PATCH", json=[{"id": streak, "points": 4}]), 200, "PatchPointsTriggersResponse"),
        (
            call("DELETE", query_string=[("ids", streak), ("ids", "nope")]),
            200,
            "DeletePointsTriggersResponse",
        ),
        # Errors, each an AdminErrorBody.
        (call("GET", f"/admin/v1/points/{UNKNOWN}/triggers"), 404, "AdminErrorBody"),
        (call("GET", f"{url}/{UNKNOWN}"), 404, "AdminErrorBody"),
        (call("GET", f"{url}/42"), 422, "AdminErrorBody"),
        (call("GET", query_string={"skip": -1}), 422, "AdminErrorBody"),
        (call("POST", json={}), 422, "AdminErrorBody"),
        (call("DELETE"), 422, "AdminErrorBody"),
        (client.get(url), 401, "AdminErrorBody"),
        (client.get(url, headers={"X-API-KEY": api_key}), 403, "AdminErrorBody"),
    ]
    for response, status, schema in answers:
        assert response.status_code == status, (response.request.path, response.get_json())
        assert_matches_admin(response.get_json(), schema)
    bulk = [r.get_json() for r, _, schema in answers if "Response" in schema]
    assert any(b["issues"] for b in bulk if isinstance(b, dict))
    assert any(b["issues"] == [] for b in bulk if isinstance(b, dict))
