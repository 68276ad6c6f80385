"""A learner locked out after too many wrong passwords reads why and for how long, in Chromium."""

import re

from playwright.sync_api import Page, expect

from tests.support.browser import log_in, register

LOCKED = "Too many login attempts. Try again in 15 minutes."


def test_sixth_wrong_password_shows_how_long_to_wait_and_refuses_the_right_one(
    page: Page, live_server
):
    email = register(page, "Typo")
    page.get_by_role("button", name="Log out").click()
    for _ in range(5):
        log_in(page, email, "wrong horse", succeeds=False)
        expect(page.get_by_text("Wrong email or password.")).to_be_visible()

    log_in(page, email, "wrong horse", succeeds=False)
    expect(page.get_by_role("status")).to_have_text(LOCKED)
    expect(page.get_by_text("Wrong email or password.")).to_be_hidden()

    log_in(page, email, "correct horse", succeeds=False)
    expect(page.get_by_role("status")).to_have_text(LOCKED)
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_label("Email")).to_have_value(email)
