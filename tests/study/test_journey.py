"""The "Your study journey" page and the header's streak.

Most tests answer the streak and badge reads with a stand-in XpClient (JourneyXp below), so
each number on the page is one the test chose; the last ones go through the real engine with
seed.py's engagement set, in process and over HTTP.
"""

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from html import unescape

import pytest

import seed
from app.extensions import db
from app.study.streaks_and_badges import streak_calendar
from app.xp.client.in_process import InProcessXpClient
from app.xp.engine.events import record_event
from app.xp.errors import NotFound, XpUnavailable
from tests.support import build_app
from tests.support.databases import close_app
from tests.support.learners import AuthActions, deck_info, flip, get_account
from tests.xp.live_service import start_xp_service

TODAY = date(2026, 11, 26)  # a Thursday


def period(day: date, length: int, used_freeze: bool = False) -> dict:
    return {
        "periodStart": day.isoformat(),
        "periodEnd": day.isoformat(),
        "length": length,
        "usedPause": False,
        "usedFreeze": used_freeze,
    }


def history(today: date, lengths: list[int], frozen: set[int] = frozenset()) -> list[dict]:
    """Daily streak history ending today: lengths[i] for the i-th of len(lengths) days."""
    first = today - timedelta(days=len(lengths) - 1)
    return [
        period(first + timedelta(days=i), length, i in frozen) for i, length in enumerate(lengths)
    ]


def test_calendar_marks_studied_frozen_missed_and_today():
    # 14 days: studied 3 days, missed 2, studied 4, a freeze, studied 3, today not yet.
    lengths = [1, 2, 3, 0, 0, 1, 2, 3, 4, 4, 5, 6, 7, 0]
    days = streak_calendar(history(TODAY, lengths, frozen={9}), TODAY)

    assert [d.state for d in days] == (
        ["studied"] * 3 + ["missed"] * 2 + ["studied"] * 4 + ["frozen"] + ["studied"] * 3
    ) + ["today"]
    assert (days[0].day, days[-1].day) == (date(2026, 11, 13), TODAY)
    assert days[9].label == "Sunday 22 November: frozen"
    assert days[-1].label == "Thursday 26 November: not studied yet"


def test_calendar_shows_today_studied_once_it_is():
    days = streak_calendar(history(TODAY, [1, 2]), TODAY)

    assert [d.state for d in days] == ["missed"] * 12 + ["studied", "studied"]


def test_calendar_of_a_weekly_streak_marks_each_day_by_its_week():
    monday = date(2026, 11, 23)
    weeks = [
        {"periodStart": "2026-11-16", "periodEnd": "2026-11-22", "length": 0},
        {"periodStart": monday.isoformat(), "periodEnd": "2026-11-29", "length": 1},
    ]

    days = streak_calendar(weeks, TODAY)

    # Sunday 22 November ended a week without study; this week has some, Monday to today.
    assert [d.state for d in days[-5:]] == ["missed", "studied", "studied", "studied", "studied"]


def badge(name, key, earned_at=None, rarity=0.0, badge_url=None, description=None) -> dict:
    return {
        "id": key,
        "key": key,
        "name": name,
        "trigger": "metric",
        "description": description,
        "badgeUrl": badge_url,
        "userAttributes": [],
        "achievedAt": earned_at,
        "completions": 1,
        "rarity": rarity,
    }


class JourneyXp(InProcessXpClient):
    """The in-process client, with the streak and badge reads answered by the test."""

    def __init__(self, streak=None, achievements=(), error=None):
        self.streak, self.mine, self.error, self.calls = streak, list(achievements), error, []

    def user_streak(self, user_id, history_periods=7):
        self.calls.append(("user_streak", history_periods))
        if self.error:
            raise self.error
        return {**self.streak, "streakHistory": self.streak["streakHistory"][-history_periods:]}

    def user_achievements(self, user_id, include_incomplete=False):
        self.calls.append(("user_achievements", include_incomplete))
        if self.error:
            raise self.error
        return self.mine

    def achievements(self):
        self.calls.append(("achievements",))
        return [{k: v for k, v in a.items() if k != "achievedAt"} for a in self.mine]


def six_day_streak(today: date) -> dict:
    return {
        "length": 6,
        "frequency": "daily",
        "started": (today - timedelta(days=6)).isoformat(),
        "periodStart": (today - timedelta(days=1)).isoformat(),
        "periodEnd": (today - timedelta(days=1)).isoformat(),
        "expires": today.isoformat(),
        "freezes": 1,
        "maxFreezes": 2,
        "freezeAutoEarnInterval": 7,
        "freezeAutoEarnAmount": 1,
        "extended": "2026-11-25T12:00:00Z",
        # Six days, one kept by a freeze, then today not studied yet.
        "streakHistory": history(today, [0] * 7 + [1, 2, 3, 3, 4, 5, 0], frozen={10}),
        "pauses": [],
    }


