"""The chart's ranges (app/study/learning.py chart_range) on the days where calendars bite.

7d is today and the 6 days before, 30d today and the 29 before, 12m the current month and
the 11 before it (from the 1st). Weekly and monthly points are the whole Monday weeks and
calendar months that touch the range, so the point counts below are exact for each date.
"""

from datetime import UTC, date, datetime, time

import pytest

from app.study.learning import chart_range
from tests.support.learners import flip_many

# today -> {(range, aggregation): (points, first label, last label)}
EXPECTED = {
    # The first of a month; the 12 months start on 1 January.
    date(2026, 12, 1): {
        ("7d", "daily"): (7, "2026-11-25", "2026-12-01"),
        ("7d", "weekly"): (2, "2026-11-23", "2026-11-30"),
        ("7d", "monthly"): (2, "2026-11-01", "2026-12-01"),
        ("30d", "daily"): (30, "2026-11-02", "2026-12-01"),
        ("30d", "weekly"): (5, "2026-11-02", "2026-11-30"),
        ("30d", "monthly"): (2, "2026-11-01", "2026-12-01"),
        ("12m", "daily"): (335, "2026-01-01", "2026-12-01"),
        ("12m", "weekly"): (49, "2025-12-29", "2026-11-30"),
        ("12m", "monthly"): (12, "2026-01-01", "2026-12-01"),
    },
    # The last day of a 30-day month, a Monday: 30 days are one month and touch six weeks.
    date(2026, 11, 30): {
        ("7d", "daily"): (7, "2026-11-24", "2026-11-30"),
        ("7d", "weekly"): (2, "2026-11-23", "2026-11-30"),
        ("7d", "monthly"): (1, "2026-11-01", "2026-11-01"),
        ("30d", "daily"): (30, "2026-11-01", "2026-11-30"),
        ("30d", "weekly"): (6, "2026-10-26", "2026-11-30"),
        ("30d", "monthly"): (1, "2026-11-01", "2026-11-01"),
        ("12m", "daily"): (365, "2025-12-01", "2026-11-30"),
        ("12m", "weekly"): (53, "2025-12-01", "2026-11-30"),
        ("12m", "monthly"): (12, "2025-12-01", "2026-11-01"),
    },
    # New Year's Eve and New Year's Day: the ranges cross into the year before.
    date(2026, 12, 31): {
        ("7d", "daily"): (7, "2026-12-25", "2026-12-31"),
        ("7d", "weekly"): (2, "2026-12-21", "2026-12-28"),
        ("7d", "monthly"): (1, "2026-12-01", "2026-12-01"),
        ("30d", "daily"): (30, "2026-12-02", "2026-12-31"),
        ("30d", "weekly"): (5, "2026-11-30", "2026-12-28"),
        ("30d", "monthly"): (1, "2026-12-01", "2026-12-01"),
        ("12m", "daily"): (365, "2026-01-01", "2026-12-31"),
        ("12m", "weekly"): (53, "2025-12-29", "2026-12-28"),
        ("12m", "monthly"): (12, "2026-01-01", "2026-12-01"),
    },
    date(2027, 1, 1): {
        ("7d", "daily"): (7, "2026-12-26", "2027-01-01"),
        ("7d", "weekly"): (2, "2026-12-21", "2026-12-28"),
        ("7d", "monthly"): (2, "2026-12-01", "2027-01-01"),
        ("30d", "daily"): (30, "2026-12-03", "2027-01-01"),
        ("30d", "weekly"): (5, "2026-11-30", "2026-12-28"),
        ("30d", "monthly"): (2, "2026-12-01", "2027-01-01"),
        ("12m", "daily"): (335, "2026-02-01", "2027-01-01"),
        ("12m", "weekly"): (49, "2026-01-26", "2026-12-28"),
        ("12m", "monthly"): (12, "2026-02-01", "2027-01-01"),
    },
    # 1 March after a 28-day February: 30 days reach back to 31 January, three months.
    date(2027, 3, 1): {
        ("7d", "daily"): (7, "2027-02-23", "2027-03-01"),
        ("7d", "weekly"): (2, "2027-02-22", "2027-03-01"),
        ("7d", "monthly"): (2, "2027-02-01", "2027-03-01"),
        ("30d", "daily"): (30, "2027-01-31", "2027-03-01"),
        ("30d", "weekly"): (6, "2027-01-25", "2027-03-01"),
        ("30d", "monthly"): (3, "2027-01-01", "2027-03-01"),
        ("12m", "daily"): (335, "2026-04-01", "2027-03-01"),
        ("12m", "weekly"): (49, "2026-03-30", "2027-03-01"),
        ("12m", "monthly"): (12, "2026-04-01", "2027-03-01"),
    },
    # 29 February: twelve months of 366 days.
    date(2028, 2, 29): {
        ("7d", "daily"): (7, "2028-02-23", "2028-02-29"),
        ("7d", "weekly"): (2, "2028-02-21", "2028-02-28"),
        ("7d", "monthly"): (1, "2028-02-01", "2028-02-01"),
        ("30d", "daily"): (30, "2028-01-31", "2028-02-29"),
        ("30d", "weekly"): (5, "2028-01-31", "2028-02-28"),
        ("30d", "monthly"): (2, "2028-01-01", "2028-02-01"),
        ("12m", "daily"): (366, "2027-03-01", "2028-02-29"),
        ("12m", "weekly"): (53, "2027-03-01", "2028-02-28"),
        ("12m", "monthly"): (12, "2027-03-01", "2028-02-01"),
    },
    # A Sunday early in a month (the day issue 12 was found): one week for 7 days, and the
    # fewest weeks a year can have, 48, for a 12 months that start on a Monday.
    date(2029, 12, 2): {
        ("7d", "daily"): (7, "2029-11-26", "2029-12-02"),
        ("7d", "weekly"): (1, "2029-11-26", "2029-11-26"),
        ("7d", "monthly"): (2, "2029-11-01", "2029-12-01"),
        ("30d", "daily"): (30, "2029-11-03", "2029-12-02"),
        ("30d", "weekly"): (5, "2029-10-29", "2029-11-26"),
        ("30d", "monthly"): (2, "2029-11-01", "2029-12-01"),
        ("12m", "daily"): (336, "2029-01-01", "2029-12-02"),
        ("12m", "weekly"): (48, "2029-01-01", "2029-11-26"),
        ("12m", "monthly"): (12, "2029-01-01", "2029-12-01"),
    },
}


