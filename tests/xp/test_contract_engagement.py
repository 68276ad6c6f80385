"""The achievement, streak and boost operations: every documented answer is real and matches
Trophy's schema and StudyXP's document, and every example is what StudyXP answers.

The answers are the second chapter of the document's story
(app/xp/openapi/examples/achievements_streaks_boosts.py), replayed at its fixed "now";
test_contract.py leaves these operations to this file.
"""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.achievements import Achievement
from app.xp.models.boosts import PointsBoost
from app.xp.models.points import PointsSystem, PointsTrigger
from app.xp.models.users import XpUser
from app.xp.openapi.document import SECOND_CHAPTER_OPERATIONS
from app.xp.openapi.examples import achievements_streaks_boosts as ex
from app.xp.openapi.examples.achievements_streaks_boosts import STORY as SECOND_CHAPTER_STORY
from tests.xp.contract import Api, assert_contract, find_operation, studyxp_document
from tests.xp.test_contract import OVERSIZED, check_documented_answer
from tests.xp.test_openapi import masked

DOCUMENT = studyxp_document()


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture
def frozen_now(clock):
    """The clock stands at the chapter's "now"."""
    return clock.set(instant(ex.NOW))


@pytest.fixture
def chapter(app, seeded, frozen_now):
    """The second chapter of the story, up to its reads."""
    from seed import seed_engagement

    with app.app_context():
        seed_engagement()
        for user, at, value in ex.FIRST_CHAPTER:
            record_event("flashcards-flipped", user, value, at=instant(at))
        xp = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
        onboarding = Achievement(trigger="api", **ex.ONBOARDING)
        db.session.add(onboarding)
        db.session.flush()
        db.session.add(
            PointsTrigger(
                system_id=xp.id,
                type="achievement",
                achievement_id=onboarding.id,
                points=ex.ONBOARDING_POINTS,
            )
        )
        for name, start, end, multiplier, rounding, user_id in ex.BOOSTS:
            user = None
            if user_id is not None:
                user = db.session.scalar(select(XpUser).where(XpUser.external_id == user_id))
            db.session.add(
                PointsBoost(
                    system_id=xp.id,
                    user_id=user.id if user else None,
                    name=name,
                    start_date=date.fromisoformat(start),
                    end_date=date.fromisoformat(end) if end else None,
                    multiplier=multiplier,
                    rounding=rounding,
                )
            )
        db.session.commit()
        for user, at, value in ex.EVENTS:
            record_event("flashcards-flipped", user, value, at=instant(at))
    return app


@pytest.fixture
def api(client, chapter, api_key):
    return Api(client, api_key)


def test_the_story_covers_every_engagement_success_example():
    with_examples = set()
    for operation_id in SECOND_CHAPTER_OPERATIONS:
        _, _, op = find_operation(DOCUMENT, operation_id)
        with_examples |= {(operation_id, s) for s in op["responses"] if s.startswith("2")}
    assert set(SECOND_CHAPTER_STORY) == with_examples


def test_every_engagement_example_is_what_studyxp_answers(api):
    for operation_id, status in SECOND_CHAPTER_STORY:
        _, _, op = find_operation(DOCUMENT, operation_id)
        response = api.call(operation_id)
        media = op["responses"][status]["content"]["application/json"]
        example = next(iter(media["examples"].values()))["value"]
        assert response.status_code == int(status), (operation_id, response.get_json())
        assert masked(assert_contract(response, operation_id)) == masked(example), operation_id


# --- every documented answer, for real --------------------------------------------------------

