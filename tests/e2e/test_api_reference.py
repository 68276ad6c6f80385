"""The API reference page in a real browser: reached from the home page, styled, complete."""

import os

import pytest
from playwright.sync_api import Page, expect

from app.xp.openapi.document import build_document

SCREENSHOT = "/tmp/api-reference.png"


@pytest.mark.needs_process
def test_api_reference_renders_every_operation_from_the_home_page(
    page: Page, live_server, output_path
):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    document = build_document(live_server.app.config)
    operations = [op for item in document["paths"].values() for op in item.values()]

    page.goto("/")
    page.get_by_test_id("api-reference-link").click()

    expect(page).to_have_url(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_role("heading", level=1)).to_contain_text("StudyXP XP API")
    expect(page.get_by_test_id("api-reference-base-url")).to_have_text(f"{live_server.url}/api/v1")
    expect(page.get_by_test_id("api-operation")).to_have_count(len(operations))
    expect(page.get_by_test_id("api-schema")).to_have_count(len(document["components"]["schemas"]))
    expect(page.get_by_test_id("api-alias")).to_have_text(
        "Alias, deprecated: POST /api/metrics/{key}/event answers exactly as this operation; "
        "new code should use the path above."
    )
    # api.css is applied (a CSP that refused it would leave the badge unstyled).
    badge = page.locator("#metrics_event .method").first
    expect(badge).to_have_css("background-color", "rgb(90, 63, 214)")
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=SCREENSHOT)
    page.screenshot(path=os.path.join(output_path, "api-reference.png"), full_page=True)

    page.get_by_role("navigation", name="API reference contents").get_by_role(
        "link", name="GET /users/{id}/points/{key}", exact=True
    ).click()

    expect(page).to_have_url(f"{live_server.url}/api/v1/docs#users_points")
    section = page.locator("#users_points")
    expect(section).to_be_in_viewport()
    expect(section.get_by_test_id("api-example-request")).to_contain_text(
        f"curl -X GET '{live_server.url}/api/v1/users/42/points/xp?awards=2'"
    )
    expect(section.get_by_test_id("api-example-response")).to_contain_text('"key": "apprentice"')
    assert problems == []


def test_api_reference_fits_a_phone_screen(page: Page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/api/v1/docs")

    expect(page.get_by_test_id("api-operation").first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
