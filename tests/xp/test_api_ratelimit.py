"""The API's rate limit per key (app/ratelimit.py via app/xp/api/blueprint.py): 429 JSON,
Retry-After, X-RateLimit-* headers, nothing stored for a refused request. SQLite and PostgreSQL.
"""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.ratelimit import API_KEY, Rate, RateLimitCounter, digest
from app.xp.admin.api_keys import create_api_key
from app.xp.models.metrics import MetricEvent
from app.xp.models.points import PointsAward
from app.xp.models.users import XpUser
from tests.support.clock import Clock
from tests.test_ratelimit import START

EVENT_URL = "/api/v1/metrics/flashcards-flipped/event"
LEGACY_EVENT_URL = "/api/metrics/flashcards-flipped/event"


@pytest.fixture
def clock(clock) -> Clock:
    """The clock stands at START (a round Unix time) until the test moves it."""
    clock.set(START)
    return clock


@pytest.fixture
def three_a_minute(app, seeded, clock):
    """Keys may make 3 requests a minute; the limiter's clock stands at START."""
    app.extensions["rate_limits"].rates[API_KEY] = Rate.parse("3/minute")


def event(client, key: str, user: str = "learner-1"):
    return client.post(
        EVENT_URL, json={"user": {"id": user}, "value": 1}, headers={"X-API-KEY": key}
    )


def rate_headers(response) -> tuple:
    return tuple(
        response.headers.get(f"X-RateLimit-{name}") for name in ("Limit", "Remaining", "Reset")
    )


def stored(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (MetricEvent, PointsAward, XpUser)
        )


def counters(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(RateLimitCounter))


def test_a_request_past_the_keys_limit_gets_429_json_with_retry_after(
    client, api_key, clock, three_a_minute
):
    statuses = [event(client, api_key).status_code for _ in range(3)]
    clock.set(START + 20)

    response = event(client, api_key)

    assert statuses == [201] * 3
    assert response.status_code == 429
    assert response.mimetype == "application/json"
    assert response.get_json() == {
        "error": "Rate limit exceeded: 3 requests per minute per API key. Retry after 40 seconds."
    }
    assert response.headers["Retry-After"] == "40"
    assert rate_headers(response) == ("3", "0", str(START + 60))


def test_every_answer_to_a_key_tells_its_limit_what_is_left_and_when_it_resets(
    client, api_key, three_a_minute
):
    headers = {"X-API-KEY": api_key}
    responses = [
        event(client, api_key),
        client.get("/api/v1/users/learner-1/points/xp", headers=headers),
        client.post("/api/v1/metrics/no-such-metric/event", json={}, headers=headers),
    ]

    assert [r.status_code for r in responses] == [201, 200, 400]
    assert [rate_headers(r) for r in responses] == [
        ("3", "2", str(START + 60)),
        ("3", "1", str(START + 60)),
        ("3", "0", str(START + 60)),
    ]
    assert "Retry-After" not in responses[-1].headers


def test_a_refused_event_stores_nothing(app, client, api_key, three_a_minute):
    for _ in range(3):
        event(client, api_key)
    before = stored(app)

    response = client.post(
        EVENT_URL,
        json={"user": {"id": "new-learner", "tz": "Asia/Tokyo"}, "value": 25},
        headers={"X-API-KEY": api_key, "Idempotency-Key": "refused-1"},
    )

    assert response.status_code == 429
    assert before == (3, 0, 1)
    assert stored(app) == before


def test_reads_and_the_legacy_path_count_against_the_same_key(client, api_key, three_a_minute):
    headers = {"X-API-KEY": api_key}
    responses = [
        client.get("/api/v1/points/xp", headers=headers),
        client.post(LEGACY_EVENT_URL, json={"user": {"id": "a"}, "value": 1}, headers=headers),
        event(client, api_key),
        client.get("/api/v1/points/xp", headers=headers),
    ]

    assert [r.status_code for r in responses] == [200, 201, 201, 429]


def test_another_key_is_not_limited_by_the_first(app, client, api_key, three_a_minute):
    with app.app_context():
        _, other_key = create_api_key("second app")
    for _ in range(4):
        event(client, api_key)

    response = event(client, other_key)

    assert event(client, api_key).status_code == 429
    assert response.status_code == 201
    assert rate_headers(response) == ("3", "2", str(START + 60))


def test_the_limit_lifts_when_the_minute_is_over(client, api_key, clock, three_a_minute):
    for _ in range(3):
        event(client, api_key)
    clock.set(START + 59)
    last_second = event(client, api_key)
    clock.set(START + 60)

    response = event(client, api_key)

    assert last_second.status_code == 429
    assert last_second.headers["Retry-After"] == "1"
    assert last_second.get_json()["error"].endswith("Retry after 1 second.")
    assert response.status_code == 201
    assert rate_headers(response) == ("3", "2", str(START + 120))


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "Missing API key: send it in the X-API-KEY header"),
        ({"X-API-KEY": "sxp_not-a-real-key"}, "Invalid or revoked API key"),
    ],
)
def test_a_missing_or_wrong_key_is_still_401_and_counts_nothing(
    app, client, three_a_minute, headers, message
):
    responses = [
        client.post(EVENT_URL, json={"user": {"id": "a"}, "value": 1}, headers=headers)
        for _ in range(5)
    ]

    assert [r.status_code for r in responses] == [401] * 5
    assert responses[-1].get_json() == {"error": message}
    assert rate_headers(responses[-1]) == (None, None, None)
    assert counters(app) == 0


def test_the_default_limit_is_6000_requests_a_minute_per_key(app, seeded, client, clock):
    with app.app_context():
        key, secret = create_api_key("busy")
        # 5,999 requests already made this minute.
        db.session.add(
            RateLimitCounter(
                scope=API_KEY, subject=digest(str(key.id)), hits=5999, window_end=START + 60
            )
        )
        db.session.commit()

    last_allowed = event(client, secret)
    refused = event(client, secret)

    assert last_allowed.status_code == 201
    assert rate_headers(last_allowed) == ("6000", "0", str(START + 60))
    assert refused.status_code == 429
    assert refused.get_json() == {
        "error": "Rate limit exceeded: 6000 requests per minute per API key. "
        "Retry after 60 seconds."
    }


def test_with_rate_limits_off_nothing_is_counted_or_announced(app, client, api_key, three_a_minute):
    app.extensions["rate_limits"].enabled = False

    responses = [event(client, api_key) for _ in range(10)]

    assert [r.status_code for r in responses] == [201] * 10
    assert rate_headers(responses[-1]) == (None, None, None)
    assert counters(app) == 0
