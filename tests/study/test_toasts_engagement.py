"""A flip's badge and streak news in HX-Trigger (xp-achievements, xp-streak), award reasons
for every trigger type, and the sounds the toasts play.

seed.py's engagement set: badges at 10, 50, 100 and 250 flips and for a 7-day streak; a daily
streak on flips with up to 2 freezes, one earned every 7 days; +50 XP every 7 days of streak.
Earlier days are recorded straight through the engine with `at`, at noon UTC (the learner's
time zone is UTC), so they fall on the intended local dates.
"""

import json
import re
import wave
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

import seed
from app.extensions import db
from app.study.learning import XP_UNAVAILABLE, award_reason
from app.xp.client.in_process import InProcessXpClient
from app.xp.engine.events import record_event
from app.xp.errors import XpUnavailable
from tests.study.conftest import flip, get_account
from tests.support.clock import run_date, run_instant

SOUNDS = Path(__file__).resolve().parents[2] / "static" / "sounds"


@pytest.fixture
def engaged(app, clock):
    """The study app with seed.py's badges, streak rule and streak trigger, on the run's date."""
    clock.set(run_instant())
    with app.app_context():
        seed.seed_engagement()
    return app


def days_ago(days: int) -> datetime:
    return datetime.combine(run_date() - timedelta(days=days), time(12), UTC)


def earlier_flips(app, *, days: list[int] = (), today: int = 0, email="ana@example.com"):
    """One flip on each of `days` days ago, and `today` flips today, through the engine."""
    account = get_account(app, email)
    with app.app_context():
        for n in days:
            record_event("flashcards-flipped", account.xp_user(), 1, at=days_ago(n))
        if today:
            record_event("flashcards-flipped", account.xp_user(), today)
        db.session.remove()


def hx_events(response) -> dict:
    return json.loads(response.headers.get("HX-Trigger", "{}"))


def test_the_tenth_flip_carries_the_first_ten_badge(engaged, learner, client, capitals):
    earlier_flips(engaged, today=9)

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "tenth"))

    [badge] = events["xp-achievements"]["achievements"]
    assert (badge["key"], badge["name"], badge["description"], badge["badgeUrl"]) == (
        "flips-10",
        "First Ten",
        "Flip 10 flashcards",
        "/static/badges/flips-10.svg",
    )
    assert badge["achievedAt"] == f"{run_instant():%Y-%m-%dT%H:%M:%S}Z"
    assert events["xp-awarded"]["xpTotal"] == 20
    # Today's first flip was one of the nine: this one extends nothing.
    assert "xp-streak" not in events


def test_a_flip_that_completes_no_badge_sends_none(engaged, learner, client, capitals):
    earlier_flips(engaged, today=10)

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "eleventh"))

    assert "xp-achievements" not in events


def test_the_first_flip_after_yesterday_extends_the_streak_to_two(
    engaged, learner, client, capitals
):
    earlier_flips(engaged, days=[1])

    first = hx_events(flip(client, capitals.id, capitals.card_ids[0], "today-1"))
    second = hx_events(flip(client, capitals.id, capitals.card_ids[1], "today-2"))

    assert first["xp-streak"] == {
        "length": 2,
        "frequency": "daily",
        "savedByFreeze": False,
        "freezes": 0,
    }
    assert "xp-streak" not in second


def test_the_seventh_day_pays_50_xp_and_the_week_long_badge(engaged, learner, client, capitals):
    earlier_flips(engaged, days=[6, 5, 4, 3, 2, 1])

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "day-7"))

    # Day 7 of the streak earns its first freeze too (one every 7 days).
    assert events["xp-streak"] == {
        "length": 7,
        "frequency": "daily",
        "savedByFreeze": False,
        "freezes": 1,
    }
    assert [a["name"] for a in events["xp-achievements"]["achievements"]] == ["Week-long Streak"]
    [award] = events["xp-awarded"]["points"]["xp"]["awards"]
    trigger = award["trigger"]
    assert (award["awarded"], trigger["type"], trigger["streakLengthThreshold"]) == (
        50,
        "streak",
        7,
    )
    assert events["xp-awarded"]["xpTotal"] == 60  # +10 for the 5th flip, two days ago


