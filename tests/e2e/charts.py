"""The learner's XP chart in the browser, and the periods it should show on a given date.

`chart_periods` restates the chart's range rule from the issue and from
app/study/learning.py's chart_range, independently of it, so the browser tests can assert
the exact points a chart shows on the pinned date.
"""

from datetime import date, timedelta

from playwright.sync_api import Page, expect


def range_start(today: date, range_key: str) -> date:
    """7d: today and the 6 days before; 30d: today and the 29 before; 12m: from the first of
    the month eleven months back."""
    if range_key == "7d":
        return today - timedelta(days=6)
    if range_key == "30d":
        return today - timedelta(days=29)
    if range_key == "12m":
        year, month = divmod(today.year * 12 + today.month - 1 - 11, 12)
        return date(year, month + 1, 1)
    raise ValueError(f"unknown range {range_key!r}")


def period_start(day: date, aggregation: str) -> date:
    """The first day of the day, Monday-week or month holding `day`."""
    if aggregation == "daily":
        return day
    if aggregation == "weekly":
        return day - timedelta(days=day.weekday())
    if aggregation == "monthly":
        return day.replace(day=1)
    raise ValueError(f"unknown aggregation {aggregation!r}")


def chart_periods(today: date, range_key: str, aggregation: str) -> list[str]:
    """The chart's labels: the first day of every period that touches the range, oldest
    first (a week or month that touches it is shown whole, as one point)."""
    labels: list[str] = []
    day = range_start(today, range_key)
    while day <= today:
        start = period_start(day, aggregation).isoformat()
        if not labels or labels[-1] != start:
            labels.append(start)
        day += timedelta(days=1)
    return labels


def read_chart(page: Page) -> tuple[list[str], list[int]]:
    """The labels and the XP-earned bars of the page's XP chart, once it is drawn."""
    expect(page.get_by_test_id("xp-chart")).to_have_attribute("data-state", "ready")
    return page.evaluate(
        """() => {
          const chart = Chart.getChart(document.querySelector("[data-testid=xp-chart]"));
          return [chart.data.labels, chart.data.datasets.find((d) => d.type === "bar").data];
        }"""
    )


def show_chart(page: Page, range_key: str, aggregation: str) -> tuple[list[str], list[int]]:
    """Choose a range and an aggregation, as a learner does, and read the redrawn chart.

    Each choice makes the chart "loading" at once (progress-chart.js), and only the latest
    request draws, so "ready" afterwards is this choice's chart.
    """
    page.get_by_test_id("chart-range").select_option(range_key)
    page.get_by_test_id("chart-aggregation").select_option(aggregation)
    return read_chart(page)
