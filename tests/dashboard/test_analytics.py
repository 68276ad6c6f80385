"""A points system's analytics page and its JSON, on a known data set across time zones.

The data set, with D = today (UTC) and xp paying +10 every 5 and +50 every 25 flips:

    user   zone                 event (UTC)          local date  flips  awards
    tokyo  Asia/Tokyo           D-30 20:00           D-29        5      +10
    la     America/Los_Angeles  D-29 03:00           D-30        5      +10 (before the range)
    utc    UTC                  D-10 12:00           D-10        25     +50, +50
    tokyo  Asia/Tokyo           D-10 16:00           D-9         5      +10
    la     America/Los_Angeles  D-5 06:00            D-6         10     +20
    idle   Europe/Berlin        D-3 12:00            D-3         2      none
    quiz   UTC                  D-2 12:00 (quiz-answered, no xp trigger)   none

Every other day of the last 30 is empty.
"""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.xp.admin.metrics import save_metric
from app.xp.admin.points import save_points_system
from tests.support.clock import run_date
from tests.support.html import table_rows, text_of_testid
from tests.support.operators import send_event


def day(days_ago: int) -> date:
    """The date `days_ago` days before the run's date, D."""
    return run_date() - timedelta(days=days_ago)


def at(days_ago: int, hour: int) -> datetime:
    return datetime.combine(day(days_ago), time(hour), UTC)


@pytest.fixture(autouse=True)
def morning_in_london(clock):
    """Freeze the clock at D 09:00 UTC, when the latest local date anywhere (UTC+14) is
    still D, so every range below ends on D whatever time the tests run."""
    clock.set(datetime.combine(day(0), time(9), UTC))


def awards() -> list[tuple[date, int, str]]:
    """(local date, points, user) of every award in the data set"""
    return [
        (day(29), 10, "tokyo"),
        (day(30), 10, "la"),
        (day(10), 50, "utc"),
        (day(10), 50, "utc"),
        (day(9), 10, "tokyo"),
        (day(6), 20, "la"),
    ]


@pytest.fixture
def known_data(app, seeded_ids):
    with app.app_context():
        save_metric(None, "quiz-answered", "Quiz Answered")
    send_event(app, 5, user="tokyo", tz="Asia/Tokyo", at=at(30, 20))
    send_event(app, 5, user="la", tz="America/Los_Angeles", at=at(29, 3))
    send_event(app, 25, user="utc", tz="UTC", at=at(10, 12))
    send_event(app, 5, user="tokyo", at=at(10, 16))
    send_event(app, 10, user="la", at=at(5, 6))
    send_event(app, 2, user="idle", tz="Europe/Berlin", at=at(3, 12))
    send_event(app, 3, user="quiz", tz="UTC", metric="quiz-answered", at=at(2, 12))
    return seeded_ids


def data(client, system_id: int, query: str = "") -> dict:
    response = client.get(f"/dashboard/points/{system_id}/analytics/data{query}")
    assert response.status_code == 200
    return response.json


def test_daily_points_over_time_has_every_day_of_the_range(operator, known_data):
    body = data(operator, known_data.system_id)

    assert body["range"] == {"start": day(29).isoformat(), "end": day(0).isoformat(), "days": 30}
    days_with_awards = {
        day(29): {"points": 10, "awards": 1, "users": 1, "total": 20},
        day(10): {"points": 100, "awards": 2, "users": 1, "total": 120},
        day(9): {"points": 10, "awards": 1, "users": 1, "total": 130},
        day(6): {"points": 20, "awards": 1, "users": 1, "total": 150},
    }
    expected, total = [], 10  # la's +10 on D-30 comes before the range
    for days_ago in range(29, -1, -1):
        row = days_with_awards.get(day(days_ago))
        total = row["total"] if row else total
        empty = {"points": 0, "awards": 0, "users": 0, "total": total}
        expected.append({"date": day(days_ago).isoformat(), **(row or empty)})
    assert body["over_time"] == expected


def test_an_award_counts_on_its_users_local_date(operator, known_data):
    """Tokyo's flips at 20:00 UTC on D-30 fall on D-29; LA's at 03:00 UTC on D-29 on D-30."""
    rows = {row["date"]: row["points"] for row in data(operator, known_data.system_id)["over_time"]}

    assert rows[day(29).isoformat()] == 10
    assert day(30).isoformat() not in rows
    assert rows[day(10).isoformat()] == 100
    assert rows[day(9).isoformat()] == 10  # Tokyo's 16:00 UTC on D-10
    assert rows[day(6).isoformat()] == 20  # LA's 06:00 UTC on D-5


