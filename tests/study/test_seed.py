"""The demo data (seed.py): shared decks, badges, streak and boost, the demo learner's history,
the demo class and the operator."""

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

import seed
from app import clock as app_clock
from app.accounts.models import Account
from app.accounts.passwords import password_problem
from app.extensions import db
from app.study.class_data import CLASS, CLASS_PASSWORD
from app.study.models import Card, CardFlip, CardSchedule, Deck, ReviewLog
from app.xp.client import xp_client
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.boosts import PointsBoost
from app.xp.models.metrics import Metric, MetricEvent, UserMetricTotal
from app.xp.models.points import (
    PointsAward,
    PointsLevel,
    PointsSystem,
    PointsTrigger,
    UserPointsTotal,
)
from app.xp.models.streaks import StreakSettings, UserStreakPeriod
from app.xp.models.users import XpUser
from app.xp.queries import analytics
from app.xp.queries.leaderboards import all_leaderboards, leaderboard_rankings
from tests.support import (
    CLASS_AWARDS,
    CLASS_SITTINGS,
    CLASS_SIZE,
    CLASS_XP,
    DEMO_BADGES,
    DEMO_FLIPS,
    DEMO_REVIEW_XP,
    DEMO_REVIEWED_CARDS,
    DEMO_REVIEWS,
    DEMO_STREAK,
    DEMO_XP,
    SEEDED_ACTIVE_USERS,
    SEEDED_BADGES,
    SEEDED_STREAK_STATS,
    SEEDED_XP_DISTRIBUTION,
    build_app,
)
from tests.support.databases import close_app
from tests.support.learners import log_in

# Left out of the calendar sweep (.ci/run): every test here that reads a date sets it.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def bare_app(database_url):
    """The app on an empty database: seed.py starts from nothing."""
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield app
    close_app(app)


WEDNESDAY = "2026-11-25T10:00:00Z"  # this week's leaderboard run has Monday and Tuesday


def seed_all() -> None:
    """seed.py's whole demo, as a prepared database (tests/support/__init__.py: made once per
    test process, copied for each test)."""
    seed.seed_all()


@pytest.fixture
def seeded_wednesday(clock, database_url):
    """The app on a database seed.py filled at WEDNESDAY, where the clock stands: the demo
    is seeded once per test process and copied for every test that reads it."""
    clock.set(WEDNESDAY)
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
        },
        prepare=seed_all,
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
            CardSchedule,
            ReviewLog,
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


def class_flips() -> dict[str, tuple[int, int]]:
    """(cards flipped, XP events) of each class member, by the email's local part."""
    rows = db.session.execute(
        select(Account.email, UserMetricTotal.total, func.count(MetricEvent.id))
        .join(XpUser, XpUser.external_id == Account.xp_user_id)
        .join(UserMetricTotal, UserMetricTotal.user_id == XpUser.id)
        .join(MetricEvent, MetricEvent.user_id == XpUser.id)
        .where(Account.email.like("%@class.example.com"))
        .group_by(Account.email, UserMetricTotal.total)
    )
    return {email.partition("@")[0]: (int(total), events) for email, total, events in rows}


def seeded_numbers() -> tuple:
    """What the dashboard shows for the xp system, with the demo learner and the class: the
    users per points range, (active, earning) users over 7, 30 and 90 days, the streak
    statistics and each badge's (completions, rarity); then the class's XP."""
    xp = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
    # The range the dashboard's analytics end on: the latest local date on Earth.
    end = (app_clock.now() + timedelta(hours=14)).date()
    active = {
        days: tuple(analytics.active_users(xp, end - timedelta(days=days - 1), end).values())
        for days in (7, 30, 90)
    }
    badges = {a["key"]: (a["completions"], a["rarity"]) for a in xp_client().achievements()}
    class_xp = db.session.scalar(
        select(func.sum(UserPointsTotal.total))
        .join(XpUser, XpUser.id == UserPointsTotal.user_id)
        .where(XpUser.email.like("%@class.example.com"))
    )
    return (
        [row["users"] for row in analytics.points_distribution(xp)],
        active,
        # As the dashboard's streak page asks: on today's date in UTC.
        analytics.streak_stats("daily", app_clock.now().date()),
        badges,
        class_xp,
    )


