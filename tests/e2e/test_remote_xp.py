"""A learner in Chromium on a study app whose XP service is a second StudyXP over HTTP.

Two live servers: the XP service (its own database and API key) and the study app configured
with XP_API_URL and XP_API_KEY (HttpXpClient). The journey earns a toast through the remote
service, stops it and flips again, reloads, then starts it again and flips once more.
"""

import re
import threading

import flask_migrate
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from app.study.learning import XP_UNAVAILABLE
from app.study.models import CardFlip
from app.xp.models.metrics import MetricEvent
from seed import seed_decks
from tests.support.browser import register
from tests.xp.live_service import start_xp_service

SCREENSHOT = "/tmp/xp-unavailable.png"


@pytest.fixture
def xp_service(tmp_path):
    service = start_xp_service(f"sqlite:///{tmp_path / 'xp-service.sqlite3'}")
    yield service
    service.close()


@pytest.fixture
def study_app(tmp_path, xp_service):
    """The study app on 127.0.0.1 at a free port, reaching XP only through HttpXpClient."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "e2e-remote-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'study-app.sqlite3'}",
            "XP_API_URL": xp_service.url,
            "XP_API_KEY": xp_service.api_key,
            "XP_API_TIMEOUT": 2,
            "XP_API_CONNECT_TIMEOUT": 1,
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        seed_decks()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="study-app", daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    # Calls right after a failure would fail at once for 5 s; the journey restarts the service.
    app.extensions["xp_client"].cooldown = 0
    yield app
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    app.extensions["xp_client"].close()
    with app.app_context():
        db.engine.dispose()


def flip_card(page: Page, position: int) -> None:
    expect(page.locator(".card-position")).to_have_text(re.compile(rf"^Card {position} of \d+$"))
    page.keyboard.press("Space")
    expect(page.get_by_test_id("flashcard")).to_have_attribute("aria-pressed", "true")


@pytest.mark.needs_process
def test_remote_xp_toasts_and_a_stopped_service_leaves_flips_working(
    page: Page, study_app, xp_service
):
    register(page, base=study_app.config["LIVE_URL"])
    page.get_by_test_id("deck-link").filter(has_text="European capitals").click()
    page.get_by_test_id("study-deck").click()
    expect(page.locator("#study")).to_have_attribute("data-ready", "true")
    expect(page.get_by_test_id("xp-unavailable")).to_be_hidden()

    for position in range(1, 6):
        flip_card(page, position)
        page.keyboard.press("ArrowRight")

    toast = page.get_by_test_id("xp-toast")
    expect(toast).to_have_count(1)
    expect(toast).to_contain_text("You gained 10 XP")
    expect(toast).to_contain_text("+10 XP for 5 flashcards flipped")
    expect(page.get_by_test_id("xp-total")).to_have_text("10")
    expect(page.get_by_test_id("award-item")).to_have_count(1)

    xp_service.stop()
    flip_card(page, 6)

    notice = page.get_by_test_id("xp-unavailable")
    expect(notice).to_be_visible()
    expect(notice).to_have_text(XP_UNAVAILABLE)
    expect(page.get_by_test_id("study-error")).to_be_hidden()
    expect(page.get_by_test_id("flashcard")).to_have_class(re.compile(r"\bis-flipped\b"))
    expect(page.get_by_test_id("flashcard")).to_contain_text("Amsterdam")
    page.screenshot(path=SCREENSHOT, full_page=True)
    with study_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CardFlip)) == 6

    # A page loaded while XP is down says so from the start, and the deck still studies.
    page.reload()
    expect(page.get_by_test_id("xp-unavailable")).to_have_text(XP_UNAVAILABLE)
    expect(page.get_by_test_id("xp-total")).to_have_text("–")
    expect(page.get_by_text("Your awards cannot be shown while XP is unavailable.")).to_be_visible()

    # The service is back: the next flip reaches it and the notice goes away.
    xp_service.start()
    flip_card(page, 6)
    expect(page.get_by_test_id("xp-unavailable")).to_be_hidden()
    expect(page.get_by_test_id("study-error")).to_be_hidden()
    with xp_service.app.app_context():  # five flips before the outage, this one after it
        assert db.session.scalar(select(func.count()).select_from(MetricEvent)) == 6