def test_breakdown_shows_points_awards_users_and_share_per_trigger(operator, known_data):
    body = data(operator, known_data.system_id)

    assert [
        (row["label"], row["points"], row["awards"], row["users"], row["share"])
        for row in body["breakdown"]
    ] == [
        ("+10 every 5 flashcards flipped", 90, 4, 3, 0.6429),
        ("+50 every 25 flashcards flipped", 50, 1, 1, 0.3571),
        ("+10 every 10 cards reviewed", 0, 0, 0, 0.0),
    ]
    assert body["breakdown_total"] == 140
    assert [row["trigger"]["metricThreshold"] for row in body["breakdown"]] == [5, 25, 10]


def test_distribution_has_eleven_ranges_with_exact_user_counts(operator, known_data):
    body = data(operator, known_data.system_id)

    # Totals: idle 0, quiz 0, tokyo 20, la 30, utc 100: ten ranges of 10 up to 100.
    assert body["distribution"] == [
        {"from": 0, "to": 0, "users": 2},
        {"from": 1, "to": 10, "users": 0},
        {"from": 11, "to": 20, "users": 1},
        {"from": 21, "to": 30, "users": 1},
        {"from": 31, "to": 40, "users": 0},
        {"from": 41, "to": 50, "users": 0},
        {"from": 51, "to": 60, "users": 0},
        {"from": 61, "to": 70, "users": 0},
        {"from": 71, "to": 80, "users": 0},
        {"from": 81, "to": 90, "users": 0},
        {"from": 91, "to": 100, "users": 1},
    ]


def test_active_users_flipped_in_range_and_earning_users_were_paid(operator, known_data):
    # Active: tokyo, la, utc and idle (quiz only answered quizzes); earning: all but idle.
    assert data(operator, known_data.system_id)["users"] == {"active": 4, "earning": 3}


def test_last_7_days_count_only_their_own_awards_and_users(operator, known_data):
    body = data(operator, known_data.system_id, "?days=7")

    assert body["range"] == {"start": day(6).isoformat(), "end": day(0).isoformat(), "days": 7}
    assert [row["points"] for row in body["over_time"]] == [20, 0, 0, 0, 0, 0, 0]
    assert [row["total"] for row in body["over_time"]] == [150] * 7
    assert [(row["points"], row["awards"]) for row in body["breakdown"]] == [
        (20, 1),
        (0, 0),
        (0, 0),
    ]
    assert body["users"] == {"active": 2, "earning": 1}


def periods(aggregation: str):
    """First days of the periods from D-29 to D, and the xp awarded before and in each."""

    def start(d: date) -> date:
        if aggregation == "weekly":
            return d - timedelta(days=d.weekday())
        return d.replace(day=1)

    firsts = sorted({start(day(n)) for n in range(30)})
    before = sum(points for when, points, _ in awards() if when < firsts[0])
    per_period = {
        first: sum(points for when, points, _ in awards() if start(when) == first)
        for first in firsts
    }
    return before, per_period


@pytest.mark.parametrize("aggregation", ["weekly", "monthly"])
def test_weekly_and_monthly_points_cover_whole_periods(operator, known_data, aggregation):
    before, per_period = periods(aggregation)

    body = data(operator, known_data.system_id, f"?aggregation={aggregation}")

    assert [row["date"] for row in body["over_time"]] == [d.isoformat() for d in per_period]
    assert [row["points"] for row in body["over_time"]] == list(per_period.values())
    assert body["over_time"][-1]["total"] == 150
    assert before + sum(per_period.values()) == 150
    # The breakdown and the user counts keep to the exact 30 days.
    assert body["breakdown_total"] == 140
    assert body["users"] == {"active": 4, "earning": 3}


def test_weekly_periods_start_on_mondays(operator, known_data):
    body = data(operator, known_data.system_id, "?aggregation=weekly")
    assert {date.fromisoformat(row["date"]).weekday() for row in body["over_time"]} == {0}
    assert len(body["over_time"]) in (5, 6)