def test_seed_all_builds_the_demo_data_once(clock, bare_app, capsys, real_password_hashing):
    clock.set(WEDNESDAY)
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
    assert printed.endswith(
        f"Recorded {DEMO_REVIEWS} back-dated reviews of Basic Spanish words for demo@example.com\n"
        f"Recorded {CLASS_SITTINGS} study sittings ({sum(m.flips for m in CLASS)} cards) "
        "for the class at class.example.com\n"
    )
    assert first_run["MetricEvent"] == flips + DEMO_REVIEWS + CLASS_SITTINGS
    assert xp_total == awards_sum
    # The seeded metric triggers: +10 XP every 5 flips and +50 XP every 25; +10 XP every 10
    # cards reviewed.
    assert DEMO_REVIEW_XP == DEMO_REVIEWS // 10 * 10
    assert sum(points for points, _ in by_type["metric"]) == (
        flips // 5 * 10 + flips // 25 * 50 + DEMO_REVIEW_XP
    )
    # +50 XP on each day the streak reached a multiple of 7 days, and on no other.
    sevenths = [start for start, length, frozen in periods if not frozen and length % 7 == 0]
    assert sevenths, "60 days with one day in five off should reach a 7-day streak"
    assert by_type["streak"] == [(50, day) for day in sevenths]
    assert set(by_type) == {"metric", "streak"}
    assert max(length for _, length, _ in periods) >= 7
    assert badges == DEMO_BADGES
    assert xp_total == DEMO_XP

    assert first_run == {
        "Account": 2 + CLASS_SIZE,
        "Deck": 3,
        "Card": 85,
        # The class's sittings are XP events only.
        "CardFlip": flips,
        # The demo learner's reviews: every card of one deck.
        "CardSchedule": DEMO_REVIEWED_CARDS,
        "ReviewLog": DEMO_REVIEWS,
        "XpUser": 1 + CLASS_SIZE,
        "MetricEvent": flips + DEMO_REVIEWS + CLASS_SITTINGS,
        "PointsAward": flips // 5 + flips // 25 + DEMO_REVIEWS // 10 + len(sevenths) + CLASS_AWARDS,
        "Achievement": 6,
        "UserAchievement": sum(completions for completions, _ in SEEDED_BADGES.values()),
        # The weekend boost is main()'s: seed_all() pays the same on any weekday.
        "PointsBoost": 0,
    }
    assert second_run == first_run


def class_activity() -> dict[str, tuple]:
    """Each class account as seeded, by the email's local part: (display name, zone, the XP
    user's zone, operator, created, first and last sitting's local dates, first instant)."""
    rows = db.session.execute(
        select(
            Account,
            XpUser.tz,
            func.min(MetricEvent.local_date),
            func.max(MetricEvent.local_date),
            func.min(MetricEvent.occurred_at),
        )
        .join(XpUser, XpUser.external_id == Account.xp_user_id)
        .join(MetricEvent, MetricEvent.user_id == XpUser.id)
        .where(Account.email.like("%@class.example.com"))
        .group_by(Account.id, XpUser.tz)
    )
    return {
        account.email.partition("@")[0]: (
            account.display_name,
            account.tz,
            xp_tz,
            account.is_operator,
            account.created,
            first,
            last,
            earliest,
        )
        for account, xp_tz, first, last, earliest in rows
    }


def badge_rarities(page: str) -> list[str]:
    """The rarity line of each badge on a journey page, in the grid's order."""
    return re.findall(r'data-testid="badge-rarity">([^<]*)<', page)


