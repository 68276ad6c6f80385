"""A learner reviews a deck of their own with the keys (issue 16): Space shows the answer,
3 grades it Good; the counts go down as cards move from New to Learning, the tenth review
brings its XP toast, and the end says when the next card is due. Keys pressed before the
review script runs are kept and done in order."""

import os

import pytest
from playwright.sync_api import Page, Route, expect
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.study.models import Card, Deck
from tests.support.browser import register

CARDS = 10


def make_deck(live_server, email: str) -> int:
    """A learner's deck of ten cards, made straight in the database."""
    with live_server.app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == email))
        deck = Deck(owner_id=account.id, title="Ten words")
        deck.cards = [
            Card(front=f"Word {n}", back=f"Meaning {n}", position=n) for n in range(1, CARDS + 1)
        ]
        db.session.add(deck)
        db.session.commit()
        return deck.id


def expect_counts(page: Page, new: int, learning: int, due: int) -> None:
    expect(page.get_by_test_id("new-count")).to_have_text(str(new))
    expect(page.get_by_test_id("learning-count")).to_have_text(str(learning))
    expect(page.get_by_test_id("due-count")).to_have_text(str(due))


@pytest.mark.needs_process
def test_reviewing_ten_cards_with_the_keys(page: Page, live_server, output_path):
    email = register(page, "Rhea")
    deck_id = make_deck(live_server, email)
    page.goto(f"/decks/{deck_id}")
    page.get_by_test_id("review-deck").click()
    review = page.locator("#review")
    expect(review).to_have_attribute("data-ready", "true")

    for n in range(1, CARDS + 1):
        expect(review).to_have_attribute("data-state", "idle")
        expect_counts(page, new=CARDS - n + 1, learning=n - 1, due=0)
        card = page.get_by_test_id("review-card")
        expect(card).to_contain_text(f"Word {n}")
        expect(page.get_by_test_id("show-answer")).to_be_visible()
        page.keyboard.press("Space")
        expect(card).to_contain_text(f"Meaning {n}")
        expect(page.get_by_test_id("show-answer")).to_be_hidden()
        expect(page.get_by_test_id("grade-again")).to_contain_text("1 min")
        expect(page.get_by_test_id("grade-good")).to_contain_text("10 min")
        expect(page.get_by_test_id("grade-easy")).to_contain_text("days")
        page.keyboard.press("3")

    toast = page.get_by_test_id("xp-toast")
    expect(toast).to_contain_text("You gained 10 XP")
    expect(toast).to_contain_text("+10 XP for 10 cards reviewed")
    expect_counts(page, new=0, learning=CARDS, due=0)  # every card back in 10 minutes
    done = page.get_by_test_id("review-done")
    expect(done).to_have_text("Nothing due. The next card is due in 10 minutes.")
    expect(page.get_by_test_id("undo-review")).to_be_visible()
    expect(page.get_by_test_id("xp-total")).to_have_text("10")  # counted up
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, "review-done.png"), full_page=True)

    page.get_by_text("← Ten words").click()  # the deck page counts the same
    expect_counts(page, new=0, learning=CARDS, due=0)


@pytest.mark.needs_process
def test_keys_pressed_before_the_review_script_runs_are_done_in_order(page: Page, live_server):
    email = register(page, "Tove")
    deck_id = make_deck(live_server, email)
    held: list[Route] = []
    # review.js waits until the test lets it through; the card shows without it.
    page.route("**/static/js/review.js", lambda route: held.append(route))
    page.goto(f"/decks/{deck_id}/review/", wait_until="commit")
    card = page.get_by_test_id("review-card")
    expect(card).to_contain_text("Word 1")
    review = page.locator("#review")
    expect(review).to_have_attribute("data-state", "loading")

    for key in ("Space", "3", "Space", "4"):  # Good on word 1, Easy on word 2
        page.keyboard.press(key)
    expect(card).to_have_attribute("data-answer", "hidden")  # nothing done yet
    assert len(held) == 1
    held[0].continue_()

    expect(review).to_have_attribute("data-state", "idle")
    expect(card).to_contain_text("Word 3")
    # Word 1 is learning (back in 10 minutes); Easy made word 2 a review card due in days.
    expect_counts(page, new=8, learning=1, due=0)
