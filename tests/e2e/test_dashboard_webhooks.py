"""An operator's webhooks journey in Chromium: add an endpoint, copy its secret (shown once),
see it listed, then remove it."""

import os
import re

from playwright.sync_api import Page, expect

from tests.support.browser import log_in

# A literal public address: the live server accepts it without a DNS lookup, and no worker
# runs there to post to it.
HOOK_URL = "https://93.184.215.14/hooks/e2e"


def test_operator_adds_a_webhook_endpoint_and_sees_its_secret_once(page: Page, output_path):
    log_in(page, "admin@example.com", "studyxp-admin")
    page.get_by_test_id("dashboard-link").click()
    webhooks_link = page.get_by_role("navigation", name="Dashboard").get_by_role(
        "link", name="Webhooks"
    )
    webhooks_link.click()
    expect(page.get_by_role("heading", name="Webhooks", exact=True)).to_be_visible()

    page.get_by_label("URL").fill(HOOK_URL)
    page.get_by_label("achievement.completed").check()
    page.get_by_label("points.level_changed").check()
    page.get_by_role("button", name="Add endpoint").click()

    secret = page.get_by_test_id("new-webhook-secret")
    expect(secret).to_have_text(re.compile(r"^whsec_[A-Za-z0-9+/]{43}=$"))
    row = page.get_by_test_id("webhook-row").filter(has_text=HOOK_URL)
    expect(row).to_contain_text("achievement.completed, points.level_changed")
    expect(row).to_contain_text("active")
    expect(row.get_by_test_id("webhook-last-status")).to_have_text("none yet")
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, "dashboard-webhooks.png"), full_page=True)

    # Shown once: the list opened again has the endpoint, not the secret.
    webhooks_link.click()
    expect(row).to_be_visible()
    expect(page.get_by_test_id("new-webhook-secret")).to_have_count(0)

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Remove").click()
    expect(page.get_by_text(f"Webhook endpoint {HOOK_URL} removed.")).to_be_visible()
    expect(page.get_by_test_id("webhook-row").filter(has_text=HOOK_URL)).to_have_count(0)
