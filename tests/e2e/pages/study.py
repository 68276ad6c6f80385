"""A deck's study page (/decks/<id>/study/): flip with Space, move with → and ←."""

import re

from playwright.sync_api import Locator, expect

from tests.e2e.pages.base import PageObject


class StudyPage(PageObject):
    @property
    def study(self) -> Locator:
        """`data-ready="true"` once keys are live; `data-state` loading / busy / idle."""
        return self.page.get_by_test_id("study")

    @property
    def card(self) -> Locator:
        """`aria-pressed="true"` while its back shows; `aria-busy="true"` while a flip saves."""
        return self.page.get_by_test_id("flashcard")

    @property
    def position(self) -> Locator:
        """ "Card 2 of 28"."""
        return self.page.get_by_test_id("card-position")

    @property
    def error(self) -> Locator:
        return self.page.get_by_test_id("study-error")

    def wait_until_ready(self) -> "StudyPage":
        """The page's keys are live (its scripts are deferred; keys given before are kept)."""
        expect(self.study).to_have_attribute("data-ready", "true")
        return self

    def wait_until_idle(self) -> "StudyPage":
        """Every flip asked for is saved, its toasts shown, and the card has settled."""
        expect(self.study).to_have_attribute("data-state", "idle")
        return self

    def expect_position(self, position: int, cards: int | None = None) -> None:
        of = str(cards) if cards is not None else r"\d+"
        expect(self.position).to_have_text(re.compile(rf"^Card {position} of {of}$"))

    def flip(self) -> None:
        self.page.keyboard.press("Space")

    def next(self) -> None:
        self.page.keyboard.press("ArrowRight")

    def flip_cards(self, count: int) -> None:
        """Space flips each card to its back, → moves on; both as a learner presses them.
        Starts on card 1 and ends on card `count`, flipped."""
        for n in range(1, count + 1):
            self.expect_position(n)
            self.flip()
            expect(self.card).to_have_attribute("aria-pressed", "true")
            if n < count:
                self.next()
