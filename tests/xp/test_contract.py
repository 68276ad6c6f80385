"""Every answer the API gives matches Trophy's schema and StudyXP's own document.

Each (operation, status) pair the document lists is produced for real, its message checked,
and its body validated against both. test_contract_scenarios.py adds the answers whose shape
depends on the data.
"""

from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.openapi.document import (
    PREFERENCE_OPERATIONS,
    SECOND_CHAPTER_OPERATIONS,
    THIRD_CHAPTER_OPERATIONS,
    YEAR_IN_REVIEW_OPERATIONS,
)
from tests.support import build_app
from tests.xp.contract import Api, assert_contract, assert_matches, studyxp_document

STORY_USER = {"id": "42", "email": "ana@example.com", "tz": "Europe/London"}
OVERSIZED = '{"pad": "' + "x" * 70_000 + '"}'
DOCUMENT = studyxp_document()


@pytest.fixture
def story(app, seeded):
    """User 42 with 25 flips (100 XP) and a trophy-style profile."""
    with app.app_context():
        record_event("flashcards-flipped", STORY_USER, 25, at=datetime(2026, 11, 2, tzinfo=UTC))
    return app


@pytest.fixture
def api(client, story, api_key):
    return Api(client, api_key)


# --- every documented answer, for real --------------------------------------------------------

# The achievement, streak and boost operations, the leaderboard ones and the preference ones
# answer on stories of their own: test_contract_engagement.py, test_contract_leaderboards.py
# and test_contract_preferences.py produce theirs.
OTHER_CHAPTERS = SECOND_CHAPTER_OPERATIONS | THIRD_CHAPTER_OPERATIONS | PREFERENCE_OPERATIONS
OTHER_CHAPTERS |= YEAR_IN_REVIEW_OPERATIONS  # test_contract_year_in_review.py
DOCUMENTED = sorted(
    (op["operationId"], status)
    for item in DOCUMENT["paths"].values()
    for op in item.values()
    if op.get("security") != [] and op["operationId"] not in OTHER_CHAPTERS
    for status in op["responses"]
)

# How to make each answer that is not the example call itself (2xx), or the same call without
# a key (401) or over the rate limit (429).
UNKNOWN_USER = {"id": "nobody"}
NO_SUCH = {"key": "no-such"}
COINS = {"key": "coins"}
TOO_LONG = {"startDate": "2024-01-01", "endDate": "2026-01-01"}
# (operationId, status): (the call, the start of its error message).
RECIPES = {
    ("metrics_event", "202"): (
        lambda api: (api.call("metrics_event"), api.call("metrics_event"))[1],
        None,
    ),
    ("metrics_event", "400"): (
        lambda api: api.call("metrics_event", raw="[1]"),
        'The body must be a JSON object like {"user": {"id": "18"}, "value": 1}',
    ),
    ("metrics_event", "404"): (
        lambda api: api.call("metrics_event", path=NO_SUCH),
        "Metric 'no-such' not found",
    ),
    ("metrics_event", "413"): (
        lambda api: api.call("metrics_event", raw=OVERSIZED),
        "The request body must be at most 65536 bytes",
    ),
    ("metrics_event", "422"): (
        lambda api: api.call("metrics_event", body={"user": {"id": "18"}, "value": 10**10}),
        "'value' must be between -1000000000 and 1000000000",
    ),
    ("users_create", "400"): (
        lambda api: api.call("users_create", raw='"ana"'),
        'The body must be a JSON object like {"id": "18"',
    ),
    ("users_create", "413"): (
        lambda api: api.call("users_create", raw=OVERSIZED),
        "The request body must be at most 65536 bytes",
    ),
    ("users_create", "422"): (
        lambda api: api.call("users_create", body={"id": "42"}),
        "User '42' already exists: update it with PUT or PATCH",
    ),
    ("users_get", "404"): (
        lambda api: api.call("users_get", path=UNKNOWN_USER),
        "User 'nobody' not found",
    ),
    ("users_identify", "400"): (
        lambda api: api.call("users_identify", body={"tz": "Mars/Base"}),
        "Unknown time zone 'Mars/Base'",
    ),
    ("users_identify", "413"): (
        lambda api: api.call("users_identify", raw=OVERSIZED),
        "The request body must be at most 65536 bytes",
    ),
    ("users_identify", "422"): (
        lambda api: api.call("users_identify", body={"email": "ana@"}),
        "'email' is not a valid email address",
    ),
    ("users_update", "400"): (
        lambda api: api.call("users_update", body={"name": 7}),
        "'name' must be a string",
    ),
    ("users_update", "404"): (
        lambda api: api.call("users_update", path=UNKNOWN_USER),
        "User 'nobody' not found",
    ),
    ("users_update", "413"): (
        lambda api: api.call("users_update", raw=OVERSIZED),
        "The request body must be at most 65536 bytes",
    ),
    ("users_update", "422"): (
        lambda api: api.call("users_update", body={"id": "43"}),
        "'id' in the body must match the user id in the URL",
    ),
    ("users_all_metrics", "404"): (
        lambda api: api.call("users_all_metrics", path=UNKNOWN_USER),
        "User 'nobody' not found",
    ),
    ("users_single_metric", "404"): (
        lambda api: api.call("users_single_metric", path=NO_SUCH),
        "Metric 'no-such' not found",
    ),
    ("users_metric_event_summary", "404"): (
        lambda api: api.call("users_metric_event_summary", path=UNKNOWN_USER),
        "User 'nobody' not found",
    ),
    ("users_metric_event_summary", "422"): (
        lambda api: api.call("users_metric_event_summary", query={"aggregation": "hourly"}),
        "'aggregation' must be one of daily, weekly, monthly",
    ),
    ("users_points", "404"): (
        lambda api: api.call("users_points", path=COINS),
        "Points system 'coins' not found",
    ),
    ("users_points", "422"): (
        lambda api: api.call("users_points", query={"awards": 0}),
        "'awards' must be an integer from 1 to 100",
    ),
    ("users_points_event_summary", "404"): (
        lambda api: api.call("users_points_event_summary", path=UNKNOWN_USER),
        "User 'nobody' not found",
    ),
    ("users_points_event_summary", "422"): (
        lambda api: api.call("users_points_event_summary", query=TOO_LONG),
        "The date range must not exceed 400 days",
    ),
    ("points_system", "404"): (
        lambda api: api.call("points_system", path=COINS),
        "Points system 'coins' not found",
    ),
    ("points_summary", "404"): (
        lambda api: api.call("points_summary", path=COINS),
        "Points system 'coins' not found",
    ),
    ("points_levels", "404"): (
        lambda api: api.call("points_levels", path=COINS),
        "Points system 'coins' not found",
    ),
    ("points_level_summary", "404"): (
        lambda api: api.call("points_level_summary", path=COINS),
        "Points system 'coins' not found",
    ),
    ("points_summary", "422"): (
        lambda api: api.call("points_summary", query={"userAttributes": "plan:pro"}),
        "'userAttributes' filters are not supported",
    ),
}


