"""Operator journey in Chromium: an achievement, a streak trigger and a boost, made through the
dashboard pages, whose type-dependent fields show only for the chosen type.

Everything is made on a points system of its own (Stars) and archived at the end, so the
learner journeys sharing this live server see none of it.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import log_in

SCREENSHOTS = "/tmp/k2-{}.png"


@pytest.mark.needs_process
def test_operator_makes_an_achievement_a_streak_trigger_and_a_boost(page: Page, live_server, clock):
    log_in(page, "admin@example.com", "studyxp-admin")
    page.get_by_test_id("dashboard-link").click()
    dashboard = page.get_by_role("navigation", name="Dashboard")

    # An achievement for a year-long streak: only the streak field shows once chosen.
    dashboard.get_by_role("link", name="Achievements").click()
    page.get_by_test_id("new-achievement").click()
    page.get_by_label("Key", exact=True).fill("year-streak")
    page.get_by_label("Name", exact=True).fill("Year of Study")
    page.get_by_label("Description").fill("Study every day for a year")
    expect(page.get_by_label("Total to reach")).to_be_visible()  # metric, the default
    expect(page.get_by_label("Streak length to reach")).to_be_hidden()
    page.get_by_label("Completed by").select_option(label="Streak: reaching a length")
    expect(page.get_by_label("Total to reach")).to_be_hidden()
    page.get_by_label("Streak length to reach").fill("365")
    page.screenshot(path=SCREENSHOTS.format("achievement-form"), full_page=True)
    page.get_by_role("button", name="Create achievement").click()
    expect(page.get_by_text("Achievement “Year of Study” saved.")).to_be_visible()
    row = page.get_by_test_id("achievement-row").filter(has_text="year-streak")
    expect(row.locator("td")).to_have_text(
        [
            "Year of Study",
            "year-streak",
            "a 365-day streak",
            "0",
            "0%",
            "active",
            "Edit Archive Delete",
        ]
    )
    page.screenshot(path=SCREENSHOTS.format("achievements"), full_page=True)

    # A points system, Stars, with +25 stars every 100-day streak.
    dashboard.get_by_role("link", name="Points systems").click()
    page.get_by_test_id("new-points-system").click()
    page.get_by_label("Key", exact=True).fill("stars")
    page.get_by_label("Name", exact=True).fill("Stars")
    page.get_by_role("button", name="Create points system").click()
    expect(page.get_by_role("heading", name="Configure “Stars”")).to_be_visible()
    expect(page.get_by_label("Every (threshold)")).to_be_visible()
    page.get_by_label("Type").select_option(label="Streak: every N streak periods")
    expect(page.get_by_label("Every (threshold)")).to_be_hidden()
    expect(page.get_by_label("Achievement", exact=True)).to_be_hidden()
    page.get_by_label("Points", exact=True).fill("25")
    page.get_by_label("Every (streak length)").fill("100")
    page.get_by_role("button", name="Add trigger").click()
    expect(page.get_by_text("Trigger added.")).to_be_visible()
    trigger = page.get_by_test_id("trigger-row")
    expect(trigger).to_have_count(1)
    expect(trigger.locator("td").nth(2)).to_have_text("every 100-day streak")
    expect(page.get_by_label("Every (streak length)")).to_be_hidden()  # the new form: metric
    page.screenshot(path=SCREENSHOTS.format("configure"), full_page=True)

    # A 1.5x boost on Stars from today for three days.
    page.get_by_test_id("boosts-link").click()
    expect(page.get_by_role("heading", name="“Stars” boosts")).to_be_visible()
    today = clock.today("UTC")  # a boost starts on today's date in UTC
    page.get_by_label("Name").fill("Launch week")
    page.get_by_label("Multiplier").fill("1.5")
    page.get_by_label("Rounding").select_option("nearest")
    page.get_by_label("End date (optional)").fill((today + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Add boost").click()
    expect(page.get_by_text("Boost “Launch week” added.")).to_be_visible()
    boost = page.get_by_test_id("boost-row")
    expect(boost.locator("td")).to_have_text(
        [
            "Launch week",
            "×1.5",
            "nearest",
            today.isoformat(),
            (today + timedelta(days=2)).isoformat(),
            "everyone",
            "active",
            "Archive Delete",
        ]
    )
    page.screenshot(path=SCREENSHOTS.format("boosts"), full_page=True)

    # The streak settings page, as seed.py left it: daily, flips count.
    dashboard.get_by_role("link", name="Streaks").click()
    expect(page.get_by_role("heading", name="Streaks")).to_be_visible()
    expect(page.get_by_label("Streak period")).to_have_value("daily")
    expect(page.get_by_label("Flashcards Flipped (flashcards-flipped)")).to_be_checked()
    page.screenshot(path=SCREENSHOTS.format("streaks"), full_page=True)

    # Tidy up for the other journeys: the boost (it asks first) and the achievement.
    page.go_back()
    page.once("dialog", lambda dialog: dialog.accept())
    boost.get_by_role("button", name="Archive").click()
    expect(page.get_by_text("Boost “Launch week” archived.")).to_be_visible()
    expect(boost.locator("td").nth(6)).to_have_text("archived")
    dashboard.get_by_role("link", name="Achievements").click()
    row.get_by_role("button", name="Archive").click()
    expect(row.locator("td").nth(5)).to_have_text("archived")