def test_the_class_is_seeded_as_designed_and_once(clock, seeded_wednesday, capsys):
    with seeded_wednesday.app_context():
        activity = class_activity()
        flips = class_flips()
        hashes = {a.password_hash for a in db.session.scalars(select(Account))}
        logins = [
            a.check_password(CLASS_PASSWORD)
            for a in db.session.scalars(
                select(Account).where(Account.email.like("%@class.example.com"))
            )
        ]
        first_run = row_counts()
        # Seeded again three days later: the dates would move, but nothing is added.
        clock.shift(days=3)
        seed.seed_all()
        second_run = row_counts()
    capsys.readouterr()

    assert len(CLASS) == len(activity) == CLASS_SIZE
    assert len({m.name for m in CLASS}) == len({m.display_name for m in CLASS}) == CLASS_SIZE
    assert Counter(m.kind for m in CLASS) == {"power": 4, "steady": 16, "lapsed": 7, "new": 5}
    seeded = clock.now - timedelta(days=3)
    for member in CLASS:
        name, tz, xp_tz, operator, created, first, last, earliest = activity[member.name]
        today = seeded.astimezone(ZoneInfo(member.tz)).date()
        assert (name, tz, xp_tz, operator) == (member.display_name, member.tz, member.tz, False)
        assert (first, last) == (
            today - timedelta(days=member.first),
            today - timedelta(days=member.last),
        ), member.name
        # They joined just before their first sitting.
        assert earliest - timedelta(hours=1) < created < earliest, member.name
        assert flips[member.name][0] == member.flips
        # Hundreds of cards a day for the power users, tens for the rest.
        per_day = member.flips / (member.first - member.last + 1)
        assert per_day > 150 if member.kind == "power" else per_day < 150, member.name
        # The lapsed stopped two weeks ago or more; everyone else studied this week.
        assert member.last >= 14 if member.kind == "lapsed" else member.last <= 3, member.name
        # The new joined this week; everyone else a month ago or more.
        assert member.first <= 6 if member.kind == "new" else member.first >= 30, member.name
        assert (
            password_problem(
                CLASS_PASSWORD, email=f"{member.name}@class.example.com", display_name=name
            )
            is None
        )
    assert sum(events for _, events in flips.values()) == CLASS_SITTINGS
    # Every member logs in with the one password (one hash, made once), and differently from
    # the demo learner and the operator.
    assert all(logins) and len(logins) == CLASS_SIZE
    assert len(hashes) == 3

    # Around the world: every continent with learners, and the zones furthest from UTC.
    offsets = {
        m.tz: seeded.astimezone(ZoneInfo(m.tz)).utcoffset().total_seconds() / 3600 for m in CLASS
    }
    regions = {m.tz.split("/")[0] for m in CLASS}
    assert regions == {"Africa", "America", "Asia", "Australia", "Europe", "Pacific"}
    assert max(offsets.values()) == 14 and offsets["Pacific/Tongatapu"] == 13
    assert min(offsets.values()) == -11 and offsets["Pacific/Honolulu"] == -10

    assert second_run == first_run


def test_a_class_seeded_half_way_is_finished_by_the_next_run(bare_app, monkeypatch):
    members = CLASS[-3:]  # three new learners: a short history
    monkeypatch.setattr(seed, "CLASS", members)
    record_event = seed.record_event
    calls = []

    def stop_at_the_fifth_sitting(*args, **kwargs):
        calls.append(kwargs["idempotency_key"])
        if len(calls) == 5:
            raise RuntimeError("stopped")
        return record_event(*args, **kwargs)

    with bare_app.app_context():
        seed.seed_xp()
        seed.seed_engagement()
        monkeypatch.setattr(seed, "record_event", stop_at_the_fifth_sitting)
        with pytest.raises(RuntimeError):
            seed.seed_class()
        monkeypatch.setattr(seed, "record_event", record_event)
        seed.seed_class()
        flips = class_flips()
        sittings = {m.name: len(seed.class_sittings(m)) for m in members}

    assert flips == {m.name: (m.flips, sittings[m.name]) for m in members}


def test_the_journey_shows_badge_rarity_among_the_class(seeded_wednesday):
    demo, sina = seeded_wednesday.test_client(), seeded_wednesday.test_client()

    assert log_in(demo, "demo@example.com", "studyxp-demo").status_code == 302
    assert log_in(sina, "sina@class.example.com", CLASS_PASSWORD).status_code == 302

    # The demo learner's grid, in the order earned: First Ten, Fifty Flips, Century, Card
    # Shark, Week-long Streak, Hundred Reviews.
    rarities = [f"{round(rarity)}% of learners" for _, rarity in SEEDED_BADGES.values()]
    assert badge_rarities(demo.get("/journey/").text) == rarities
    assert rarities == [
        "97% of learners",
        "91% of learners",
        "85% of learners",
        "76% of learners",
        "70% of learners",
        "3% of learners",
    ]
    # Sina joined two days ago and flipped three cards: no badge yet, the same rarities, in
    # the order the badges were made (the demo learner's are in the order earned).
    page = sina.get("/journey/").text
    assert 'data-earned="true"' not in page
    assert badge_rarities(page) == [*rarities[:4], rarities[5], rarities[4]]


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
        ("reviews-100", "Hundred Reviews", "metric", 100, None, "/static/badges/reviews-100.svg"),
        ("streak-7", "Week-long Streak", "streak", None, 7, "/static/badges/streak-7.svg"),
    ]
    assert rule == ("daily", 2, 0, 7, 1)
    assert flips_count is True
    assert [tuple(row) for row in triggers] == [("streak", 50, 7)]


