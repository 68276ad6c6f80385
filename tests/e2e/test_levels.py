"""A learner crossing 100 XP in Chromium: the level-up toast and fanfare, the header's level
and the XP panel's level progress bar (seed.py: Novice 0, Apprentice 100, Scholar 500)."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.xp.engine.events import record_event
from tests.e2e.pages import DecksPage, RegisterPage

# Records which sound each HTMLMediaElement.play() would have played (and plays nothing).
RECORD_PLAYS = """
window.__played = [];
HTMLMediaElement.prototype.play = function () {
  window.__played.push(this.src.split("/").pop());
  return Promise.resolve();
};
"""


def give_flips(live_server, email: str, flips: int) -> None:
    """Earlier flips of this learner, straight through the XP engine."""
    with live_server.app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == email))
        record_event("flashcards-flipped", account.xp_user(), flips)


@pytest.mark.needs_process
def test_crossing_100_xp_shows_the_level_up_and_moves_the_header_and_bar(page: Page, live_server):
    page.add_init_script(RECORD_PLAYS)
    email = RegisterPage(page).register("Lev")
    give_flips(live_server, email, 24)  # +10 XP x 4: 40 XP, one flip short of 100

    page.goto("/progress/")
    expect(page.get_by_test_id("xp-total")).to_have_text("40")
    expect(page.get_by_test_id("xp-level")).to_have_text("Novice")
    progress = page.get_by_test_id("level-progress")
    expect(progress).to_contain_text("Novice → Apprentice at 100 XP: 60 XP to go")
    expect(progress.locator("progress")).to_have_attribute("value", "40")

    page.goto("/decks/")
    study = DecksPage(page).study()
    study.flip_cards(1)  # the 25th flip: +10 and +50, 100 XP

    toast = page.get_by_test_id("level-toast")
    expect(toast).to_have_count(1)
    expect(toast).to_contain_text("Level up: Apprentice")
    expect(toast).to_contain_text("The first hundred XP")
    expect(page.get_by_test_id("xp-toast")).to_contain_text("You gained 60 XP")
    expect(page.get_by_test_id("xp-level")).to_have_text("Apprentice")
    expect(page.get_by_test_id("xp-total")).to_have_text("100")
    # The fanfare plays instead of the award chime: one sound per flip.
    page.wait_for_function("() => window.__played.length === 1")
    assert page.evaluate("window.__played") == ["level-up.wav"]
    page.screenshot(path="/tmp/level-up.png")

    page.goto("/progress/")
    expect(page.get_by_test_id("level-progress")).to_contain_text(
        "Apprentice → Scholar at 500 XP: 400 XP to go"
    )
    expect(page.get_by_test_id("xp-level")).to_have_text("Apprentice")


@pytest.mark.needs_process
def test_an_ordinary_award_plays_the_chime_and_shows_no_level_toast(page: Page, live_server):
    page.add_init_script(RECORD_PLAYS)
    email = RegisterPage(page).register("Ord")
    give_flips(live_server, email, 4)

    page.goto("/decks/")
    study = DecksPage(page).study()
    study.flip_cards(1)  # the 5th flip: +10 XP, still a Novice

    expect(page.get_by_test_id("xp-toast")).to_contain_text("You gained 10 XP")
    page.wait_for_function("() => window.__played.length === 1")
    assert page.evaluate("window.__played") == ["xp-award.wav"]
    expect(page.get_by_test_id("level-toast")).to_have_count(0)
    expect(page.get_by_test_id("xp-level")).to_have_text("Novice")
