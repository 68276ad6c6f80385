"""/admin/v1/achievements (app/xp/admin_api/achievements.py): Trophy's admin achievements
endpoints (SDK 1.27) over the dashboard's own rules (app/xp/admin/achievements.py). Ids are
the achievements' UUIDs; bulk requests answer per-item issues; deleting archives. Every raw
answer also parses as the SDK's own models. SQLite and PostgreSQL."""

import pytest
from sqlalchemy import func, select
from trophy.types import (
    AdminAchievement,
    CreateAchievementsResponse,
    DeleteAchievementsResponse,
    UpdateAchievementsResponse,
)

from app import clock as app_clock
from app.extensions import db
from app.xp.admin.metrics import save_metric
from app.xp.engine.events import record_event
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.metrics import Metric
from app.xp.models.users import XpUser
from tests.xp.admin_support import UNKNOWN
from tests.xp.contract import assert_matches_admin

# Left out of the calendar sweep (.ci/run): the clock is pinned and no answer holds a date.
pytestmark = pytest.mark.calendar_free

URL = "/admin/v1/achievements"


@pytest.fixture
def admin(client, admin_key, clock):
    """Calls /admin/v1/achievements with the admin key, each answer parsed by the SDK too."""
    models = {"POST": CreateAchievementsResponse, "PATCH": UpdateAchievementsResponse}
    models["DELETE"] = DeleteAchievementsResponse

    def call(method, url=URL, **kwargs):
        response = client.open(url, method=method, headers={"X-API-KEY": admin_key}, **kwargs)
        body = response.get_json()
        if response.status_code in (200, 201):
            if method == "GET" and url == URL:
                [AdminAchievement.model_validate(item) for item in body]
            elif method == "GET":
                AdminAchievement.model_validate(body)
            else:
                models[method].model_validate(body)
        return response

    return call


def create(admin, *items) -> list[dict]:
    response = admin("POST", json=list(items))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["created"]


def issue(message: str, **where) -> dict:
    return {**where, "severity": "error", "message": message}


def metric_uuid(app, key="flashcards-flipped") -> str:
    """The UUID of the metric `key`, created through the dashboard's function if need be."""
    with app.app_context():
        found = db.session.scalar(select(Metric.uuid).where(Metric.key == key))
        return found or save_metric(None, key, "Flashcards flipped", None).uuid