@pytest.mark.parametrize(
    ("today", "range_key", "first", "last"),
    [
        (date(2028, 2, 29), "7d", date(2028, 2, 23), date(2028, 2, 29)),
        (date(2028, 3, 1), "30d", date(2028, 2, 1), date(2028, 3, 1)),
        (date(2027, 3, 1), "30d", date(2027, 1, 31), date(2027, 3, 1)),
        (date(2028, 2, 29), "12m", date(2027, 3, 1), date(2028, 2, 29)),
        (date(2027, 1, 31), "12m", date(2026, 2, 1), date(2027, 1, 31)),
        (date(2026, 12, 31), "12m", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_range_ends_today_and_starts_where_its_definition_says(today, range_key, first, last):
    assert chart_range(range_key, today) == (first, last)


@pytest.fixture(params=sorted(EXPECTED), ids=str)
def today(request, clock):
    """Noon UTC on the day, before the learner registers (a session is never older than
    the clock)."""
    clock.set(datetime.combine(request.param, time(12), UTC))
    return request.param


def test_every_range_and_aggregation_has_the_documented_points(today, auth, client, capitals):
    assert auth.register(tz="UTC").status_code == 302
    flip_many(client, capitals.id, capitals.card_ids[:5])  # +10 XP today

    for (range_key, aggregation), (points, first, last) in EXPECTED[today].items():
        query = f"/progress/chart-data?aggregation={aggregation}&range={range_key}"
        data = client.get(query).json
        where = f"{range_key} {aggregation} on {today}"
        assert (len(data["labels"]), data["labels"][0], data["labels"][-1]) == (
            points,
            first,
            last,
        ), where
        assert data["changes"] == [0] * (points - 1) + [10], where
        assert data["totals"] == [0] * (points - 1) + [10], where
