"""GET /api/v1/points/{key} and /points/{key}/summary, as Trophy's Application API."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem, PointsTrigger, UserPointsTotal
from app.xp.models.users import XpUser
from tests.xp.contract import assert_matches
from tests.xp.test_api import assert_error, record_at


@pytest.fixture
def headers(seeded, api_key):
    return {"X-API-KEY": api_key}


def get(client, headers, url, **params):
    return client.get(url, query_string=params, headers=headers)


def change_xp(app, **fields):
    with app.app_context():
        system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
        for name, value in fields.items():
            setattr(system, name, value)
        db.session.commit()


def add_xp_trigger(app, points, threshold, status):
    with app.app_context():
        system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
        metric = db.session.scalar(select(Metric).where(Metric.key == "flashcards-flipped"))
        db.session.add(
            PointsTrigger(
                system_id=system.id,
                type="metric",
                points=points,
                metric_id=metric.id,
                metric_threshold=threshold,
                status=status,
            )
        )
        db.session.commit()


# --- GET /points/{key} ---------------------------------------------------------------------------


def test_points_system_lists_its_active_triggers(app, client, headers):
    response = get(client, headers, "/api/v1/points/xp")

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "PointsSystemResponse")
    with app.app_context():
        system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
        assert body["id"] == system.uuid
    assert {k: body[k] for k in ("key", "name", "description", "badgeUrl", "maxPoints")} == {
        "key": "xp",
        "name": "XP",
        "description": "Experience points for studying",
        "badgeUrl": None,
        "maxPoints": None,
    }
    assert [
        (t["type"], t["points"], t["status"], t["metricName"], t["metricThreshold"])
        for t in body["triggers"]
    ] == [
        ("metric", 10, "active", "Flashcards Flipped", 5),
        ("metric", 50, "active", "Flashcards Flipped", 25),
        ("metric", 10, "active", "Cards Reviewed", 10),
    ]


def test_points_system_leaves_out_inactive_and_archived_triggers(app, client, headers):
    add_xp_trigger(app, 5, 1, "inactive")
    add_xp_trigger(app, 20, 10, "archived")
    add_xp_trigger(app, 100, 50, "active")

    body = get(client, headers, "/api/v1/points/xp").get_json()

    assert_matches(body, "PointsSystemResponse")
    assert [(t["points"], t["metricThreshold"]) for t in body["triggers"]] == [
        (10, 5),
        (50, 25),
        (10, 10),
        (100, 50),
    ]


def test_points_system_reports_its_badge_and_maximum(app, client, headers):
    change_xp(app, badge_url="https://example.com/xp.png", max_points=1000)

    body = get(client, headers, "/api/v1/points/xp").get_json()

    assert_matches(body, "PointsSystemResponse")
    assert (body["badgeUrl"], body["maxPoints"]) == ("https://example.com/xp.png", 1000)


def test_archived_points_system_is_still_found(app, client, headers):
    change_xp(app, status="archived")

    response = get(client, headers, "/api/v1/points/xp")

    assert response.status_code == 200
    assert_matches(response.get_json(), "PointsSystemResponse")


# --- GET /points/{key}/summary -------------------------------------------------------------------


def test_points_summary_counts_users_per_range(app, client, headers):
    record_at(app, {"id": "ana"}, 25, datetime(2024, 1, 1, tzinfo=UTC))  # 100 XP
    record_at(app, {"id": "ben"}, 5, datetime(2024, 1, 1, tzinfo=UTC))  # 10 XP
    record_at(app, {"id": "carl"}, 1, datetime(2024, 1, 1, tzinfo=UTC))  # 0 XP

    response = get(client, headers, "/api/v1/points/xp/summary")

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "PointsSummaryResponse")
    assert body == [
        {"from": 0, "to": 0, "users": 1},
        {"from": 1, "to": 10, "users": 1},
        *({"from": f, "to": f + 9, "users": 0} for f in range(11, 91, 10)),
        {"from": 91, "to": 100, "users": 1},
    ]


def test_points_summary_rounds_the_greatest_total_up_to_a_power_of_ten(app, client, headers):
    with app.app_context():
        system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
        for external_id, total in (("ana", 4330), ("ben", -20)):
            user = XpUser(external_id=external_id)
            db.session.add(user)
            db.session.flush()
            db.session.add(UserPointsTotal(user_id=user.id, system_id=system.id, total=total))
        db.session.commit()

    body = get(client, headers, "/api/v1/points/xp/summary").get_json()

    assert_matches(body, "PointsSummaryResponse")
    assert [(r["from"], r["to"], r["users"]) for r in body] == [(0, 0, 1)] + [
        (1000 * n + 1, 1000 * (n + 1), 1 if n == 4 else 0) for n in range(10)
    ]


def test_points_summary_without_users_is_eleven_empty_ranges(client, headers):
    body = get(client, headers, "/api/v1/points/xp/summary").get_json()

    assert_matches(body, "PointsSummaryResponse")
    assert body == [{"from": n, "to": n, "users": 0} for n in range(11)]


def test_points_summary_refuses_user_attribute_filters(client, headers):
    response = get(client, headers, "/api/v1/points/xp/summary", userAttributes="plan:premium")

    assert_error(response, 422, "'userAttributes' filters are not supported")


# --- Errors --------------------------------------------------------------------------------------

URLS = ["/api/v1/points/xp", "/api/v1/points/xp/summary"]


@pytest.mark.parametrize("url", URLS, ids=["system", "summary"])
def test_points_request_without_api_key_is_401(client, seeded, url):
    assert_error(client.get(url), 401, "Missing API key: send it in the X-API-KEY header")


@pytest.mark.parametrize("url", URLS, ids=["system", "summary"])
def test_points_request_with_wrong_api_key_is_401(client, seeded, api_key, url):
    response = client.get(url, headers={"X-API-KEY": api_key + "x"})
    assert_error(response, 401, "Invalid or revoked API key")


@pytest.mark.parametrize(
    "url", ["/api/v1/points/coins", "/api/v1/points/coins/summary"], ids=["system", "summary"]
)
def test_unknown_points_system_is_404(client, headers, url):
    assert_error(get(client, headers, url), 404, "Points system 'coins' not found")
