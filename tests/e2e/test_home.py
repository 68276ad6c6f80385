"""The home page in a real browser, and the XP API over real HTTP."""

import os

import pytest
from playwright.sync_api import Page, expect

from app.extensions import migration_head
from app.xp.admin.api_keys import create_api_key


@pytest.mark.needs_process
def test_home_page_shows_api_base_url_and_the_api_awards_xp(page: Page, live_server, output_path):
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text("StudyXP")
    expect(page.get_by_test_id("api-base-url")).to_have_text(f"{live_server.url}/api/v1")
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, "home.png"), full_page=True)

    with live_server.app.app_context():
        _, secret = create_api_key("e2e-home")
    response = page.request.post(
        f"{live_server.url}/api/v1/metrics/flashcards-flipped/event",
        headers={"X-API-KEY": secret},
        data={"user": {"id": "e2e-learner", "tz": "Europe/London"}, "value": 5},
    )

    assert response.status == 201
    body = response.json()
    assert body["total"] == 5
    assert body["points"]["xp"]["added"] == 10
    assert body["points"]["xp"]["total"] == 10


def test_healthz_reports_ok(playwright, live_server):
    request = playwright.request.new_context(base_url=live_server.url)
    try:
        response = request.get("/healthz")
        assert response.status == 200
        assert response.json() == {"status": "ok", "revision": migration_head()}
    finally:
        request.dispose()
