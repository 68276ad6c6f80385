"""/admin/v1/leaderboards (app/xp/admin_api/leaderboards.py): Trophy's admin leaderboards
endpoints over the dashboard's own rules (app/xp/admin/leaderboards.py). Ids are UUIDs; bulk
requests answer per-item issues; deleting finishes. SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.leaderboards import Leaderboard
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem
from tests.xp.admin_support import UNKNOWN

# Left out of the calendar sweep (.ci/run): every date read is pinned by `clock`.
pytestmark = pytest.mark.calendar_free

URL = "/admin/v1/leaderboards"
NOW = "2027-01-05T10:00:00Z"


@pytest.fixture
def admin(client, admin_key, clock):
    clock.set(NOW)

    def call(method, url=URL, **kwargs):
        return client.open(url, method=method, headers={"X-API-KEY": admin_key}, **kwargs)

    return call


@pytest.fixture
def uuids(app, seeded):
    with app.app_context():
        metric = db.session.scalar(select(Metric.uuid).where(Metric.key == "flashcards-flipped"))
        system = db.session.scalar(select(PointsSystem.uuid).where(PointsSystem.key == "xp"))
    return {"metric": metric, "system": system}


def issue(message, **where):
    return {**where, "severity": "error", "message": message}


def test_create_list_and_get_answer_trophys_admin_leaderboards(app, admin, uuids):
    response = admin(
        "POST",
        json=[
            {
                "name": "Flippers",
                "key": "flippers",
                "description": "Most cards flipped",
                "rankBy": "metric",
                "metricId": uuids["metric"].upper(),
                "maxParticipants": 50,
                "start": "2027-01-01",
                "end": "2027-03-31",
                "startTime": "09:00",
                "endTime": "17:00",
                "runUnit": "month",
                "runInterval": 1,
                "breakdownAttributes": ["country"],
                "status": "active",
            },
            {
                "name": "XP",
                "key": "xp-board",
                "rankBy": "points",
                "pointsSystemId": uuids["system"],
            },
            {
                "name": "Streaks",
                "key": "streaks",
                "rankBy": "streak",
                "start": "2027-02-01",
                "status": "scheduled",
            },
        ],
    )

    assert response.status_code == 201
    body = response.get_json()
    first, second, third = (board["id"] for board in body["created"])
    flippers = {
        "id": first,
        "name": "Flippers",
        "key": "flippers",
        "description": "Most cards flipped",
        "status": "active",
        "rankBy": "metric",
        "maxParticipants": 50,
        "start": "2027-01-01",
        "end": "2027-03-31",
        "startTime": "09:00",
        "endTime": "17:00",
        "breakdownAttributes": ["country"],
        "runUnit": "month",
        "runInterval": 1,
        "userAttributes": [],
        "metricId": uuids["metric"],
    }
    xp = {
        "id": second,
        "name": "XP",
        "key": "xp-board",
        "status": "inactive",
        "rankBy": "points",
        "maxParticipants": 1000,
        "start": "2027-01-05",
        "breakdownAttributes": [],
        "userAttributes": [],
        "pointsSystemId": uuids["system"],
    }
    streaks = {
        "id": third,
        "name": "Streaks",
        "key": "streaks",
        "status": "scheduled",
        "rankBy": "streak",
        "maxParticipants": 1000,
        "start": "2027-02-01",
        "breakdownAttributes": [],
        "userAttributes": [],
    }
    assert body == {"created": [flippers, xp, streaks], "issues": []}
    with app.app_context():
        assert db.session.scalar(select(Leaderboard.uuid).where(Leaderboard.key == "xp-board")) == (
            second
        )

    assert admin("GET").get_json() == [flippers, xp, streaks]
    assert admin("GET", query_string={"limit": 1, "skip": 1}).get_json() == [xp]
    assert admin("GET", f"{URL}/{first.upper()}").get_json() == flippers
    missing = admin("GET", f"{URL}/{UNKNOWN}")
    assert (missing.status_code, missing.get_json()) == (
        404,
        {"error": "Leaderboard not found by ID"},
    )
    bad = admin("GET", f"{URL}/42")
    assert (bad.status_code, bad.get_json()) == (422, {"error": "id must be a valid UUID"})
    bad_limit = admin("GET", query_string={"limit": 101})
    assert (bad_limit.status_code, bad_limit.get_json()) == (
        422,
        {"error": "'limit' must be a whole number from 1 to 100, not '101'"},
    )


def test_create_reports_each_refused_item_by_index(app, admin, uuids):
    admin("POST", json=[{"name": "Taken", "key": "taken", "rankBy": "streak"}])

    response = admin(
        "POST",
        json=[
            "not an object",
            {"name": "No key", "rankBy": "streak"},
            {"name": "No rank", "key": "no-rank"},
            {"name": 7, "key": "seven", "rankBy": "streak"},
            {"name": "Desc", "key": "desc", "rankBy": "streak", "description": 5},
            {"name": "Max", "key": "max", "rankBy": "streak", "maxParticipants": "100"},
            {"name": "Attrs", "key": "attrs", "rankBy": "streak", "breakdownAttributes": "a"},
            {"name": "Taken", "key": "taken", "rankBy": "streak"},
            {"name": "Upper", "key": "Upper_Case", "rankBy": "votes"},
            {"name": "Metric", "key": "metric", "rankBy": "metric", "metricId": UNKNOWN},
            {"name": "Points", "key": "points", "rankBy": "points", "pointsSystemId": "xp"},
            {
                "name": "Repeat",
                "key": "repeat",
                "rankBy": "streak",
                "runUnit": "day",
                "runInterval": 1,
            },
            {
                "name": "Dates",
                "key": "dates",
                "rankBy": "streak",
                "start": "2027-02-01",
                "end": "2027-01-01",
                "startTime": "9am",
                "maxParticipants": 1001,
            },
            {"name": "Runs", "key": "runs", "rankBy": "streak", "runInterval": 2},
            {"name": "Past", "key": "past", "rankBy": "streak", "status": "scheduled"},
            {"name": "Odd", "key": "odd", "rankBy": "streak", "status": "paused"},
            {"name": "Ok", "key": "ok", "rankBy": "streak", "maxParticipants": None},
        ],
    )

    assert response.status_code == 201
    body = response.get_json()
    assert [board["key"] for board in body["created"]] == ["ok"]
    assert body["created"][0]["maxParticipants"] == 1000
    assert body["issues"] == [
        issue("A leaderboard must be a JSON object", index=0),
        issue("key is required, as a string", index=1),
        issue("rankBy is required, as a string", index=2),
        issue("name is required, as a string", index=3),
        issue("description must be a string", index=4),
        issue("maxParticipants must be a whole number", index=5),
        issue("breakdownAttributes must be an array of strings", index=6),
        issue("key: The key 'taken' is already used.", index=7),
        issue(
            "key: Use lower-case letters, digits and single hyphens, e.g. quiz-answered.; "
            "rankBy: Rank by points, a metric or the streak.",
            index=8,
        ),
        issue("metricId: Choose an active metric.", index=9),
        issue("pointsSystemId: Choose an active points system.", index=10),
        issue("runUnit: Streak leaderboards cannot repeat.", index=11),
        issue(
            "end: The end date cannot be before the start date.; startTime: Enter a time of "
            "day as HH:mm, e.g. 09:00.; maxParticipants: Enter a whole number from 1 to 1,000.",
            index=12,
        ),
        issue("runInterval: A run interval needs a run unit (day, month or year).", index=13),
        issue("status: Only a leaderboard that starts in the future is scheduled.", index=14),
        issue("status: A leaderboard is inactive, active, scheduled or finished.", index=15),
    ]
    with app.app_context():
        assert db.session.scalars(select(Leaderboard.key).order_by(Leaderboard.id)).all() == [
            "taken",
            "ok",
        ]

    none = admin("POST", json=[{"name": "Again", "key": "taken", "rankBy": "streak"}])
    assert none.status_code == 200
    assert none.get_json() == {
        "created": [],
        "issues": [issue("key: The key 'taken' is already used.", index=0)],
    }
    for body, noun in (([], "leaderboards"), ({"a": 1}, "leaderboards")):
        refused = admin("POST", json=body)
        assert (refused.status_code, refused.get_json()) == (
            422,
            {"error": f"The body must be a JSON array of 1 to 100 {noun}"},
        )


def test_update_follows_the_dashboards_rules_once_a_board_was_active(app, admin, uuids):
    created = admin(
        "POST",
        json=[
            {"name": "Draft", "key": "draft", "rankBy": "streak"},
            {
                "name": "Live",
                "key": "live",
                "rankBy": "streak",
                "status": "active",
                "end": "2027-02-01",
            },
        ],
    ).get_json()["created"]
    draft, live = (board["id"] for board in created)

    response = admin(
        "PATCH",
        json=[
            {
                "id": draft,
                "key": "renamed",
                "rankBy": "points",
                "pointsSystemId": uuids["system"],
                "runUnit": "day",
                "runInterval": 7,
                "description": "Weekly",
            },
            {"id": live, "name": "Live board", "end": None, "maxParticipants": 10},
            {"id": live, "key": "other"},
            {"id": live, "rankBy": "metric", "metricId": uuids["metric"]},
            {"id": live, "status": "inactive"},
            {"id": UNKNOWN},
            {"id": "nope"},
            {"name": "no id"},
            7,
            {"id": draft, "startTime": 9},
        ],
    )

    assert response.status_code == 200
    body = response.get_json()
    assert body["updated"] == [
        {
            "id": draft,
            "name": "Draft",
            "key": "renamed",
            "description": "Weekly",
            "status": "inactive",
            "rankBy": "points",
            "maxParticipants": 1000,
            "start": "2027-01-05",
            "breakdownAttributes": [],
            "runUnit": "day",
            "runInterval": 7,
            "userAttributes": [],
            "pointsSystemId": uuids["system"],
        },
        {
            "id": live,
            "name": "Live board",
            "key": "live",
            "status": "active",
            "rankBy": "streak",
            "maxParticipants": 10,
            "start": "2027-01-05",
            "breakdownAttributes": [],
            "userAttributes": [],
        },
    ]
    fixed = "This leaderboard has been active, so this can no longer change."
    assert body["issues"] == [
        issue("key: This leaderboard has been active, so its key can no longer change.", id=live),
        issue(f"rankBy: {fixed}; metricId: {fixed}", id=live),
        issue("status: A leaderboard that was active can only be finished.", id=live),
        issue("Leaderboard not found by ID", id=UNKNOWN),
        issue("id must be a valid UUID", id="nope"),
        issue("id is required, as a string", index=7),
        issue("A leaderboard update must be a JSON object", index=8),
        issue("startTime must be a string", id=draft),
    ]
    with app.app_context():
        board = db.session.scalar(select(Leaderboard).where(Leaderboard.uuid == live))
        assert (board.key, board.status, board.end_date) == ("live", "active", None)


def test_delete_finishes_each_board_and_keeps_it(app, admin):
    created = admin(
        "POST",
        json=[
            {"name": "A", "key": "a", "rankBy": "streak", "status": "active"},
            {"name": "B", "key": "b", "rankBy": "streak"},
        ],
    ).get_json()["created"]
    first, second = (board["id"] for board in created)

    response = admin("DELETE", query_string=[("ids", f"{first},{UNKNOWN}"), ("ids", "x")])

    assert response.status_code == 200
    assert response.get_json() == {
        "deleted": [{"id": first}],
        "issues": [
            issue("Leaderboard not found by ID", id=UNKNOWN),
            issue("id must be a valid UUID", id="x"),
        ],
    }
    assert admin("GET", f"{URL}/{first}").get_json()["status"] == "finished"
    again = admin("DELETE", query_string={"ids": f"{first},{second}"})
    assert again.get_json() == {
        "deleted": [{"id": second}],
        "issues": [issue("Leaderboard is already finished", id=first)],
    }
    with app.app_context():
        assert db.session.scalars(select(Leaderboard.status).order_by(Leaderboard.id)).all() == [
            "finished",
            "finished",
        ]
    refused = admin("DELETE")
    assert (refused.status_code, refused.get_json()) == (
        422,
        {"error": "'ids' must name 1 to 100 leaderboards to delete, e.g. ?ids=ID1&ids=ID2"},
    )
