"""An operator's leaderboard journey in Chromium: create a weekly XP board through the form,
find it listed, read its rankings once learners have earned XP, and finish it."""

import os
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.leaderboards import finish_leaderboard
from app.xp.engine.events import record_event
from app.xp.models.leaderboards import Leaderboard
from tests.support.browser import log_in

KEY = "e2e-weekly-xp"
# (id, name, cards flipped): +10 XP every 5 cards and +50 every 25 (seed.py's XP).
LEARNERS = [("e2e-ana", "Ana Lima", 25), ("e2e-ben", "Ben Okafor", 10), ("e2e-cleo", "Cleo", 5)]


@pytest.fixture
def finished_afterwards(live_server):
    """The board is finished when the test ends, whatever happened: every test shares the
    live server, and an active board would count (and toast) the next tests' flips."""
    yield
    with live_server.app.app_context():
        board = db.session.scalar(select(Leaderboard).where(Leaderboard.key == KEY))
        if board is not None and board.status != "finished":
            finish_leaderboard(board)


@pytest.mark.needs_process
def test_operator_creates_a_weekly_board_and_reads_its_rankings(
    page: Page, live_server, output_path, clock, finished_afterwards
):
    log_in(page, "admin@example.com", "studyxp-admin")
    page.get_by_test_id("dashboard-link").click()
    page.get_by_role("navigation", name="Dashboard").get_by_role(
        "link", name="Leaderboards"
    ).click()
    expect(page.get_by_role("heading", name="Leaderboards")).to_be_visible()

    # A weekly XP board, from this week's Monday.
    today = clock.today("UTC")
    monday = today - timedelta(days=today.weekday())
    page.get_by_test_id("new-leaderboard").click()
    page.get_by_label("Key").fill(KEY)
    page.get_by_label("Name").fill("E2E Weekly XP")
    page.get_by_label("Rank by").select_option("points")
    page.get_by_label("Points system").select_option(label="XP (xp)")
    expect(page.get_by_label("Metric", exact=True)).to_be_hidden()  # the other kind's field
    page.get_by_label("Start date").fill(monday.isoformat())
    page.get_by_label("Repeat every").fill("7")
    page.get_by_label("Unit").select_option(label="days")
    page.get_by_label("Max participants").fill("50")
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, "leaderboard-form.png"), full_page=True)
    page.get_by_role("button", name="Create leaderboard").click()

    expect(page.get_by_text("Leaderboard “E2E Weekly XP” saved.")).to_be_visible()
    row = page.get_by_test_id("board-config-row").filter(has_text=KEY)
    expect(row.locator("td")).to_have_text(
        [
            f"E2E Weekly XP {KEY}",
            "points: XP",
            f"every 7 days from Mon {monday.day} {monday:%b %Y}",
            f"{monday.day} {monday:%b %Y}",
            "no end",
            "50",
            "active",
            "0",
            "Edit Finish Delete",
        ]
    )

    # Learners earn XP; the board ranks them in the current run.
    with live_server.app.app_context():
        for user, name, cards in LEARNERS:
            record_event("flashcards-flipped", {"id": user, "name": name}, cards)
    page.reload()
    expect(row.locator("td").nth(7)).to_have_text("3")
    page.screenshot(path=os.path.join(output_path, "leaderboards.png"), full_page=True)

    row.get_by_role("link", name="E2E Weekly XP").click()
    expect(page.get_by_role("heading", name="“E2E Weekly XP”")).to_be_visible()
    rankings = page.get_by_test_id("ranking-row")
    expect(rankings).to_have_count(3)
    expect(rankings.nth(0).locator("td")).to_have_text(["1", "e2e-ana", "Ana Lima", "100"])
    expect(rankings.nth(1).locator("td")).to_have_text(["2", "e2e-ben", "Ben Okafor", "20"])
    expect(rankings.nth(2).locator("td")).to_have_text(["3", "e2e-cleo", "Cleo", "10"])
    expect(page.get_by_test_id("run-heading")).to_contain_text("(current)")
    page.screenshot(path=os.path.join(output_path, "leaderboard.png"), full_page=True)

    # Finishing asks first, then the board stops counting.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finish").click()
    expect(
        page.get_by_text("Leaderboard “E2E Weekly XP” is finished. Its rankings stay readable.")
    ).to_be_visible()
    expect(row.locator("td").nth(6)).to_have_text("finished")
