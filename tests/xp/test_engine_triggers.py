"""The streak-free trigger types: user_creation and time (with `flask xp tick`)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.xp.engine import seen
from app.xp.engine.users import create_user, identify_user, update_user
from app.xp.models.points import PointsAward, UserPointsTotal
from tests.xp.engagement_setup import at, flip, trigger
from tests.xp.streak_clock import LONDON, wall


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


def typed(response, kind):
    awards = response["points"].get("xp", {}).get("awards", [])
    return [a["awarded"] for a in awards if a["trigger"]["type"] == kind]


def xp_total(user_id=1):
    return db.session.scalar(
        select(UserPointsTotal.total).where(UserPointsTotal.user_id == user_id)
    )


def test_user_creation_pays_once_when_an_event_first_identifies_the_user(ctx):
    welcome = trigger("user_creation", 100)
    first = flip(0)
    assert typed(first, "user_creation") == [100]
    assert first["points"]["xp"]["awards"][0]["trigger"] == {
        "id": welcome.uuid,
        "type": "user_creation",
        "points": 100,
        "status": "active",
        "userAttributes": [],
        "created": first["points"]["xp"]["awards"][0]["trigger"]["created"],
        "updated": first["points"]["xp"]["awards"][0]["trigger"]["updated"],
    }
    assert typed(flip(0), "user_creation") == []
    assert xp_total() == 100


def test_user_creation_pays_for_users_made_by_the_users_api_but_not_for_known_ones(ctx):
    flip(0, user="old")
    trigger("user_creation", 100)
    create_user({"id": "made"})
    identify_user("put", {"name": "Put"})
    identify_user("old", {"name": "Old"})
    update_user("old", {"name": "Older"})
    paid = dict(
        db.session.execute(
            select(PointsAward.user_id, func.sum(PointsAward.awarded)).group_by(PointsAward.user_id)
        ).all()
    )
    assert paid == {2: 100, 3: 100}


def test_a_daily_time_trigger_pays_each_local_day_since_first_seen_when_next_seen(ctx):
    trigger("time", 5, time_unit="day", time_interval=1)
    flip(0, tz=LONDON, when=wall("2026-03-27 23:00", LONDON))
    # Three local days later, across the 23-hour DST day: three intervals, one award.
    response = flip(0, tz=LONDON, when=wall("2026-03-30 00:30", LONDON))
    assert typed(response, "time") == [15]
    assert response["points"]["xp"]["awards"][0]["trigger"]["timeUnit"] == "day"
    assert response["points"]["xp"]["awards"][0]["trigger"]["timeInterval"] == 1
    assert typed(flip(0, tz=LONDON, when=wall("2026-03-30 23:00", LONDON)), "time") == []


def test_tick_pays_what_is_due_once_and_then_nothing(ctx):
    trigger("time", 20, time_unit="hour", time_interval=6)
    start = at("2026-11-01", 0)
    flip(0, user="ana", when=start)
    flip(0, user="bo", when=start + timedelta(hours=5))
    assert seen.tick(start + timedelta(hours=13)) == {"users": 2, "awards": 2, "points": 60}
    assert seen.tick(start + timedelta(hours=13)) == {"users": 0, "awards": 0, "points": 0}
    # At 17 hours ana has had 2 intervals already; bo (12 hours) reaches his second.
    assert seen.tick(start + timedelta(hours=17)) == {"users": 1, "awards": 1, "points": 20}
    totals = dict(db.session.execute(select(UserPointsTotal.user_id, UserPointsTotal.total)).all())
    assert totals == {1: 40, 2: 40}


def test_a_time_trigger_created_later_pays_only_from_then_on(ctx):
    flip(0, when=at("2026-01-01"))
    trigger("time", 5, time_unit="day", time_interval=1)
    # The trigger did not exist during the user's first ~300 days: nothing for them.
    later = at("2026-11-26") + timedelta(days=400)
    assert seen.tick(later) == {"users": 0, "awards": 0, "points": 0}
    assert seen.tick(later + timedelta(days=2)) == {"users": 1, "awards": 1, "points": 10}


def test_the_tick_command_prints_what_it_paid(ctx):
    trigger("time", 5, time_unit="hour", time_interval=1)
    flip(0, when=at("2026-01-01"))
    result = ctx.test_cli_runner().invoke(args=["xp", "tick"])
    assert result.exit_code == 0
    assert result.output.startswith("Paid ")
    assert "in 1 awards to 1 users" in result.output


def test_verify_accepts_awards_that_no_event_caused(ctx):
    trigger("user_creation", 100)
    trigger("time", 5, time_unit="hour", time_interval=1)
    create_user({"id": "made"})
    flip(3, when=at("2026-01-01"))
    seen.tick(at("2026-01-02"))
    assert db.session.scalar(select(func.count()).where(PointsAward.event_id.is_(None))) >= 2
    result = ctx.test_cli_runner().invoke(args=["xp", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")


def test_a_time_trigger_pays_nothing_for_the_days_it_was_switched_off(ctx):
    from app.xp.admin.triggers import set_trigger_status

    daily = trigger("time", 5, time_unit="day", time_interval=1)
    flip(0, when=at("2026-11-01"))
    assert typed(flip(0, when=at("2026-11-03")), "time") == [10]
    set_trigger_status(daily, "inactive")
    assert typed(flip(0, when=at("2026-11-06")), "time") == []
    set_trigger_status(daily, "active")
    # Back on: the days it was off (4 to 8 November) are not paid; from now on they are.
    assert typed(flip(0, when=at("2026-11-08")), "time") == []
    assert typed(flip(0, when=at("2026-11-10")), "time") == [10]
