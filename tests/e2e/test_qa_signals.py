"""The study page's signals for QA flows (docs/testing.md): keys live, the card's aria-busy
while its flip is being saved, card-position, and xp-total's final number in data-value."""

import pytest
from playwright.sync_api import Page, Route, expect

from tests.support.browser import register

FLIP = "**/study/flip"


def hold_flips(page: Page) -> tuple[dict, list[Route]]:
    """Route the page's flips through a gate, before any page loads (a route added to a loaded
    page can miss its next request). Flips pass until gate["closed"] is set; then they wait in
    the returned list until the test continues them."""
    gate = {"closed": False}
    held: list[Route] = []

    def handle(route: Route) -> None:
        if gate["closed"]:
            held.append(route)
        else:
            route.continue_()

    page.route(FLIP, handle)
    return gate, held


def flip_four_cards(page: Page) -> None:
    """Open the first deck and flip its cards 1 to 4, which earns nothing yet (+10 XP every
    5 flips): the fifth flip, of card 5, is the one that pays."""
    page.get_by_test_id("deck-link").filter(has_text="European capitals").click()
    page.get_by_test_id("study-deck").click()
    expect(page.get_by_test_id("study")).to_have_attribute("data-ready", "true")
    expect(page.get_by_test_id("card-position")).to_have_text("Card 1 of 28")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("card-position")).to_have_text("Card 2 of 28")
    for _ in range(3):
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("card-position")).to_have_text("Card 5 of 28")
    expect(page.get_by_test_id("study")).to_have_attribute("data-state", "idle")
    expect(page.get_by_test_id("xp-total")).to_have_attribute("data-value", "0")


def test_card_is_busy_while_its_flip_is_saved_and_xp_total_has_the_final_number(page: Page):
    gate, held = hold_flips(page)
    register(page, "Busy")
    flip_four_cards(page)
    card = page.get_by_test_id("flashcard")
    study = page.get_by_test_id("study")
    xp_total = page.get_by_test_id("xp-total")
    expect(card).not_to_have_attribute("aria-busy", "true")

    gate["closed"] = True
    with page.expect_request(FLIP):
        page.keyboard.press("Space")
    expect(card).to_have_attribute("aria-busy", "true")
    expect(study).to_have_attribute("data-state", "busy")
    # That round trip came after Playwright handed the route over: the flip is held here.
    assert len(held) == 1

    # Moving on while the flip waits: the next card is not busy, the flipped one still is.
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("card-position")).to_have_text("Card 6 of 28")
    expect(card).not_to_have_attribute("aria-busy", "true")
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_test_id("card-position")).to_have_text("Card 5 of 28")
    expect(card).to_have_attribute("aria-busy", "true")
    expect(xp_total).to_have_attribute("data-value", "0")

    held.pop().continue_()
    expect(page.get_by_test_id("xp-toast")).to_contain_text("You gained 10 XP")
    # As soon as the toast shows, data-value is final; the text may still be counting up.
    assert xp_total.get_attribute("data-value") == "10"
    assert 0 <= int(xp_total.text_content()) <= 10
    expect(card).not_to_have_attribute("aria-busy", "true")
    expect(study).to_have_attribute("data-state", "idle")
    expect(xp_total).to_have_text("10")


@pytest.mark.browser_context_args(reduced_motion="reduce")
def test_under_reduced_motion_xp_total_shows_the_final_number_at_once(page: Page):
    register(page, "Still")
    flip_four_cards(page)
    page.keyboard.press("Space")
    expect(page.get_by_test_id("xp-toast")).to_contain_text("You gained 10 XP")
    xp_total = page.get_by_test_id("xp-total")
    # No count-up: the text is the final number the moment the toast shows.
    assert xp_total.text_content() == "10"
    assert xp_total.get_attribute("data-value") == "10"