@pytest.mark.parametrize(
    ("operation_id", "status"), DOCUMENTED, ids=[f"{o}-{s}" for o, s in DOCUMENTED]
)
def test_every_documented_answer_is_real_and_matches_both_schemas(
    database_url, client, story, api_key, operation_id, status
):
    check_documented_answer(database_url, client, api_key, operation_id, status, RECIPES)


def check_documented_answer(database_url, client, api_key, operation_id, status, recipes):
    """Make the operation answer `status` for real (401 without a key, 429 over a limit of one
    a minute, a recipe from `recipes`, or a plain call for a 2xx) and check the answer against
    both schemas and, for an error, its message."""
    message = None
    if status == "401":
        response = Api(client, None).call(operation_id)
        message = "Missing API key: send it in the X-API-KEY header"
    elif status == "429":
        response = over_the_rate_limit(database_url, api_key, operation_id)
        message = "Rate limit exceeded: 1 requests per minute per API key. Retry after"
        assert int(response.headers["Retry-After"]) >= 1
    elif (operation_id, status) in recipes:
        make, message = recipes[operation_id, status]
        response = make(Api(client, api_key))
    elif status.startswith("2"):
        response = Api(client, api_key).call(operation_id)
    else:
        pytest.fail(f"no recipe makes {operation_id} answer {status}: add one to RECIPES")

    assert str(response.status_code) == status, response.get_json()
    body = assert_contract(response, operation_id)
    if message is not None:
        assert body["error"].startswith(message), body


def over_the_rate_limit(database_url: str, api_key: str, operation_id: str):
    """The operation's second call with a key allowed one request a minute."""
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "API_RATE_LIMIT": "1/minute",
        }
    )
    try:
        api = Api(app.test_client(), api_key)
        api.call(operation_id)
        return api.call(operation_id)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_every_error_outside_the_documented_operations_is_an_error_body(api):
    not_found = api.client.get("/api/v1/no-such-thing", headers={"X-API-KEY": api.key})
    wrong_method = api.client.delete("/api/v1/users/42", headers={"X-API-KEY": api.key})

    assert (not_found.status_code, wrong_method.status_code) == (404, 405)
    for response in (not_found, wrong_method):
        assert response.mimetype == "application/json"
        assert_matches(response.get_json(), "ErrorBody")
    assert set(wrong_method.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "PUT", "PATCH"}
