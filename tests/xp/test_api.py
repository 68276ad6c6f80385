"""The HTTP API: /api/v1 (and the guide's legacy event path) as Trophy's Application API."""

import json
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.metrics import MetricEvent, UserMetricTotal
from app.xp.models.points import PointsAward
from app.xp.models.users import XpUser
from tests.xp.contract import assert_matches

EVENT_URL = "/api/v1/metrics/flashcards-flipped/event"
LEGACY_EVENT_URL = "/api/metrics/flashcards-flipped/event"
TRIGGER_FIELDS = {"id", "type", "points", "status", "userAttributes", "created", "updated"}


class XpApi:
    """Calls to the XP service's HTTP API, carrying the test API key."""

    def __init__(self, client, key: str):
        self.client = client
        self.headers = {"X-API-KEY": key}

    def event(self, user, value, idempotency_key=None, url=EVENT_URL):
        headers = dict(self.headers)
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return self.client.post(url, json={"user": user, "value": value}, headers=headers)

    def raw_event(self, body: str):
        return self.client.post(
            EVENT_URL, data=body, content_type="application/json", headers=self.headers
        )

    def get(self, url, **params):
        return self.client.get(url, query_string=params, headers=self.headers)

    def points(self, user_id: str, system: str = "xp", **params):
        return self.get(f"/api/v1/users/{quote(user_id, safe='')}/points/{system}", **params)

    def summary(self, user_id: str, system: str = "xp", **params):
        url = f"/api/v1/users/{quote(user_id, safe='')}/points/{system}/event-summary"
        return self.get(url, **params)

    def daily(self, user_id: str, start: str, end: str):
        return self.summary(user_id, aggregation="daily", startDate=start, endDate=end)


@pytest.fixture
def api(client, seeded, api_key):
    """The seeded XP service, called with a live API key."""
    return XpApi(client, api_key)


def record_at(app, user, value, at: datetime) -> dict:
    """Record an event at a past instant: the engine's `at`, which the public API lacks."""
    with app.app_context():
        return record_event("flashcards-flipped", user, value, at=at)


def stored_rows(app) -> dict:
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (XpUser, MetricEvent, PointsAward)
        }


NOTHING_STORED = {"XpUser": 0, "MetricEvent": 0, "PointsAward": 0}