DOCUMENTED = sorted(
    (op["operationId"], status)
    for item in DOCUMENT["paths"].values()
    for op in item.values()
    if op.get("operationId") in SECOND_CHAPTER_OPERATIONS
    for status in op["responses"]
)
UNKNOWN_USER = {"id": "nobody"}
COINS = {"key": "coins"}
# (operationId, status): (the call, the start of its error message).
RECIPES = {
    ("achievements_all", "422"): (
        lambda api: api.call("achievements_all", query={"userAttributes": "plan"}),
        "'userAttributes' must be name:value pairs separated by commas",
    ),
    ("achievements_complete", "400"): (
        lambda api: api.call("achievements_complete", raw="[1]"),
        'The body must be a JSON object like {"user": {"id": "18"}}',
    ),
    ("achievements_complete", "404"): (
        lambda api: api.call("achievements_complete", path={"key": "no-such"}),
        "Achievement 'no-such' not found",
    ),
    ("achievements_complete", "413"): (
        lambda api: api.call("achievements_complete", raw=OVERSIZED),
        "The request body must be at most 65536 bytes",
    ),
    ("achievements_complete", "422"): (
        lambda api: api.call("achievements_complete", path={"key": "flips-10"}),
        "Achievement 'flips-10' is completed by its metric trigger, not through the API",
    ),
    ("users_achievements", "404"): (
        lambda api: api.call("users_achievements", path=UNKNOWN_USER),
        "User 'nobody' not found",
    ),
    ("users_achievements", "422"): (
        lambda api: api.call("users_achievements", query={"includeIncomplete": "yes"}),
        "'includeIncomplete' must be true or false, not 'yes'",
    ),
    ("users_streak", "404"): (
        lambda api: api.call("users_streak", path=UNKNOWN_USER),
        "User 'nobody' not found",
    ),
    ("users_streak", "422"): (
        lambda api: api.call("users_streak", query={"historyPeriods": "0"}),
        "'historyPeriods' must be between 1 and 100",
    ),
    ("points_boosts", "404"): (
        lambda api: api.call("points_boosts", path=COINS),
        "Points system 'coins' not found",
    ),
    ("points_boosts", "422"): (
        lambda api: api.call("points_boosts", query={"includeFinished": "1"}),
        "'includeFinished' must be true or false, not '1'",
    ),
    ("users_points_boosts", "404"): (
        lambda api: api.call("users_points_boosts", path=UNKNOWN_USER),
        "User 'nobody' not found",
    ),
}


@pytest.mark.parametrize(
    ("operation_id", "status"), DOCUMENTED, ids=[f"{o}-{s}" for o, s in DOCUMENTED]
)
def test_every_documented_engagement_answer_is_real_and_matches_both_schemas(
    database_url, client, chapter, api_key, operation_id, status
):
    check_documented_answer(database_url, client, api_key, operation_id, status, RECIPES)


# --- answers whose shape depends on the data -------------------------------------------------


def test_incomplete_achievements_and_finished_boosts_match_both_schemas(api):
    every = assert_contract(
        api.call("users_achievements", query={"includeIncomplete": "true"}), "users_achievements"
    )
    boosts = assert_contract(
        api.call("points_boosts", query={"includeFinished": "true"}), "points_boosts"
    )

    assert [(a["key"], a["achievedAt"] is None) for a in every] == [
        ("flips-10", False),
        ("flips-50", False),
        ("streak-7", False),
        ("flips-100", True),
        ("flips-250", True),
        ("reviews-100", True),
        ("finish-onboarding", True),
    ]
    assert [b["name"] for b in boosts] == ["Thanksgiving Double XP"]


def test_a_user_without_a_streak_or_boosts_of_their_own_matches_both_schemas(api):
    assert_contract(api.call("users_create", body={"id": "fresh"}), "users_create")

    streak = assert_contract(
        api.call("users_streak", path={"id": "fresh"}, query={"historyPeriods": 3}),
        "users_streak",
    )
    boosts = assert_contract(
        api.call("users_points_boosts", path={"id": "fresh"}), "users_points_boosts"
    )
    achieved = assert_contract(
        api.call("users_achievements", path={"id": "fresh"}), "users_achievements"
    )

    assert (streak["length"], streak["started"], streak["extended"]) == (0, None, None)
    assert [p["length"] for p in streak["streakHistory"]] == [0, 0, 0]
    assert [b["name"] for b in boosts] == ["Thanksgiving Double XP"]
    assert achieved == []


def test_completing_again_answers_the_first_completion_without_points(api):
    first = assert_contract(api.call("achievements_complete"), "achievements_complete")
    again = api.call("achievements_complete")

    assert again.status_code == 201
    body = assert_contract(again, "achievements_complete")
    assert body == {**first, "points": {}}
    assert first["points"]["xp"]["added"] == 50


def test_an_event_that_completes_achievements_and_a_streak_matches_both_schemas(api):
    response = api.call("metrics_event", body={"user": {"id": "7"}, "value": 40}, headers={})

    body = assert_contract(response, "metrics_event")
    assert [a["key"] for a in body["achievements"]] == ["flips-50"]
    assert body["currentStreak"]["length"] == 2
    assert [b["name"] for b in body["points"]["xp"]["awards"][0]["boosts"]] == [
        "Thanksgiving Double XP"
    ]
