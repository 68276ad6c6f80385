"""/admin/v1/points/{systemId}/levels (app/xp/admin_api/levels.py): Trophy's admin points
levels endpoints over the dashboard's own rules (save_level and delete_level in
app/xp/admin/points.py). Ids are UUIDs; bulk requests answer per-item issues; deleting
deletes. SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.points import save_points_system, set_points_system_status
from app.xp.models.points import PointsLevel, PointsSystem
from tests.xp.admin_support import UNKNOWN

# Left out of the calendar sweep (.ci/run): levels, their keys and ids read no date.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def systems(app) -> tuple[str, str]:
    """The UUIDs of two active points systems, XP and Gems."""
    with app.app_context():
        return tuple(save_points_system(None, key, key.upper()).uuid for key in ("xp", "gems"))


@pytest.fixture
def admin(client, admin_key, systems):
    """admin(method, json=...) on XP's levels; url="/..." for another path under /admin/v1."""

    def call(method, url=f"/points/{systems[0]}/levels", **kwargs):
        return client.open(
            f"/admin/v1{url}", method=method, headers={"X-API-KEY": admin_key}, **kwargs
        )

    return call


def level(id, name, key, points, description="", badge=None):
    return {
        "id": id,
        "name": name,
        "key": key,
        "points": points,
        "description": description,
        "badge": badge,
    }


def issue(message, **where):
    return {**where, "severity": "error", "message": message}


def stored(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(
                PointsLevel.key,
                PointsLevel.name,
                PointsLevel.points,
                PointsLevel.description,
                PointsLevel.badge_url,
            ).order_by(PointsLevel.id)
        )
        return [tuple(row) for row in rows]


def test_create_list_get_update_and_delete(app, admin, systems):
    response = admin(
        "POST",
        json=[
            {"name": "Silver", "key": "silver", "points": 500, "description": "Halfway"},
            {
                "name": "Bronze",
                "key": "bronze",
                "points": 0,
                "badge": {"url": "https://example.com/bronze.png"},
            },
        ],
    )
    assert response.status_code == 201
    body = response.get_json()
    silver, bronze = (item["id"] for item in body["created"])
    assert body == {
        "created": [
            level(silver, "Silver", "silver", 500, "Halfway"),
            level(bronze, "Bronze", "bronze", 0, badge={"url": "https://example.com/bronze.png"}),
        ],
        "issues": [],
    }
    # By points, lowest first.
    assert admin("GET").get_json() == [body["created"][1], body["created"][0]]
    assert admin("GET", query_string={"limit": 1, "skip": 1}).get_json() == [body["created"][0]]
    assert (
        admin("GET", f"/points/{systems[0]}/levels/{silver.upper()}").get_json()
        == (body["created"][0])
    )
    # Another system's levels are its own.
    assert admin("GET", f"/points/{systems[1]}/levels").get_json() == []
    assert admin("GET", f"/points/{systems[1]}/levels/{silver}").status_code == 404

    updated = admin(
        "PATCH",
        json=[
            {"id": silver, "name": "Gold", "points": 1000, "description": "", "key": "silver"},
            {"id": bronze, "badge": None},
        ],
    )
    assert updated.status_code == 200
    assert updated.get_json() == {
        "updated": [level(silver, "Gold", "silver", 1000), level(bronze, "Bronze", "bronze", 0)],
        "issues": [],
    }

    deleted = admin("DELETE", query_string=[("ids", bronze), ("ids", f"{UNKNOWN},nope")])
    assert deleted.get_json() == {
        "deleted": [{"id": bronze}],
        "issues": [
            issue("Points level not found by ID", id=UNKNOWN),
            issue("id must be a valid UUID", id="nope"),
        ],
    }
    assert stored(app) == [("silver", "Gold", 1000, "", None)]
    assert admin("GET", f"/points/{systems[0]}/levels/{bronze}").get_json() == {
        "error": "Points level not found by ID"
    }


