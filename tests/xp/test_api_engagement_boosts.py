"""GET /points/{key}/boosts and /users/{id}/points/{key}/boosts, as Trophy's Application API."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.boosts import PointsBoost
from app.xp.models.points import PointsSystem
from app.xp.models.users import XpUser
from app.xp.queries.boosts import points_boosts, user_points_boosts
from tests.xp.contract import assert_matches
from tests.xp.test_api import assert_error
from tests.xp.test_api_engagement import add_users, get


@pytest.fixture
def headers(seeded, api_key):
    return {"X-API-KEY": api_key}


def add_boost(app, name: str, start: date, end: date | None, user_id: str | None = None, **f):
    with app.app_context():
        system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
        user = None
        if user_id is not None:
            user = db.session.scalar(select(XpUser).where(XpUser.external_id == user_id))
        db.session.add(
            PointsBoost(
                system_id=system.id,
                user_id=user.id if user else None,
                name=name,
                start_date=start,
                end_date=end,
                multiplier=f.pop("multiplier", 2),
                **f,
            )
        )
        db.session.commit()


@pytest.fixture
def boosts(app, seeded, clock):
    """Around today's UTC date: a finished, an active, a scheduled and an archived global
    boost, and an active one for ana."""
    today = clock.today()
    add_users(app, "ana", "ben")
    add_boost(app, "Last week", today - timedelta(days=9), today - timedelta(days=3))
    add_boost(app, "Weekend", today - timedelta(days=1), today + timedelta(days=1))
    add_boost(app, "Next month", today + timedelta(days=30), None, multiplier=1.5)
    add_boost(app, "Scrapped", today, today, archived=True)
    add_boost(app, "Ana's comeback", today - timedelta(days=2), None, "ana", rounding="up")
    return today


def test_points_boosts_are_the_global_running_and_scheduled_ones(boosts, client, headers):
    response = get(client, headers, "/api/v1/points/xp/boosts")

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "PointsBoostsResponse")
    assert [(b["name"], b["status"], b["multiplier"]) for b in body] == [
        ("Weekend", "active", 2),
        ("Next month", "scheduled", 1.5),
    ]
    weekend = body[0]
    assert (weekend["start"], weekend["end"], weekend["rounding"]) == (
        (boosts - timedelta(days=1)).isoformat(),
        (boosts + timedelta(days=1)).isoformat(),
        "down",
    )
    assert body[1]["end"] is None


def test_include_finished_adds_the_finished_ones(boosts, client, headers):
    response = get(client, headers, "/api/v1/points/xp/boosts", includeFinished="true")

    assert [(b["name"], b["status"]) for b in response.get_json()] == [
        ("Last week", "finished"),
        ("Weekend", "active"),
        ("Next month", "scheduled"),
    ]


def test_include_finished_other_than_true_or_false_is_a_422(boosts, client, headers):
    response = get(client, headers, "/api/v1/points/xp/boosts", includeFinished="1")

    assert_error(response, 422, "'includeFinished' must be true or false, not '1'")


def test_boosts_of_an_unknown_points_system_are_a_404(boosts, client, headers):
    assert_error(
        get(client, headers, "/api/v1/points/coins/boosts"), 404, "Points system 'coins' not found"
    )
    assert_error(
        get(client, headers, "/api/v1/users/ana/points/coins/boosts"),
        404,
        "Points system 'coins' not found",
    )


def test_user_boosts_are_the_global_ones_then_their_own(boosts, client, headers):
    ana = get(client, headers, "/api/v1/users/ana/points/xp/boosts")
    ben = get(client, headers, "/api/v1/users/ben/points/xp/boosts")

    assert ana.status_code == 200
    assert_matches(ana.get_json(), "UsersPointsBoostsResponse")
    assert [(b["name"], b["status"], b["rounding"]) for b in ana.get_json()] == [
        ("Weekend", "active", "down"),
        ("Next month", "scheduled", "down"),
        ("Ana's comeback", "active", "up"),
    ]
    assert [b["name"] for b in ben.get_json()] == ["Weekend", "Next month"]


def test_user_boosts_of_an_unknown_user_are_a_404(boosts, client, headers):
    response = get(client, headers, "/api/v1/users/nobody/points/xp/boosts")

    assert_error(response, 404, "User 'nobody' not found")


def test_user_boosts_are_dated_by_the_users_own_calendar(app, seeded, clock):
    # 20:00 UTC on the 26th is already the 27th in Kiritimati (UTC+14).
    add_users(app, "kiri", tz="Pacific/Kiritimati")
    add_users(app, "london", tz="Europe/London")
    add_boost(app, "Ends on the 26th", date(2026, 11, 20), date(2026, 11, 26))
    add_boost(app, "Starts on the 27th", date(2026, 11, 27), None)
    clock.set(datetime(2026, 11, 26, 20, tzinfo=UTC))

    with app.app_context():
        kiri = user_points_boosts("kiri", "xp")
        london = user_points_boosts("london", "xp")
        global_list = points_boosts("xp", include_finished=True)

    assert [(b["name"], b["status"]) for b in kiri] == [("Starts on the 27th", "active")]
    assert [(b["name"], b["status"]) for b in london] == [
        ("Ends on the 26th", "active"),
        ("Starts on the 27th", "scheduled"),
    ]
    # The system's own list is dated in UTC.
    assert [b["status"] for b in global_list] == ["active", "scheduled"]