def test_a_streak_a_freeze_kept_through_yesterday_says_so(engaged, learner, client, capitals):
    # Eight days in a row earn a freeze on the 7th; yesterday was missed and spends it.
    earlier_flips(engaged, days=[9, 8, 7, 6, 5, 4, 3, 2])

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "back"))

    assert events["xp-streak"] == {
        "length": 9,
        "frequency": "daily",
        "savedByFreeze": True,
        "freezes": 0,
    }


def test_a_streak_without_a_gap_was_not_saved_by_a_freeze(engaged, learner, client, capitals):
    earlier_flips(engaged, days=[8, 7, 6, 5, 4, 3, 2, 1])

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "ninth-day"))

    assert (events["xp-streak"]["length"], events["xp-streak"]["savedByFreeze"]) == (9, False)


def test_a_replayed_flip_brings_no_badge_or_streak_news(engaged, learner, client, capitals):
    earlier_flips(engaged, days=[1], today=8)

    first = hx_events(flip(client, capitals.id, capitals.card_ids[0], "same-key"))
    replay = hx_events(flip(client, capitals.id, capitals.card_ids[0], "same-key"))

    assert "xp-achievements" in first and "xp-streak" not in first  # today already counted
    assert replay == {}


class UnavailableXp(InProcessXpClient):
    def record_event(self, *args, **kwargs):
        raise XpUnavailable("down")


def test_a_flip_while_xp_is_unavailable_brings_no_streak_news(
    engaged, learner, client, capitals, monkeypatch
):
    monkeypatch.setitem(engaged.extensions, "xp_client", UnavailableXp())

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "offline"))

    assert events == {"xp-unavailable": {"message": XP_UNAVAILABLE}}


STREAK_TRIGGER = {"type": "streak", "streakLengthThreshold": 7}


@pytest.mark.parametrize(
    ("trigger", "unit", "reason"),
    [
        (
            {"type": "metric", "metricThreshold": 5, "metricName": "Flashcards Flipped"},
            "day",
            "for 5 flashcards flipped",
        ),
        (STREAK_TRIGGER, "day", "for a 7-day streak"),
        (STREAK_TRIGGER, "week", "for a 7-week streak"),
        (
            {"type": "achievement", "achievementName": "Century"},
            "day",
            "for completing Century",
        ),
        ({"type": "user_creation"}, "day", "for joining"),
        (
            {"type": "time", "timeUnit": "day", "timeInterval": 30},
            "day",
            "for 30 days with StudyXP",
        ),
        ({"type": "time", "timeUnit": "hour", "timeInterval": 1}, "day", "for 1 hour with StudyXP"),
    ],
)
def test_award_reason_describes_every_trigger_type(trigger, unit, reason):
    assert award_reason(trigger, unit) == reason


def test_award_history_says_what_a_streak_award_was_for(engaged, learner, client, capitals):
    earlier_flips(engaged, days=[6, 5, 4, 3, 2, 1])
    flip(client, capitals.id, capitals.card_ids[0], "day-7")

    reasons = re.findall(
        r'<span class="award-reason">([^<]*)</span>', client.get("/progress/").text
    )

    assert reasons == ["for a 7-day streak", "for 5 flashcards flipped"]


def test_every_page_names_the_five_sounds_and_the_engagement_script(learner, client):
    page = client.get("/decks/").text

    sounds = dict(re.findall(r'data-([a-z-]+)-sound="/static/sounds/([a-z-]+\.wav)"', page))
    assert sounds == {
        "award": "xp-award.wav",
        "level-up": "level-up.wav",
        "achievement": "achievement.wav",
        "streak": "streak.wav",
        "freeze": "freeze.wav",
    }
    assert page.index("js/xp.js") < page.index("js/engagement.js")


@pytest.mark.parametrize(
    ("name", "seconds"), [("achievement.wav", 1.3), ("streak.wav", 0.7), ("freeze.wav", 0.9)]
)
def test_each_new_sound_is_a_short_mono_wav_of_its_own(name, seconds):
    with wave.open(str(SOUNDS / name)) as sound:
        shape = (sound.getnchannels(), sound.getsampwidth(), sound.getframerate())
        duration = sound.getnframes() / sound.getframerate()
    others = {p.read_bytes() for p in SOUNDS.glob("*.wav") if p.name != name}

    assert shape == (1, 2, 44_100)
    assert duration == pytest.approx(seconds, abs=0.001)
    assert (SOUNDS / name).read_bytes() not in others
    assert name in (SOUNDS / "LICENSE.txt").read_text()