@pytest.mark.parametrize(
    ("query", "aggregation", "days"),
    [
        ("?aggregation=hourly", "daily", 30),
        ("?aggregation=WEEKLY", "daily", 30),
        ("?days=13", "daily", 30),
        ("?days=abc", "daily", 30),
        ("?days=-7", "daily", 30),
        ("?days=100000", "daily", 30),
        ("?aggregation=weekly&days=x", "weekly", 30),
        ("?aggregation=monthly&days=365", "monthly", 365),
        ("?days=90", "daily", 90),
    ],
)
def test_unknown_range_choices_fall_back_to_daily_and_30_days(
    operator, known_data, query, aggregation, days
):
    body = data(operator, known_data.system_id, query)

    assert body["range"]["days"] == days
    assert body["range"]["start"] == day(days - 1).isoformat()
    dates = [date.fromisoformat(row["date"]) for row in body["over_time"]]
    if aggregation == "daily":
        assert len(dates) == days
    elif aggregation == "monthly":
        assert {d.day for d in dates} == {1}
    page = operator.get(f"/dashboard/points/{known_data.system_id}/analytics{query}").text
    assert f'<option value="{aggregation}" selected>' in page
    assert f'<option value="{days}" selected>' in page


def test_analytics_page_shows_the_breakdown_table_and_counts(operator, known_data):
    page = operator.get(f"/dashboard/points/{known_data.system_id}/analytics").text

    assert table_rows(page, "breakdown-row") == [
        ["+10 every 5 flashcards flipped", "active", "90", "4", "3", "64.3%"],
        ["+50 every 25 flashcards flipped", "active", "50", "1", "1", "35.7%"],
        ["+10 every 10 cards reviewed", "active", "0", "0", "0", "0.0%"],
    ]
    assert text_of_testid(page, "points-in-range") == "140"
    assert text_of_testid(page, "active-users") == "4"
    assert text_of_testid(page, "earning-users") == "3"
    assert f"{day(29).isoformat()} to {day(0).isoformat()}" in page


def test_analytics_page_lists_the_distribution(operator, known_data):
    page = operator.get(f"/dashboard/points/{known_data.system_id}/analytics").text

    table = re.search(r'data-testid="distribution-table">(.*?)</table>', page, re.S)[1]
    cells = re.findall(r"<tr><td>(.*?)</td><td class=\"num\">(\d+)</td></tr>", table)
    assert cells[:4] == [("0", "2"), ("1–10", "0"), ("11–20", "1"), ("21–30", "1")]
    assert cells[-1] == ("91–100", "1")
    assert len(cells) == 11


def test_analytics_page_asks_its_chart_data_for_the_same_range(operator, known_data):
    query = "?aggregation=weekly&days=90"
    page = operator.get(f"/dashboard/points/{known_data.system_id}/analytics{query}").text

    url = re.search(r'id="analytics" data-url="([^"]+)"', page)[1].replace("&amp;", "&")
    assert url.startswith(f"/dashboard/points/{known_data.system_id}/analytics/data?")
    assert sorted(url.split("?")[1].split("&")) == ["aggregation=weekly", "days=90"]
    assert operator.get(url).json["range"]["days"] == 90


def test_analytics_of_a_system_without_awards_is_zeros(app, operator):
    with app.app_context():
        gems_id = save_points_system(None, "gems", "Gems").id

    body = data(operator, gems_id)

    assert [row["points"] for row in body["over_time"]] == [0] * 30
    assert body["breakdown"] == []
    assert body["users"] == {"active": 0, "earning": 0}
    page = operator.get(f"/dashboard/points/{gems_id}/analytics").text
    assert "No triggers yet." in page
    assert text_of_testid(page, "points-in-range") == "0"


def test_analytics_of_an_unknown_system_is_404(operator):
    assert operator.get("/dashboard/points/999/analytics").status_code == 404
    assert operator.get("/dashboard/points/999/analytics/data").status_code == 404


def test_award_made_an_hour_ago_east_of_utc_is_in_range(app, operator, seeded_ids, clock):
    """At 21:00 UTC it is already tomorrow in Tokyo: an award given then is still recent."""
    now = clock.set(datetime.combine(day(0), time(21), UTC))
    send_event(app, 5, user="tokyo", tz="Asia/Tokyo", at=now - timedelta(hours=1))

    body = data(operator, seeded_ids.system_id, "?days=7")

    assert body["breakdown_total"] == 10
    assert sum(row["points"] for row in body["over_time"]) == 10
    assert body["users"] == {"active": 1, "earning": 1}
