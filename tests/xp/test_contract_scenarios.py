"""Answers whose shape depends on the data match Trophy's schemas and StudyXP's document.

Replays, empty histories, archived points systems and metrics, clamped awards, fractional
and negative totals, the longest lists, user ids with slashes and the legacy event path.
"""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem
from tests.xp.contract import Api, assert_contract

STORY_USER = {"id": "42", "email": "ana@example.com", "tz": "Europe/London"}


@pytest.fixture
def api(app, client, seeded, api_key):
    """The API, on seed.py's set-up with user 42 at 25 flips (100 XP)."""
    with app.app_context():
        record_event("flashcards-flipped", STORY_USER, 25, at=datetime(2026, 11, 2, tzinfo=UTC))
    return Api(client, api_key)


def change(app, model, key: str, **fields):
    with app.app_context():
        row = db.session.scalar(select(model).where(model.key == key))
        for name, value in fields.items():
            setattr(row, name, value)
        db.session.commit()


def test_replay_answers_202_with_the_original_event_in_both_shapes(api):
    first = assert_contract(api.call("metrics_event"), "metrics_event")
    replay = api.call("metrics_event", body={"user": {"id": "18"}, "value": 99})

    assert replay.status_code == 202
    body = assert_contract(replay, "metrics_event")
    assert body == {**first, "idempotentReplayed": True}
    assert (body["total"], body["points"]["xp"]["total"]) == (5, 10)


def test_event_that_earns_nothing_has_empty_points(api):
    response = api.call("metrics_event", body={"user": {"id": "new"}, "value": 4.5}, headers={})

    body = assert_contract(response, "metrics_event")
    assert (body["total"], body["points"]) == (4.5, {})
    assert "idempotencyKey" not in body and "idempotentReplayed" not in body


def test_negative_event_lowers_the_total_and_awards_nothing(api):
    body = assert_contract(
        api.call("metrics_event", body={"user": STORY_USER, "value": -30}), "metrics_event"
    )

    assert (body["total"], body["points"]) == (-5, {})


def test_user_without_history_has_zero_points_and_empty_periods(api):
    assert_contract(api.call("users_create", body={"id": "fresh"}), "users_create")
    fresh = {"id": "fresh"}

    points = assert_contract(api.call("users_points", path=fresh), "users_points")
    summary = assert_contract(
        api.call("users_points_event_summary", path=fresh), "users_points_event_summary"
    )
    metrics = assert_contract(api.call("users_all_metrics", path=fresh), "users_all_metrics")
    user = assert_contract(api.call("users_get", path=fresh), "users_get")

    # 0 points is already seed.py's first level, Novice.
    assert (points["total"], points["awards"], points["level"]["key"]) == (0, [], "novice")
    assert [(row["total"], row["change"]) for row in summary] == [(0, 0)] * 6
    assert [(m["key"], m["current"]) for m in metrics] == [
        ("cards-reviewed", 0),
        ("flashcards-flipped", 0),
    ]
    assert (user["email"], user["tz"], user["attributes"]) == (None, None, {})


def test_archived_points_system_is_found_and_pays_nothing(app, api):
    change(app, PointsSystem, "xp", status="archived")

    system = assert_contract(api.call("points_system"), "points_system")
    event = assert_contract(
        api.call("metrics_event", body={"user": STORY_USER, "value": 25}), "metrics_event"
    )
    points = assert_contract(api.call("users_points"), "users_points")

    assert [t["metricThreshold"] for t in system["triggers"]] == [5, 25, 10]
    assert (event["total"], event["points"]) == (50, {})
    assert points["total"] == 100


def test_archived_metric_refuses_events_but_keeps_its_history(app, api):
    change(app, Metric, "flashcards-flipped", status="archived")

    refused = api.call("metrics_event")
    single = assert_contract(api.call("users_single_metric"), "users_single_metric")
    all_metrics = assert_contract(api.call("users_all_metrics"), "users_all_metrics")

    assert refused.status_code == 422
    assert assert_contract(refused, "metrics_event") == {
        "error": "Metric 'flashcards-flipped' is archived and accepts no events"
    }
    assert (single["key"], single["current"]) == ("flashcards-flipped", 25)
    with app.app_context():
        reviewed = db.session.scalar(select(Metric.uuid).where(Metric.key == "cards-reviewed"))
    assert all_metrics == [
        {
            "id": reviewed,
            "key": "cards-reviewed",
            "name": "Cards Reviewed",
            "current": 0,
            "achievements": [],
        }
    ]


def test_clamped_award_reports_what_was_given(app, api):
    change(app, PointsSystem, "xp", max_points=130)

    body = assert_contract(
        api.call("metrics_event", body={"user": STORY_USER, "value": 25}), "metrics_event"
    )

    xp = body["points"]["xp"]
    assert (xp["maxPoints"], xp["added"], xp["total"]) == (130, 30, 130)
    assert [(a["awarded"], a["total"]) for a in xp["awards"]] == [(30, 130)]


def test_most_awards_and_longest_summary_match_both_schemas(api):
    for _ in range(12):
        api.call("metrics_event", body={"user": STORY_USER, "value": 5}, headers={})

    points = assert_contract(api.call("users_points", query={"awards": 100}), "users_points")
    daily = {"aggregation": "daily", "startDate": "2026-01-01", "endDate": "2027-02-05"}
    summary = assert_contract(
        api.call("users_points_event_summary", query=daily), "users_points_event_summary"
    )
    metric = assert_contract(
        api.call("users_metric_event_summary", query=daily), "users_metric_event_summary"
    )

    # 85 flips: 17 x 10 XP and 3 x 50 XP, in 2 + 12 + 2 awards.
    assert (points["total"], len(points["awards"])) == (320, 16)
    assert len(summary) == len(metric) == 401
    assert (summary[0]["date"], summary[-1]["date"]) == ("2026-01-01", "2027-02-05")


def test_fractional_metric_totals_stay_numbers(api, clock):
    year = clock.today().year  # the events' year, whatever the date
    for value in (0.1, 0.2):
        api.call("metrics_event", body={"user": {"id": "frac"}, "value": value}, headers={})

    single = assert_contract(
        api.call("users_single_metric", path={"id": "frac"}), "users_single_metric"
    )
    monthly = {"aggregation": "monthly", "startDate": f"{year}-01-01", "endDate": f"{year}-12-31"}
    rows = assert_contract(
        api.call("users_metric_event_summary", path={"id": "frac"}, query=monthly),
        "users_metric_event_summary",
    )

    assert single["current"] == 0.3
    assert len(rows) == 12 and rows[-1]["total"] == 0.3


def test_user_ids_with_slashes_round_trip_in_every_user_path(api):
    user = {"id": "team/ana/2"}
    created = assert_contract(
        api.call("users_create", body={**user, "name": "Ana"}), "users_create"
    )

    for operation_id in ("users_get", "users_points", "users_all_metrics", "users_update"):
        response = api.call(operation_id, path=user, body={"attributes": {"team": "a/b"}})
        assert response.status_code == 200, operation_id
        assert_contract(response, operation_id)
    got = assert_contract(api.call("users_get", path=user), "users_get")

    assert created["id"] == got["id"] == "team/ana/2"
    assert got["attributes"] == {"team": "a/b"}


def test_legacy_event_path_answers_the_same_contract(client, api, api_key):
    body = {"user": {"id": "legacy"}, "value": 5}
    response = client.post(
        "/api/metrics/flashcards-flipped/event", json=body, headers={"X-API-KEY": api_key}
    )

    assert response.status_code == 201
    assert assert_contract(response, "metrics_event")["points"]["xp"]["added"] == 10