def assert_error(response, status: int, message: str | None = None) -> None:
    """A JSON ErrorBody with a non-empty message, never an HTML page."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    assert "<html" not in response.get_data(as_text=True).lower()
    body = response.get_json()
    assert_matches(body, "ErrorBody")
    assert body["error"].strip()
    if message is not None:
        assert message in body["error"]


def assert_user_unknown(api: XpApi, user_id: str = "ana") -> None:
    assert_error(api.points(user_id), 404, f"User '{user_id}' not found")


def summary_rows(*rows: tuple[str, int, int]) -> list[dict]:
    return [{"date": day, "total": total, "change": change} for day, total, change in rows]


# --- POST /metrics/{key}/event -------------------------------------------------------------------


def test_first_event_reaching_a_threshold_awards_its_points(api):
    response = api.event({"id": "ana"}, 5)

    assert response.status_code == 201
    body = response.get_json()
    assert_matches(body, "EventResponse")
    assert body["total"] == 5
    assert list(body["points"]) == ["xp"]
    xp = body["points"]["xp"]
    assert (xp["key"], xp["name"], xp["added"], xp["total"]) == ("xp", "XP", 10, 10)
    assert xp["description"] == "Experience points for studying"
    assert xp["badgeUrl"] is None and xp["maxPoints"] is None
    [award] = xp["awards"]
    assert (award["awarded"], award["total"]) == (10, 10)
    trigger = award["trigger"]
    assert (trigger["type"], trigger["status"], trigger["points"]) == ("metric", "active", 10)
    assert trigger["metricThreshold"] == 5
    assert trigger["metricName"] == "Flashcards Flipped"


def test_event_crossing_two_thresholds_awards_each_trigger_in_order(api):
    api.event({"id": "ana"}, 5)

    response = api.event({"id": "ana"}, 20)

    assert response.status_code == 201
    body = response.get_json()
    assert_matches(body, "EventResponse")
    assert body["total"] == 25
    xp = body["points"]["xp"]
    assert (xp["added"], xp["total"]) == (90, 100)
    assert [(a["awarded"], a["total"]) for a in xp["awards"]] == [(40, 50), (50, 100)]
    assert [a["trigger"]["metricThreshold"] for a in xp["awards"]] == [5, 25]
    assert [a["trigger"]["points"] for a in xp["awards"]] == [10, 50]


def test_every_award_trigger_carries_the_fields_strict_sdks_require(api):
    body = api.event({"id": "ana"}, 25).get_json()

    awards = body["points"]["xp"]["awards"]
    assert len(awards) == 2
    for award in awards:
        trigger = award["trigger"]
        assert TRIGGER_FIELDS | {"metricName", "metricThreshold"} <= trigger.keys()
        assert trigger["userAttributes"] == []
        assert trigger["created"].endswith("Z") and trigger["updated"].endswith("Z")


def test_event_without_awards_reports_nothing_earned(api):
    response = api.event({"id": "ana"}, 1)

    assert response.status_code == 201
    body = response.get_json()
    assert_matches(body, "EventResponse")
    assert body["total"] == 1
    assert body["points"] == {}
    # Streaks, achievements and leaderboards are not built yet: empty, in the schema's shape.
    assert (body["achievements"], body["leaderboards"]) == ([], {})
    streak = body["currentStreak"]
    assert (streak["length"], streak["extended"]) == (0, False)
    assert streak["started"] is None and streak["expires"] is None


def test_legacy_event_path_answers_like_v1(api):
    def comparable(response):
        # Ids and timestamps differ between any two events; everything else must not.
        body = response.get_json()
        xp = body["points"]["xp"]
        awards = [{**award, "id": None, "date": None} for award in xp["awards"]]
        return {**body, "eventId": None, "points": {"xp": {**xp, "awards": awards}}}

    v1 = api.event({"id": "ana"}, 25)
    legacy = api.event({"id": "ben"}, 25, url=LEGACY_EVENT_URL)

    assert (v1.status_code, legacy.status_code) == (201, 201)
    assert_matches(legacy.get_json(), "EventResponse")
    assert comparable(legacy) == comparable(v1)
    assert api.points("ben").get_json()["total"] == 100


# --- Idempotency-Key -----------------------------------------------------------------------------


def test_first_use_of_idempotency_key_is_echoed_and_not_replayed(api):
    response = api.event({"id": "ana"}, 5, idempotency_key="flip-1")

    assert response.status_code == 201
    body = response.get_json()
    assert_matches(body, "EventResponse")
    assert body["idempotencyKey"] == "flip-1"
    assert body["idempotentReplayed"] is False


def test_replayed_idempotency_key_returns_the_original_event_and_changes_nothing(api):
    first = api.event({"id": "ana"}, 5, idempotency_key="flip-1").get_json()

    replay = api.event({"id": "ana"}, 5, idempotency_key="flip-1")

    assert replay.status_code == 202
    body = replay.get_json()
    assert_matches(body, "EventResponse")
    assert body["idempotentReplayed"] is True
    assert body["eventId"] == first["eventId"]
    assert body["points"]["xp"]["awards"] == first["points"]["xp"]["awards"]
    assert body == {**first, "idempotentReplayed": True}
    points = api.points("ana", awards=100).get_json()
    assert points["total"] == 10
    assert len(points["awards"]) == 1


def test_replay_with_a_different_value_still_changes_nothing(api):
    api.event({"id": "ana"}, 5, idempotency_key="flip-1")

    body = api.event({"id": "ana"}, 50, idempotency_key="flip-1").get_json()

    assert body["total"] == 5
    assert api.points("ana").get_json()["total"] == 10


def test_idempotency_key_is_scoped_per_user(api):
    first = api.event({"id": "ana"}, 5, idempotency_key="flip-1").get_json()

    other = api.event({"id": "ben"}, 5, idempotency_key="flip-1")

    assert other.status_code == 201
    body = other.get_json()
    assert body["idempotentReplayed"] is False
    assert body["eventId"] != first["eventId"]
    assert api.points("ben").get_json()["total"] == 10


def test_event_without_idempotency_key_has_no_idempotency_fields(api):
    body = api.event({"id": "ana"}, 5).get_json()

    assert "idempotencyKey" not in body
    assert "idempotentReplayed" not in body


@pytest.mark.parametrize(
    ("key", "status", "message"),
    [
        ("k" * 256, 422, "Idempotency-Key must be at most 255 characters"),
        ("", 400, "Idempotency-Key must not be empty"),
    ],
    ids=["256-chars", "empty"],
)
def test_invalid_idempotency_key_is_rejected(app, api, key, status, message):
    assert_error(api.event({"id": "ana"}, 5, idempotency_key=key), status, message)
    assert_user_unknown(api)
    assert stored_rows(app) == NOTHING_STORED


# --- Authentication ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [EVENT_URL, LEGACY_EVENT_URL], ids=["v1", "legacy"])
def test_request_without_api_key_is_401(app, client, seeded, url):
    response = client.post(url, json={"user": {"id": "ana"}, "value": 5})

    assert_error(response, 401, "Missing API key: send it in the X-API-KEY header")
    assert stored_rows(app) == NOTHING_STORED


def test_request_with_wrong_api_key_is_401(app, client, seeded, api_key):
    response = client.post(
        EVENT_URL, json={"user": {"id": "ana"}, "value": 5}, headers={"X-API-KEY": api_key + "x"}
    )

    assert_error(response, 401, "Invalid or revoked API key")
    assert stored_rows(app) == NOTHING_STORED


def test_request_with_revoked_api_key_is_401(app, api, runner):
    result = runner.invoke(args=["xp", "revoke-api-key", "tests"])
    assert result.exit_code == 0, result.output
    assert "Revoked API key 'tests'" in result.output

    assert_error(api.event({"id": "ana"}, 5), 401, "Invalid or revoked API key")
    assert_error(api.points("ana"), 401, "Invalid or revoked API key")
    assert stored_rows(app) == NOTHING_STORED


# --- Rejected events -----------------------------------------------------------------------------

NOT_AN_OBJECT = 'The body must be a JSON object like {"user": {"id": "18"}, "value": 1}'
BAD_USER_ID = "'user.id' is required and must be a non-empty string"
NOT_A_NUMBER = "'value' is required and must be a number"
NOT_FINITE = "'value' must be a finite number"
OUT_OF_RANGE = "'value' must be between -1000000000 and 1000000000"
NOT_A_USER = "'user' must be an object with at least an 'id'"


def with_tz(tz: str) -> str:
    return json.dumps({"user": {"id": "ana", "tz": tz}, "value": 5})


def nested_json(depth: int) -> str:
    return '{"user": {"id": "ana"}, "value": 5, "x": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param("user=ana&value=5", NOT_AN_OBJECT, id="not-json"),
        pytest.param('[{"user": {"id": "ana"}, "value": 5}]', NOT_AN_OBJECT, id="array"),
        pytest.param('{"value": 5}', "'user' is required", id="missing-user"),
        pytest.param('{"user": {"id": "ana"}}', "'value' is required", id="missing-value"),
        pytest.param('{"user": "ana", "value": 5}', NOT_A_USER, id="user-string"),
        pytest.param('{"user": {}, "value": 5}', BAD_USER_ID, id="user-id-missing"),
        pytest.param('{"user": {"id": ""}, "value": 5}', BAD_USER_ID, id="user-id-empty"),
        pytest.param('{"user": {"id": 18}, "value": 5}', BAD_USER_ID, id="user-id-number"),
        pytest.param('{"user": {"id": "ana"}, "value": "5"}', NOT_A_NUMBER, id="value-string"),
        pytest.param('{"user": {"id": "ana"}, "value": true}', NOT_A_NUMBER, id="value-true"),
        pytest.param('{"user": {"id": "ana"}, "value": NaN}', NOT_FINITE, id="value-nan"),
        pytest.param('{"user": {"id": "ana"}, "value": 1e400}', NOT_FINITE, id="value-1e400"),
        pytest.param(with_tz("Mars/Olympus"), "Unknown time zone 'Mars/Olympus'", id="tz-mars"),
        pytest.param(with_tz("../../etc/passwd"), "Unknown time zone", id="tz-path"),
        # Valid JSON nested deeper than the parser's recursion limit, yet only 10 kB.
        pytest.param(nested_json(5000), NOT_AN_OBJECT, id="nested-5000-deep"),
        # PostgreSQL cannot store NUL, so every database must refuse it alike.
        pytest.param(
            '{"user": {"id": "ana\\u0000"}, "value": 5}',
            "'user.id' must not contain NUL characters",
            id="user-id-nul",
        ),
        pytest.param(
            '{"user": {"id": "ana\\ud800"}, "value": 5}',
            "'user.id' must be valid Unicode text",
            id="user-id-surrogate",
        ),
    ],
)
def test_malformed_event_is_400_and_stores_nothing(app, api, body, message):
    assert_error(api.raw_event(body), 400, message)
    assert_user_unknown(api)
    assert stored_rows(app) == NOTHING_STORED


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param('{"user": {"id": "ana"}, "value": 1e10}', OUT_OF_RANGE, id="value-1e10"),
        pytest.param(
            '{"user": {"id": "ana"}, "value": 1' + "0" * 400 + "}",
            OUT_OF_RANGE,
            id="value-10-pow-400",
        ),
        pytest.param(
            json.dumps({"user": {"id": "a" * 256}, "value": 5}),
            "'user.id' must be at most 255 characters",
            id="user-id-256-chars",
        ),
    ],
)
def test_out_of_range_event_is_422_and_stores_nothing(app, api, body, message):
    assert_error(api.raw_event(body), 422, message)
    assert_user_unknown(api)
    assert stored_rows(app) == NOTHING_STORED


def test_event_at_every_length_and_range_limit_is_accepted(api):
    response = api.event({"id": "a" * 255}, 1_000_000_000, idempotency_key="k" * 255)

    assert response.status_code == 201
    body = response.get_json()
    assert (body["total"], body["idempotencyKey"]) == (1_000_000_000, "k" * 255)
    assert body["points"]["xp"]["added"] == 200_000_000 * 10 + 40_000_000 * 50


def test_rejected_event_leaves_an_existing_users_totals_unchanged(app, api):
    api.event({"id": "ana", "tz": "Europe/London"}, 5)

    assert_error(api.event({"id": "ana", "tz": "Mars/Olympus"}, 20), 400, "Unknown time zone")
    assert_error(api.event({"id": "ana"}, 1e10), 422, OUT_OF_RANGE)

    points = api.points("ana", awards=100).get_json()
    assert (points["total"], len(points["awards"])) == (10, 1)
    with app.app_context():
        assert db.session.scalar(select(UserMetricTotal.total)) == 5
        assert db.session.scalar(select(XpUser.tz)) == "Europe/London"
    assert stored_rows(app) == {"XpUser": 1, "MetricEvent": 1, "PointsAward": 1}


def test_event_for_unknown_metric_is_404(app, api):
    response = api.event({"id": "ana"}, 5, url="/api/v1/metrics/pages-read/event")

    assert_error(response, 404, "Metric 'pages-read' not found")
    assert_user_unknown(api)
    assert stored_rows(app) == NOTHING_STORED


def test_event_body_over_64_kib_is_413(app, api):
    body = json.dumps({"user": {"id": "ana"}, "value": 5, "note": "x" * 70_000})

    assert_error(api.raw_event(body), 413, "at most 65536 bytes")
    assert_user_unknown(api)
    assert stored_rows(app) == NOTHING_STORED


def test_unknown_api_url_is_json_404(api):
    response = api.get("/api/v1/metrics/flashcards-flipped/events")

    assert_error(response, 404, "The requested URL was not found on the server")


def test_get_on_event_url_is_json_405(app, api):
    assert_error(api.get(EVENT_URL), 405, "method is not allowed")
    assert stored_rows(app) == NOTHING_STORED


def test_405_names_the_allowed_methods(api):
    # RFC 9110 15.5.6: a 405 response MUST carry an Allow header.
    response = api.get(EVENT_URL)

    assert response.status_code == 405
    assert "POST" in response.headers.get("Allow", "")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/metrics/flashcards%00flipped/event"),
        ("get", "/api/v1/users/ana%00/points/xp"),
    ],
    ids=["metric-key", "user-points"],
)
def test_nul_in_path_is_404_not_500(api, method, url):
    response = getattr(api.client, method)(
        url, json={"user": {"id": "ana"}, "value": 5}, headers=api.headers
    )

    assert_error(response, 404, "not found")


# --- GET /users/{id}/points/{key} ----------------------------------------------------------------


@pytest.fixture
def thirteen_awards(api):
    """Eleven events of 5 flips: +10 each, and +50 more at 25 and 50 flips (210 XP)."""
    for _ in range(11):
        assert api.event({"id": "ana"}, 5).status_code == 201
    return api


def test_user_points_default_to_the_10_newest_awards(thirteen_awards):
    response = thirteen_awards.points("ana")

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "GetUserPointsResponse")
    assert (body["key"], body["name"], body["total"]) == ("xp", "XP", 210)
    assert body["level"]["name"] == "Apprentice"  # seed.py's level at 100 XP
    assert [a["total"] for a in body["awards"]] == [210, 200, 150, 140, 130, 120, 110, 100, 50, 40]
    assert [a["awarded"] for a in body["awards"]] == [10, 50, 10, 10, 10, 10, 10, 50, 10, 10]


@pytest.mark.parametrize(("awards", "count"), [("1", 1), ("100", 13)])
def test_user_points_awards_parameter_limits_the_list(thirteen_awards, awards, count):
    body = thirteen_awards.points("ana", awards=awards).get_json()

    assert len(body["awards"]) == count
    assert body["awards"][0]["total"] == 210
    totals = [a["total"] for a in body["awards"]]
    assert totals == sorted(totals, reverse=True)


def test_user_points_for_user_without_awards_is_zero(api):
    api.event({"id": "ana"}, 4)

    body = api.points("ana").get_json()

    assert_matches(body, "GetUserPointsResponse")
    assert (body["total"], body["awards"], body["level"]["key"]) == (0, [], "novice")


@pytest.mark.parametrize("awards", ["0", "101", "-1", "abc", "1.5", "\u0661\u0660"])
def test_user_points_with_invalid_awards_is_422(api, awards):
    api.event({"id": "ana"}, 5)

    response = api.points("ana", awards=awards)

    assert_error(response, 422, "'awards' must be an integer from 1 to 100")


def test_user_points_for_unknown_user_is_404(api):
    assert_error(api.points("ghost"), 404, "User 'ghost' not found")


def test_user_points_for_unknown_points_system_is_404(api):
    api.event({"id": "ana"}, 5)

    assert_error(api.points("ana", system="coins"), 404, "Points system 'coins' not found")


@pytest.mark.parametrize(
    "user_id",
    ["team/ana", "åsa", "/ana", "a b?c#100%"],
    ids=["slash", "unicode", "leading-slash", "query-chars"],
)
def test_user_id_with_url_special_characters_works_url_encoded(api, user_id):
    # "ana" exists too, so a reply about the wrong user cannot pass for the right one.
    api.event({"id": "ana"}, 25)
    assert api.event({"id": user_id}, 5).status_code == 201

    points = api.points(user_id)
    summary = api.summary(
        user_id, aggregation="monthly", startDate="2000-01-01", endDate="2000-01-31"
    )

    assert points.status_code == 200, points.get_data(as_text=True)[:200]
    assert points.get_json()["total"] == 10
    assert summary.status_code == 200
    assert summary.get_json() == summary_rows(("2000-01-01", 0, 0))


# --- GET /users/{id}/points/{key}/event-summary --------------------------------------------------


@pytest.fixture
def january(app, api):
    """Ana's XP: 10 on 2023-12-30, 20 on 2024-01-02, 100 on 2024-01-04, 110 on 2024-01-07."""
    for day, value in (
        (datetime(2023, 12, 30), 5),
        (datetime(2024, 1, 2), 5),
        (datetime(2024, 1, 4), 15),
        (datetime(2024, 1, 7), 5),
    ):
        record_at(app, {"id": "ana"}, value, day.replace(hour=12, tzinfo=UTC))
    return api


