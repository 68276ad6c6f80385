"""What every page object shares: its Playwright page, the base URL and the header."""

from playwright.sync_api import Locator, Page


class PageObject:
    """One of the app's pages; `path` is where open() goes."""

    path = "/"

    def __init__(self, page: Page, base_url: str = "") -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")

    def open(self, query: str = ""):
        self.page.goto(f"{self.base_url}{self.path}{query}")
        return self

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    @property
    def xp_total(self) -> Locator:
        """The header's XP total; its text counts up to the final number in `data-value`."""
        return self.page.get_by_test_id("xp-total")

    def final_xp(self) -> int:
        """The header's final XP total, even while its text still counts up to it."""
        return int(self.xp_total.get_attribute("data-value"))

    @property
    def xp_level(self) -> Locator:
        return self.page.get_by_test_id("xp-level")

    @property
    def xp_toasts(self) -> Locator:
        return self.page.get_by_test_id("xp-toast")

    @property
    def award_items(self) -> Locator:
        """The XP panel's (study, progress) award history, newest first."""
        return self.page.get_by_test_id("award-history").get_by_test_id("award-item")

    @property
    def award_history_empty(self) -> Locator:
        return self.page.get_by_test_id("award-history-empty")
