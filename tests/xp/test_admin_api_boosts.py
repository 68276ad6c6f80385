"""/admin/v1/points/{systemId}/boosts (app/xp/admin_api/boosts.py): Trophy's admin points
boosts endpoints over the dashboard's own rules (save_boost, archive_boost in
app/xp/admin/boosts.py). Ids are UUIDs; bulk requests answer per-item issues; deleting
archives. SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.boosts import PointsBoost
from app.xp.models.points import PointsSystem
from app.xp.models.users import XpUser
from tests.xp.admin_support import UNKNOWN

# Left out of the calendar sweep (.ci/run): every date read is pinned by `clock`.
pytestmark = pytest.mark.calendar_free

NOW = "2027-01-05T10:00:00Z"
RANGE = "multiplier: The multiplier is a number above 0 and up to 1,000, e.g. 2 or 1.5."


@pytest.fixture
def system(app, seeded):
    with app.app_context():
        db.session.add(XpUser(external_id="lena"))
        db.session.commit()
        return db.session.scalar(select(PointsSystem.uuid).where(PointsSystem.key == "xp"))


@pytest.fixture
def admin(client, admin_key, clock, system):
    clock.set(NOW)

    def call(method, url=f"/admin/v1/points/{system}/boosts", **kwargs):
        return client.open(url, method=method, headers={"X-API-KEY": admin_key}, **kwargs)

    return call


def issue(message, **where):
    return {**where, "severity": "error", "message": message}


def test_create_list_get_update_and_delete_answer_trophys_admin_boosts(app, admin, system):
    url = f"/admin/v1/points/{system}/boosts"
    response = admin(
        "POST",
        json=[
            {"name": "Double XP", "start": "2027-01-01", "end": "2027-01-10", "multiplier": 2},
            {
                "userId": "lena",
                "name": "Lena's week",
                "start": "2027-02-01",
                "multiplier": 1.5,
                "rounding": "up",
            },
            {"name": "Past", "start": "2026-12-01", "end": "2026-12-31", "multiplier": 3},
        ],
    )
    assert response.status_code == 201
    body = response.get_json()
    first, second, third = (boost["id"] for boost in body["created"])
    double = {
        "id": first,
        "name": "Double XP",
        "status": "active",
        "start": "2027-01-01",
        "end": "2027-01-10",
        "multiplier": 2,
        "rounding": "down",
        "userId": None,
        "userAttributes": [],
    }
    lena = {
        "id": second,
        "name": "Lena's week",
        "status": "scheduled",
        "start": "2027-02-01",
        "end": None,
        "multiplier": 1.5,
        "rounding": "up",
        "userId": "lena",
    }
    past = {
        "id": third,
        "name": "Past",
        "status": "finished",
        "start": "2026-12-01",
        "end": "2026-12-31",
        "multiplier": 3,
        "rounding": "down",
        "userId": None,
        "userAttributes": [],
    }
    assert body == {"created": [double, lena, past], "issues": []}
    with app.app_context():
        assert db.session.scalar(select(PointsBoost.name).where(PointsBoost.uuid == second)) == (
            "Lena's week"
        )

    assert admin("GET").get_json() == [past, double, lena]
    assert admin("GET", query_string={"limit": 1, "skip": 1}).get_json() == [double]
    assert admin("GET", f"{url}/{second.upper()}").get_json() == lena

    updated = admin(
        "PATCH",
        json=[
            {"id": first, "name": "Triple XP", "multiplier": 3, "end": None, "rounding": "nearest"},
            {"id": second, "userId": "lena", "start": "2027-01-02"},
        ],
    )
    triple = {**double, "name": "Triple XP", "multiplier": 3, "end": None, "rounding": "nearest"}
    lena_now = {**lena, "start": "2027-01-02", "status": "active"}
    assert (updated.status_code, updated.get_json()) == (
        200,
        {"updated": [triple, lena_now], "issues": []},
    )

    deleted = admin("DELETE", query_string={"ids": f"{first},{UNKNOWN}"})
    assert deleted.get_json() == {
        "deleted": [{"id": first}],
        "issues": [issue("Points boost not found by ID", id=UNKNOWN)],
    }
    with app.app_context():
        assert db.session.scalar(select(PointsBoost.archived).where(PointsBoost.uuid == first))
    assert admin("GET").get_json() == [past, lena_now]
    gone = admin("GET", f"{url}/{first}")
    assert (gone.status_code, gone.get_json()) == (404, {"error": "Points boost not found by ID"})
    again = admin("DELETE", query_string=[("ids", first), ("ids", "42")])
    assert again.get_json() == {
        "deleted": [],
        "issues": [
            issue("Points boost not found by ID", id=first),
            issue("id must be a valid UUID", id="42"),
        ],
    }
    patched = admin("PATCH", json=[{"id": first, "name": "Back"}])
    assert patched.get_json() == {
        "updated": [],
        "issues": [issue("Points boost not found by ID", id=first)],
    }


def test_refused_items_are_issues_and_the_others_are_saved(admin):
    response = admin(
        "POST",
        json=[
            "boost",
            {"name": 5, "start": "2027-01-01", "multiplier": 2},
            {"name": "N", "start": None, "multiplier": 2},
            {"name": "N", "start": "2027-01-01", "end": 7, "multiplier": 2},
            {"name": "N", "start": "2027-01-01", "multiplier": "2"},
            {"name": "N", "start": "2027-01-01", "multiplier": True},
            {"name": "N", "start": "2027-01-01", "multiplier": 2, "rounding": 1},
            {"name": "N", "start": "2027-01-01", "multiplier": 2, "userId": 1},
            {
                "name": "N",
                "start": "2027-01-01",
                "multiplier": 2,
                "userAttributes": [{"attributeId": UNKNOWN, "attributeValue": "premium"}],
            },
            {"name": "N", "start": "2027-01-01", "multiplier": 1001},
            {"name": "N", "start": "2027-01-01", "multiplier": 0},
            {"name": " ", "start": "2027-1-1", "end": "2026-12-31", "multiplier": 2},
            {"name": "N", "start": "2027-01-05", "end": "2027-01-04", "multiplier": 2},
            {"name": "N", "start": "2027-01-01", "multiplier": 2, "rounding": "sideways"},
            {"name": "N", "start": "2027-01-01", "multiplier": 2, "userId": "nobody"},
            {"name": "x" * 201, "start": "2027-01-01", "multiplier": 2},
            {"name": "Kept", "start": "2027-01-01", "multiplier": 1000, "userAttributes": []},
        ],
    )
    assert response.status_code == 201
    body = response.get_json()
    assert [boost["name"] for boost in body["created"]] == ["Kept"]
    assert body["issues"] == [
        issue("A boost must be a JSON object", index=0),
        issue("Name not a string", index=1),
        issue("Start not a string", index=2),
        issue("end must be a string or null", index=3),
        issue("multiplier must be a number", index=4),
        issue("multiplier must be a number", index=5),
        issue("rounding must be a string", index=6),
        issue("userId must be a string or null", index=7),
        issue(
            "userAttributes cannot be set: StudyXP boosts apply to everyone or to one user "
            "(userId)",
            index=8,
        ),
        issue(RANGE, index=9),
        issue(RANGE, index=10),
        issue("name: This field is required.; start: Enter a date as YYYY-MM-DD.", index=11),
        issue("end: The end date cannot be before the start date.", index=12),
        issue("rounding: Choose down, up or to the nearest.", index=13),
        issue("userId: No user has the id “nobody”.", index=14),
        issue("name: Use at most 200 characters.", index=15),
    ]

    none_created = admin("POST", json=[{"name": "N", "start": "2027-01-01"}])
    assert (none_created.status_code, none_created.get_json()) == (
        200,
        {"created": [], "issues": [issue("multiplier must be a number", index=0)]},
    )


def test_update_issues_name_the_boost_and_leave_it_unchanged(admin):
    [kept] = admin(
        "POST", json=[{"name": "Kept", "start": "2027-01-01", "multiplier": 2}]
    ).get_json()["created"]
    response = admin(
        "PATCH",
        json=[
            7,
            {"name": "No id"},
            {"id": "42"},
            {"id": UNKNOWN},
            {"id": kept["id"], "userId": "lena"},
            {"id": kept["id"], "userAttributes": [{"attributeId": UNKNOWN, "attributeValue": "a"}]},
            {"id": kept["id"], "multiplier": 0.0},
            {"id": kept["id"], "end": "2026-12-01"},
            {"id": kept["id"], "start": 20270101},
        ],
    )
    assert response.get_json() == {
        "updated": [],
        "issues": [
            issue("A boost update must be a JSON object", index=0),
            issue("id is required, as a string", index=1),
            issue("id must be a valid UUID", id="42"),
            issue("Points boost not found by ID", id=UNKNOWN),
            issue("userId cannot be changed through this endpoint", id=kept["id"]),
            issue(
                "userAttributes cannot be set: StudyXP boosts apply to everyone or to one user "
                "(userId)",
                id=kept["id"],
            ),
            issue(RANGE, id=kept["id"]),
            issue("end: The end date cannot be before the start date.", id=kept["id"]),
            issue("Start not a string", id=kept["id"]),
        ],
    }
    assert admin("GET").get_json() == [kept]


def test_whole_request_errors(admin, system, client, api_key):
    url = f"/admin/v1/points/{system}/boosts"
    cases = [
        (admin("GET", f"/admin/v1/points/{UNKNOWN}/boosts"), 404, "Points system not found by ID"),
        (admin("POST", "/admin/v1/points/42/boosts", json=[{}]), 422, "id must be a valid UUID"),
        (admin("GET", f"{url}/42"), 422, "id must be a valid UUID"),
        (admin("GET", f"{url}/{UNKNOWN}"), 404, "Points boost not found by ID"),
        (
            admin("GET", query_string={"skip": -1}),
            422,
            "'skip' must be a whole number from 0 or more, not '-1'",
        ),
        (admin("POST", json=[]), 422, "The body must be a JSON array of 1 to 100 boosts"),
        (
            admin("PATCH", json={"id": UNKNOWN}),
            422,
            "The body must be a JSON array of 1 to 100 boost updates",
        ),
        (
            admin("DELETE"),
            422,
            "'ids' must name 1 to 100 boosts to delete, e.g. ?ids=ID1&ids=ID2",
        ),
        (
            client.get(url, headers={"X-API-KEY": api_key}),
            403,
            "This is an application API key: it calls /api/v1 only. Call /admin/v1 with an "
            "admin API key (flask --app app xp create-api-key NAME --admin).",
        ),
    ]
    assert [(r.status_code, r.get_json()) for r, _, _ in cases] == [
        (status, {"error": message}) for _, status, message in cases
    ]
