"""Hostile names stay text: toasts, award history, decks, study and dashboard pages in Chromium.

A metric, a points system, a deck and a card are named like an XSS probe. Every page that
shows them must show the literal text, create no <img src=x> and run no handler, and the
Content-Security-Policy must have nothing to block (no inline script or style).
"""

import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.study.models import Card, Deck
from app.study.xp_reads import CACHE_KEY
from app.xp.admin.metrics import save_metric
from app.xp.admin.points import save_points_system, set_points_system_status
from app.xp.admin.triggers import add_trigger, set_trigger_status
from app.xp.engine.events import record_event
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem, PointsTrigger
from tests.support.browser import log_in, register, wait_until_ready

HOSTILE = "<img src=x onerror=window.__xss=1>"

# Collects what the Content-Security-Policy blocks, on every page the browser opens, with
# the start of the blocked inline element's text so a test can tell who added it.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const source = event.target instanceof Element ? event.target.textContent.slice(0, 40) : "";
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}: ${source}`
  );
}, true);
"""


def assert_inert(page: Page, console_errors: list[str]) -> None:
    """The probe made no element, ran nothing, and the policy blocked nothing unexpected."""
    expect(page.locator('img[src="x"]')).to_have_count(0)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("window.__cspViolations") == [], page.url
    assert console_errors == [], page.url


def watch_console(page: Page) -> list[str]:
    """Console errors of the page."""
    errors: list[str] = []

    def record(message) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", record)
    return errors


@pytest.mark.needs_process
def test_hostile_names_show_as_text_everywhere(page: Page, new_context, live_server):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    errors = watch_console(page)
    email = register(page, "Mallory")
    suffix = uuid.uuid4().hex[:8]
    app = live_server.app
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == email))
        flips = db.session.scalar(select(Metric).where(Metric.key == "flashcards-flipped"))
        xp = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
        metric = save_metric(None, f"probe-{suffix}", HOSTILE)
        # Pays on every flip of every learner: active only while this test runs.
        system = save_points_system(None, f"probe-{suffix}", HOSTILE, HOSTILE)
        add_trigger(system, "metric", 1, flips.id, 1)
        add_trigger(system, "metric", 1, metric.id, 1)
        # Only this test sends the probe metric, so only this learner earns XP from it.
        xp_trigger = add_trigger(xp, "metric", 1, metric.id, 1)
        deck = Deck(owner_id=account.id, title=HOSTILE, description=HOSTILE)
        deck.cards = [Card(front=HOSTILE, back=HOSTILE, position=1)]
        db.session.add(deck)
        db.session.commit()
        record_event(metric.key, account.xp_user(), 1)
        system_id, xp_trigger_id, deck_id = system.id, xp_trigger.id, deck.id
    # The study app holds the triggers up to a minute (app/study/xp_reads.py): not this test.
    app.extensions.pop(CACHE_KEY, None)
    operator = new_context()
    try:
        page.goto(f"/decks/{deck_id}")
        expect(page.get_by_role("heading", level=1)).to_have_text(HOSTILE)
        expect(page.get_by_role("cell", name=HOSTILE, exact=True)).to_have_count(2)  # front, back
        assert_inert(page, errors)

        page.goto(f"/decks/{deck_id}/study/")
        expect(page.locator(".flashcard-front")).to_contain_text(HOSTILE)
        wait_until_ready(page)
        page.keyboard.press("Space")
        toast = page.get_by_test_id("xp-toast")
        expect(toast).to_have_count(1)
        expect(toast).to_contain_text(f"You gained 1 {HOSTILE}")
        expect(toast).to_contain_text(f"+1 {HOSTILE} for 1 flashcards flipped")
        expect(page.get_by_test_id("award-item").first).to_contain_text(f"for 1 {HOSTILE}")
        assert_inert(page, errors)

        page.goto("/progress/")
        history = page.get_by_test_id("award-history").get_by_test_id("award-item")
        expect(history).to_have_count(1)
        expect(history.first).to_contain_text(f"+1 XP total 1 for 1 {HOSTILE}")
        expect(page.get_by_test_id("earn-rules")).to_contain_text(HOSTILE)
        assert_inert(page, errors)

        dashboard = operator.new_page()
        dashboard.add_init_script(RECORD_CSP_VIOLATIONS)
        dashboard_errors = watch_console(dashboard)
        log_in(dashboard, "admin@example.com", "studyxp-admin")
        dashboard.goto("/dashboard/points/")
        expect(dashboard.get_by_test_id("points-row").filter(has_text=suffix)).to_contain_text(
            HOSTILE
        )
        assert_inert(dashboard, dashboard_errors)

        dashboard.goto("/dashboard/metrics/")
        expect(dashboard.get_by_test_id("metric-row").filter(has_text=suffix)).to_contain_text(
            HOSTILE
        )
        assert_inert(dashboard, dashboard_errors)

        dashboard.goto(f"/dashboard/points/{system_id}/configure")
        expect(dashboard.get_by_role("heading", level=1)).to_have_text(f"Configure “{HOSTILE}”")
        expect(dashboard.get_by_test_id("trigger-row").nth(1)).to_contain_text(f"every 1 {HOSTILE}")
        expect(dashboard.get_by_label("Metric", exact=True)).to_contain_text(HOSTILE)
        assert_inert(dashboard, dashboard_errors)

        dashboard.goto(f"/dashboard/points/{system_id}/analytics")
        expect(dashboard.get_by_role("heading", level=1)).to_have_text(f"“{HOSTILE}” analytics")
        expect(dashboard.get_by_test_id("breakdown-table")).to_contain_text(HOSTILE)
        expect(dashboard.get_by_test_id("analytics-chart")).to_have_attribute("data-state", "ready")
        labels = dashboard.evaluate(
            "() => Chart.getChart(document.querySelector('[data-testid=breakdown-chart]'))"
            ".data.labels"
        )
        assert any(HOSTILE in label for label in labels)
        assert_inert(dashboard, dashboard_errors)
    finally:
        operator.close()
        with app.app_context():
            set_points_system_status(db.session.get(PointsSystem, system_id), "archived")
            set_trigger_status(db.session.get(PointsTrigger, xp_trigger_id), "archived")
        app.extensions.pop(CACHE_KEY, None)  # nor the next test on this server
