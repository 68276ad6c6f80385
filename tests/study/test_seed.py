"""The demo data (seed.py): shared decks, the demo learner's history and the operator."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

import seed
from app.extensions import db
from app.study.models import Account, Card, CardFlip, Deck
from app.xp.client import xp_client
from app.xp.models import MetricEvent, PointsAward, PointsLevel, PointsSystem, XpUser
from tests.study.conftest import close_app
from tests.support import build_app


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
        for model in (Account, Deck, Card, CardFlip, XpUser, MetricEvent, PointsAward)
    }


def test_seed_all_builds_the_demo_data_once(bare_app, capsys, real_password_hashing):
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

        seed.seed_all()
        second_run = row_counts()

    assert decks == [
        ("european-capitals", "European capitals", 28, True),
        ("element-symbols", "Chemical element symbols", 29, True),
        ("spanish-basics", "Basic Spanish words", 28, True),
    ]
    assert logins == {"demo": (True, False), "admin": (True, True)}

    flips, earliest, latest = flip_times
    now = datetime.now(UTC)
    assert 700 <= flips <= 1500
    assert now - timedelta(days=61) <= earliest < latest < now
    assert latest - earliest >= timedelta(days=50)
    assert printed.startswith(f"Recorded {flips} back-dated flips for demo@example.com")
    assert first_run["MetricEvent"] == flips
    assert xp_total == awards_sum
    # The seeded triggers: +10 XP every 5 flips and +50 XP every 25.
    assert flips // 5 * 10 + flips // 25 * 50 == xp_total

    assert first_run == {
        "Account": 2,
        "Deck": 3,
        "Card": 85,
        "CardFlip": flips,
        "XpUser": 1,
        "MetricEvent": flips,
        "PointsAward": flips // 5 + flips // 25,
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
