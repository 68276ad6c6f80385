"""/admin/v1/points/{systemId}/triggers (app/xp/admin_api/triggers.py): Trophy's admin points
triggers endpoints over the dashboard's own rules (add_trigger, change_trigger and
set_trigger_status in app/xp/admin/triggers.py). Ids are UUIDs, metrics and achievements
too; Trophy's default status `inactive` is honoured; an update of a trigger that has paid
answers its replacement; deleting archives. SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.metrics import save_metric, set_metric_status
from app.xp.admin.points import save_points_system, set_points_system_status
from app.xp.engine.events import record_event
from app.xp.models.achievements import Achievement
from app.xp.models.points import PointsAward, PointsSystem, PointsTrigger
from tests.xp.admin_support import UNKNOWN

ATTRIBUTE = [{"attributeId": UNKNOWN, "attributeValue": "pro"}]


@pytest.fixture
def ids(app) -> dict:
    """UUIDs of two points systems (xp, gems), a metric, an archived metric, an achievement."""
    with app.app_context():
        flips = save_metric(None, "flips", "Flips")
        old = save_metric(None, "old", "Old")
        set_metric_status(old, "archived")
        achievement = Achievement(key="first", name="First", trigger="api")
        db.session.add(achievement)
        db.session.commit()
        return {
            "xp": save_points_system(None, "xp", "XP").uuid,
            "gems": save_points_system(None, "gems", "Gems").uuid,
            "flips": flips.uuid,
            "old": old.uuid,
            "first": achievement.uuid,
        }


@pytest.fixture
def admin(client, admin_key, ids):
    """admin(method, json=...) on XP's triggers; url="/..." for another path under /admin/v1."""

    def call(method, url=f"/points/{ids['xp']}/triggers", **kwargs):
        return client.open(
            f"/admin/v1{url}", method=method, headers={"X-API-KEY": admin_key}, **kwargs
        )

    return call


def trigger(id, type, points, status, **rule):
    return {
        "id": id,
        "type": type,
        "points": points,
        "status": status,
        "userAttributes": [],
        "blockIfOutOfPoints": False,
        **rule,
    }


def issue(message, **where):
    return {**where, "severity": "error", "message": message}


def stored(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(
                PointsTrigger.type,
                PointsTrigger.points,
                PointsTrigger.status,
                PointsTrigger.activation,
                PointsTrigger.metric_threshold,
                PointsTrigger.time_unit,
            ).order_by(PointsTrigger.id)
        )
        return [tuple(row) for row in rows]


