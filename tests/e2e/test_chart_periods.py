"""The points the browser tests expect on the XP chart (tests/e2e/charts.py), counted by hand
for the session's date and for the date issue 12 was reported on. No browser needed."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from seed import DEMO_LEARNER
from tests.e2e.charts import chart_periods
from tests.e2e.conftest import SESSION_INSTANT

RANGES = ("7d", "30d", "12m")
AGGREGATIONS = ("daily", "weekly", "monthly")


def points(today: date) -> dict[str, tuple[int, int, int]]:
    """{range: (daily, weekly, monthly) points}"""
    return {r: tuple(len(chart_periods(today, r, a)) for a in AGGREGATIONS) for r in RANGES}


def test_the_session_is_on_wednesday_17_june_2026_for_the_demo_learner():
    assert SESSION_INSTANT.astimezone(ZoneInfo(DEMO_LEARNER[3])).date() == date(2026, 6, 17)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # The session's date, a Wednesday: 7d is Thu 11 - Wed 17 June (weeks of 8 and 15
        # June); 30d is Tue 19 May - 17 June (5 weeks from Mon 18 May, May and June); 12m is
        # 1 July 2025 - 17 June 2026 (352 days, 51 weeks from Mon 30 June 2025, 12 months).
        ("2026-06-17", {"7d": (7, 2, 1), "30d": (30, 5, 2), "12m": (352, 51, 12)}),
        # Issue 12, a Sunday early in a month: 12m starts on Thu 1 January 2026, so its weeks
        # run from Mon 29 December 2025 to Mon 30 November: 49, not more than 50.
        ("2026-12-06", {"7d": (7, 1, 2), "30d": (30, 5, 2), "12m": (340, 49, 12)}),
        # 29 February: 12m from 1 March 2027, a leap year's 366 days.
        ("2028-02-29", {"7d": (7, 2, 1), "30d": (30, 5, 2), "12m": (366, 53, 12)}),
    ],
)
def test_chart_points_per_range_and_aggregation(today, expected):
    assert points(date.fromisoformat(today)) == expected


def test_weeks_and_months_that_touch_the_range_are_shown_whole():
    today = date(2026, 6, 17)
    assert chart_periods(today, "7d", "weekly") == ["2026-06-08", "2026-06-15"]
    assert chart_periods(today, "30d", "monthly") == ["2026-05-01", "2026-06-01"]
    assert chart_periods(today, "12m", "weekly")[0] == "2025-06-30"
    assert chart_periods(today, "12m", "monthly")[0] == "2025-07-01"