def test_daily_summary_lists_every_day_with_running_total(january):
    response = january.daily("ana", "2024-01-01", "2024-01-05")

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "UsersPointsEventSummaryResponse")
    assert body == summary_rows(
        ("2024-01-01", 10, 0),
        ("2024-01-02", 20, 10),
        ("2024-01-03", 20, 0),
        ("2024-01-04", 100, 80),
        ("2024-01-05", 100, 0),
    )


def test_weekly_summary_periods_start_on_monday(january):
    # 2024-01-03 is a Wednesday; its week starts on Monday 2024-01-01.
    response = january.summary(
        "ana", aggregation="weekly", startDate="2024-01-03", endDate="2024-01-20"
    )

    body = response.get_json()
    assert_matches(body, "UsersPointsEventSummaryResponse")
    assert body == summary_rows(
        ("2024-01-01", 110, 100),  # Sunday 2024-01-07 still belongs to this week
        ("2024-01-08", 110, 0),
        ("2024-01-15", 110, 0),
    )


def test_monthly_summary_periods_start_on_the_first(app, api):
    for day, value in (
        (datetime(2024, 1, 31), 5),
        (datetime(2024, 2, 1), 5),
        (datetime(2024, 2, 29), 15),
    ):
        record_at(app, {"id": "ana"}, value, day.replace(hour=23, tzinfo=UTC))

    response = api.summary(
        "ana", aggregation="monthly", startDate="2024-01-15", endDate="2024-03-10"
    )

    body = response.get_json()
    assert_matches(body, "UsersPointsEventSummaryResponse")
    assert body == summary_rows(
        ("2024-01-01", 10, 10), ("2024-02-01", 100, 90), ("2024-03-01", 100, 0)
    )


