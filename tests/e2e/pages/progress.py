"""The progress page (/progress/): XP panel, award history, chart, levels and learning."""

from playwright.sync_api import Locator

from tests.e2e.pages.base import PageObject


class ProgressPage(PageObject):
    path = "/progress/"

    @property
    def earn_rules(self) -> Locator:
        """ "How to earn XP": each line a `earn-rule`."""
        return self.page.get_by_test_id("earn-rule")

    @property
    def level_progress(self) -> Locator:
        """The level bar block: its label and a `<progress max="100" value="…">`."""
        return self.page.get_by_test_id("level-progress")

    @property
    def chart(self) -> Locator:
        """The XP chart's canvas; `data-state="ready"` after each draw."""
        return self.page.get_by_test_id("xp-chart")

    def show_chart(self, range_key: str, aggregation: str) -> None:
        """Choose the chart's range (7d, 30d, 12m) and aggregation (daily, weekly, monthly)."""
        self.page.get_by_test_id("chart-range").select_option(range_key)
        self.page.get_by_test_id("chart-aggregation").select_option(aggregation)
