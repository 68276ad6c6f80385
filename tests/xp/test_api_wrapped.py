"""GET /api/v1/users/{id}/wrapped (Trophy's users_wrapped): a user's year in review on their
local calendar, with exact counts, totals, changes and percentages, the week cut at the
year's ends, the tie rule, the longest streak and the year parameter. Every answer is checked
against Trophy's schema and StudyXP's document too."""

import pytest

from tests.xp.contract import assert_contract
from tests.xp.engagement_setup import flips_achievement, streaks_on
from tests.xp.leaderboard_setup import event

# Left out of the calendar sweep (.ci/run): every test sets the clock it runs at.
pytestmark = pytest.mark.calendar_free

TOKYO = "Asia/Tokyo"


@pytest.fixture
def ctx(seeded, clock):
    """Ana in Tokyo (seed.py: +10 XP every 5 flips, +50 every 25): 15 flips at the end of
    2025, 10 on January 1 and 2, 2026 (a streak of 4 begun on December 30) and two events
    of one flip on March 11 (both at 01:00 in Tokyo, on March 10 in UTC)."""
    with seeded.app_context():
        streaks_on()
        flips_achievement(20, name="Twenty")
        for at, value in (
            ("2025-12-30T12:00:00Z", 10),
            ("2025-12-31T12:00:00Z", 5),
            ("2026-01-01T12:00:00Z", 5),
            ("2026-01-02T12:00:00Z", 5),
            ("2026-03-10T16:00:00Z", 1),
            ("2026-03-10T16:30:00Z", 1),
        ):
            clock.set(at)
            event("ana", value, tz=TOKYO)
        clock.set("2026-06-01T00:00:00Z")
        yield clock


@pytest.fixture
def get(client, api_key):
    def call(user="ana", **query):
        response = client.get(
            f"/api/v1/users/{user}/wrapped", headers={"X-API-KEY": api_key}, query_string=query
        )
        return response.status_code, assert_contract(response, "users_wrapped")

    return call


def numbers(period: dict) -> tuple:
    """(flips total, change, %; XP total, change, %) of a period."""
    flips, xp = period["metrics"]["flashcards-flipped"], period["points"]["xp"]
    return (
        flips["currentTotal"], flips["changeThisPeriod"], flips["percentChange"],
        xp["currentTotal"], xp["changeThisPeriod"], xp["percentChange"],
    )  # fmt: skip


def test_the_year_in_days_weeks_and_months_of_the_users_calendar(ctx, get):
    status, body = get()  # the current year: 2026
    activity = body["activity"]

    assert status == 200
    assert body["user"]["id"] == "ana"
    assert (activity["daysActive"], activity["weeksActive"], activity["monthsActive"]) == (3, 2, 2)
    day = activity["mostActiveDay"]  # March 11 in Tokyo: two events
    assert day["date"] == "2026-03-11"
    assert numbers(day) == (27, 2, 8, 100, 0, 0)
    assert day["achievements"] == []
    # Two events in January 1-4 (the year's first week, cut at January 1) and two in
    # March 9-15: the earliest wins, and so does January.
    week = activity["mostActiveWeek"]
    assert (week["start"], week["end"]) == ("2026-01-01", "2026-01-04")
    assert numbers(week) == (25, 10, 66.67, 100, 70, 233.33)
    assert [a["name"] for a in week["achievements"]] == ["Twenty"]
    assert week["achievements"][0]["achievedAt"] == "2026-01-01T12:00:00Z"
    month = activity["mostActiveMonth"]
    assert (month["month"], numbers(month)) == (0, (25, 10, 66.67, 100, 70, 233.33))
    year = activity["entireYear"]
    assert numbers(year) == (27, 12, 80, 100, 70, 233.33)
    assert year["metrics"]["cards-reviewed"] == {
        "name": "Cards Reviewed",
        "units": "cards",
        "currentTotal": 0,
        "changeThisPeriod": 0,
        "percentChange": 0,
        "byAttribute": {},
    }
    assert [a["name"] for a in year["achievements"]] == ["Twenty"]
    assert year["leaderboards"] == {}
    assert year["longestStreak"] == {
        "length": 4,
        "frequency": "daily",
        "periodStart": "2025-12-30",
        "periodEnd": "2026-01-02",
        "started": "2025-12-30",
    }


def test_an_earlier_year_and_its_last_week_cut_at_december_31(ctx, get):
    status, body = get(year=2025)
    activity = body["activity"]

    assert status == 200
    assert (activity["daysActive"], activity["weeksActive"], activity["monthsActive"]) == (2, 1, 1)
    assert activity["mostActiveDay"]["date"] == "2025-12-30"
    assert numbers(activity["mostActiveDay"]) == (10, 10, 100, 20, 20, 100)
    week = activity["mostActiveWeek"]
    assert (week["start"], week["end"]) == ("2025-12-29", "2025-12-31")
    assert activity["mostActiveMonth"]["month"] == 11
    assert numbers(activity["entireYear"]) == (15, 15, 100, 30, 30, 100)
    assert activity["entireYear"]["achievements"] == []
    assert activity["entireYear"]["longestStreak"] == {
        "length": 2,
        "frequency": "daily",
        "periodStart": "2025-12-30",
        "periodEnd": "2025-12-31",
        "started": "2025-12-30",
    }


def test_the_default_year_is_the_current_one_in_the_users_time_zone(ctx, get):
    ctx.set("2026-12-31T16:00:00Z")  # January 1, 2027, 01:00 in Tokyo

    status, body = get()
    activity = body["activity"]

    assert status == 200
    assert (activity["daysActive"], activity["weeksActive"], activity["monthsActive"]) == (0, 0, 0)
    assert activity["mostActiveDay"]["date"] == "2027-01-01"  # no events: the earliest
    assert numbers(activity["mostActiveDay"]) == (27, 0, 0, 100, 0, 0)
    assert get(year=2027)[0] == 200


@pytest.mark.parametrize(
    ("year", "shown"), [("2027", "2027"), ("0", "0"), ("-4", "-4"), ("abc", "abc"), ("", "")]
)
def test_a_year_outside_1_to_the_current_one_is_refused_with_422(ctx, get, year, shown):
    assert get(year=year) == (
        422,
        {"error": f"'year' must be a whole number from 1 to 2026, not '{shown}'"},
    )


def test_year_1_is_a_year_like_any_other(ctx, get):
    status, body = get(year=1)

    assert status == 200
    assert body["activity"]["mostActiveWeek"]["start"] == "0001-01-01"
    assert numbers(body["activity"]["entireYear"]) == (0, 0, 0, 0, 0, 0)


def test_an_unknown_user_is_a_404(ctx, get):
    assert get("nobody") == (404, {"error": "User 'nobody' not found"})
