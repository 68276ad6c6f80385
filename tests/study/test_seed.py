"""The demo data (seed.py): shared decks, badges, streak and boost, the demo learner's history
and the operator."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

import seed
from app.accounts.models import Account
from app.extensions import db
from app.study.models import Card, CardFlip, Deck
from app.xp.client import xp_client
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.boosts import PointsBoost
from app.xp.models.metrics import Metric, MetricEvent
from app.xp.models.points import PointsAward, PointsLevel, PointsSystem, PointsTrigger
from app.xp.models.streaks import StreakSettings, UserStreakPeriod
from app.xp.models.users import XpUser
from tests.support import DEMO_BADGES, DEMO_FLIPS, DEMO_STREAK, DEMO_XP, build_app
from tests.support.databases import close_app

# Left out of the calendar sweep (.ci/run): every test here that reads a date sets it.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def bare_app(database_url):
    """The app on an empty database: seed.py starts from nothing."""
    app = build_app(
        {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url}
    )
    yield app
    close_app(app)


def row_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (
            Account,
            Deck,
            Card,
            CardFlip,
            XpUser,
            MetricEvent,
            PointsAward,
            Achievement,
            UserAchievement,
            PointsBoost,
        )
    }


def awards_by_trigger_type(user: XpUser) -> dict[str, list[tuple]]:
    """The user's awards as (points, local date), by the type of trigger that paid them."""
    rows = db.session.execute(
        select(PointsTrigger.type, PointsAward.awarded, PointsAward.local_date)
        .join(PointsTrigger)
        .where(PointsAward.user_id == user.id)
        .order_by(PointsAward.id)
    )
    by_type: dict[str, list[tuple]] = {}
    for kind, awarded, local_date in rows:
        by_type.setdefault(kind, []).append((awarded, local_date))
    return by_type


def demo_numbers() -> tuple:
    """(flips, XP total, streak, freezes, streak expires, badges) of the demo learner."""
    demo = db.session.scalar(select(Account).where(Account.email == "demo@example.com"))
    flips = db.session.scalar(
        select(func.count()).select_from(CardFlip).where(CardFlip.account_id == demo.id)
    )
    client = xp_client()
    streak = client.user_streak(demo.xp_user_id, history_periods=1)
    badges = {a["key"] for a in client.user_achievements(demo.xp_user_id)}
    total = client.user_points(demo.xp_user_id, "xp")["total"]
    return flips, total, streak["length"], streak["freezes"], streak["expires"], badges


def test_seed_all_builds_the_demo_data_once(clock, bare_app, capsys, real_password_hashing):
    clock.set("2026-11-25T10:00:00Z")  # a Wednesday
    with bare_app.app_context():
        seed.seed_all()
        first_run = row_counts()
        printed = capsys.readouterr().out

        decks = [
            (deck.slug, deck.title, len(deck.cards), deck.is_shared)
            for deck in db.session.scalars(select(Deck).order_by(Deck.id))
        ]
        demo = db.session.scalar(select(Account).where(Account.email == "demo@example.com"))
        admin = db.session.scalar(select(Account).where(Account.email == "admin@example.com"))
        logins = {
            "demo": (demo.check_password("studyxp-demo"), demo.is_operator),
            "admin": (admin.check_password("studyxp-admin"), admin.is_operator),
        }
        flip_times = db.session.execute(
            select(
                func.count(), func.min(CardFlip.flipped_at), func.max(CardFlip.flipped_at)
            ).where(CardFlip.account_id == demo.id)
        ).one()
        demo_user = db.session.scalar(select(XpUser).where(XpUser.external_id == demo.xp_user_id))
        awards_sum = db.session.scalar(
            select(func.sum(PointsAward.awarded)).where(PointsAward.user_id == demo_user.id)
        )
        xp_total = xp_client().user_points(demo.xp_user_id, "xp")["total"]
        by_type = awards_by_trigger_type(demo_user)
        # The streak's periods, as the engine stored them: (start, length, kept by a freeze)
        periods = db.session.execute(
            select(UserStreakPeriod.start, UserStreakPeriod.length, UserStreakPeriod.used_freeze)
            .where(UserStreakPeriod.user_id == demo_user.id)
            .order_by(UserStreakPeriod.start)
        ).all()
        badges = set(
            db.session.scalars(
                select(Achievement.key)
                .join(UserAchievement)
                .where(UserAchievement.user_id == demo_user.id)
            )
        )

        seed.seed_all()
        second_run = row_counts()

    assert decks == [
        ("european-capitals", "European capitals", 28, True),
        ("element-symbols", "Chemical element symbols", 29, True),
        ("spanish-basics", "Basic Spanish words", 28, True),
    ]
    assert logins == {"demo": (True, False), "admin": (True, True)}

    flips, earliest, latest = flip_times
    assert flips == DEMO_FLIPS
    assert clock.now - timedelta(days=61) <= earliest < latest < clock.now
    assert latest - earliest >= timedelta(days=50)
    assert printed.startswith(f"Recorded {flips} back-dated flips for demo@example.com")
    assert first_run["MetricEvent"] == flips
    assert xp_total == awards_sum
    # The seeded metric triggers: +10 XP every 5 flips and +50 XP every 25.
    assert sum(points for points, _ in by_type["metric"]) == flips // 5 * 10 + flips // 25 * 50
    # +50 XP on each day the streak reached a multiple of 7 days, and on no other.
    sevenths = [start for start, length, frozen in periods if not frozen and length % 7 == 0]
    assert sevenths, "60 days with one day in five off should reach a 7-day streak"
    assert by_type["streak"] == [(50, day) for day in sevenths]
    assert set(by_type) == {"metric", "streak"}
    assert max(length for _, length, _ in periods) >= 7
    assert badges == DEMO_BADGES
    assert xp_total == DEMO_XP

    assert first_run == {
        "Account": 2,
        "Deck": 3,
        "Card": 85,
        "CardFlip": flips,
        "XpUser": 1,
        "MetricEvent": flips,
        "PointsAward": flips // 5 + flips // 25 + len(sevenths),
        "Achievement": 5,
        "UserAchievement": 5,
        # The weekend boost is main()'s: seed_all() pays the same on any weekday.
        "PointsBoost": 0,
    }
    assert second_run == first_run


