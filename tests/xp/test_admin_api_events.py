"""POST /admin/v1/metrics/events (app/xp/admin_api/events.py): Trophy's batch of metric events,
StudyXP's backfill. Each event goes through record_event at its `timestamp`, in time order,
idempotently; bad items are issues and the rest are applied. SQLite and PostgreSQL."""

import pytest

from app.xp.admin_api import events
from app.xp.ops.verify import verify

# Every date read here is set: the clock is pinned and every event has its timestamp.
pytestmark = pytest.mark.calendar_free

URL = "/admin/v1/metrics/events"
NOW = "2027-01-10T10:00:00Z"


@pytest.fixture
def engaged(seeded, clock):
    """The demo setup with the daily flip streak, its trigger and the badges (seed.py)."""
    from seed import seed_engagement

    clock.set(NOW)
    with seeded.app_context():
        seed_engagement()
    return seeded


@pytest.fixture
def call(client, engaged, admin_key, api_key):
    """call(body) posts a batch with the admin key; call.get(url) reads /api/v1."""

    def post(body):
        return client.post(URL, json=body, headers={"X-API-KEY": admin_key})

    post.get = lambda url: client.get(f"/api/v1{url}", headers={"X-API-KEY": api_key}).get_json()
    return post


def flip(user: str, at: str | None, value=1, **more) -> dict:
    event = {"key": "flashcards-flipped", "user": {"id": user}, "value": value, **more}
    if at is not None:
        event["timestamp"] = at
    return event


def read_side(call, user: str) -> tuple:
    """(flips total, XP total, streak length, badges) as /api/v1 shows them."""
    metric = call.get(f"/users/{user}/metrics/flashcards-flipped")
    points = call.get(f"/users/{user}/points/xp")
    streak = call.get(f"/users/{user}/streak")
    badges = call.get(f"/users/{user}/achievements")
    return (
        metric["current"],
        points["total"],
        streak["length"],
        sorted(a["key"] for a in badges if a.get("achievedAt")),
    )


def test_a_batch_given_out_of_order_is_applied_in_time_order(call):
    batch = [
        flip("ann", "2027-01-09T08:00:00Z", 5),
        flip("ann", "2027-01-07T08:00:00+00:00", 3),
        flip("ann", "2027-01-08T09:30:00+01:00", 2),
    ]
    response = call(batch)
    assert (response.status_code, response.get_json()) == (202, {"accepted": 3, "issues": []})
    # A streak across three days: only right if the 7th came first.
    assert read_side(call, "ann") == (10.0, 20.0, 3, ["flips-10"])
    streak = call.get("/users/ann/streak")
    assert (streak["started"], streak["periodEnd"]) == ("2027-01-07", "2027-01-09")


