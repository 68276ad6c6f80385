"""Levels: the EventResponse's `level` when it changes, the user's current level, and
GET /points/{key}/levels and /level-summary. The seeded XP system has Novice 0,
Apprentice 100, Scholar 500, Expert 2,500 and Master 10,000; +10 XP every 5 flips and +50
every 25."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsLevel, PointsSystem, PointsTrigger
from tests.xp.contract import assert_matches
from tests.xp.test_api import XpApi, assert_error
from tests.xp.test_engine import add_system

FLIPPED = "flashcards-flipped"


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


@pytest.fixture
def api(client, seeded, api_key):
    return XpApi(client, api_key)


def flip(value, user="ana", **kwargs):
    return record_event(FLIPPED, {"id": user}, value, **kwargs)


def level_of(key: str) -> dict:
    level = db.session.scalar(select(PointsLevel).where(PointsLevel.key == key))
    return {
        "id": level.uuid,
        "key": key,
        "name": level.name,
        "description": level.description,
        "badgeUrl": None,
        "points": level.points,
    }


def add_levels(system: PointsSystem, *levels: tuple[str, int]) -> None:
    for key, points in levels:
        db.session.add(PointsLevel(system_id=system.id, key=key, name=key.title(), points=points))
    db.session.commit()


@contextmanager
def level_reads():
    """The SQL statements that read xp_points_level inside the block."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if "xp_points_level" in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


# --- the engine ------------------------------------------------------------------------------


def test_event_reaching_a_threshold_reports_the_new_level(ctx):
    assert flip(24)["points"]["xp"]["total"] == 40

    xp = flip(1)["points"]["xp"]

    assert (xp["total"], xp["added"]) == (100, 60)
    assert xp["level"] == level_of("apprentice")
    assert xp["level"]["name"] == "Apprentice"


def test_level_is_absent_while_it_does_not_change(ctx):
    # 0 XP is already Novice, so the first award (10 XP) changes no level.
    first = flip(5)["points"]["xp"]
    flip(15)
    crossing = flip(5)["points"]["xp"]
    after = flip(5)["points"]["xp"]

    assert (first["total"], "level" in first) == (10, False)
    assert (crossing["total"], crossing["level"]["key"]) == (100, "apprentice")
    assert (after["total"], "level" in after) == (110, False)


def test_one_event_passing_several_levels_reports_the_highest(ctx):
    xp = flip(250)["points"]["xp"]

    assert xp["total"] == 1000  # 50 x 10 + 10 x 50
    assert xp["level"] == level_of("scholar")


def test_systems_without_levels_never_carry_a_level(ctx):
    add_system("gems", triggers=((5, 2),))

    points = flip(26)["points"]

    assert points["gems"]["total"] == 65
    assert "level" not in points["gems"]
    assert points["xp"]["level"]["key"] == "apprentice"


def test_falling_to_a_lower_level_reports_it_and_below_the_first_reports_nothing(ctx):
    db.session.add(Metric(key="mistakes", name="Mistakes"))
    db.session.commit()
    gems = add_system("gems", triggers=((10, 1),))
    add_levels(gems, ("bronze", 10), ("silver", 20))
    mistakes = db.session.scalar(select(Metric).where(Metric.key == "mistakes"))
    db.session.add(
        PointsTrigger(system_id=gems.id, metric_id=mistakes.id, points=-15, metric_threshold=1)
    )
    db.session.commit()

    up = flip(3)["points"]["gems"]
    down = record_event("mistakes", {"id": "ana"}, 1)["points"]["gems"]
    below = record_event("mistakes", {"id": "ana"}, 1)["points"]["gems"]

    assert (up["total"], up["level"]["key"]) == (30, "silver")
    assert (down["total"], down["level"]["key"]) == (15, "bronze")
    assert (below["total"], "level" in below) == (0, False)


def test_event_that_pays_nothing_reads_no_levels_and_one_that_pays_reads_them_once(ctx):
    add_system("gems", triggers=((5, 2),))
    with level_reads() as quiet:
        flip(1)
    with level_reads() as paying:
        flip(30)  # pays in two systems

    assert len(quiet) == 0
    assert len(paying) == 1