def test_seed_xp_configures_the_five_demo_levels_once(bare_app):
    with bare_app.app_context():
        seed.seed_xp()
        seed.seed_xp()
        levels = db.session.execute(
            select(PointsLevel.key, PointsLevel.name, PointsLevel.points, PointsSystem.key)
            .join(PointsSystem)
            .order_by(PointsLevel.points)
        ).all()

    assert [tuple(row) for row in levels] == [
        ("novice", "Novice", 0, "xp"),
        ("apprentice", "Apprentice", 100, "xp"),
        ("scholar", "Scholar", 500, "xp"),
        ("expert", "Expert", 2_500, "xp"),
        ("master", "Master", 10_000, "xp"),
    ]


def test_seed_engagement_configures_the_badges_streak_and_streak_trigger_once(bare_app):
    with bare_app.app_context():
        seed.seed_xp()
        seed.seed_engagement()
        seed.seed_engagement()
        badges = db.session.execute(
            select(
                Achievement.key,
                Achievement.name,
                Achievement.trigger,
                Achievement.metric_value,
                Achievement.streak_length,
                Achievement.badge_url,
            ).order_by(Achievement.id)
        ).all()
        settings = db.session.get(StreakSettings, 1)
        rule = (
            settings.frequency,
            settings.max_freezes,
            settings.starting_freezes,
            settings.freeze_auto_earn_interval,
            settings.freeze_auto_earn_amount,
        )
        flips_count = db.session.scalar(
            select(Metric.counts_for_streak).where(Metric.key == "flashcards-flipped")
        )
        triggers = db.session.execute(
            select(
                PointsTrigger.type, PointsTrigger.points, PointsTrigger.streak_length_threshold
            ).where(PointsTrigger.type == "streak")
        ).all()

    assert [tuple(row) for row in badges] == [
        ("flips-10", "First Ten", "metric", 10, None, "/static/badges/flips-10.svg"),
        ("flips-50", "Fifty Flips", "metric", 50, None, "/static/badges/flips-50.svg"),
        ("flips-100", "Century", "metric", 100, None, "/static/badges/flips-100.svg"),
        ("flips-250", "Card Shark", "metric", 250, None, "/static/badges/flips-250.svg"),
        ("streak-7", "Week-long Streak", "streak", None, 7, "/static/badges/streak-7.svg"),
    ]
    assert rule == ("daily", 2, 0, 7, 1)
    assert flips_count is True
    assert [tuple(row) for row in triggers] == [("streak", 50, 7)]


