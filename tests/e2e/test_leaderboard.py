"""The weekly XP leaderboard in Chromium: the learner's row marked on the board, and the rank
toast with its sound when a flip takes them past someone (seed.py's weekly-xp board)."""

import os

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.xp.client import xp_client
from app.xp.engine.events import record_event
from tests.e2e.test_engagement import played
from tests.e2e.test_levels import RECORD_PLAYS, give_flips
from tests.support.browser import flip_cards, log_in, open_study, register


def weekly_rank(live_server, email: str) -> int | None:
    with live_server.app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == email))
        rank = xp_client().user_leaderboard(account.xp_user_id, "weekly-xp")["rank"]
        db.session.remove()
    return rank


@pytest.mark.needs_process
def test_the_demo_learner_finds_their_row_marked_on_the_weekly_board(
    page: Page, live_server, output_path
):
    log_in(page, "demo@example.com", "studyxp-demo")

    page.get_by_test_id("leaderboard-link").click()

    expect(page.get_by_role("heading", name="Weekly XP")).to_be_visible()
    expect(page.get_by_test_id("leaderboard-run")).to_contain_text("ends Sunday at midnight")
    you = page.get_by_test_id("leaderboard-row").filter(has=page.get_by_test_id("leaderboard-you"))
    expect(you).to_have_count(1)
    rank = weekly_rank(live_server, "demo@example.com")
    expect(you).to_have_attribute("data-rank", str(rank))
    expect(you).to_contain_text("Demo Learner")
    expect(page.get_by_test_id("leaderboard-row").first).to_have_attribute("data-rank", "1")
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, "leaderboard.png"), full_page=True)


@pytest.mark.needs_process
def test_passing_someone_brings_the_rank_toast_and_its_sound(page: Page, live_server):
    page.add_init_script(RECORD_PLAYS)
    with live_server.app.app_context():
        if db.session.scalar(select(Account).where(Account.email == "rival@example.com")) is None:
            rival = Account(email="rival@example.com", display_name="Rival", password_hash="-")
            db.session.add(rival)
            db.session.commit()
            record_event("flashcards-flipped", rival.xp_user(), 10)  # 20 XP this week
        db.session.remove()
    email = register(page, "Rhea")
    give_flips(live_server, email, 10)  # 20 XP too, reached after the rival: behind them
    joined = weekly_rank(live_server, email)
    open_study(page)

    flip_cards(page, 5)  # 30 XP: past the rival
    expect(page.get_by_test_id("study")).to_have_attribute("data-state", "idle")
    moved = weekly_rank(live_server, email)

    assert moved < joined
    rank_toast = page.get_by_test_id("rank-toast")
    expect(rank_toast).to_have_count(1)
    expect(rank_toast).to_contain_text(f"You moved up to #{moved} in Weekly XP")
    expect(rank_toast).to_contain_text(f"Up from #{joined}.")
    expect(page.get_by_test_id("xp-toast")).to_contain_text("You gained 10 XP")
    # Passing someone is bigger news than the award that did it: its own short sound.
    assert played(page) == ["rank-up.wav"]

    page.goto("/leaderboard/")
    you = page.get_by_test_id("leaderboard-row").filter(has=page.get_by_test_id("leaderboard-you"))
    expect(you).to_have_attribute("data-rank", str(moved))