@pytest.mark.calendar_free
def test_create_list_get_update_and_delete(app, admin, ids):
    response = admin(
        "POST",
        json=[
            {
                "type": "metric",
                "points": 10,
                "status": "active",
                "metricId": ids["flips"].upper(),
                "metricThreshold": 5,
                "userAttributes": [],
                "eventAttributes": None,
                "blockIfOutOfPoints": False,
            },
            {"type": "streak", "points": 50, "streakLength": 7},
            {"type": "time", "points": 1, "timeUnit": "hours", "timeInterval": 24},
            {"type": "achievement", "points": -5, "achievementId": ids["first"]},
            {"type": "user_creation", "points": 100, "userAttributes": None},
        ],
    )
    assert response.status_code == 201
    body = response.get_json()
    metric, streak, time, achievement, creation = (item["id"] for item in body["created"])
    assert body == {
        "created": [
            trigger(
                metric,
                "metric",
                10,
                "active",
                metricId=ids["flips"],
                metricThreshold=5,
                eventAttributes=[],
            ),
            trigger(streak, "streak", 50, "inactive", streakLength=7),
            trigger(time, "time", 1, "inactive", timeUnit="hours", timeInterval=24),
            trigger(achievement, "achievement", -5, "inactive", achievementId=ids["first"]),
            trigger(creation, "user_creation", 100, "inactive"),
        ],
        "issues": [],
    }
    assert stored(app) == [
        ("metric", 10, "active", 0, 5, None),
        ("streak", 50, "inactive", 0, None, None),
        ("time", 1, "inactive", 0, None, "hour"),
        ("achievement", -5, "inactive", 0, None, None),
        ("user_creation", 100, "inactive", 0, None, None),
    ]
    # Oldest first.
    assert admin("GET").get_json() == body["created"]
    assert admin("GET", query_string={"limit": 2, "skip": 1}).get_json() == body["created"][1:3]
    url = f"/points/{ids['xp']}/triggers"
    assert admin("GET", f"{url}/{time.upper()}").get_json() == body["created"][2]
    # Another system's triggers are its own.
    assert admin("GET", f"/points/{ids['gems']}/triggers").get_json() == []
    assert admin("GET", f"/points/{ids['gems']}/triggers/{time}").status_code == 404

    updated = admin(
        "PATCH",
        json=[
            {"id": metric, "metricThreshold": 3, "points": 20, "type": "metric"},
            {"id": streak, "status": "active", "blockIfOutOfPoints": None},
            {"id": time, "timeUnit": "days", "timeInterval": 2, "status": "inactive"},
        ],
    )
    assert updated.status_code == 200
    # Nothing has paid yet: each trigger is changed in place, under its own id.
    assert updated.get_json() == {
        "updated": [
            trigger(
                metric,
                "metric",
                20,
                "active",
                metricId=ids["flips"],
                metricThreshold=3,
                eventAttributes=[],
            ),
            trigger(streak, "streak", 50, "active", streakLength=7),
            trigger(time, "time", 1, "inactive", timeUnit="days", timeInterval=2),
        ],
        "issues": [],
    }

    deleted = admin("DELETE", query_string=[("ids", streak), ("ids", f"{UNKNOWN},nope")])
    assert deleted.get_json() == {
        "deleted": [{"id": streak}],
        "issues": [
            issue("Points trigger not found by ID", id=UNKNOWN),
            issue("id must be a valid UUID", id="nope"),
        ],
    }
    # Deleting archives; the streak trigger was switched on once (activation 1).
    assert stored(app) == [
        ("metric", 20, "active", 0, 3, None),
        ("streak", 50, "archived", 1, None, None),
        ("time", 1, "inactive", 0, None, "day"),
        ("achievement", -5, "inactive", 0, None, None),
        ("user_creation", 100, "inactive", 0, None, None),
    ]
    assert admin("GET", f"{url}/{streak}").get_json() == {"error": "Points trigger not found by ID"}
    assert [item["id"] for item in admin("GET").get_json()] == [
        metric,
        time,
        achievement,
        creation,
    ]
    assert admin("DELETE", query_string={"ids": streak}).get_json() == {
        "deleted": [],
        "issues": [issue("Points trigger not found by ID", id=streak)],
    }


@pytest.mark.calendar_free
def test_create_reports_each_refused_item_by_index(app, admin, ids):
    metric = {"type": "metric", "points": 1, "metricId": ids["flips"], "metricThreshold": 1}
    items = [
        "not an object",
        {"type": "streak", "streakLength": 1},
        {**metric, "points": 1.5},
        {**metric, "points": True},
        {**metric, "status": "archived"},
        {**metric, "metricThreshold": "5"},
        {"type": "streak", "points": 1, "streakLength": 2.0},
        {"type": "time", "points": 1, "timeUnit": "days", "timeInterval": None},
        {**metric, "streakLength": 2},
        {"type": "user_creation", "points": 1, "timeUnit": "days"},
        {**metric, "userAttributes": ATTRIBUTE},
        {**metric, "eventAttributes": ATTRIBUTE},
        {**metric, "blockIfOutOfPoints": True},
        {"type": "bogus", "points": 1},
        {"points": 1},
        {**metric, "points": 0},
        {**metric, "points": 1_000_001},
        {**metric, "metricId": UNKNOWN},
        {**metric, "metricId": ids["old"]},
        {**metric, "metricId": "nope"},
        {"type": "metric", "points": 1},
        {**metric, "metricThreshold": 0},
        {"type": "achievement", "points": 1, "achievementId": UNKNOWN},
        {"type": "streak", "points": 1, "streakLength": 0},
        {"type": "time", "points": 1, "timeUnit": "hour", "timeInterval": 1},
        {"type": "time", "points": 1, "timeUnit": "days", "timeInterval": 0},
    ]
    response = admin("POST", json=items)
    assert response.status_code == 200
    choose_metric = "metricId: Choose an active metric."
    assert response.get_json() == {
        "created": [],
        "issues": [
            issue(message, index=index)
            for index, message in enumerate(
                [
                    "A trigger must be a JSON object",
                    "Points not a whole number",
                    "Points not a whole number",
                    "Points not a whole number",
                    "status must be 'active' or 'inactive'",
                    "metricThreshold not a whole number",
                    "streakLength not a whole number",
                    "timeInterval not a whole number",
                    "streakLength is only permitted for streak triggers",
                    "timeUnit is only permitted for time triggers",
                    "userAttributes must be empty or null: StudyXP's triggers have no "
                    "attribute filters",
                    "eventAttributes must be empty or null: StudyXP's triggers have no "
                    "attribute filters",
                    "blockIfOutOfPoints must be false: StudyXP never blocks events for lack "
                    "of points",
                    "type: Choose a trigger type.",
                    "type: Choose a trigger type.",
                    "points: Points cannot be zero: use a positive award or a negative deduction.",
                    "points: Points are a whole number from -1,000,000 to 1,000,000.",
                    choose_metric,
                    choose_metric,
                    choose_metric,
                    f"{choose_metric}; metricThreshold: The threshold is a whole number of "
                    "at least 1.",
                    "metricThreshold: The threshold is a whole number of at least 1.",
                    "achievementId: Choose an active achievement.",
                    "streakLength: The streak length is a whole number of at least 1.",
                    "timeUnit: Choose hours or days.",
                    "timeInterval: The interval is a whole number of at least 1.",
                ]
            )
        ],
    }
    assert stored(app) == []

    mixed = admin("POST", json=[{"type": "streak", "points": 5, "streakLength": 3}, "x"])
    assert mixed.status_code == 201
    assert mixed.get_json()["issues"] == [issue("A trigger must be a JSON object", index=1)]
    assert stored(app) == [("streak", 5, "inactive", 0, None, None)]


