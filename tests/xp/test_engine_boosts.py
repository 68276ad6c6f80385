"""Boosts multiply awards while they run: rounding, stacking, per user, local dates."""

from datetime import date
from types import SimpleNamespace

import pytest

from app.xp.engine.boosts import boosted
from app.xp.models.points import PointsSystem
from tests.xp.engagement_setup import add, at, boost, flip, xp_system
from tests.xp.streak_clock import TOKYO, wall

D = date.fromisoformat


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


def b(multiplier, rounding="down"):
    return SimpleNamespace(multiplier=multiplier, rounding=rounding)


@pytest.mark.parametrize(
    "points, multiplier, rounding, expected",
    [
        (5, 1.5, "down", 7),
        (5, 1.5, "up", 8),
        (5, 1.5, "nearest", 8),
        (7, 1.5, "nearest", 11),  # 10.5: halves go up
        (10, 1.1, "down", 11),  # exactly 11, not 11.000000000000002 or 10.99...
        (10, 1.1, "up", 11),
        (3, 0.5, "down", 1),
        (3, 0.5, "up", 2),
        (10, 2, "down", 20),
    ],
)
def test_rounding(points, multiplier, rounding, expected):
    assert boosted(points, [b(multiplier, rounding)]) == expected


def test_stacked_boosts_apply_one_after_another_each_with_its_rounding():
    assert boosted(10, [b(2), b(1.5)]) == 30
    assert boosted(5, [b(1.5, "down"), b(1.5, "up")]) == 11  # 7.5 -> 7, 10.5 -> 11
    assert boosted(5, [b(1.5, "up"), b(1.5, "down")]) == 12  # 7.5 -> 8, 12


def test_a_global_boost_doubles_awards_in_its_dates_and_is_listed_on_them(ctx):
    weekend = boost(2, D("2026-11-28"), D("2026-11-29"), name="Weekend Double XP")
    before = flip(5, when=at("2026-11-27"))["points"]["xp"]["awards"][0]
    assert (before["awarded"], before["boosts"]) == (10, [])
    during = flip(5, when=at("2026-11-28"))["points"]["xp"]
    assert during["added"] == 20
    assert during["awards"][0]["boosts"] == [
        {
            "id": weekend.uuid,
            "name": "Weekend Double XP",
            "status": "active",
            "start": "2026-11-28",
            "end": "2026-11-29",
            "multiplier": 2,
            "rounding": "down",
        }
    ]
    after = flip(5, when=at("2026-11-30"))["points"]["xp"]
    assert (after["added"], after["total"]) == (10, 40)


def test_stacked_boosts_multiply_and_are_listed_in_order(ctx):
    flip(0, user="ana")
    boost(1.5, D("2026-11-01"), D("2026-11-30"), rounding="up", user="ana", name="Mine")
    boost(2, D("2026-11-05"), name="Double")
    award = flip(5, when=at("2026-11-10"))["points"]["xp"]["awards"][0]
    assert award["awarded"] == 30  # 10 x 2 = 20, x 1.5 = 30
    assert [x["name"] for x in award["boosts"]] == ["Double", "Mine"]


def test_a_user_boost_applies_to_that_user_only(ctx):
    flip(0, user="ana")
    boost(3, D("2026-11-01"), D("2026-11-30"), user="ana", name="Comeback")
    assert flip(5, user="ana", when=at("2026-11-10"))["points"]["xp"]["added"] == 30
    assert flip(5, user="bo", when=at("2026-11-10"))["points"]["xp"]["added"] == 10
    boost(2, D("2026-11-01"), name="Everyone")
    ana = flip(5, user="ana", when=at("2026-11-11"))["points"]["xp"]
    assert ana["added"] == 60  # 10 x 2 (global first) x 3
    assert [x["name"] for x in ana["awards"][0]["boosts"]] == ["Everyone", "Comeback"]


def test_archived_boosts_and_other_systems_boosts_do_not_apply(ctx):
    archived = boost(2, D("2026-11-01"))
    archived.archived = True
    gems = add(PointsSystem(key="gems", name="Gems"))
    from app.xp.models.boosts import PointsBoost

    add(PointsBoost(system_id=gems.id, name="Gems x5", start_date=D("2026-11-01"), multiplier=5))
    assert flip(5, when=at("2026-11-10"))["points"]["xp"]["added"] == 10


def test_a_boost_follows_the_users_local_date(ctx):
    boost(2, D("2026-11-28"), D("2026-11-28"))
    # 23:30 on Friday 27 in UTC is Saturday 28 in Tokyo.
    tokyo = flip(5, user="kenji", tz=TOKYO, when=wall("2026-11-28 08:30", TOKYO))
    assert tokyo["points"]["xp"]["added"] == 20
    utc = flip(5, user="ana", when=at("2026-11-27", 23))
    assert utc["points"]["xp"]["added"] == 10


def test_a_boost_never_lifts_a_total_above_the_maximum(ctx):
    boost(2, D("2026-11-01"))
    xp_system().max_points = 15
    add(xp_system())
    response = flip(5, when=at("2026-11-10"))["points"]["xp"]
    assert (response["added"], response["total"]) == (15, 15)
