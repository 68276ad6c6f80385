"""Operator journeys in Chromium: configure XP in the dashboard, send an event, read analytics."""

import os
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import LoginPage


def analytics_bars(page: Page) -> list[int]:
    """The points per period drawn as bars on the analytics chart."""
    return page.evaluate(
        "() => Chart.getChart(document.querySelector('[data-testid=analytics-chart]'))"
        ".data.datasets.find(d => d.type === 'bar').data"
    )


@pytest.mark.needs_process
def test_operator_configures_gems_and_an_api_event_shows_in_analytics(
    page: Page, live_server, output_path, clock
):
    page.emulate_media(reduced_motion="reduce")  # charts drawn at once, so the screenshot is whole
    LoginPage(page).log_in("admin@example.com", "studyxp-admin")
    page.get_by_test_id("dashboard-link").click()
    expect(page.get_by_role("heading", name="Points systems")).to_be_visible()

    # A metric for quiz answers.
    dashboard = page.get_by_role("navigation", name="Dashboard")
    dashboard.get_by_role("link", name="Metrics").click()
    page.get_by_test_id("new-metric").click()
    page.get_by_label("Key").fill("quiz-answered")
    page.get_by_label("Name").fill("Quiz Answered")
    page.get_by_label("Unit").fill("answers")
    page.get_by_role("button", name="Create metric").click()
    expect(page.get_by_text("Metric “Quiz Answered” saved.")).to_be_visible()
    quiz_row = page.get_by_test_id("metric-row").filter(has_text="quiz-answered")
    expect(quiz_row).to_contain_text("Quiz Answered")

    # A points system called Gems; saving it opens its configure page.
    dashboard.get_by_role("link", name="Points systems").click()
    page.get_by_test_id("new-points-system").click()
    page.get_by_label("Key").fill("gems")
    page.get_by_label("Name").fill("Gems")
    page.get_by_role("button", name="Create points system").click()
    expect(page.get_by_role("heading", name="Configure “Gems”")).to_be_visible()
    expect(page.get_by_text("No triggers yet")).to_be_visible()

    # +5 gems for every 2 quiz answers.
    page.get_by_label("Points").fill("5")
    page.get_by_label("Metric", exact=True).select_option(label="Quiz Answered (quiz-answered)")
    page.get_by_label("Every (threshold)").fill("2")
    page.get_by_role("button", name="Add trigger").click()
    expect(page.get_by_text("Trigger added.")).to_be_visible()
    trigger = page.get_by_test_id("trigger-row")
    expect(trigger).to_have_count(1)
    expect(trigger).to_contain_text("+5")
    expect(trigger).to_contain_text("every 2 quiz answered")
    expect(trigger).to_contain_text("active")

    # An API key, shown once.
    dashboard.get_by_role("link", name="API keys").click()
    page.get_by_label("Name").fill("e2e quiz server")
    page.get_by_role("button", name="Create API key").click()
    secret_box = page.get_by_test_id("new-api-key")
    expect(secret_box).to_have_text(re.compile(r"^sxp_\S{40,}$"))
    key = secret_box.inner_text()

    response = page.request.post(
        live_server.url + "/api/v1/metrics/quiz-answered/event",
        headers={"X-API-KEY": key},
        data={"user": {"id": "quiz-user"}, "value": 2},
    )
    assert response.status == 201
    body = response.json()
    assert body["total"] == 2
    assert body["points"]["gems"]["added"] == 5
    assert body["points"]["gems"]["total"] == 5

    # The analytics page of Gems: the trigger paid everything, and the chart has it.
    dashboard.get_by_role("link", name="Points systems").click()
    page.get_by_test_id("points-row").filter(has_text="gems").get_by_test_id(
        "analytics-link"
    ).click()
    expect(page.get_by_role("heading", name="“Gems” analytics")).to_be_visible()
    breakdown = page.get_by_test_id("breakdown-table").get_by_test_id("breakdown-row")
    expect(breakdown).to_have_count(1)
    expect(breakdown.locator("td")).to_have_text(
        ["+5 every 2 quiz answered", "active", "5", "1", "1", "100.0%"]
    )
    expect(page.get_by_test_id("points-in-range")).to_have_text("5")
    expect(page.get_by_test_id("earning-users")).to_have_text("1")
    expect(page.get_by_test_id("analytics-chart")).to_have_attribute("data-state", "ready")
    bars = analytics_bars(page)
    assert len(bars) == 30
    assert sum(bars) == 5
    labels = page.evaluate(
        "() => Chart.getChart(document.querySelector('[data-testid=analytics-chart]')).data.labels"
    )
    # The event's user has no time zone, so its award is dated today in UTC (the range ends
    # on the latest local date anywhere, which may already be tomorrow).
    assert dict(zip(labels, bars, strict=True))[clock.today("UTC").isoformat()] == 5

    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, "gems-analytics.png"), full_page=True)


@pytest.mark.smoke
def test_learner_who_opens_the_dashboard_gets_the_403_page(page: Page, live_server):
    LoginPage(page).log_in("demo@example.com", "studyxp-demo")
    expect(page.get_by_test_id("dashboard-link")).to_have_count(0)

    response = page.goto("/dashboard/points/")

    assert response.status == 403
    expect(page.get_by_role("heading", name="Forbidden")).to_be_visible()
    expect(page.get_by_text("The dashboard is for operators.")).to_be_visible()
    expect(page.get_by_test_id("points-table")).to_have_count(0)


def test_logged_out_visitor_who_opens_the_dashboard_lands_on_log_in(page: Page, live_server):
    page.goto("/dashboard/metrics/")

    expect(page).to_have_url(f"{live_server.url}/login?next=/dashboard/metrics/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_test_id("metrics-table")).to_have_count(0)