def test_summary_uses_the_users_local_date(app, api):
    # 23:30 UTC on 10 March is 08:30 on 11 March in Tokyo.
    record_at(
        app, {"id": "kenji", "tz": "Asia/Tokyo"}, 5, datetime(2024, 3, 10, 23, 30, tzinfo=UTC)
    )

    body = api.daily("kenji", "2024-03-10", "2024-03-12").get_json()

    assert body == summary_rows(("2024-03-10", 0, 0), ("2024-03-11", 10, 10), ("2024-03-12", 10, 0))


def test_summary_span_of_400_days_is_allowed(january):
    # 2024-01-01 + 400 days = 2025-02-04.
    response = january.daily("ana", "2024-01-01", "2025-02-04")

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "UsersPointsEventSummaryResponse")
    assert len(body) == 401
    assert body[0] == {"date": "2024-01-01", "total": 10, "change": 0}
    assert body[-1] == {"date": "2025-02-04", "total": 110, "change": 0}


NOT_A_DATE = "must be a date as YYYY-MM-DD"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param({"endDate": "2025-02-05"}, "must not exceed 400 days", id="401-days"),
        pytest.param(
            {"startDate": "2024-02-01"}, "'startDate' must not be after", id="start-after-end"
        ),
        pytest.param({"aggregation": "hourly"}, "'aggregation' must be one of", id="hourly"),
        pytest.param({"aggregation": None}, "'aggregation' is required", id="no-aggregation"),
        pytest.param({"startDate": None}, "'startDate' is required", id="no-start"),
        pytest.param({"endDate": None}, "'endDate' is required", id="no-end"),
        pytest.param({"startDate": "2024-1-5"}, f"'startDate' {NOT_A_DATE}", id="2024-1-5"),
        pytest.param({"endDate": "2024-02-30"}, f"'endDate' {NOT_A_DATE}", id="2024-02-30"),
    ],
)
def test_invalid_summary_query_is_422(api, params, message):
    api.event({"id": "ana"}, 5)

    query = {"aggregation": "daily", "startDate": "2024-01-01", "endDate": "2024-01-31"}
    query.update(params)
    query = {name: value for name, value in query.items() if value is not None}

    assert_error(api.summary("ana", **query), 422, message)


