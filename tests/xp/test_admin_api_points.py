"""/admin/v1/points (app/xp/admin_api/points.py): Trophy's admin points systems endpoints over
the dashboard's own rules (app/xp/admin/points.py). Ids are the systems' UUIDs; bulk requests
answer per-item issues; deleting archives. SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.points import set_points_system_status
from app.xp.models.points import PointsSystem
from tests.xp.admin_support import UNKNOWN

# Left out of the calendar sweep (.ci/run): points systems, their keys and ids read no date.
pytestmark = pytest.mark.calendar_free

URL = "/admin/v1/points"


@pytest.fixture
def admin(client, admin_key):
    def call(method, url=URL, **kwargs):
        return client.open(url, method=method, headers={"X-API-KEY": admin_key}, **kwargs)

    return call


def system(id, name, key, description="", badge=None, max_points=None, status="active"):
    return {
        "id": id,
        "name": name,
        "key": key,
        "description": description,
        "status": status,
        "badge": badge,
        "maxPoints": max_points,
    }


def stored(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(
                PointsSystem.key,
                PointsSystem.name,
                PointsSystem.description,
                PointsSystem.badge_url,
                PointsSystem.max_points,
                PointsSystem.status,
            ).order_by(PointsSystem.id)
        )
        return [tuple(row) for row in rows]


def issue(message, **where):
    return {**where, "severity": "error", "message": message}


def test_create_list_get_update_and_delete(app, admin):
    response = admin(
        "POST",
        json=[
            {"name": "XP", "key": "xp"},
            {
                "name": "Gems",
                "key": "gems",
                "description": "Shiny",
                "badge": {"url": "https://example.com/gem.png"},
                "maxPoints": 500,
                "levels": [],
            },
        ],
    )
    assert response.status_code == 201
    body = response.get_json()
    xp, gems = (item["id"] for item in body["created"])
    assert body == {
        "created": [
            system(xp, "XP", "xp"),
            system(gems, "Gems", "gems", "Shiny", {"url": "https://example.com/gem.png"}, 500),
        ],
        "issues": [],
    }
    with app.app_context():
        assert db.session.scalar(select(PointsSystem.uuid).where(PointsSystem.key == "xp")) == xp

    assert admin("GET").get_json() == [system(xp, "XP", "xp"), body["created"][1]]
    assert admin("GET", query_string={"limit": 1, "skip": 1}).get_json() == [body["created"][1]]
    assert admin("GET", f"{URL}/{gems.upper()}").get_json() == body["created"][1]

    updated = admin(
        "PATCH",
        json=[
            {"id": gems, "name": "Gemstones", "badge": None, "maxPoints": None, "key": "gems"},
            {"id": xp, "description": "Experience", "badge": {"url": "/static/xp.svg"}},
        ],
    )
    assert updated.status_code == 200
    assert updated.get_json() == {
        "updated": [
            system(gems, "Gemstones", "gems", "Shiny"),
            system(xp, "XP", "xp", "Experience", {"url": "/static/xp.svg"}),
        ],
        "issues": [],
    }

    deleted = admin("DELETE", query_string={"ids": f"{gems},{UNKNOWN}"})
    assert deleted.get_json() == {
        "deleted": [{"id": gems}],
        "issues": [issue("Points system not found by ID", id=UNKNOWN)],
    }
    assert stored(app) == [
        ("xp", "XP", "Experience", "/static/xp.svg", None, "active"),
        ("gems", "Gemstones", "Shiny", None, None, "archived"),
    ]
    # Archived: gone from /admin/v1, its key still taken.
    assert admin("GET").get_json() == [updated.get_json()["updated"][1]]
    assert admin("GET", f"{URL}/{gems}").status_code == 404
    again = admin("POST", json=[{"name": "Gems", "key": "gems"}])
    assert again.status_code == 200
    assert again.get_json() == {
        "created": [],
        "issues": [issue("key: The key 'gems' is already used.", index=0)],
    }


def test_create_reports_each_refused_item_by_index(app, admin):
    response = admin(
        "POST",
        json=[
            "not an object",
            {"key": "no-name"},
            {"name": "No key"},
            {"name": "Upper", "key": "Big_XP"},
            {"name": "Desc", "key": "desc", "description": 5},
            {"name": "Badge", "key": "badge", "badge": "https://example.com/b.png"},
            {"name": "Badge", "key": "badge", "badge": {"url": "ftp://example.com/b.png"}},
            {"name": "Max", "key": "max", "maxPoints": "10"},
            {"name": "Max", "key": "max", "maxPoints": True},
            {"name": "Max", "key": "max", "maxPoints": 0},
            {
                "name": "With levels",
                "key": "lv",
                "levels": [{"name": "B", "key": "b", "points": 1}],
            },
            {"name": "With triggers", "key": "tr", "triggers": [{"type": "metric", "points": 1}]},
            {"name": "With boosts", "key": "bo", "boosts": [{"name": "x"}]},
            {"name": "  ", "key": "k" * 101},
            {"name": "Coins", "key": "coins"},
        ],
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["created"] == [system(body["created"][0]["id"], "Coins", "coins")]
    nested = "cannot be created alongside a points system here: create the system first, "
    assert body["issues"] == [
        issue("A points system must be a JSON object", index=0),
        issue("Name not a string", index=1),
        issue("Key not a string", index=2),
        issue(
            "key: Use lower-case letters, digits and single hyphens, e.g. quiz-answered.",
            index=3,
        ),
        issue("Description not a string", index=4),
        issue("badge must be an object with a string url, or null", index=5),
        issue("badge.url: Use an http(s) URL or upload an image.", index=6),
        issue("maxPoints must be a whole number or null", index=7),
        issue("maxPoints must be a whole number or null", index=8),
        issue("maxPoints: The maximum must be at least 1.", index=9),
        issue(f"levels {nested}then use its own levels endpoint", index=10),
        issue(f"triggers {nested}then use its own triggers endpoint", index=11),
        issue(f"boosts {nested}then use its own boosts endpoint", index=12),
        issue(
            "key: Use at most 100 characters.; name: This field is required.",
            index=13,
        ),
    ]
    assert [row[0] for row in stored(app)] == ["coins"]


def test_update_reports_each_refused_item_and_updates_the_rest(app, admin):
    created = admin("POST", json=[{"name": "XP", "key": "xp"}, {"name": "Old", "key": "old"}])
    xp, old = (item["id"] for item in created.get_json()["created"])
    with app.app_context():
        set_points_system_status(
            db.session.scalar(select(PointsSystem).filter_by(uuid=old)), "archived"
        )

    response = admin(
        "PATCH",
        json=[
            "not an object",
            {"name": "No id"},
            {"id": "not-a-uuid"},
            {"id": UNKNOWN},
            {"id": old, "name": "Archived"},
            {"id": xp, "key": "experience"},
            {"id": xp, "name": 5},
            {"id": xp, "maxPoints": 1.5},
            {"id": xp, "badge": {"link": "x"}},
            {"id": xp, "name": "", "description": "d" * 2001},
            {"id": xp, "maxPoints": 100},
        ],
    )
    assert response.status_code == 200
    assert response.get_json() == {
        "updated": [system(xp, "XP", "xp", max_points=100)],
        "issues": [
            issue("A points system update must be a JSON object", index=0),
            issue("id is required, as a string", index=1),
            issue("id must be a valid UUID", id="not-a-uuid"),
            issue("Points system not found by ID", id=UNKNOWN),
            issue("Points system not found by ID", id=old),
            issue("key cannot be changed through this endpoint", id=xp),
            issue("Name not a string", id=xp),
            issue("maxPoints must be a whole number or null", id=xp),
            issue("badge must be an object with a string url, or null", id=xp),
            issue(
                "name: This field is required.; description: Use at most 2000 characters.",
                id=xp,
            ),
        ],
    }
    assert stored(app) == [
        ("xp", "XP", None, None, 100, "active"),
        ("old", "Old", None, None, None, "archived"),
    ]


def test_requests_wrong_as_a_whole_are_refused(admin):
    cases = [
        (admin("GET", f"{URL}/42"), 422, "id must be a valid UUID"),
        (admin("GET", f"{URL}/{UNKNOWN}"), 404, "Points system not found by ID"),
        (
            admin("GET", query_string={"limit": 101}),
            422,
            "'limit' must be a whole number from 1 to 100, not '101'",
        ),
        (
            admin("GET", query_string={"skip": -1}),
            422,
            "'skip' must be a whole number from 0 or more, not '-1'",
        ),
        (
            admin("POST", json={"name": "XP", "key": "xp"}),
            422,
            "The body must be a JSON array of 1 to 100 points systems",
        ),
        (
            admin("PATCH", json=[]),
            422,
            "The body must be a JSON array of 1 to 100 points system updates",
        ),
        (
            admin("DELETE"),
            422,
            "'ids' must name 1 to 100 points systems to delete, e.g. ?ids=ID1&ids=ID2",
        ),
    ]
    assert [(r.status_code, r.get_json()) for r, _, _ in cases] == [
        (status, {"error": message}) for _, status, message in cases
    ]


def test_delete_reports_bad_ids(admin):
    response = admin("DELETE", query_string=[("ids", "nope"), ("ids", UNKNOWN)])
    assert response.get_json() == {
        "deleted": [],
        "issues": [
            issue("id must be a valid UUID", id="nope"),
            issue("Points system not found by ID", id=UNKNOWN),
        ],
    }
