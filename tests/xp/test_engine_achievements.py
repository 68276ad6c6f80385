"""Achievements in record_event and POST /achievements/{key}/complete: completed once each."""

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.xp.engine.achievements import complete_by_key
from app.xp.errors import NotFound, Unprocessable
from app.xp.models.achievements import Achievement, AchievementPrerequisite, UserAchievement
from app.xp.models.users import XpUser
from tests.xp.engagement_setup import (
    add,
    at,
    completions,
    days,
    flip,
    flips_achievement,
    streak_achievement,
    streaks_on,
    trigger,
)


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


def names(response):
    return [a["name"] for a in response["achievements"]]


def test_a_metric_achievement_completes_on_the_event_that_reaches_it_and_only_then(ctx):
    flips_achievement(10, name="First Ten", description="Flip 10 cards", badge_url="/b/10.svg")
    for _ in range(9):
        assert flip()["achievements"] == []
    tenth = flip(when=at("2026-11-20"))
    assert tenth["achievements"] == [
        {
            "id": db.session.scalar(select(Achievement.uuid)),
            "name": "First Ten",
            "trigger": "metric",
            "description": "Flip 10 cards",
            "badgeUrl": "/b/10.svg",
            "key": "flips-10",
            "userAttributes": [],
            "metricId": tenth["metricId"],
            "metricValue": 10,
            "metricName": "Flashcards Flipped",
            "eventAttributes": [],
            "achievedAt": "2026-11-20T12:00:00Z",
        }
    ]
    assert flip()["achievements"] == []
    assert completions() == 1


def test_one_event_can_complete_several_and_a_fall_never_completes_again(ctx):
    for value in (10, 25, 50):
        flips_achievement(value)
    assert names(flip(30)) == ["10 flips", "25 flips"]
    flip(-25)
    assert names(flip(20)) == []
    assert names(flip(45)) == ["50 flips"]
    assert completions() == 3


def test_an_achievement_of_achievements_completes_with_its_last_prerequisite(ctx):
    ten, twenty = flips_achievement(10), flips_achievement(20)
    both = add(Achievement(key="both", name="Both", trigger="achievement"))
    add(AchievementPrerequisite(achievement_id=both.id, prerequisite_id=ten.id))
    add(AchievementPrerequisite(achievement_id=both.id, prerequisite_id=twenty.id))
    assert names(flip(10)) == ["10 flips"]
    assert names(flip(10)) == ["20 flips", "Both"]
    response = flip(10)
    assert response["achievements"] == []


def test_a_streak_achievement_completes_when_the_streak_reaches_its_length(ctx):
    streaks_on()
    streak_achievement(3)
    responses = [flip(when=moment) for moment in days("2026-11-01", 3)]
    assert [names(r) for r in responses] == [[], [], ["3-day streak"]]
    assert responses[2]["achievements"][0]["streakLength"] == 3


def test_an_achievement_trigger_pays_when_its_achievement_completes(ctx):
    ten = flips_achievement(10, name="First Ten")
    trigger("achievement", 30, achievement_id=ten.id)
    response = flip(10)
    awards = response["points"]["xp"]["awards"]
    # +10 for every 5 flips (twice: 20) and +30 for First Ten.
    assert [(a["awarded"], a["total"]) for a in awards] == [(20, 20), (30, 50)]
    assert awards[1]["trigger"]["type"] == "achievement"
    assert awards[1]["trigger"]["achievementName"] == "First Ten"
    assert awards[1]["trigger"]["achievementId"] == ten.uuid
    assert response["points"]["xp"]["added"] == 50


def test_the_database_refuses_a_second_completion(ctx):
    ten = flips_achievement(10)
    flip(10)
    user_id = db.session.scalar(select(XpUser.id))
    db.session.add(
        UserAchievement(user_id=user_id, achievement_id=ten.id, achieved_at=at("2026-01-01"))
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_concurrent_events_complete_an_achievement_once(ctx):
    flips_achievement(10)
    app = ctx
    seen = []

    def send():
        with app.app_context():
            seen.append(len(flip(1, user="racer")["achievements"]))

    threads = [threading.Thread(target=send) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == [0] * 19 + [1]
    assert completions() == 1


def test_a_replayed_event_lists_the_achievements_the_original_completed(ctx):
    flips_achievement(10)
    first = flip(10, idempotency_key="k1")
    again = flip(10, idempotency_key="k1")
    assert again["idempotentReplayed"] is True
    assert again["achievements"] == first["achievements"]
    assert completions() == 1


def test_an_api_achievement_completes_once_through_complete_by_key(ctx):
    add(Achievement(key="onboarded", name="Onboarded", trigger="api", description=None))
    trigger("achievement", 25, achievement_id=db.session.scalar(select(Achievement.id)))
    first = complete_by_key("onboarded", {"id": "newbie", "tz": "Europe/London"})
    assert first["achievement"]["key"] == "onboarded"
    assert first["achievement"]["achievedAt"] is not None
    assert first["points"]["xp"]["added"] == 25
    assert first["points"]["xp"]["total"] == 25
    again = complete_by_key("onboarded", {"id": "newbie"})
    assert again["completionId"] == first["completionId"]
    assert again["achievement"]["achievedAt"] == first["achievement"]["achievedAt"]
    assert again["points"] == {}
    assert db.session.scalar(select(XpUser.tz).where(XpUser.external_id == "newbie")) == (
        "Europe/London"
    )


def test_complete_by_key_refuses_unknown_archived_and_non_api_achievements(ctx):
    flips_achievement(10)
    add(Achievement(key="old", name="Old", trigger="api", status="archived"))
    with pytest.raises(NotFound, match="Achievement 'nope' not found"):
        complete_by_key("nope", {"id": "u"})
    with pytest.raises(Unprocessable, match="archived"):
        complete_by_key("old", {"id": "u"})
    with pytest.raises(Unprocessable, match="completed by its metric trigger"):
        complete_by_key("flips-10", {"id": "u"})
    assert completions() == 0
    assert db.session.scalar(select(XpUser.id).where(XpUser.external_id == "u")) is None


def test_an_event_reports_a_level_change_over_all_its_awards_together(ctx):
    thirty = flips_achievement(30)
    trigger("achievement", -40, achievement_id=thirty.id)
    flip(20)  # 4 x 10 = 40 XP: Novice
    response = flip(10)["points"]["xp"]
    # +20 (every 5) and +50 (every 25) pass Apprentice at 100, then -40 for the badge: 70.
    assert [a["awarded"] for a in response["awards"]] == [20, 50, -40]
    assert response["total"] == 70
    assert "level" not in response  # Novice before and after
