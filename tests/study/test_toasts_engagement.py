"""A flip's news in HX-Trigger (xp-news: the toasts as the server words them, the sound, the
header's streak) and the sounds the toasts play. app.wording's sentences: tests/test_wording.py.

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
from app.study.flip_news import SOUND_PRIORITY, flip_news
from app.study.learning import XP_UNAVAILABLE, FlipResult
from app.xp.client.in_process import InProcessXpClient
from app.xp.engine.events import record_event
from app.xp.errors import XpUnavailable
from tests.support.clock import run_date, run_instant
from tests.support.learners import flip, get_account

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


def test_the_tenth_flip_brings_the_award_and_the_first_ten_badge(
    engaged, learner, client, capitals
):
    earlier_flips(engaged, today=9)

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "tenth"))

    # Today's first flip was one of the nine: this one extends no streak. (xp-progress, the
    # panel's part: tests/study/test_xp_calls.py.)
    del events["xp-progress"]
    assert events == {
        "xp-news": {
            "toasts": [
                {
                    "kind": "xp",
                    "title": "You gained 10 XP",
                    "lines": ["+10 XP for 5 flashcards flipped"],
                },
                {
                    "kind": "achievement",
                    "title": "Achievement unlocked: First Ten",
                    "lines": ["Flip 10 flashcards"],
                    "badge": {"src": "/static/badges/flips-10.svg", "alt": "First Ten badge"},
                },
            ],
            "sound": "achievement",
        },
        "xp-changed": {"xpTotal": 20},
    }


def test_a_flip_that_completes_no_badge_brings_only_its_award(engaged, learner, client, capitals):
    earlier_flips(engaged, today=14)

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "fifteenth"))

    assert [t["kind"] for t in events["xp-news"]["toasts"]] == ["xp"]
    assert events["xp-news"]["sound"] == "xp"


def test_a_flip_that_earns_nothing_brings_no_news(engaged, learner, client, capitals):
    earlier_flips(engaged, today=10)

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "eleventh"))

    assert events == {}


def test_the_first_flip_after_yesterday_extends_the_streak_to_two(
    engaged, learner, client, capitals
):
    earlier_flips(engaged, days=[1])

    first = hx_events(flip(client, capitals.id, capitals.card_ids[0], "today-1"))
    second = hx_events(flip(client, capitals.id, capitals.card_ids[1], "today-2"))

    assert first["xp-news"] == {
        "toasts": [
            {
                "kind": "streak",
                "title": "2-day streak!",
                "lines": ["Study again tomorrow to keep it going."],
            }
        ],
        "sound": "streak",
        "streak": {"length": 2, "label": "2-day streak", "frequency": "daily"},
    }
    assert second == {}


def test_the_first_flip_of_a_streak_sets_the_header_without_a_toast(
    engaged, learner, client, capitals
):
    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "day-1"))

    assert events["xp-news"] == {
        "toasts": [],
        "sound": None,
        "streak": {"length": 1, "label": "1-day streak", "frequency": "daily"},
    }


def test_the_seventh_day_pays_50_xp_and_the_week_long_badge(engaged, learner, client, capitals):
    earlier_flips(engaged, days=[6, 5, 4, 3, 2, 1])

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "day-7"))

    news = events["xp-news"]
    assert [(t["kind"], t["title"], t["lines"]) for t in news["toasts"]] == [
        ("xp", "You gained 50 XP", ["+50 XP for a 7-day streak"]),
        ("achievement", "Achievement unlocked: Week-long Streak", ["Study 7 days in a row"]),
        ("streak", "7-day streak!", ["Study again tomorrow to keep it going."]),
    ]
    assert news["sound"] == "achievement"
    assert news["streak"] == {"length": 7, "label": "7-day streak", "frequency": "daily"}
    assert events["xp-changed"] == {"xpTotal": 60}  # +10 for the 5th flip, two days ago


def test_a_streak_a_freeze_kept_through_yesterday_says_so(engaged, learner, client, capitals):
    # Eight days in a row earn a freeze on the 7th; yesterday was missed and spends it.
    earlier_flips(engaged, days=[9, 8, 7, 6, 5, 4, 3, 2])

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "back"))

    news = events["xp-news"]
    assert news["toasts"] == [
        {
            "kind": "freeze",
            "title": "Streak saved by a freeze",
            "lines": ["You missed a day, and a freeze kept your streak going. 0 freezes left."],
        },
        {
            "kind": "streak",
            "title": "9-day streak!",
            "lines": ["Study again tomorrow to keep it going."],
        },
    ]
    assert news["sound"] == "freeze"


def test_a_streak_without_a_gap_was_not_saved_by_a_freeze(engaged, learner, client, capitals):
    earlier_flips(engaged, days=[8, 7, 6, 5, 4, 3, 2, 1])

    events = hx_events(flip(client, capitals.id, capitals.card_ids[0], "ninth-day"))

    assert [t["title"] for t in events["xp-news"]["toasts"]] == ["9-day streak!"]


def test_a_replayed_flip_brings_no_news(engaged, learner, client, capitals):
    earlier_flips(engaged, days=[1], today=8)

    first = hx_events(flip(client, capitals.id, capitals.card_ids[0], "same-key"))
    replay = hx_events(flip(client, capitals.id, capitals.card_ids[0], "same-key"))

    assert [t["kind"] for t in first["xp-news"]["toasts"]] == ["xp", "achievement"]
    assert "streak" not in first["xp-news"]  # today already counted
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


def test_award_history_says_what_a_streak_award_was_for(engaged, learner, client, capitals):
    earlier_flips(engaged, days=[6, 5, 4, 3, 2, 1])
    flip(client, capitals.id, capitals.card_ids[0], "day-7")

    reasons = re.findall(
        r'<span class="award-reason">([^<]*)</span>', client.get("/progress/").text
    )

    assert reasons == ["for a 7-day streak", "for 5 flashcards flipped"]


def test_every_page_names_a_sound_for_each_kind_of_toast(learner, client):
    page = client.get("/decks/").text

    sounds = dict(re.findall(r'data-([a-z-]+)-sound="/static/sounds/([a-z-]+\.wav)"', page))
    assert sounds == {
        "xp": "xp-award.wav",
        "level": "level-up.wav",
        "achievement": "achievement.wav",
        "streak": "streak.wav",
        "freeze": "freeze.wav",
        "rank": "rank-up.wav",
    }
    assert set(sounds) == set(SOUND_PRIORITY)


@pytest.mark.parametrize(
    ("name", "seconds"),
    [("achievement.wav", 1.3), ("streak.wav", 0.7), ("freeze.wav", 0.9), ("rank-up.wav", 0.5)],
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


def test_a_flip_that_moves_the_learner_up_their_board_brings_a_rank_toast(app):
    moved = {
        "weekly-xp": {"name": "Weekly XP", "rank": 4, "previousRank": 6},
        "all-time": {"name": "All time", "rank": 9, "previousRank": 12},
    }
    joined = {"weekly-xp": {"name": "Weekly XP", "rank": 12, "previousRank": None}}
    stayed = {"weekly-xp": {"name": "Weekly XP", "rank": 9, "previousRank": 9}}
    fell_off = {"weekly-xp": {"name": "Weekly XP", "rank": None, "previousRank": 1000}}

    def news(boards):
        result = FlipResult(points={}, xp_total=None, replayed=False, leaderboards=boards)
        with app.test_request_context():
            found = flip_news(None, result)
        return [(t["kind"], t["title"], t["lines"]) for t in found["toasts"]], found["sound"]

    # Only the learner's own board (LEARNER_LEADERBOARD) speaks.
    assert news(moved) == ([("rank", "You moved up to #4 in Weekly XP", ["Up from #6."])], "rank")
    assert news(joined) == ([], None)  # joining comes with the week's first award
    assert news(stayed) == ([], None)
    assert news(fell_off) == ([], None)
    assert news({"all-time": moved["all-time"]}) == ([], None)
