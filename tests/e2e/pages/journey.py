"""The journey page (/journey/): the streak, its calendar and the badges."""

from playwright.sync_api import Locator

from tests.e2e.pages.base import PageObject


class JourneyPage(PageObject):
    path = "/journey/"

    @property
    def streak_length(self) -> Locator:
        """The current streak's number (absent at 0)."""
        return self.page.get_by_test_id("streak-length")

    @property
    def calendar_days(self) -> Locator:
        """The last 14 local days, oldest first; `data-state` studied / frozen / missed / today."""
        return self.page.get_by_test_id("streak-calendar").get_by_test_id("streak-day")

    @property
    def badges(self) -> Locator:
        """One per active achievement; `data-earned="true"` once earned."""
        return self.page.get_by_test_id("badge-grid").get_by_test_id("badge")

    def badge(self, name: str) -> Locator:
        return self.badges.filter(has_text=name)

    def earned_badges(self) -> Locator:
        return self.page.locator("[data-testid=badge][data-earned=true]")