BADGES = [
    badge("First Ten", "flips-10", "2026-11-20T09:30:00Z", 12.0, "/static/badges/flips-10.svg"),
    badge("Fifty Flips", "flips-50", None, 0.4, "/static/badges/flips-50.svg", "Flip 50"),
    badge("Secret", "secret", None, 0.0),
]


@pytest.fixture
def journey_xp(app, clock):
    """Ana's journey as the test says: a 6-day streak with a freeze, 1 of 3 badges earned."""
    xp = JourneyXp(six_day_streak(clock.today()), BADGES)
    app.extensions["xp_client"] = xp
    return xp


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def block(html: str, testid: str, tag: str = "p") -> str:
    match = re.search(rf'<{tag}[^>]*data-testid="{testid}"[^>]*>(.*?)</{tag}>', html, re.S)
    assert match, testid
    return text_of(match[1])


def test_journey_shows_the_streak_freezes_expiry_and_longest(journey_xp, learner, client, clock):
    page = client.get("/journey/").text

    started = clock.today() - timedelta(days=6)
    assert block(page, "streak-now") == (
        f"🔥 6 -day streak, since {started:%A} {started.day} {started:%B}"
    )
    assert block(page, "streak-expiry") == "Study today to keep your streak."
    assert block(page, "streak-freezes") == (
        "❄️ 1 of 2 freezes. A freeze keeps your streak through a missed day; "
        "you earn one for every 7 days of streak."
    )
    assert block(page, "streak-longest") == "Longest streak: 6 days"
    assert ("user_streak", 14) in journey_xp.calls


def test_journey_calendar_has_the_last_14_days_in_order(journey_xp, learner, client, clock):
    page = client.get("/journey/").text

    calendar = re.search(r'data-testid="streak-calendar".*?</ol>', page, re.S)[0]
    days = re.findall(r'data-testid="streak-day" data-state="(\w+)" data-date="([\d-]+)"', calendar)
    today = clock.today()

    assert [state for state, _ in days] == (
        ["missed"] * 7 + ["studied"] * 3 + ["frozen"] + ["studied"] * 2 + ["today"]
    )
    assert [day for _, day in days] == [
        (today - timedelta(days=13 - i)).isoformat() for i in range(14)
    ]
    assert calendar.count('aria-current="date"') == 1


def test_journey_badge_grid_greys_the_unearned_and_shows_rarity(journey_xp, learner, client):
    page = client.get("/journey/").text

    grid = re.search(r'<ul class="badge-grid" data-testid="badge-grid">(.*?)</ul>', page, re.S)[1]
    badges = re.findall(r'data-testid="badge" data-earned="(\w+)">(.*?)</li>', grid, re.S)

    assert [(earned, text_of(body)) for earned, body in badges] == [
        ("true", "First Ten Earned 20 Nov 2026 12% of learners"),
        ("false", "Fifty Flips Flip 50 Not earned yet under 1% of learners"),
        ("false", "★ Secret Not earned yet 0% of learners"),  # no image: a star
    ]
    assert '<img src="/static/badges/flips-10.svg" alt="" width="64" height="64">' in grid
    assert ("user_achievements", True) in journey_xp.calls


def test_journey_keeps_the_level_progress_bar(app, journey_xp, learner, client):
    account = get_account(app)
    with app.app_context():
        record_event("flashcards-flipped", {"id": account.xp_user_id}, 24)  # 40 XP
        db.session.remove()

    page = client.get("/journey/").text

    assert 'data-testid="study-journey"' in page
    assert block(page, "level-progress", "div").startswith(
        "Novice → Apprentice at 100 XP: 60 XP to go"
    )


def test_journey_for_a_learner_xp_does_not_know_yet(app, learner, client):
    xp = JourneyXp(None, BADGES, error=NotFound("Unknown user"))
    app.extensions["xp_client"] = xp

    page = client.get("/journey/").text

    assert block(page, "streak-now") == "No streak right now. Study today to start one."
    assert block(page, "streak-longest") == "Longest streak: 0 days"
    assert re.findall(r'data-earned="(\w+)"', page) == ["false"] * 3
    assert ("achievements",) in xp.calls
    states = re.findall(r'data-testid="streak-day" data-state="(\w+)"', page)
    assert states == ["missed"] * 13 + ["today"]


def test_journey_while_xp_is_unavailable_says_so(app, learner, client):
    app.extensions["xp_client"] = JourneyXp(None, error=XpUnavailable("down"))

    response = client.get("/journey/")

    assert response.status_code == 200
    assert block(response.text, "journey-unavailable") == (
        "Your streak and badges cannot be shown while XP is unavailable. "
        "Your flips are still saved to your deck progress."
    )
    assert 'data-testid="streak-calendar"' not in response.text
    assert 'data-testid="xp-streak"' in response.text  # the header, hidden


