"""The learner's leaderboard page (app/study/leaderboard.py, app/study/standings.py): the
weekly XP board's top 10, the learner's neighbourhood, names, runs and past weeks."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.xp.admin.leaderboards import save_leaderboard
from app.xp.engine.events import record_event
from app.xp.models.leaderboards import Leaderboard
from app.xp.models.points import PointsSystem
from tests.support.html import flashes, text_of_testid
from tests.support.learners import ANA, get_account

# Left out of the calendar sweep (.ci/run): every test sets the clock it runs at.
pytestmark = pytest.mark.calendar_free

NOW = datetime(2026, 6, 17, 10, 0, tzinfo=UTC)  # a Wednesday
THIS_MONDAY = date(2026, 6, 15)


def xp_for(flips: int) -> int:
    """seed.py's triggers: +10 XP every 5 flashcards flipped, +50 every 25."""
    return 10 * (flips // 5) + 50 * (flips // 25)


@pytest.fixture
def board(app, clock):
    """Weekly XP: points `xp`, runs of 7 days from Monday 1 June 2026, active since May.
    Tests take it before logging in: a clock set back would expire the session cookie."""
    clock.set(NOW)
    with app.app_context():
        system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
        board = save_leaderboard(
            None,
            key="weekly-xp",
            name="Weekly XP",
            rank_by="points",
            points_system_id=system.id,
            start=date(2026, 6, 1),
            run_unit="day",
            run_interval=7,
            max_participants=100,
            status="active",
        )
        board.activated_at = datetime(2026, 5, 1, tzinfo=UTC)
        db.session.commit()
    return "weekly-xp"


def add_learner(app, name: str, anonymous: bool = False) -> str:
    """A learner account; its XP user id."""
    with app.app_context():
        account = Account(
            email=f"{name.lower().replace(' ', '-')}@example.com",
            display_name=name,
            password_hash="-",
            tz="Europe/London",
            leaderboard_anonymous=anonymous,
        )
        db.session.add(account)
        db.session.commit()
        return account.xp_user_id


def flips(app, xp_user_id: str, count: int, at: datetime = NOW - timedelta(hours=1)) -> None:
    with app.app_context():
        record_event("flashcards-flipped", {"id": xp_user_id, "tz": "Europe/London"}, count, at=at)


def rows(html: str) -> list[tuple[str, str, str]]:
    """(data-rank, name, value) of each leaderboard row, in page order."""
    found = re.findall(
        r'data-testid="leaderboard-row" data-rank="(\d+)".*?<span class="board-name">([^<]*)'
        r'.*?<span class="board-value">([^<]*)</span>',
        html,
        re.S,
    )
    return [(rank, name.strip(), value) for rank, name, value in found]


def test_the_board_shows_the_top_ten_and_the_learners_neighbourhood(app, board, learner, client):
    ana = get_account(app, ANA).xp_user_id
    for place in range(1, 21):
        who = ana if place == 14 else add_learner(app, f"Learner {place:02}")
        flips(app, who, 5 * (21 - place))

    page = client.get("/leaderboard/")

    assert page.status_code == 200
    shown = rows(page.text)
    assert [rank for rank, _, _ in shown] == [str(r) for r in [*range(1, 11), *range(11, 18)]]
    assert shown[0] == ("1", "Learner 01", f"{xp_for(100)} XP")
    assert shown[13] == ("14", "Ana", f"{xp_for(35)} XP")
    assert re.findall(r'data-rank="(\d+)"\s+aria-current="true"', page.text) == ["14"]
    assert text_of_testid(page.text, "leaderboard-run").split() == [
        "15",
        "–",
        "21",
        "June",
        "·",
        "ends",
        "Sunday",
        "at",
        "midnight",
    ]
    assert page.text.count('class="medal medal-') == 3


def test_a_learner_in_the_top_ten_sees_no_neighbourhood(app, board, learner, client):
    ana = get_account(app, ANA).xp_user_id
    flips(app, ana, 50)
    flips(app, add_learner(app, "Bo"), 10)

    shown = rows(client.get("/leaderboard/").text)

    assert shown == [("1", "Ana", f"{xp_for(50)} XP"), ("2", "Bo", f"{xp_for(10)} XP")]


def test_a_learner_who_chose_so_is_an_anonymous_learner(app, board, learner, client):
    flips(app, add_learner(app, "Cy", anonymous=True), 10)
    flips(app, get_account(app, ANA).xp_user_id, 5)

    response = client.post("/account/leaderboard-name", data={"anonymous": "y"})

    assert response.status_code == 302
    page = client.get("/leaderboard/").text
    assert rows(page) == [
        ("1", "Anonymous learner", "20 XP"),
        ("2", "Anonymous learner", "10 XP"),
    ]
    assert flashes(client.get("/account/").text) == []  # shown once, on the redirect's page
    assert get_account(app, ANA).leaderboard_anonymous is True


def test_past_weeks_are_listed_and_final(app, board, learner, client):
    ana = get_account(app, ANA).xp_user_id
    flips(app, ana, 25, at=datetime(2026, 6, 9, 12, tzinfo=UTC))  # last week: 100 XP
    flips(app, ana, 5)  # this week

    this_week = client.get("/leaderboard/").text
    last_week = client.get("/leaderboard/?run=2026-06-08").text

    assert '<a href="/leaderboard/?run=2026-06-08">8 – 14 June</a>' in this_week
    assert '<a href="/leaderboard/?run=2026-06-01">1 – 7 June</a>' in this_week
    assert rows(this_week) == [("1", "Ana", "10 XP")]
    assert rows(last_week) == [("1", "Ana", "100 XP")]
    assert text_of_testid(last_week, "leaderboard-run").split() == [
        "8",
        "–",
        "14",
        "June",
        "·",
        "final",
    ]


@pytest.mark.parametrize("run", ["2026-06-09", "2026-05-25", "not-a-date", "2026-06-22"])
def test_a_week_that_is_not_a_run_of_the_board_is_not_found(board, learner, client, run):
    assert client.get(f"/leaderboard/?run={run}").status_code == 404


def test_an_empty_board_invites_the_first_flip(board, learner, client):
    page = client.get("/leaderboard/").text

    assert "No one is on the board yet: flip a card to be the first." in page


def test_without_the_board_the_page_says_so(app, learner, client):
    page = client.get("/leaderboard/")

    assert page.status_code == 200
    assert text_of_testid(page.text, "leaderboard") == "There is no leaderboard yet."


def test_the_header_links_to_the_leaderboard(learner, client):
    assert (
        'href="/leaderboard/" data-testid="leaderboard-link">Leaderboard</a>'
        in client.get("/decks/").text
    )


def test_an_archived_board_is_no_longer_shown(app, board, learner, client):
    with app.app_context():
        db.session.scalar(select(Leaderboard).where(Leaderboard.key == board)).status = "finished"
        db.session.commit()

    assert text_of_testid(client.get("/leaderboard/").text, "leaderboard") == (
        "There is no leaderboard yet."
    )