def test_idempotent_replay_reports_the_level_the_original_event_reached(ctx):
    flip(24)
    first = flip(1, idempotency_key="k-1")
    replay = flip(1, idempotency_key="k-1")

    assert replay["idempotentReplayed"] is True
    assert replay["points"]["xp"]["level"] == first["points"]["xp"]["level"]
    assert replay["points"]["xp"]["level"]["key"] == "apprentice"


def test_changed_thresholds_apply_to_the_next_event(ctx):
    apprentice = db.session.scalar(select(PointsLevel).where(PointsLevel.key == "apprentice"))
    apprentice.points = 40
    db.session.commit()

    xp = flip(20)["points"]["xp"]

    assert (xp["total"], xp["level"]["key"], xp["level"]["points"]) == (40, "apprentice", 40)


# --- the API ---------------------------------------------------------------------------------


def test_user_points_carry_the_current_level(app, api):
    api.event({"id": "ana"}, 24)
    at_40 = api.points("ana").get_json()
    api.event({"id": "ana"}, 1)
    at_100 = api.points("ana").get_json()

    assert_matches(at_100, "GetUserPointsResponse")
    assert (at_40["total"], at_40["level"]["key"]) == (40, "novice")
    with app.app_context():
        assert (at_100["total"], at_100["level"]) == (100, level_of("apprentice"))


def test_user_points_level_is_null_without_levels(app, api):
    with app.app_context():
        add_system("gems", triggers=((5, 2),))
    api.event({"id": "ana"}, 4)

    body = api.points("ana", "gems").get_json()

    assert_matches(body, "GetUserPointsResponse")
    assert (body["total"], body["level"]) == (10, None)


def test_event_response_with_a_level_matches_trophys_schema(api):
    body = api.event({"id": "ana"}, 25).get_json()

    assert_matches(body, "EventResponse")
    assert body["points"]["xp"]["level"]["name"] == "Apprentice"


def test_levels_are_listed_lowest_first(app, api):
    response = api.get("/api/v1/points/xp/levels")

    assert response.status_code == 200
    body = response.get_json()
    for level in body:
        assert_matches(level, "PointsLevel")
    assert [(lv["key"], lv["name"], lv["points"]) for lv in body] == [
        ("novice", "Novice", 0),
        ("apprentice", "Apprentice", 100),
        ("scholar", "Scholar", 500),
        ("expert", "Expert", 2500),
        ("master", "Master", 10000),
    ]
    with app.app_context():
        assert body[1] == level_of("apprentice")


def test_levels_of_a_system_without_levels_are_empty(app, api):
    with app.app_context():
        add_system("gems")

    assert api.get("/api/v1/points/gems/levels").get_json() == []


@pytest.mark.parametrize("suffix", ["levels", "level-summary"])
def test_levels_of_an_unknown_system_are_not_found(api, suffix):
    assert_error(api.get(f"/api/v1/points/coins/{suffix}"), 404, "Points system 'coins' not found")


def test_level_summary_counts_users_per_level_including_users_with_no_points(api):
    api.event({"id": "ana"}, 25)  # 100 XP: Apprentice
    api.event({"id": "bo"}, 250)  # 1,000 XP: Scholar
    api.event({"id": "cy"}, 5)  # 10 XP: Novice
    api.event({"id": "di"}, 1)  # no XP yet: Novice all the same

    response = api.get("/api/v1/points/xp/level-summary")

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "PointsLevelSummaryResponse")
    assert [(row["level"]["key"], row["users"]) for row in body] == [
        ("novice", 2),
        ("apprentice", 1),
        ("scholar", 1),
        ("expert", 0),
        ("master", 0),
    ]


def test_level_summary_leaves_out_users_below_the_first_level(app, api):
    with app.app_context():
        gems = add_system("gems", triggers=((5, 2),))
        add_levels(gems, ("bronze", 20), ("silver", 50))
    api.event({"id": "ana"}, 8)  # 20 gems: Bronze
    api.event({"id": "bo"}, 2)  # 5 gems: below Bronze

    body = api.get("/api/v1/points/gems/level-summary").get_json()

    assert [(row["level"]["key"], row["users"]) for row in body] == [("bronze", 1), ("silver", 0)]