def statuses(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [
            tuple(row)
            for row in db.session.execute(
                select(Achievement.key, Achievement.status).order_by(Achievement.id)
            )
        ]


def test_create_answers_201_with_each_trigger_and_its_own_fields(app, admin):
    flips = metric_uuid(app)
    response = admin(
        "POST",
        json=[
            {"name": "Invited", "key": "invited", "trigger": "api", "status": "active"},
            {
                "name": "Ten flips",
                "key": "ten-flips",
                "trigger": "metric",
                "metricId": flips,
                "metricValue": 10,
                "description": "Flip ten cards",
                "badge": {"url": "https://cdn.example.com/flip.png"},
                "userAttributes": [],
                "eventAttributes": None,
            },
            {"name": "Week", "key": "week", "trigger": "streak", "streakLength": 7},
        ],
    )

    assert response.status_code == 201
    body = response.get_json()
    api, metric, streak = (item["id"] for item in body["created"])
    common = {"status": "active", "userAttributes": []}
    assert body == {
        "created": [
            {
                **common,
                "id": api,
                "name": "Invited",
                "description": None,
                "trigger": "api",
                "badge": None,
                "key": "invited",
            },
            {
                **common,
                "id": metric,
                "name": "Ten flips",
                "description": "Flip ten cards",
                "trigger": "metric",
                "badge": {"url": "https://cdn.example.com/flip.png"},
                "key": "ten-flips",
                "metricId": flips,
                "metricValue": 10.0,
                "eventAttributes": [],
            },
            {
                **common,
                "id": streak,
                "name": "Week",
                "description": None,
                "trigger": "streak",
                "badge": None,
                "key": "week",
                "streakLength": 7,
            },
        ],
        "issues": [],
    }
    both = create(
        admin,
        {"name": "Both", "key": "both", "trigger": "achievement", "achievementIds": [api, streak]},
    )[0]
    assert both["achievementIds"] == [api, streak]
    with app.app_context():
        assert db.session.scalar(select(Achievement.uuid).where(Achievement.key == "week")) == (
            streak
        )


def test_create_reports_each_refused_item_by_index_and_creates_the_rest(app, admin):
    create(admin, {"name": "Taken", "key": "taken", "trigger": "api"})
    flips = metric_uuid(app)
    items = [
        "not an object",
        {"key": "no-name", "trigger": "api"},
        {"name": "No key", "trigger": "api"},
        {"name": "No trigger", "key": "no-trigger"},
        {"name": "Year", "key": "year", "trigger": "anniversary", "anniversaryYears": 1},
        {"name": "Off", "key": "off", "trigger": "api", "status": "inactive"},
        {"name": "Desc", "key": "desc", "trigger": "api", "description": 3},
        {"name": "Badge", "key": "badge", "trigger": "api", "badge": "x.png"},
        {"name": "Attr", "key": "attr", "trigger": "api", "userAttributes": [{"a": 1}]},
        {"name": "Mix", "key": "mix", "trigger": "api", "streakLength": 3},
        {"name": "M", "key": "m", "trigger": "metric", "metricId": flips, "metricValue": "9"},
        {"name": "S", "key": "s", "trigger": "streak", "streakLength": 1.5},
        {"name": "A", "key": "a", "trigger": "achievement", "achievementIds": "x"},
        {"name": "P", "key": "p", "trigger": "achievement", "achievementIds": [UNKNOWN]},
        {"name": "Dup", "key": "taken", "trigger": "api"},
        {"name": "Bad", "key": "Bad_Key", "trigger": "api", "badge": {"url": "ftp://x"}},
        {"name": "Zero", "key": "zero", "trigger": "metric", "metricId": flips, "metricValue": 0},
        {"name": "NoMetric", "key": "no-metric", "trigger": "metric", "metricValue": 5},
        {"name": "Empty", "key": "empty", "trigger": "achievement", "achievementIds": []},
        {"name": "Fine", "key": "fine", "trigger": "api"},
    ]

    response = admin("POST", json=items)

    assert response.status_code == 201
    body = response.get_json()
    assert [item["key"] for item in body["created"]] == ["fine"]
    only = "is only permitted for"
    assert body["issues"] == [
        issue("An achievement must be a JSON object", index=0),
        issue("Name not a string", index=1),
        issue("key is required, as a string: every StudyXP achievement has a key", index=2),
        issue("trigger must be metric, streak, api, achievement or anniversary", index=3),
        issue(
            "trigger 'anniversary' is not supported: StudyXP has no anniversary achievements",
            index=4,
        ),
        issue(
            "status must be active: StudyXP achievements stay active until deleted (archived)",
            index=5,
        ),
        issue("Description not a string or null", index=6),
        issue("badge must be an object with a string url, or null", index=7),
        issue(
            "userAttributes are not supported: StudyXP achievements have no attribute filters",
            index=8,
        ),
        issue(f"streakLength {only} streak achievements", index=9),
        issue("metricValue must be a number", index=10),
        issue("streakLength must be a whole number", index=11),
        issue("achievementIds must be an array of achievement IDs", index=12),
        issue(f"achievementIds: Achievement not found by ID: {UNKNOWN}", index=13),
        issue("key: The key 'taken' is already used.", index=14),
        issue(
            "key: Use lower-case letters, digits and single hyphens, e.g. quiz-answered.; "
            "badge.url: Use an http(s) URL or upload an image.",
            index=15,
        ),
        issue("metricValue: The total is a number above 0, e.g. 10 or 2.5.", index=16),
        issue("metricId: Choose an active metric.", index=17),
        issue("achievementIds: Choose at least one achievement to complete first.", index=18),
    ]
    assert statuses(app) == [("taken", "active"), ("fine", "active")]


def test_create_answers_200_when_no_achievement_was_created(app, admin):
    response = admin("POST", json=[{"name": "No key", "trigger": "api"}])

    assert response.status_code == 200
    assert response.get_json()["created"] == []
    assert statuses(app) == []


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize("body", [{}, [], [{"id": UNKNOWN}] * 101], ids=["object", "empty", "101"])
def test_a_bulk_body_must_be_an_array_of_1_to_100_items(admin, method, body):
    response = admin(method, json=body)

    noun = "achievements" if method == "POST" else "achievement updates"
    assert response.status_code == 422
    assert response.get_json() == {"error": f"The body must be a JSON array of 1 to 100 {noun}"}


def test_list_pages_the_active_achievements_oldest_first_and_get_answers_one(admin):
    made = create(admin, *({"name": n.upper(), "key": n, "trigger": "api"} for n in "abc"))
    admin("DELETE", query_string={"ids": made[1]["id"]})

    assert [a["key"] for a in admin("GET").get_json()] == ["a", "c"]
    assert [a["key"] for a in admin("GET", query_string={"limit": 1, "skip": 1}).get_json()] == [
        "c"
    ]
    assert admin("GET", f"{URL}/{made[2]['id'].upper()}").get_json() == made[2]
    unknown, archived, malformed, limit = (
        admin("GET", f"{URL}/{UNKNOWN}"),
        admin("GET", f"{URL}/{made[1]['id']}"),
        admin("GET", f"{URL}/42"),
        admin("GET", query_string={"limit": 101}),
    )
    assert [r.status_code for r in (unknown, archived, malformed, limit)] == [404, 404, 422, 422]
    assert unknown.get_json() == archived.get_json() == {"error": "Achievement not found by ID"}
    assert malformed.get_json() == {"error": "id must be a valid UUID"}
    assert limit.get_json() == {"error": "'limit' must be a whole number from 1 to 100, not '101'"}
    for error in (unknown, malformed, limit):
        assert_matches_admin(error.get_json(), "AdminErrorBody")


def test_update_changes_only_the_fields_sent_and_can_change_the_trigger(app, admin):
    flips = metric_uuid(app)
    week, ten = create(
        admin,
        {"name": "Week", "key": "week", "trigger": "streak", "streakLength": 7},
        {
            "name": "Ten",
            "key": "ten",
            "trigger": "metric",
            "metricId": flips,
            "metricValue": 10,
            "description": "Ten flips",
            "badge": {"url": "/static/badges/ten.png"},
        },
    )

    response = admin(
        "PATCH",
        json=[
            {"id": ten["id"], "name": "Twenty", "metricValue": 20.5, "description": None},
            {"id": week["id"], "trigger": "achievement", "achievementIds": [ten["id"]]},
            {"id": ten["id"], "badge": None, "status": "active"},
        ],
    )

    assert response.status_code == 200
    twenty = {**ten, "name": "Twenty", "metricValue": 20.5, "description": None}
    del week["streakLength"]
    assert response.get_json() == {
        "updated": [
            {**twenty, "badge": {"url": "/static/badges/ten.png"}},
            {**week, "trigger": "achievement", "achievementIds": [ten["id"]]},
            {**twenty, "badge": None},
        ],
        "issues": [],
    }


def test_update_reports_each_refused_item_and_updates_the_rest(app, admin):
    a, c = create(
        admin,
        {"name": "A", "key": "a", "trigger": "api"},
        {"name": "C", "key": "c", "trigger": "api"},
    )
    response = admin(
        "PATCH",
        json=[
            "nope",
            {"name": "no id"},
            {"id": "not-a-uuid"},
            {"id": UNKNOWN},
            {"id": a["id"], "name": 5},
            {"id": a["id"], "key": None},
            {"id": a["id"], "metricValue": 3},
            {"id": a["id"], "trigger": "metric"},
            {"id": a["id"], "status": "locked"},
            {"id": a["id"], "key": "c"},
            {"id": a["id"], "trigger": "achievement", "achievementIds": [a["id"]]},
            {"id": c["id"], "name": "C2"},
        ],
    )

    assert response.status_code == 200
    body = response.get_json()
    assert [(item["id"], item["name"]) for item in body["updated"]] == [(c["id"], "C2")]
    assert body["issues"] == [
        issue("An achievement update must be a JSON object", index=0),
        issue("id is required, as a string", index=1),
        issue("id must be a valid UUID", id="not-a-uuid"),
        issue("Achievement not found by ID", id=UNKNOWN),
        issue("Name not a string", id=a["id"]),
        issue("key is required, as a string: every StudyXP achievement has a key", id=a["id"]),
        issue("metricValue is only permitted for metric achievements", id=a["id"]),
        issue(
            "metricId: Choose an active metric.; "
            "metricValue: The total is a number above 0, e.g. 10 or 2.5.",
            id=a["id"],
        ),
        issue(
            "status must be active: StudyXP achievements stay active until deleted (archived)",
            id=a["id"],
        ),
        issue("key: The key 'c' is already used.", id=a["id"]),
        issue("achievementIds: An achievement cannot require itself.", id=a["id"]),
    ]


def test_prerequisites_may_not_make_a_loop(admin):
    a, b = create(
        admin,
        {"name": "A", "key": "a", "trigger": "api"},
        {"name": "B", "key": "b", "trigger": "api"},
    )
    c = create(
        admin, {"name": "C", "key": "c", "trigger": "achievement", "achievementIds": [a["id"]]}
    )[0]
    admin("PATCH", json=[{"id": a["id"], "trigger": "achievement", "achievementIds": [b["id"]]}])

    response = admin(
        "PATCH", json=[{"id": b["id"], "trigger": "achievement", "achievementIds": [c["id"]]}]
    )

    assert response.get_json() == {
        "updated": [],
        "issues": [
            issue(
                "achievementIds: That would make a loop: B needs C, which needs A, which needs B.",
                id=b["id"],
            )
        ],
    }


def test_a_completed_achievement_keeps_its_key_and_trigger(app, admin):
    made = create(
        admin,
        {
            "name": "Five",
            "key": "five",
            "trigger": "metric",
            "metricId": metric_uuid(app),
            "metricValue": 5,
        },
    )[0]
    with app.app_context():
        record_event("flashcards-flipped", {"id": "learner-1"}, 5)
        assert db.session.scalar(select(func.count()).select_from(UserAchievement)) == 1

    refused = admin("PATCH", json=[{"id": made["id"], "key": "six", "trigger": "api"}])
    renamed = admin("PATCH", json=[{"id": made["id"], "name": "Five flips", "metricValue": 6}])

    locked = "Learners have completed this achievement, so its {} can no longer change."
    assert refused.get_json()["issues"] == [
        issue(f"key: {locked.format('key')}; trigger: {locked.format('type')}", id=made["id"])
    ]
    assert renamed.get_json()["updated"] == [{**made, "name": "Five flips", "metricValue": 6.0}]


def test_delete_archives_and_keeps_completions(app, admin):
    a, b, c = create(admin, *({"name": n.upper(), "key": n, "trigger": "api"} for n in "abc"))
    metric_uuid(app)
    with app.app_context():
        achievement = db.session.scalar(select(Achievement).where(Achievement.key == "a"))
        record_event("flashcards-flipped", {"id": "learner-1"}, 1)
        user = db.session.scalar(select(XpUser))
        db.session.add(
            UserAchievement(
                user_id=user.id, achievement_id=achievement.id, achieved_at=app_clock.now()
            )
        )
        db.session.commit()

    response = admin(
        "DELETE",
        query_string=[
            ("ids", f"{a['id']},{b['id'].upper()}"),
            ("ids", "not-a-uuid"),
            ("ids", UNKNOWN),
            ("ids", a["id"]),
        ],
    )

    assert response.status_code == 200
    assert response.get_json() == {
        "deleted": [{"id": a["id"]}, {"id": b["id"]}],
        "issues": [
            issue("id must be a valid UUID", id="not-a-uuid"),
            issue("Achievement not found by ID", id=UNKNOWN),
            issue("Achievement not found by ID", id=a["id"]),
        ],
    }
    assert statuses(app) == [("a", "archived"), ("b", "archived"), ("c", "active")]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserAchievement)) == 1
    # Archived stays archived: gone from updates too, its key still taken.
    assert admin("PATCH", json=[{"id": a["id"], "name": "Back"}]).get_json()["issues"] == [
        issue("Achievement not found by ID", id=a["id"])
    ]
    assert admin("POST", json=[{"name": "A", "key": "a", "trigger": "api"}]).get_json()[
        "issues"
    ] == [issue("key: The key 'a' is already used.", index=0)]
    assert c


def test_delete_needs_1_to_100_ids(admin):
    response = admin("DELETE", query_string=[("ids", " , ")])

    assert response.status_code == 422
    assert response.get_json() == {
        "error": "'ids' must name 1 to 100 achievements to delete, e.g. ?ids=ID1&ids=ID2"
    }
