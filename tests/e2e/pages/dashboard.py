"""The operator dashboard (/dashboard/): its sections are reached from its navigation."""

from playwright.sync_api import Locator

from tests.e2e.pages.base import PageObject


class DashboardPage(PageObject):
    path = "/dashboard/"

    @property
    def nav(self) -> Locator:
        return self.page.get_by_role("navigation", name="Dashboard")

    def enter(self) -> "DashboardPage":
        """From any page of an operator: the header's dashboard link."""
        self.page.get_by_test_id("dashboard-link").click()
        return self

    def section(self, name: str) -> "DashboardPage":
        """Open a section by its navigation link: "Metrics", "Points systems", "API keys", …"""
        self.nav.get_by_role("link", name=name, exact=True).click()
        return self

    def row(self, testid: str, text: str) -> Locator:
        """One row of a section's table, e.g. row("metric-row", "quiz-answered")."""
        return self.page.get_by_test_id(testid).filter(has_text=text)