def test_every_seeded_badge_is_an_svg_in_static(bare_app):
    static = Path(bare_app.static_folder)
    for key, *_ in [*seed.FLIP_ACHIEVEMENTS, seed.STREAK_ACHIEVEMENT]:
        svg = (static / "badges" / f"{key}.svg").read_text()
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"'), key


def test_seeding_again_leaves_flips_out_of_the_streak_when_an_operator_said_so(bare_app):
    with bare_app.app_context():
        seed.seed_xp()
        seed.seed_engagement()
        metric = db.session.scalar(select(Metric).where(Metric.key == "flashcards-flipped"))
        metric.counts_for_streak = False
        db.session.commit()

        seed.seed_engagement()

        assert db.session.get(Metric, metric.id).counts_for_streak is False


@pytest.mark.parametrize(
    ("today", "weekend"),
    [
        (date(2026, 11, 26), (date(2026, 11, 28), date(2026, 11, 29))),  # a Thursday
        (date(2026, 11, 23), (date(2026, 11, 28), date(2026, 11, 29))),  # a Monday
        (date(2026, 11, 28), (date(2026, 11, 28), date(2026, 11, 29))),  # the Saturday
        (date(2026, 11, 29), (date(2026, 11, 28), date(2026, 11, 29))),  # the Sunday
    ],
)
def test_coming_weekend_is_this_one_on_a_weekend_else_the_next(today, weekend):
    assert seed.coming_weekend(today) == weekend


def test_weekend_boost_doubles_xp_on_its_weekend_once(clock, bare_app):
    with bare_app.app_context():
        seed.seed_xp()
        clock.set("2026-11-26T12:00:00Z")  # a Thursday
        seed.seed_weekend_boost()
        clock.shift(days=1)
        seed.seed_weekend_boost()
        boosts = db.session.execute(
            select(
                PointsBoost.name,
                PointsBoost.user_id,
                PointsBoost.start_date,
                PointsBoost.end_date,
                PointsBoost.multiplier,
                PointsBoost.rounding,
                PointsBoost.archived,
                PointsSystem.key,
            ).join(PointsSystem)
        ).all()

    assert [tuple(row) for row in boosts] == [
        (
            "Weekend Double XP",
            None,
            date(2026, 11, 28),
            date(2026, 11, 29),
            2.0,
            "down",
            False,
            "xp",
        )
    ]


@pytest.mark.parametrize(
    "instant",
    [
        "2026-11-28T09:00:00Z",  # a Saturday
        "2027-03-28T01:30:00Z",  # spring forward in London, the demo learner's zone
        "2028-02-29T12:00:00Z",
        "2027-06-30T23:30:00Z",  # already 1 July in London (BST)
    ],
)
def test_the_demo_learner_has_the_same_numbers_on_any_day(clock, bare_app, instant):
    clock.set(instant)
    with bare_app.app_context():
        seed.seed_all()
        numbers = demo_numbers()

    today = clock.today("Europe/London").isoformat()
    assert numbers == (DEMO_FLIPS, DEMO_XP, *DEMO_STREAK, today, DEMO_BADGES)


def test_no_boosts_seeds_the_same_demo_without_the_weekend_boost(
    clock, tmp_path, monkeypatch, capsys
):
    """`python seed.py --no-boosts`, on a Saturday: nothing in the data depends on the day."""
    clock.set("2026-11-28T09:00:00Z")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'qa.sqlite3'}")
    monkeypatch.setenv("SECRET_KEY", "seed-test")

    seed.main(["--no-boosts"])

    printed = capsys.readouterr().out
    assert "Double XP" not in printed
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "seed-test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'qa.sqlite3'}",
        }
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PointsBoost)) == 0
        assert demo_numbers()[:2] == (DEMO_FLIPS, DEMO_XP)
    close_app(app)


def test_without_the_option_the_demo_has_this_weekends_double_xp(clock, bare_app, capsys):
    clock.set("2026-11-28T09:00:00Z")  # a Saturday
    with bare_app.app_context():
        seed.seed_demo(boosts=True)
        boosts = db.session.execute(
            select(PointsBoost.name, PointsBoost.start_date, PointsBoost.end_date)
        ).all()

    assert [tuple(row) for row in boosts] == [
        ("Weekend Double XP", date(2026, 11, 28), date(2026, 11, 29))
    ]
    assert "Double XP on 2026-11-28 and 2026-11-29" in capsys.readouterr().out
