"""The read side: user points with recent awards, and event summaries by local date."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.xp.engine.events import record_event
from app.xp.errors import NotFound, Unprocessable
from app.xp.queries.points import points_event_summary, user_points
from app.xp.queries.summaries import next_period, period_start


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


def flip(value, at, user="ana", tz="UTC"):
    return record_event("flashcards-flipped", {"id": user, "tz": tz}, value, at=at)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def summary(aggregation, start, end, user="ana"):
    rows = points_event_summary(user, "xp", aggregation, start, end)
    return [(r["date"], r["total"], r["change"]) for r in rows]


def test_daily_summary_includes_empty_days_and_a_running_total(ctx):
    flip(5, utc(2024, 1, 1, 9))  # +10
    flip(5, utc(2024, 1, 3, 9))  # +10
    flip(15, utc(2024, 1, 3, 18))  # 25: +30 and +50
    assert summary("daily", date(2024, 1, 1), date(2024, 1, 4)) == [
        ("2024-01-01", 10, 10),
        ("2024-01-02", 10, 0),
        ("2024-01-03", 100, 90),
        ("2024-01-04", 100, 0),
    ]


def test_summary_starts_from_the_total_before_the_range(ctx):
    flip(25, utc(2023, 12, 31, 12))  # 100 XP before the range
    flip(5, utc(2024, 1, 2, 12))
    assert summary("daily", date(2024, 1, 1), date(2024, 1, 2)) == [
        ("2024-01-01", 100, 0),
        ("2024-01-02", 110, 10),
    ]


def test_weekly_summary_uses_whole_monday_weeks(ctx):
    flip(5, utc(2024, 1, 1, 12))  # Monday
    flip(5, utc(2024, 1, 7, 12))  # Sunday, same week
    flip(5, utc(2024, 1, 8, 12))  # next Monday
    # Wednesday to Wednesday: the weeks of Jan 1 and Jan 8, whole.
    assert summary("weekly", date(2024, 1, 3), date(2024, 1, 10)) == [
        ("2024-01-01", 20, 20),
        ("2024-01-08", 30, 10),
    ]


def test_weekly_summary_crosses_a_year_boundary(ctx):
    flip(5, utc(2024, 12, 31, 12))  # Tuesday of the week starting Monday 2024-12-30
    flip(5, utc(2025, 1, 5, 12))  # Sunday of that week
    assert summary("weekly", date(2024, 12, 23), date(2025, 1, 6)) == [
        ("2024-12-23", 0, 0),
        ("2024-12-30", 20, 20),
        ("2025-01-06", 20, 0),
    ]


def test_monthly_summary_uses_calendar_months(ctx):
    flip(5, utc(2024, 1, 31, 23))
    flip(5, utc(2024, 2, 29, 12))  # leap day
    flip(5, utc(2024, 4, 1, 0))
    assert summary("monthly", date(2024, 1, 15), date(2024, 4, 15)) == [
        ("2024-01-01", 10, 10),
        ("2024-02-01", 20, 10),
        ("2024-03-01", 20, 0),
        ("2024-04-01", 30, 10),
    ]


def test_summary_follows_the_users_local_dates(ctx):
    # 23:30 UTC on 10 March is 08:30 on 11 March in Tokyo.
    flip(5, utc(2024, 3, 10, 23, 30), user="kenji", tz="Asia/Tokyo")
    flip(5, utc(2024, 3, 10, 23, 30), user="lucy", tz="America/Los_Angeles")
    days = (date(2024, 3, 10), date(2024, 3, 11))
    assert summary("daily", *days, user="kenji") == [
        ("2024-03-10", 0, 0),
        ("2024-03-11", 10, 10),
    ]
    assert summary("daily", *days, user="lucy") == [
        ("2024-03-10", 10, 10),
        ("2024-03-11", 10, 0),
    ]


def test_summary_of_a_user_without_awards_is_all_zeros(ctx):
    flip(1, utc(2024, 1, 1))
    assert summary("daily", date(2024, 1, 1), date(2024, 1, 3)) == [
        ("2024-01-01", 0, 0),
        ("2024-01-02", 0, 0),
        ("2024-01-03", 0, 0),
    ]


def test_summary_over_400_days_has_one_row_per_day(ctx):
    flip(5, utc(2024, 6, 1, 12))
    rows = summary("daily", date(2024, 1, 1), date(2024, 1, 1) + timedelta(days=400))
    assert len(rows) == 401
    assert rows[-1] == ("2025-02-04", 10, 0)


@pytest.mark.parametrize(
    ("aggregation", "start", "end", "message"),
    [
        ("hourly", date(2024, 1, 1), date(2024, 1, 2), "'aggregation' must be one of"),
        ("daily", date(2024, 1, 2), date(2024, 1, 1), "'startDate' must not be after"),
        ("daily", date(2024, 1, 1), date(2025, 2, 5), "must not exceed 400 days"),
    ],
)
def test_summary_refuses_invalid_ranges(ctx, aggregation, start, end, message):
    flip(1, utc(2024, 1, 1))
    with pytest.raises(Unprocessable, match=message):
        points_event_summary("ana", "xp", aggregation, start, end)


def test_summary_of_unknown_user_or_system_is_not_found(ctx):
    flip(1, utc(2024, 1, 1))
    with pytest.raises(NotFound, match="User 'ghost' not found"):
        points_event_summary("ghost", "xp", "daily", date(2024, 1, 1), date(2024, 1, 2))
    with pytest.raises(NotFound, match="Points system 'gems' not found"):
        points_event_summary("ana", "gems", "daily", date(2024, 1, 1), date(2024, 1, 2))


def test_user_points_lists_the_newest_awards_first(ctx):
    for day in range(1, 13):
        flip(5, utc(2024, 1, day, 12))  # +10 a day, +50 on days 5 and 10
    points = user_points("ana", "xp", awards=3)
    assert points["total"] == 220
    assert points["level"]["key"] == "apprentice"  # seed.py's level at 100 XP
    assert [(a["awarded"], a["total"], a["date"]) for a in points["awards"]] == [
        (10, 220, "2024-01-12T12:00:00Z"),
        (10, 210, "2024-01-11T12:00:00Z"),
        (50, 200, "2024-01-10T12:00:00Z"),
    ]
    assert len(user_points("ana", "xp")["awards"]) == 10


def test_user_points_of_a_user_with_no_awards_is_zero(ctx):
    flip(1, utc(2024, 1, 1))
    assert user_points("ana", "xp")["total"] == 0
    assert user_points("ana", "xp")["awards"] == []


@pytest.mark.parametrize("awards", [0, 101, -1, True, "5"])
def test_user_points_refuses_award_counts_outside_1_to_100(ctx, awards):
    flip(1, utc(2024, 1, 1))
    with pytest.raises(Unprocessable, match="from 1 to 100"):
        user_points("ana", "xp", awards=awards)


@pytest.mark.parametrize(
    ("day", "aggregation", "start", "after"),
    [
        (date(2024, 2, 29), "daily", date(2024, 2, 29), date(2024, 3, 1)),
        (date(2024, 2, 29), "weekly", date(2024, 2, 26), date(2024, 3, 4)),
        (date(2024, 2, 29), "monthly", date(2024, 2, 1), date(2024, 3, 1)),
        (date(2024, 12, 31), "monthly", date(2024, 12, 1), date(2025, 1, 1)),
        (date(2024, 1, 31), "monthly", date(2024, 1, 1), date(2024, 2, 1)),
    ],
)
def test_periods_start_on_day_monday_or_first_of_month(day, aggregation, start, after):
    assert period_start(day, aggregation) == start
    assert next_period(start, aggregation) == after
