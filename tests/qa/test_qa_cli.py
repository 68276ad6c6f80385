"""`flask qa`: refused without STUDYXP_QA_TOOLS=1; learners made to order; reset."""

import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import Account
from app.extensions import db
from app.xp.models.metrics import MetricEvent
from tests.support import build_app
from tests.support.databases import close_app
from tests.support.learners import log_in

EMAIL = "qa.learner@example.com"
PASSWORD = "qa-password-1"
OFF = "QA tools are off: set STUDYXP_QA_TOOLS=1 (test environments only)"


def seed_setup() -> None:
    """seed.py's XP setup and engagement (badges, streak, the streak trigger): no learners."""
    from seed import seed_engagement, seed_xp

    seed_xp()
    seed_engagement()


def make_app(database_url, qa_tools: bool):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "QA_TOOLS": qa_tools,
    }
    return build_app(config, prepare=seed_setup)


@pytest.fixture
def qa_app(database_url):
    app = make_app(database_url, qa_tools=True)
    yield app
    close_app(app)


def run_learner(app, *extra: str):
    args = ["qa", "learner", "--email", EMAIL, "--password", PASSWORD, *extra]
    return app.test_cli_runner().invoke(args=args)


def event_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(MetricEvent))


def test_every_command_is_refused_without_the_qa_tools(database_url):
    app = make_app(database_url, qa_tools=False)
    try:
        for args in (["qa", "learner", "--email", EMAIL, "--password", PASSWORD], ["qa", "reset"]):
            result = app.test_cli_runner().invoke(args=args)
            assert result.exit_code == 1
            assert OFF in result.output
        with app.app_context():
            assert db.session.scalar(select(Account).where(Account.email == EMAIL)) is None
    finally:
        close_app(app)


def test_a_learner_with_xp_streak_and_badge_shows_them_on_its_pages(qa_app, clock):
    result = run_learner(qa_app, "--xp", "120", "--streak", "7", "--badges", "streak-7")
    assert result.exit_code == 0, result.output
    xp_user_id = result.output.strip().splitlines()[-1]
    with qa_app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == EMAIL))
        assert xp_user_id == account.xp_user_id
    client = qa_app.test_client()
    assert log_in(client, EMAIL, PASSWORD).status_code == 302
    account_page = client.get("/account/").text
    assert f'data-testid="xp-user-id">{xp_user_id}<' in account_page
    progress = client.get("/progress/").text
    assert re.search(r'data-testid="xp-total"[^>]*>\s*120\s*<', progress), progress[:3000]
    journey = client.get("/journey/").text
    assert re.search(r'data-testid="streak-length">7<', journey)
    earned = re.findall(r'data-earned="true">.*?class="badge-name">([^<]*)<', journey, re.S)
    # The fewest events paying 120 with the streak's 50: 20 flips (40) and 30 reviews (30),
    # and 20 flips earn First Ten on the way.
    assert earned == ["First Ten", "Week-long Streak"], earned

    # The same command again changes nothing, and says so.
    events = event_count(qa_app)
    again = run_learner(qa_app, "--xp", "120", "--streak", "7", "--badges", "streak-7")
    assert again.exit_code == 0, again.output
    assert "already has this XP" in again.output
    assert again.output.strip().splitlines()[-1] == xp_user_id
    assert event_count(qa_app) == events


def test_unknown_badges_and_unreachable_xp_are_refused_readably(qa_app, clock):
    result = run_learner(qa_app, "--badges", "flips-10,nope")
    assert result.exit_code == 1
    assert "Unknown badge 'nope'; the badges are: flips-10, flips-100" in result.output
    # 25 flips pay 100 (+10 per 5, +50 per 25); reviews pay +10 per 10: 5 is out of step.
    result = run_learner(qa_app, "--xp", "125")
    assert result.exit_code == 1
    assert "nearest totals are 120 or 130" in result.output
    assert event_count(qa_app) == 0


def test_reset_deletes_test_data_and_seeds_the_demo_again(qa_app, clock):
    import seed
    from app.study.class_data import CLASS
    from app.study.models import Deck
    from app.xp.models.boosts import PointsBoost

    assert run_learner(qa_app, "--streak", "2").exit_code == 0
    result = qa_app.test_cli_runner().invoke(args=["qa", "reset", "--no-boosts"])
    assert result.exit_code == 0, result.output
    with qa_app.app_context():
        emails = set(db.session.scalars(select(Account.email)))
        assert EMAIL not in emails
        assert {seed.DEMO_LEARNER[0], seed.OPERATOR[0]} <= emails
        assert len(emails) == 2 + len(CLASS)
        assert db.session.scalar(select(func.count()).select_from(Deck)) == len(seed.DECKS)
        assert db.session.scalar(select(func.count()).select_from(PointsBoost)) == 0
    assert "The demo data is as a fresh seed leaves it." in result.output