@pytest.mark.calendar_free
def test_update_reports_each_refused_item(app, admin, ids):
    created = admin(
        "POST",
        json=[
            {"type": "streak", "points": 5, "streakLength": 3},
            {"type": "streak", "points": 6, "streakLength": 4},
        ],
    ).get_json()["created"]
    streak, archived = (item["id"] for item in created)
    admin("DELETE", query_string={"ids": archived})
    gems = admin(
        "POST",
        f"/points/{ids['gems']}/triggers",
        json=[{"type": "user_creation", "points": 1}],
    ).get_json()["created"][0]["id"]

    response = admin(
        "PATCH",
        json=[
            "not an object",
            {"points": 1},
            {"id": 7},
            {"id": "nope"},
            {"id": UNKNOWN},
            {"id": archived, "points": 1},
            {"id": gems, "points": 1},
            {"id": streak, "type": "metric"},
            {"id": streak, "metricThreshold": 2},
            {"id": streak, "status": "archived"},
            {"id": streak, "points": "7"},
            {"id": streak, "streakLength": None},
            {"id": streak, "userAttributes": ATTRIBUTE},
            {"id": streak, "blockIfOutOfPoints": "yes"},
            {"id": streak, "points": 0},
            {"id": streak, "streakLength": 0, "points": -2_000_000},
        ],
    )
    assert response.status_code == 200
    assert response.get_json() == {
        "updated": [],
        "issues": [
            issue("A trigger update must be a JSON object", index=0),
            issue("id is required, as a string", index=1),
            issue("id is required, as a string", index=2),
            issue("id must be a valid UUID", id="nope"),
            issue("Points trigger not found by ID", id=UNKNOWN),
            issue("Points trigger not found by ID", id=archived),
            issue("Points trigger not found by ID", id=gems),
            issue("type cannot be changed: add a new trigger of that type instead", id=streak),
            issue("metricThreshold is only permitted for metric triggers", id=streak),
            issue("status must be 'active' or 'inactive'", id=streak),
            issue("Points not a whole number", id=streak),
            issue("streakLength not a whole number", id=streak),
            issue(
                "userAttributes must be empty or null: StudyXP's triggers have no attribute "
                "filters",
                id=streak,
            ),
            issue(
                "blockIfOutOfPoints must be false: StudyXP never blocks events for lack of points",
                id=streak,
            ),
            issue(
                "points: Points cannot be zero: use a positive award or a negative deduction.",
                id=streak,
            ),
            issue(
                "points: Points are a whole number from -1,000,000 to 1,000,000.; "
                "streakLength: The streak length is a whole number of at least 1.",
                id=streak,
            ),
        ],
    }
    assert stored(app) == [
        ("streak", 5, "inactive", 0, None, None),
        ("streak", 6, "archived", 0, None, None),
        ("user_creation", 1, "inactive", 0, None, None),
    ]


