"""The browser tests' helpers: the session's date, zone and Chromium, and driving the pages.

Driving the pages is the page objects' job (tests/e2e/pages/); `log_in`, `register` and the
study helpers below are thin wrappers over them for the journeys that still call them.
The fixtures that use the rest are in tests/e2e/conftest.py.
"""

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page

from tests.e2e.pages import DecksPage, LoginPage, RegisterPage, StudyPage
from tests.e2e.pages.decks import DEMO_DECK

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


NEEDS_PROCESS_REASON = (
    "needs the app's process (its database, the XP engine or the clock fixture): "
    "runs against the in-process live server only, not with --base-url"
)


@dataclass
class LiveServer:
    """Where the journeys run: `app` is the in-process app, None against a deployment."""

    url: str
    app: Flask | None


def deployment_url(config: pytest.Config) -> str | None:
    """The deployment the journeys run against (--base-url or the base_url ini value), if any."""
    url = config.getoption("--base-url", default=None) or config.getini("base_url")
    return url.rstrip("/") if url else None


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


# --- the journeys' old helpers ------------------------------------------------------------
# Thin wrappers over the page objects (tests/e2e/pages/), for the journeys not moved onto
# them yet; new journeys use the page objects.


def register(page: Page, name: str = "Ana", base: str = "") -> str:
    """Sign up a new learner (RegisterPage.register); their email."""
    return RegisterPage(page, base).register(name)


def log_in(page: Page, email: str, password: str, *, succeeds: bool = True) -> None:
    """Log in (LoginPage.log_in); succeeds=False for a refused login."""
    LoginPage(page).log_in(email, password, succeeds=succeeds)


def open_study(page: Page, deck: str = DEMO_DECK) -> None:
    """From the deck list, study `deck` (DecksPage.study)."""
    DecksPage(page).study(deck)


def wait_until_ready(page: Page) -> None:
    StudyPage(page).wait_until_ready()


def flip_cards(page: Page, count: int) -> None:
    StudyPage(page).flip_cards(count)