def test_every_seeded_badge_is_an_svg_in_static(bare_app):
    static = Path(bare_app.static_folder)
    for key, *_ in [*seed.FLIP_ACHIEVEMENTS, seed.REVIEW_ACHIEVEMENT, seed.STREAK_ACHIEVEMENT]:
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
def test_the_demo_learner_and_the_class_have_the_same_numbers_on_any_day(clock, bare_app, instant):
    """At any hour too: the instants put the Americas on the day before UTC's (01:30) and
    Asia and the Pacific on the day after (23:30). That would move the dashboard's count of
    live streaks, taken on UTC's date, for a learner whose streak has no day to spare; no
    member of the class ends so (app/study/class_data.py)."""
    clock.set(instant)
    with bare_app.app_context():
        seed.seed_all()
        numbers = demo_numbers()
        flips = class_flips()
        dashboard = seeded_numbers()

    today = clock.today("Europe/London").isoformat()
    assert numbers == (DEMO_FLIPS, DEMO_XP, *DEMO_STREAK, today, DEMO_BADGES)
    assert {name: total for name, (total, _) in flips.items()} == {
        member.name: member.flips for member in CLASS
    }
    assert sum(events for _, events in flips.values()) == CLASS_SITTINGS
    assert dashboard == (
        SEEDED_XP_DISTRIBUTION,
        SEEDED_ACTIVE_USERS,
        SEEDED_STREAK_STATS,
        SEEDED_BADGES,
        CLASS_XP,
    )


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
        flips = class_flips()
    close_app(app)
    assert {name: total for name, (total, _) in flips.items()} == {m.name: m.flips for m in CLASS}


def test_without_the_option_the_demo_has_this_weekends_double_xp(
    clock, bare_app, capsys, monkeypatch
):
    clock.set("2026-11-28T09:00:00Z")  # a Saturday
    # Three members of the class will do: the boost is what this test is about.
    monkeypatch.setattr(seed, "CLASS", CLASS[-3:])
    with bare_app.app_context():
        seed.seed_demo(boosts=True)
        boosts = db.session.execute(
            select(PointsBoost.name, PointsBoost.start_date, PointsBoost.end_date)
        ).all()

    assert [tuple(row) for row in boosts] == [
        ("Weekend Double XP", date(2026, 11, 28), date(2026, 11, 29))
    ]
    assert "Double XP on 2026-11-28 and 2026-11-29" in capsys.readouterr().out


def test_the_demo_boards_rank_the_class_from_its_history(seeded_wednesday, capsys):
    with seeded_wednesday.app_context():
        seed.seed_all()  # a second time: nothing more
        boards = [(b["key"], b["rankBy"], b["start"], b["runUnit"]) for b in all_leaderboards()]
        ranked = {
            key: leaderboard_rankings(key, limit=100)["rankings"]
            for key in ("weekly-xp", "flashcards-all-time", "longest-streaks")
        }

    assert boards == [
        ("weekly-xp", "points", "2026-09-14", "day"),
        ("flashcards-all-time", "metric", "2026-09-14", None),
        ("longest-streaks", "streak", "2026-09-14", None),
    ]
    top = {key: [(r["userName"], r["value"]) for r in rows[:3]] for key, rows in ranked.items()}
    assert top == {
        "weekly-xp": [
            ("Priya Raghavan", 4000),
            ("Ingrid Johansson", 2500),
            ("Kenji Watanabe", 1880),
        ],
        "flashcards-all-time": [
            ("Priya Raghavan", 20460),
            ("Kenji Watanabe", 17385),
            ("Ingrid Johansson", 13120),
        ],
        # Equal streaks: whoever reached 60 days first, so the earliest time zone (Tonga).
        "longest-streaks": [
            ("Tevita Fifita", 60),
            ("Ingrid Johansson", 60),
            ("Kenji Watanabe", 60),
        ],
    }
    # This week: the learners who studied on Monday or Tuesday; all time: everyone.
    assert {key: len(rows) for key, rows in ranked.items()} == {
        "weekly-xp": 24,
        "flashcards-all-time": 33,
        "longest-streaks": 33,
    }