def test_an_update_of_a_trigger_that_has_paid_answers_its_replacement(app, admin, ids, clock):
    old = admin(
        "POST",
        json=[
            {
                "type": "metric",
                "points": 10,
                "status": "active",
                "metricId": ids["flips"],
                "metricThreshold": 1,
            }
        ],
    ).get_json()["created"][0]["id"]
    with app.app_context():
        record_event("flips", {"id": "lena"}, 1)
        assert db.session.scalar(select(PointsAward.awarded)) == 10

    response = admin("PATCH", json=[{"id": old, "points": 15}])
    assert response.status_code == 200
    body = response.get_json()
    new = body["updated"][0]["id"]
    assert new != old
    assert body == {
        "updated": [
            trigger(
                new,
                "metric",
                15,
                "active",
                metricId=ids["flips"],
                metricThreshold=1,
                eventAttributes=[],
            )
        ],
        "issues": [
            {
                "id": old,
                "severity": "warning",
                "message": "The trigger had paid points: it is archived with its awards and "
                f"replaced by {new}, which holds the update",
            }
        ],
    }
    # The old trigger keeps its award, archived; only the replacement is left here.
    assert stored(app) == [
        ("metric", 10, "archived", 0, 1, None),
        ("metric", 15, "active", 0, 1, None),
    ]
    assert [item["id"] for item in admin("GET").get_json()] == [new]
    assert admin("GET", f"/points/{ids['xp']}/triggers/{old}").status_code == 404
    # An update that changes nothing keeps the trigger, even one that has paid.
    same = admin("PATCH", json=[{"id": new, "points": 15, "status": "active"}])
    assert [item["id"] for item in same.get_json()["updated"]] == [new]


def test_a_trigger_created_inactive_pays_nothing_until_switched_on(app, admin, ids, clock):
    made = admin(
        "POST",
        json=[{"type": "metric", "points": 10, "metricId": ids["flips"], "metricThreshold": 1}],
    ).get_json()["created"][0]
    assert made["status"] == "inactive"  # Trophy's default, in the one commit that made it
    with app.app_context():
        record_event("flips", {"id": "lena"}, 1)
        assert db.session.scalar(select(PointsAward.awarded)) is None

    assert admin("PATCH", json=[{"id": made["id"], "status": "active"}]).status_code == 200
    clock.shift(seconds=1)
    with app.app_context():
        record_event("flips", {"id": "lena"}, 1)
        assert db.session.scalars(select(PointsAward.awarded)).all() == [10]  # the new flip only


@pytest.mark.calendar_free
def test_requests_refused_as_a_whole(app, admin, ids):
    url = f"/points/{ids['xp']}/triggers"
    assert admin("GET", f"/points/{UNKNOWN}/triggers").get_json() == {
        "error": "Points system not found by ID"
    }
    assert admin("POST", "/points/42/triggers", json=[{}]).get_json() == {
        "error": "id must be a valid UUID"
    }
    with app.app_context():
        gems = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "gems"))
        set_points_system_status(gems, "archived")
    archived = admin("DELETE", f"/points/{ids['gems']}/triggers", query_string={"ids": UNKNOWN})
    assert (archived.status_code, archived.get_json()) == (
        404,
        {"error": "Points system not found by ID"},
    )
    answers = [
        (admin("GET", f"{url}/nope"), 422, "id must be a valid UUID"),
        (admin("GET", f"{url}/{UNKNOWN}"), 404, "Points trigger not found by ID"),
        (
            admin("GET", query_string={"limit": 101}),
            422,
            "'limit' must be a whole number from 1 to 100, not '101'",
        ),
        (admin("POST", json=[]), 422, "The body must be a JSON array of 1 to 100 triggers"),
        (
            admin("PATCH", json={"id": UNKNOWN}),
            422,
            "The body must be a JSON array of 1 to 100 trigger updates",
        ),
        (
            admin("DELETE"),
            422,
            "'ids' must name 1 to 100 triggers to delete, e.g. ?ids=ID1&ids=ID2",
        ),
    ]
    for response, status, message in answers:
        assert (response.status_code, response.get_json()) == (status, {"error": message})