def test_create_reports_each_refused_item_by_index(app, admin, systems):
    admin("POST", json=[{"name": "Bronze", "key": "bronze", "points": 0}])

    response = admin(
        "POST",
        json=[
            "not an object",
            {"key": "no-name", "points": 1},
            {"name": "No key", "points": 1},
            {"name": "No points", "key": "no-points"},
            {"name": "Float", "key": "float", "points": 1.5},
            {"name": "Bool", "key": "bool", "points": True},
            {"name": "Negative", "key": "negative", "points": -1},
            {"name": "Desc", "key": "desc", "points": 2, "description": ["x"]},
            {"name": "Badge", "key": "badge", "points": 3, "badge": {"url": 5}},
            {"name": "Badge", "key": "badge", "points": 3, "badge": {"url": "http://x.io/b"}},
            {"name": "Again", "key": "bronze", "points": 4},
            {"name": "Same", "key": "same", "points": 0},
            {"name": "Upper", "key": "Gold_1", "points": 5},
            {"name": "Silver", "key": "silver", "points": 100},
        ],
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["created"] == [level(body["created"][0]["id"], "Silver", "silver", 100)]
    assert body["issues"] == [
        issue("A level must be a JSON object", index=0),
        issue("Name not a string", index=1),
        issue("Key not a string", index=2),
        issue("Points not a whole number", index=3),
        issue("Points not a whole number", index=4),
        issue("Points not a whole number", index=5),
        issue("points: Points are a whole number of at least 0.", index=6),
        issue("Description not a string", index=7),
        issue("badge must be an object with a string url, or null", index=8),
        issue("badge.url: Use an https:// URL, or leave it empty.", index=9),
        issue("key: The key 'bronze' is already used by a level of XP.", index=10),
        issue("points: The level “Bronze” already starts at 0 points.", index=11),
        issue(
            "key: Use lower-case letters, digits and single hyphens, e.g. apprentice.",
            index=12,
        ),
    ]
    # The same key in another system is another level.
    other = admin(
        "POST", f"/points/{systems[1]}/levels", json=[{"name": "B", "key": "bronze", "points": 0}]
    )
    assert other.status_code == 201
    again = admin("POST", json=[{"name": "Again", "key": "bronze", "points": 9}])
    assert again.status_code == 200
    assert [row[0] for row in stored(app)] == ["bronze", "silver", "bronze"]


def test_update_reports_each_refused_item_and_updates_the_rest(app, admin, systems):
    created = admin(
        "POST",
        json=[
            {"name": "Bronze", "key": "bronze", "points": 0},
            {"name": "Silver", "key": "silver", "points": 100},
        ],
    ).get_json()["created"]
    bronze, silver = (item["id"] for item in created)
    elsewhere = admin(
        "POST", f"/points/{systems[1]}/levels", json=[{"name": "B", "key": "b", "points": 0}]
    ).get_json()["created"][0]["id"]

    response = admin(
        "PATCH",
        json=[
            7,
            {"name": "No id"},
            {"id": "nope"},
            {"id": UNKNOWN},
            {"id": elsewhere, "name": "Not here"},
            {"id": silver, "key": "gold"},
            {"id": silver, "name": None},
            {"id": silver, "points": "200"},
            {"id": silver, "badge": []},
            {"id": silver, "points": 0},
            {"id": silver, "name": " ", "description": "\x00"},
            {"id": bronze, "name": "Copper", "points": 10},
        ],
    )
    assert response.status_code == 200
    assert response.get_json() == {
        "updated": [level(bronze, "Copper", "bronze", 10)],
        "issues": [
            issue("A level update must be a JSON object", index=0),
            issue("id is required, as a string", index=1),
            issue("id must be a valid UUID", id="nope"),
            issue("Points level not found by ID", id=UNKNOWN),
            issue("Points level not found by ID", id=elsewhere),
            issue("key cannot be changed through this endpoint", id=silver),
            issue("Name not a string", id=silver),
            issue("Points not a whole number", id=silver),
            issue("badge must be an object with a string url, or null", id=silver),
            issue("points: The level “Bronze” already starts at 0 points.", id=silver),
            issue(
                "name: This field is required.; "
                "description: This field cannot contain NUL characters.",
                id=silver,
            ),
        ],
    }
    assert stored(app) == [
        ("bronze", "Copper", 10, "", None),
        ("silver", "Silver", 100, "", None),
        ("b", "B", 0, "", None),
    ]


def test_requests_wrong_as_a_whole_are_refused(app, admin, systems):
    with app.app_context():
        gems = db.session.scalar(select(PointsSystem).filter_by(uuid=systems[1]))
        set_points_system_status(gems, "archived")
    xp = systems[0]
    cases = [
        (admin("GET", "/points/42/levels"), 422, "id must be a valid UUID"),
        (admin("GET", f"/points/{UNKNOWN}/levels"), 404, "Points system not found by ID"),
        (
            admin("POST", f"/points/{systems[1]}/levels", json=[{}]),
            404,
            "Points system not found by ID",
        ),
        (
            admin("PATCH", f"/points/{UNKNOWN}/levels", json=[{}]),
            404,
            "Points system not found by ID",
        ),
        (
            admin("DELETE", f"/points/{UNKNOWN}/levels", query_string={"ids": UNKNOWN}),
            404,
            "Points system not found by ID",
        ),
        (admin("GET", f"/points/{xp}/levels/42"), 422, "id must be a valid UUID"),
        (admin("GET", f"/points/{xp}/levels/{UNKNOWN}"), 404, "Points level not found by ID"),
        (
            admin("GET", query_string={"limit": "x"}),
            422,
            "'limit' must be a whole number from 1 to 100, not 'x'",
        ),
        (admin("POST", json=[]), 422, "The body must be a JSON array of 1 to 100 levels"),
        (
            admin("PATCH", json=[{}] * 101),
            422,
            "The body must be a JSON array of 1 to 100 level updates",
        ),
        (admin("DELETE"), 422, "'ids' must name 1 to 100 levels to delete, e.g. ?ids=ID1&ids=ID2"),
    ]
    assert [(r.status_code, r.get_json()) for r, _, _ in cases] == [
        (status, {"error": message}) for _, status, message in cases
    ]
    assert stored(app) == []
