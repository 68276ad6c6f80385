"""A learner reviews a deck of their own with the keys (issue 16): Space shows the answer,
3 grades it Good; the tenth review brings its XP toast, and the end says when the next card
is due."""

import os

from playwright.sync_api import Page, expect
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


def test_reviewing_ten_cards_with_the_keys(page: Page, live_server, output_path):
    email = register(page, "Rhea")
    deck_id = make_deck(live_server, email)
    page.goto(f"/decks/{deck_id}")
    page.get_by_test_id("review-deck").click()
    review = page.locator("#review")
    expect(review).to_have_attribute("data-ready", "true")

    for n in range(1, CARDS + 1):
        expect(review).to_have_attribute("data-state", "idle")
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
    done = page.get_by_test_id("review-done")
    expect(done).to_have_text("Nothing due. The next card is due in 10 minutes.")
    expect(page.get_by_test_id("undo-review")).to_be_visible()
    expect(page.get_by_test_id("xp-total")).to_have_text("10")  # counted up
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, "review-done.png"), full_page=True)
