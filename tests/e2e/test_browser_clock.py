"""The browser suite's clocks: the app runs on the pinned session clock, Chromium on the
machine's (tests/e2e/conftest.py). What passes between them still agrees."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from werkzeug.http import http_date

from tests.support.browser import BROWSER_LOCALE, BROWSER_TIME_ZONE, register


def test_every_page_runs_in_the_pinned_zone_and_language(page: Page, live_server):
    page.goto("/")
    options = page.evaluate("Intl.DateTimeFormat().resolvedOptions()")
    assert (options["timeZone"], options["locale"]) == (BROWSER_TIME_ZONE, BROWSER_LOCALE)
    assert page.evaluate("navigator.language") == BROWSER_LOCALE


@pytest.mark.needs_process
def test_remember_me_outlives_the_session_cookie_whatever_the_browsers_date(
    page: Page, live_server, clock
):
    email = register(page, "Rem")
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct horse")
    page.get_by_label("Remember me").check()
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Decks")).to_be_visible()

    # The server dates its answer and the cookie's expiry by the pinned clock: 30 days on,
    # which is already past on the machine's clock once it is 30 days after the pinned date.
    headers = answer.value.headers_array()
    assert [h["value"] for h in headers if h["name"] == "Date"] == [http_date(clock.now)]
    cookies = [h["value"] for h in headers if h["name"] == "Set-Cookie"]
    remember = next(c for c in cookies if c.startswith("remember_token="))
    duration = timedelta(seconds=live_server.app.config["REMEMBER_COOKIE_DURATION"])
    assert f"Expires={http_date(clock.now + duration)};" in remember
    assert "Max-Age" not in remember

    # Chromium moves Expires by the difference between its clock and the Date header, so
    # the cookie lasts 30 days of the browser's own time. (Date.now() here is the browser's
    # clock, compared only with a time the browser itself chose.)
    stored = {c["name"]: c for c in page.context.cookies()}
    assert stored["session"]["expires"] == -1  # ends with the browser
    browser_now = page.evaluate("Date.now() / 1000")
    assert abs(stored["remember_token"]["expires"] - browser_now - duration.total_seconds()) < 60

    # A browser restart drops the session cookie; the remember-me cookie logs the learner in.
    page.context.clear_cookies(name="session")
    page.goto("/progress/")
    expect(page).to_have_url(re.compile(r"/progress/$"))
    expect(page.get_by_test_id("xp-total")).to_have_text("0")
