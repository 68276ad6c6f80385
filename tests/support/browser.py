"""The browser tests' helpers: the session's date, zone and Chromium, and driving the pages.

`log_in` and `register` are the one way a browser test logs in or signs up; like every
helper here they find elements by label, role or data-testid only (docs/testing.md).
The fixtures that use the rest are in tests/e2e/conftest.py.
"""

import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

# When the browser session starts: Wednesday 17 June 2026, 09:30 UTC. At 09:30 UTC every
# offset from UTC-9 to UTC+14 shows the same date (London 10:30, Tokyo 18:30, Kiritimati
# 23:30), so "today" is one date for every zone the tests use. Mid-week and mid-month, it is
# far from the start of a week or month, where a chart's periods change in number (issue 12:
# on 6 December the 12-month chart has 49 weeks), and neither it nor the 60 days of demo
# history before it come near a daylight-saving change in Europe/London (29 March and
# 25 October 2026).
SESSION_INSTANT = datetime(2026, 6, 17, 9, 30, tzinfo=UTC)
# The zone and language of every browser context a test does not set otherwise; the
# register and login forms send the zone as the learner's.
BROWSER_TIME_ZONE = "Europe/London"
BROWSER_LOCALE = "en-GB"

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
# Nothing outside this machine answers, so keep Chromium from trying to reach it.
OFFLINE_CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

PASSWORD = "correct horse"


@dataclass
class LiveServer:
    url: str
    app: Flask


def chromium_executable(playwright_default: str) -> str | None:
    """The Chromium to launch; None means Playwright's own build at `playwright_default`."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if not Path(configured).is_file():
            pytest.fail(
                f"CHROMIUM_PATH is {configured!r}, which is not a file. Point it at a Chromium "
                "binary, or unset it to use /usr/bin/chromium (apt-get install -y chromium).",
                pytrace=False,
            )
        return configured
    if SYSTEM_CHROMIUM.is_file():
        return str(SYSTEM_CHROMIUM)
    if Path(playwright_default).is_file():
        return None
    pytest.fail(
        "The browser tests need Chromium and none was found. Install it with "
        "`apt-get install -y chromium` (bash .ci/run does), set CHROMIUM_PATH to a Chromium "
        "binary, or run `playwright install chromium`.",
        pytrace=False,
    )


# --- accounts ----------------------------------------------------------------------------


def register(page: Page, name: str = "Ana", base: str = "") -> str:
    """Sign up a new learner called `name` (on the app at `base`, else the live server) with
    the password "correct horse"; registering logs in and opens the deck list. Their email."""
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
    page.goto(f"{base}/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Decks")).to_be_visible()
    return email


def log_in(page: Page, email: str, password: str, *, succeeds: bool = True) -> None:
    """Open the login page and log in. By default, wait for the deck list it leads to; with
    succeeds=False (a refused login) the test checks what the login page shows instead."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if succeeds:
        expect(page.get_by_role("heading", name="Decks")).to_be_visible()


# --- studying ----------------------------------------------------------------------------


def open_study(page: Page, deck: str = "European capitals") -> None:
    page.get_by_test_id("deck-link").filter(has_text=deck).click()
    page.get_by_test_id("study-deck").click()
    expect(page.get_by_text("Card 1 of")).to_be_visible()
    wait_until_ready(page)


def wait_until_ready(page: Page) -> None:
    """The study page's keys work once its script has run (it is deferred)."""
    expect(page.locator("#study")).to_have_attribute("data-ready", "true")


def flip_cards(page: Page, count: int) -> None:
    """Space flips each card to its back, → moves on; both as a learner presses them."""
    for n in range(1, count + 1):
        expect(page.locator(".card-position")).to_have_text(re.compile(rf"^Card {n} of \d+$"))
        page.keyboard.press("Space")
        expect(page.get_by_test_id("flashcard")).to_have_attribute("aria-pressed", "true")
        if n < count:
            page.keyboard.press("ArrowRight")