def test_the_same_batch_twice_changes_nothing_and_says_so(call, engaged):
    batch = [
        flip("bo", "2027-01-08T08:00:00Z", 4),
        flip("bo", "2027-01-08T08:00:00Z", 4),  # identical: a second event, not a resend
        flip("bo", "2027-01-09T08:00:00Z", 2, idempotencyKey="bo-9"),
    ]
    first = call(batch).get_json()
    assert first == {"accepted": 3, "issues": []}
    before = read_side(call, "bo")
    assert before == (10.0, 20.0, 2, ["flips-10"])
    again = call(batch)
    assert again.status_code == 202
    assert again.get_json() == {
        "accepted": 3,
        "issues": [
            {"index": 0, "severity": "warning", "message": events.DUPLICATE},
            {"index": 1, "severity": "warning", "message": events.DUPLICATE},
            {"index": 2, "severity": "warning", "message": events.REPLAYED},
        ],
    }
    assert read_side(call, "bo") == before
    with engaged.app_context():
        assert verify() == []
    result = engaged.test_cli_runner().invoke(args=["xp", "verify"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["OK: 3 events, 2 awards, 1 users checked"]


def test_backfilled_events_feed_leaderboards_and_verify_passes(call, engaged, admin_key, clock):
    headers = {"X-API-KEY": admin_key}
    client = engaged.test_client()
    metrics = client.get("/admin/v1/metrics", headers=headers).get_json()
    flipped = next(m["id"] for m in metrics if m["key"] == "flashcards-flipped")
    board = {"name": "Flippers", "key": "flippers", "rankBy": "metric", "metricId": flipped}
    # A board counts the events at or after its activation, backfilled or not.
    clock.set("2027-01-01T00:00:00Z")
    board = {**board, "start": "2027-01-01", "status": "active"}
    assert client.post("/admin/v1/leaderboards", json=[board], headers=headers).status_code == 201
    clock.set(NOW)
    batch = [
        flip("dee", "2027-01-08T08:00:00Z", 7),
        flip("eve", "2027-01-08T07:00:00Z", 9),
        flip("dee", "2027-01-09T08:00:00Z", 5),
    ]
    assert call(batch).get_json() == {"accepted": 3, "issues": []}
    rankings = call.get("/leaderboards/flippers")["rankings"]
    assert [(r["userId"], r["rank"], r["value"]) for r in rankings] == [
        ("dee", 1, 12),
        ("eve", 2, 9),
    ]
    assert read_side(call, "dee")[:3] == (12.0, 20.0, 2)
    result = engaged.test_cli_runner().invoke(args=["xp", "verify"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["OK: 3 events, 3 awards, 2 users checked"]


def test_every_item_issue_and_the_rest_applied(call, engaged):
    call([flip("cy", "2027-01-09T12:00:00Z", 1)])
    batch = [
        "not an object",
        {"user": {"id": "cy"}, "value": 1},
        {"key": "flashcards-flipped", "user": "cy", "value": 1},
        {"key": "flashcards-flipped", "user": {"id": "cy"}},
        flip("cy", None, idempotencyKey=""),
        flip("cy", "2027-01-09"),
        flip("cy", "2027-01-09T08:00:00"),
        flip("cy", "2027-01-11T08:00:00Z"),
        flip("cy", "2027-01-09T11:00:00Z"),
        {"key": "no-such-metric", "user": {"id": "cy"}, "value": 1, "timestamp": NOW},
        flip("cy", "2027-01-10T09:00:00Z", 2),
        flip("cy", None, 3),
    ]
    response = call(batch)
    assert response.status_code == 202
    body = response.get_json()
    assert body["accepted"] == 2
    late = events.OUT_OF_ORDER.format(at="2027-01-09T11:00:00Z", latest="2027-01-09T12:00:00Z")
    assert late == (
        "Event at 2027-01-09T11:00:00Z is before this user's latest recorded event "
        "(2027-01-09T12:00:00Z): events are applied in time order, so only events at or "
        "after it can be added"
    )
    bad_time = "timestamp must be an ISO 8601 date and time with a zone, e.g. 2027-01-09T08:30:00Z"
    assert [(i["index"], i["severity"], i["message"]) for i in body["issues"]] == [
        (0, "error", "A metric event must be a JSON object"),
        (1, "error", "key is required, as a string"),
        (2, "error", "user is required, as an object with a string id"),
        (3, "error", "'value' is required and must be a number"),
        (4, "error", "idempotencyKey must be a string of 1 to 255 characters"),
        (5, "error", bad_time),
        (6, "error", bad_time),
        (7, "error", "timestamp is in the future: only past events can be backfilled"),
        (8, "error", late),
        (9, "error", "Metric 'no-such-metric' not found"),
    ]
    assert call.get("/users/cy/metrics/flashcards-flipped")["current"] == 6.0


WHOLE = {"error": "The body must be a JSON array of 1 to 1000 metric events"}


@pytest.mark.parametrize("body", [{}, [], "x", [flip("z", None)] * 1001])
def test_a_request_wrong_as_a_whole_is_422_and_writes_nothing(call, body):
    response = call(body)
    assert (response.status_code, response.get_json()) == (422, WHOLE)
    assert call.get("/users/z/metrics/flashcards-flipped") == {"error": "User 'z' not found"}


def test_1000_events_fit_in_one_batch(call):
    batch = [
        flip(f"u{n % 10}", "2027-01-09T08:00:00Z", 1, idempotencyKey=f"k{n}") for n in range(1000)
    ]
    assert call(batch).get_json() == {"accepted": 1000, "issues": []}
    assert call.get("/users/u0/metrics/flashcards-flipped")["current"] == 100.0


def test_every_answer_matches_trophys_admin_schemas(call):
    from tests.xp.contract import assert_matches_admin

    body = [flip("gus", "2027-01-09T08:00:00Z", 2, idempotencyKey="g1"), "bad"]
    for response, schema in [
        (call(body), "BatchEventsResponse"),
        (call(body), "BatchEventsResponse"),
        (call([]), "AdminErrorBody"),
    ]:
        assert_matches_admin(response.get_json(), schema)
        for issue in response.get_json().get("issues", []):
            assert_matches_admin(issue, "AdminIssue")