def test_journey_needs_a_login(client):
    response = client.get("/journey/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def header_streak(html: str) -> tuple[str, bool, str]:
    tag = re.search(r'<a id="xp-streak"[^>]*>([^<]*)</a>', html, re.S)
    label = re.search(r'aria-label="([^"]*)"', tag[0])[1]
    return tag[1], " hidden" in tag[0], label


def test_header_shows_the_streak_next_to_the_level(journey_xp, learner, client):
    page = client.get("/decks/").text

    assert header_streak(page) == ("🔥 6", False, "6-day streak")
    assert page.index('data-testid="xp-level"') < page.index('data-testid="xp-streak"')
    assert '<a href="/journey/" data-testid="journey-link">Journey</a>' in page


@pytest.mark.parametrize("error", [NotFound("Unknown user"), XpUnavailable("down")])
def test_header_hides_the_streak_without_one(app, learner, client, error):
    app.extensions["xp_client"] = JourneyXp(None, error=error)

    assert header_streak(client.get("/decks/").text) == ("🔥 0", True, "0-day streak")


# The real engine, with seed.py's badges and daily streak.


def at_noon(today: date, days_ago: int) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(12), UTC)


def test_journey_after_a_real_week_of_study(app, clock, learner, client):
    with app.app_context():
        seed.seed_engagement()
    account = get_account(app)
    with app.app_context():
        for days_ago in range(6, -1, -1):  # 7 days, 2 flips a day: 14 flips
            record_event(
                "flashcards-flipped", account.xp_user(), 2, at=at_noon(clock.today(), days_ago)
            )
        db.session.remove()

    page = client.get("/journey/").text

    assert block(page, "streak-now").startswith("🔥 7 -day streak")
    assert block(page, "streak-longest") == "Longest streak: 7 days"
    assert block(page, "streak-freezes").startswith("❄️ 1 of 2 freezes.")
    states = re.findall(r'data-testid="streak-day" data-state="(\w+)"', page)
    assert states == ["missed"] * 7 + ["studied"] * 7
    earned = re.findall(r'data-earned="true">.*?<strong class="badge-name">([^<]*)<', page, re.S)
    assert earned == ["First Ten", "Week-long Streak"]
    assert header_streak(page)[:2] == ("🔥 7", False)


# The same over HTTP: the study app with HttpXpClient, XP in a service of its own.


@pytest.fixture
def remote_study(tmp_path, template_cache):
    """A study app whose XP (with seed.py's engagement set) is a separate service."""
    service = start_xp_service(f"sqlite:///{tmp_path / 'xp-service.sqlite3'}")
    with service.app.app_context():
        seed.seed_engagement()
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'study-app.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
            "XP_API_URL": service.url,
            "XP_API_KEY": service.api_key,
        }
    )
    app.jinja_env.bytecode_cache = template_cache
    with app.app_context():
        seed.seed_decks()
    yield app, service
    app.extensions["xp_client"].close()
    close_app(app)
    service.close()


def test_a_freeze_and_the_journey_over_http(clock, remote_study):
    app, service = remote_study
    client = app.test_client()
    assert AuthActions(client).register(tz="UTC").status_code == 302
    account = get_account(app)
    with service.app.app_context():
        # Eight days in a row earn a freeze on the 7th; yesterday was missed and spends it.
        for days_ago in range(9, 1, -1):
            record_event(
                "flashcards-flipped", account.xp_user(), 1, at=at_noon(clock.today(), days_ago)
            )
        db.session.remove()
    capitals = deck_info(app, "european-capitals")

    response = flip(client, capitals.id, capitals.card_ids[0], "remote-back")
    page = client.get("/journey/").text

    news = json.loads(response.headers["HX-Trigger"])["xp-news"]
    assert [t["kind"] for t in news["toasts"]] == ["freeze", "streak"]
    assert news["streak"] == {"length": 9, "label": "9-day streak", "frequency": "daily"}
    states = re.findall(r'data-testid="streak-day" data-state="(\w+)"', page)
    assert states == ["missed"] * 4 + ["studied"] * 8 + ["frozen", "studied"]
    assert block(page, "streak-now").startswith("🔥 9 -day streak")
    earned = re.findall(r'data-earned="true">.*?<strong class="badge-name">([^<]*)<', page, re.S)
    assert earned == ["Week-long Streak"]
    assert header_streak(page)[:2] == ("🔥 9", False)


def test_card_fragments_do_not_ask_for_the_header_streak(journey_xp, learner, client, capitals):
    response = client.get(
        f"/decks/{capitals.id}/study/card?position=2", headers={"HX-Request": "1"}
    )

    assert "Card 2 of 28" in response.text
    assert journey_xp.calls == []
