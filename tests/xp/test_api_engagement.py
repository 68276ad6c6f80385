"""GET /achievements, /users/{id}/achievements, /users/{id}/streak and
POST /achievements/{key}/complete, as Trophy's Application API has them (the boosts lists:
test_api_engagement_boosts.py)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.metrics import Metric
from app.xp.models.users import XpUser
from app.xp.queries.achievements import achievements, user_achievements
from tests.xp.contract import assert_matches
from tests.xp.test_api import assert_error

ENDPOINTS = [
    ("GET", "/api/v1/achievements"),
    ("POST", "/api/v1/achievements/onboarded/complete"),
    ("GET", "/api/v1/users/ana/achievements"),
    ("GET", "/api/v1/users/ana/streak"),
    ("GET", "/api/v1/points/xp/boosts"),
    ("GET", "/api/v1/users/ana/points/xp/boosts"),
]


@pytest.fixture
def headers(seeded, api_key):
    return {"X-API-KEY": api_key}


def get(client, headers, url, **params):
    return client.get(url, query_string=params, headers=headers)


def add_users(app, *external_ids: str, tz: str | None = None) -> None:
    with app.app_context():
        db.session.add_all(XpUser(external_id=i, tz=tz, attributes={}) for i in external_ids)
        db.session.commit()


def add_achievement(app, key: str, trigger: str = "api", **fields) -> None:
    """An achievement; a metric one is on flashcards-flipped, `prerequisites` are keys."""
    prerequisites = fields.pop("prerequisites", [])
    with app.app_context():
        achievement = Achievement(key=key, name=key.replace("-", " ").title(), trigger=trigger)
        if trigger == "metric":
            metric = db.session.scalar(select(Metric).where(Metric.key == "flashcards-flipped"))
            achievement.metric_id = metric.id
        achievement.prerequisites = [
            db.session.scalar(select(Achievement).where(Achievement.key == k))
            for k in prerequisites
        ]
        for name, value in fields.items():
            setattr(achievement, name, value)
        db.session.add(achievement)
        db.session.commit()


def complete(app, key: str, user_id: str, at: datetime) -> None:
    with app.app_context():
        achievement = db.session.scalar(select(Achievement).where(Achievement.key == key))
        user = db.session.scalar(select(XpUser).where(XpUser.external_id == user_id))
        db.session.add(
            UserAchievement(user_id=user.id, achievement_id=achievement.id, achieved_at=at)
        )
        db.session.commit()


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


# --- GET /achievements ---------------------------------------------------------------------


@pytest.fixture
def badges(app, seeded, clock):
    """Four users; first-ten (metric 10) done by 1 of them, week-streak by 3, onboarded by
    none, all-done (after both) by 1; an archived achievement done by 2. Now is later that
    month, so what a test completes comes after them."""
    clock.set(at(20))
    add_users(app, "ana", "ben", "cy", "dee")
    add_achievement(app, "first-ten", "metric", metric_value=10, badge_url="/badges/10.svg")
    add_achievement(app, "week-streak", "streak", streak_length=7, description="7 days")
    add_achievement(app, "onboarded")
    add_achievement(app, "all-done", "achievement", prerequisites=["first-ten", "week-streak"])
    add_achievement(app, "retired", status="archived")
    complete(app, "first-ten", "ben", at(3))
    for day, user in ((2, "ana"), (4, "ben"), (5, "cy")):
        complete(app, "week-streak", user, at(day))
    complete(app, "all-done", "ben", at(4, 13))
    complete(app, "retired", "ana", at(1))
    complete(app, "retired", "dee", at(1))
    return app


def test_achievements_lists_active_ones_with_completions_and_rarity_of_all_users(
    badges, client, headers
):
    response = get(client, headers, "/api/v1/achievements")

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "AchievementsAllResponse")
    assert [(a["key"], a["completions"], a["rarity"]) for a in body] == [
        ("first-ten", 1, 25.0),
        ("week-streak", 3, 75.0),
        ("onboarded", 0, 0.0),
        ("all-done", 1, 25.0),
    ]


def test_achievements_carry_the_fields_of_their_trigger_type(badges, client, headers):
    body = {a["key"]: a for a in get(client, headers, "/api/v1/achievements").get_json()}

    with badges.app_context():
        uuids = dict(db.session.execute(select(Achievement.key, Achievement.uuid)).all())
        metric_uuid = db.session.scalar(
            select(Metric.uuid).where(Metric.key == "flashcards-flipped")
        )
    assert body["first-ten"] == {
        "id": uuids["first-ten"],
        "name": "First Ten",
        "trigger": "metric",
        "description": None,
        "badgeUrl": "/badges/10.svg",
        "key": "first-ten",
        "userAttributes": [],
        "metricId": metric_uuid,
        "metricValue": 10,
        "metricName": "Flashcards Flipped",
        "eventAttributes": [],
        "completions": 1,
        "rarity": 25.0,
    }
    assert (body["week-streak"]["streakLength"], body["week-streak"]["description"]) == (
        7,
        "7 days",
    )
    assert body["all-done"]["achievementIds"] == [uuids["first-ten"], uuids["week-streak"]]
    assert "metricId" not in body["onboarded"] and "streakLength" not in body["onboarded"]


def test_rarity_is_a_percentage_with_two_decimals(app, client, headers):
    add_users(app, "ana", "ben", "cy")
    add_achievement(app, "onboarded")
    complete(app, "onboarded", "cy", at(1))

    body = get(client, headers, "/api/v1/achievements").get_json()

    assert (body[0]["completions"], body[0]["rarity"]) == (1, 33.33)


def test_rarity_is_zero_without_users(app, client, headers):
    add_achievement(app, "onboarded")

    body = get(client, headers, "/api/v1/achievements").get_json()

    assert [(a["completions"], a["rarity"]) for a in body] == [(0, 0.0)]


def test_achievements_without_any_are_an_empty_list(client, headers):
    response = get(client, headers, "/api/v1/achievements")

    assert (response.status_code, response.get_json()) == (200, [])


def count_statements(app, read) -> int:
    statements = []

    def count(*args):
        statements.append(1)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            read()
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
            db.session.remove()
    return len(statements)


def test_stats_take_the_same_few_queries_for_two_achievements_or_twenty(app, headers):
    add_users(app, "ana", "ben")
    add_achievement(app, "base")
    for n in range(2):
        add_achievement(app, f"metric-{n}", "metric", metric_value=n + 1)
        add_achievement(app, f"chain-{n}", "achievement", prerequisites=["base"])
    few = count_statements(app, achievements)
    few_for_user = count_statements(app, lambda: user_achievements("ana", True))
    for n in range(2, 10):
        add_achievement(app, f"metric-{n}", "metric", metric_value=n + 1)
        add_achievement(app, f"chain-{n}", "achievement", prerequisites=["base"])
        complete(app, f"metric-{n}", "ana", at(n))

    assert count_statements(app, achievements) == few
    assert count_statements(app, lambda: user_achievements("ana", True)) == (few_for_user)
    assert few <= 4  # achievements with their counts, metrics, prerequisites, users


def test_well_formed_user_attributes_return_every_achievement(badges, client, headers):
    everything = get(client, headers, "/api/v1/achievements").get_json()

    filtered = get(client, headers, "/api/v1/achievements", userAttributes="plan:pro,region:eu")

    assert filtered.status_code == 200
    assert filtered.get_json() == everything


@pytest.mark.parametrize(
    "raw", ["plan", "plan:", ":pro", "plan:pro,", "plan:pro,,region:eu", " :pro", "a" * 101 + ":x"]
)
def test_malformed_user_attributes_are_a_422(client, headers, raw):
    response = get(client, headers, "/api/v1/achievements", userAttributes=raw)

    assert_error(
        response, 422, "'userAttributes' must be name:value pairs separated by commas, such as"
    )


def test_more_than_fifty_user_attribute_filters_are_a_422(client, headers):
    raw = ",".join(f"a{n}:v" for n in range(51))

    response = get(client, headers, "/api/v1/achievements", userAttributes=raw)

    assert_error(response, 422, "'userAttributes' must have at most 50 filters")


# --- GET /users/{id}/achievements ----------------------------------------------------------


def test_user_achievements_are_the_completed_ones_in_the_order_completed(badges, client, headers):
    response = get(client, headers, "/api/v1/users/ben/achievements")

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "UsersAchievementsResponse")
    assert [(a["key"], a["achievedAt"], a["completions"], a["rarity"]) for a in body] == [
        ("first-ten", "2026-11-03T12:00:00Z", 1, 25.0),
        ("week-streak", "2026-11-04T12:00:00Z", 3, 75.0),
        ("all-done", "2026-11-04T13:00:00Z", 1, 25.0),
    ]


def test_include_incomplete_adds_every_other_active_achievement_with_a_null_date(
    badges, client, headers
):
    response = get(client, headers, "/api/v1/users/ana/achievements", includeIncomplete="true")

    body = response.get_json()
    assert_matches(body, "UsersAchievementsResponse")
    assert [(a["key"], a["achievedAt"]) for a in body] == [
        ("week-streak", "2026-11-02T12:00:00Z"),
        ("first-ten", None),
        ("onboarded", None),
        ("all-done", None),
    ]


def test_include_incomplete_false_is_the_default(badges, client, headers):
    default = get(client, headers, "/api/v1/users/ana/achievements").get_json()
    explicit = get(client, headers, "/api/v1/users/ana/achievements", includeIncomplete="false")

    assert [a["key"] for a in default] == ["week-streak"]  # not the archived "retired"
    assert explicit.get_json() == default


def test_a_user_without_completions_has_none_or_every_achievement_incomplete(
    badges, client, headers
):
    assert get(client, headers, "/api/v1/users/dee/achievements").get_json() == []
    every = get(client, headers, "/api/v1/users/dee/achievements", includeIncomplete="true")
    assert [(a["key"], a["achievedAt"]) for a in every.get_json()] == [
        ("first-ten", None),
        ("week-streak", None),
        ("onboarded", None),
        ("all-done", None),
    ]


def test_include_incomplete_other_than_true_or_false_is_a_422(badges, client, headers):
    response = get(client, headers, "/api/v1/users/ana/achievements", includeIncomplete="yes")

    assert_error(response, 422, "'includeIncomplete' must be true or false, not 'yes'")


def test_user_achievements_of_an_unknown_user_are_a_404(badges, client, headers):
    response = get(client, headers, "/api/v1/users/nobody/achievements")

    assert_error(response, 404, "User 'nobody' not found")


def test_user_ids_with_slashes_reach_their_achievements(badges, client, headers):
    add_users(badges, "team/ben")
    complete(badges, "onboarded", "team/ben", at(9))

    body = get(client, headers, "/api/v1/users/team/ben/achievements").get_json()

    assert [(a["key"], a["completions"], a["rarity"]) for a in body] == [("onboarded", 1, 20.0)]


# --- GET /users/{id}/streak: the answers the API itself gives ------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "'historyPeriods' must be an integer from 1 to 100"),
        ("-1", "'historyPeriods' must be an integer from 1 to 100"),
        ("1.5", "'historyPeriods' must be an integer from 1 to 100"),
        ("", "'historyPeriods' must be an integer from 1 to 100"),
        ("9" * 400, "'historyPeriods' must be an integer from 1 to 100"),
        ("0", "'historyPeriods' must be between 1 and 100"),
        ("101", "'historyPeriods' must be between 1 and 100"),
        ("999", "'historyPeriods' must be between 1 and 100"),
    ],
)
def test_history_periods_outside_1_to_100_is_a_422(app, client, headers, raw, message):
    add_users(app, "ana")

    response = get(client, headers, "/api/v1/users/ana/streak", historyPeriods=raw)

    assert_error(response, 422, message)


def test_streak_of_an_unknown_user_is_a_404(client, headers):
    response = get(client, headers, "/api/v1/users/nobody/streak")

    assert_error(response, 404, "User 'nobody' not found")


# --- POST /achievements/{key}/complete: the body ---------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("[1]", 'The body must be a JSON object like {"user": {"id": "18"}}'),
        ("not json", 'The body must be a JSON object like {"user": {"id": "18"}}'),
        ('{"value": 1}', "'user' is required"),
    ],
)
def test_complete_with_a_malformed_body_is_a_400(badges, client, headers, raw, message):
    response = client.post(
        "/api/v1/achievements/onboarded/complete",
        data=raw,
        content_type="application/json",
        headers=headers,
    )

    assert_error(response, 400, message)


# --- auth ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_every_engagement_endpoint_needs_an_api_key(client, seeded, method, url):
    missing = client.open(url, method=method, json={"user": {"id": "ana"}})
    wrong = client.open(url, method=method, headers={"X-API-KEY": "sxp_wrong"}, json={})

    assert_error(missing, 401, "Missing API key: send it in the X-API-KEY header")
    assert_error(wrong, 401, "Invalid or revoked API key")


# --- through the engine: completions by the API and by events, streaks -------------------------


def post_complete(client, headers, key: str, user: dict):
    return client.post(f"/api/v1/achievements/{key}/complete", json={"user": user}, headers=headers)


def test_completing_an_api_achievement_answers_201_once_and_shows_in_the_reads(
    badges, client, headers
):
    first = post_complete(client, headers, "onboarded", {"id": "ana"})
    again = post_complete(client, headers, "onboarded", {"id": "ana"})

    assert (first.status_code, again.status_code) == (201, 201)
    assert_matches(first.get_json(), "AchievementCompletionResponse")
    body = first.get_json()
    assert (body["achievement"]["key"], body["points"]) == ("onboarded", {})
    assert again.get_json() == body
    listed = get(client, headers, "/api/v1/achievements").get_json()
    assert [(a["key"], a["completions"], a["rarity"]) for a in listed][2] == ("onboarded", 1, 25.0)
    mine = get(client, headers, "/api/v1/users/ana/achievements").get_json()
    assert [(a["key"], a["achievedAt"]) for a in mine] == [
        ("week-streak", "2026-11-02T12:00:00Z"),
        ("onboarded", body["achievement"]["achievedAt"]),
    ]


@pytest.mark.parametrize(
    ("key", "status", "message"),
    [
        ("no-such", 404, "Achievement 'no-such' not found"),
        ("retired", 422, "Achievement 'retired' is archived"),
        ("first-ten", 422, "Achievement 'first-ten' is completed by its metric trigger"),
    ],
)
def test_completing_what_the_api_cannot_complete_is_refused(
    badges, client, headers, key, status, message
):
    response = post_complete(client, headers, key, {"id": "ana"})

    assert_error(response, status, message)


def test_an_event_completes_achievements_that_the_reads_then_count(badges, client, headers):
    # cy has the week-long streak: First Ten completes all-done's prerequisites too.
    event = client.post(
        "/api/v1/metrics/flashcards-flipped/event",
        json={"user": {"id": "cy"}, "value": 12},
        headers=headers,
    )

    assert [a["key"] for a in event.get_json()["achievements"]] == ["first-ten", "all-done"]
    listed = get(client, headers, "/api/v1/achievements").get_json()
    assert [(a["key"], a["completions"], a["rarity"]) for a in listed] == [
        ("first-ten", 2, 50.0),
        ("week-streak", 3, 75.0),
        ("onboarded", 0, 0.0),
        ("all-done", 2, 50.0),
    ]


def test_streak_counts_consecutive_local_days_of_events(app, client, headers, clock):
    from app.xp.engine.events import record_event
    from app.xp.models.metrics import Metric as MetricModel

    with app.app_context():
        db.session.scalar(
            select(MetricModel).where(MetricModel.key == "flashcards-flipped")
        ).counts_for_streak = True
        db.session.commit()
        now = clock.now
        for days_ago in (3, 1, 0):  # a gap two days ago, no freezes: the streak restarts
            record_event("flashcards-flipped", {"id": "ana"}, 1, at=now - timedelta(days_ago))

    response = get(client, headers, "/api/v1/users/ana/streak", historyPeriods=4)

    body = response.get_json()
    assert response.status_code == 200
    assert_matches(body, "StreakResponse")
    today = now.date()
    assert (body["length"], body["started"]) == (2, (today - timedelta(days=1)).isoformat())
    assert [p["length"] for p in body["streakHistory"]] == [1, 0, 1, 2]
