"""The deck list (/decks/) and a deck's page, the way into studying."""

from playwright.sync_api import Locator

from tests.e2e.pages.base import PageObject

DEMO_DECK = "European capitals"


class DecksPage(PageObject):
    path = "/decks/"

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", name="Decks")

    def deck_link(self, title: str) -> Locator:
        return self.page.get_by_test_id("deck-link").filter(has_text=title)

    def study(self, title: str = DEMO_DECK):
        """Open the deck from the list and study it: the study page, its keys live."""
        from tests.e2e.pages.study import StudyPage  # the study page leads back here

        self.deck_link(title).click()
        self.page.get_by_test_id("study-deck").click()
        return StudyPage(self.page, self.base_url).wait_until_ready()

    def new_deck(self, title: str, cards: list[tuple[str, str]]) -> str:
        """Create a deck with these (front, back) cards; the deck page's URL."""
        self.page.get_by_role("link", name="New deck").click()
        self.page.get_by_label("Title").fill(title)
        self.page.get_by_role("button", name="Create deck").click()
        for front, back in cards:
            self.page.get_by_label("Front").fill(front)
            self.page.get_by_label("Back").fill(back)
            self.page.get_by_role("button", name="Add card").click()
            self.page.get_by_text("Card added.").wait_for()
        return self.page.url.replace("/cards/new", "")