def test_summary_for_unknown_user_is_404(api):
    assert_error(api.daily("ghost", "2024-01-01", "2024-01-31"), 404, "User 'ghost' not found")


def test_summary_for_unknown_points_system_is_404(january):
    response = january.summary(
        "ana", system="coins", aggregation="daily", startDate="2024-01-01", endDate="2024-01-31"
    )

    assert_error(response, 404, "Points system 'coins' not found")


DATE_BOUNDS = "must be between 1900-01-01 and 9998-12-31"


@pytest.mark.parametrize(
    ("aggregation", "start", "end", "message"),
    [
        pytest.param("daily", "9999-12-30", "9999-12-31", f"'startDate' {DATE_BOUNDS}", id="9999"),
        pytest.param("weekly", "1899-12-31", "1900-01-07", f"'startDate' {DATE_BOUNDS}", id="1899"),
    ],
)
def test_summary_outside_the_supported_dates_is_422_not_500(api, aggregation, start, end, message):
    # The last period of a range ending on 9999-12-31 would end past date.max.
    api.event({"id": "ana"}, 5)

    response = api.summary("ana", aggregation=aggregation, startDate=start, endDate=end)

    assert_error(response, 422, message)


def test_summary_reaches_the_last_supported_date(api):
    api.event({"id": "ana"}, 5)

    response = api.summary(
        "ana", aggregation="monthly", startDate="9998-12-31", endDate="9998-12-31"
    )

    assert response.get_json() == summary_rows(("9998-12-01", 10, 0))
