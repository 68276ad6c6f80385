"""Learner journeys in Chromium: flip cards, earn XP, hear it, see it in history and chart."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, Route, expect

from seed import DEMO_LEARNER
from tests.e2e.charts import chart_periods, period_start, read_chart, show_chart
from tests.e2e.pages import DecksPage, LoginPage, RegisterPage
from tests.support import DEMO_XP

DEMO_LEARNER_TIME_ZONE = DEMO_LEARNER[3]

# Counts HTMLMediaElement.play() calls (and plays nothing) so a test can hear the chime.
RECORD_PLAYS = """
window.__plays = 0;
HTMLMediaElement.prototype.play = function () {
  window.__plays += 1;
  return Promise.resolve();
};
"""


def chart_changes(page: Page) -> list[int]:
    page.wait_for_selector("canvas[data-testid=xp-chart][data-state=ready]")
    return page.evaluate(
        "() => Chart.getChart(document.querySelector('[data-testid=xp-chart]'))"
        ".data.datasets.find(d => d.type === 'bar').data"
    )


@pytest.mark.smoke
def test_five_flips_show_a_toast_play_a_sound_and_grow_history_and_chart(page: Page, live_server):
    page.add_init_script(RECORD_PLAYS)
    RegisterPage(page).register()
    study = DecksPage(page).study()
    expect(page.get_by_test_id("xp-total")).to_have_text("0")
    # The seed's first trigger, worded by the server (app/wording.py).
    expect(page.get_by_test_id("award-history-empty")).to_have_text(
        "No awards yet. Every 5 flashcards flipped: +10 XP."
    )

    study.flip_cards(5)

    toast = page.get_by_test_id("xp-toast")
    expect(toast).to_have_count(1)
    expect(toast).to_contain_text("You gained 10 XP")
    expect(toast).to_contain_text("+10 XP for 5 flashcards flipped")
    page.wait_for_function("() => window.__plays === 1")
    expect(page.get_by_test_id("xp-total")).to_have_text("10")
    items = page.get_by_test_id("award-history").get_by_test_id("award-item")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("+10 XP")
    expect(items.first).to_contain_text("for 5 flashcards flipped")
    page.wait_for_function(
        "() => { const c = Chart.getChart(document.querySelector('[data-testid=xp-chart]'));"
        " return c && c.data.datasets.some(d => d.data.includes(10)); }"
    )
    assert sum(chart_changes(page)) == 10

    toast.get_by_role("button", name="Dismiss").click()
    expect(toast).to_have_count(0)


def test_how_to_earn_xp_lists_every_active_trigger_of_the_demo(page: Page, live_server):
    RegisterPage(page).register()
    page.goto("/progress/")

    expect(page.get_by_test_id("earn-rule")).to_have_text(
        [
            "Every 5 flashcards flipped: +10 XP",
            "Every 10 cards reviewed: +10 XP",
            "Every 25 flashcards flipped: +50 XP",
            "Every 7-day streak: +50 XP",
        ]
    )
    page.get_by_test_id("earn-rules").screenshot(path="/tmp/how-to-earn.png")


def test_muted_sound_stays_muted_after_reload_and_plays_nothing(page: Page, live_server):
    page.add_init_script(RECORD_PLAYS)
    RegisterPage(page).register("Ben")
    study = DecksPage(page).study("Basic Spanish words")
    toggle = page.get_by_test_id("sound-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "true")

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(toggle).to_have_text("Sound off")
    page.reload()
    expect(page.get_by_test_id("sound-toggle")).to_have_attribute("aria-pressed", "false")
    study.wait_until_ready()

    study.flip_cards(5)
    expect(page.get_by_test_id("xp-toast")).to_contain_text("You gained 10 XP")
    expect(page.get_by_test_id("xp-total")).to_have_text("10")
    assert page.evaluate("window.__plays") == 0


@pytest.mark.needs_process
def test_demo_learners_chart_switches_aggregation_and_covers_60_days(
    page: Page, live_server, clock
):
    today = clock.today(DEMO_LEARNER_TIME_ZONE)  # the chart ends on the learner's date
    LoginPage(page).log_in("demo@example.com", "studyxp-demo")
    page.get_by_role("link", name="Progress").click()
    total = int(page.get_by_test_id("xp-total").inner_text())
    assert total == DEMO_XP
    expect(page.get_by_test_id("award-item")).to_have_count(10)

    # The page opens on the last 30 days, one point a day.
    labels, _ = read_chart(page)
    assert labels == chart_periods(today, "30d", "daily")
    assert len(labels) == 30
    expect(page.get_by_test_id("chart-empty")).to_be_hidden()

    # The last 12 months day by day hold every point, all earned in the 60 days before today.
    labels, changes = show_chart(page, "12m", "daily")
    assert labels == chart_periods(today, "12m", "daily")
    xp_by_day = {date.fromisoformat(label): xp for label, xp in zip(labels, changes, strict=True)}
    studied = [day for day, xp in xp_by_day.items() if xp]
    assert today - timedelta(days=60) <= min(studied) and max(studied) < today
    assert sum(changes) == total

    # Every range in every aggregation: exactly the periods that touch the range, each with
    # the XP of all its days (a week or month that starts before the range is shown whole).
    for range_key in ("7d", "30d", "12m"):
        for aggregation in ("daily", "weekly", "monthly"):
            labels, changes = show_chart(page, range_key, aggregation)
            assert labels == chart_periods(today, range_key, aggregation), (range_key, aggregation)
            xp = dict.fromkeys(labels, 0)
            for day, earned in xp_by_day.items():
                period = period_start(day, aggregation).isoformat()
                if period in xp:
                    xp[period] += earned
            assert changes == list(xp.values()), (range_key, aggregation)


def test_logged_out_visitor_is_sent_to_log_in_and_back(page: Page, live_server):
    page.goto("/progress/")
    expect(page).to_have_url(f"{live_server.url}/login?next=/progress/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Email").fill("demo@example.com")
    page.get_by_label("Password").fill("studyxp-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/progress/")


def test_expired_session_during_study_loads_the_login_page(page: Page, live_server):
    RegisterPage(page).register("Cleo")
    DecksPage(page).study()
    page.context.clear_cookies()

    page.keyboard.press("ArrowRight")

    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.locator("#card-slot")).to_have_count(0)
    assert "next=" in page.url


def test_learner_cannot_see_another_learners_deck(new_context, live_server):
    owner = new_context()
    other = new_context()
    try:
        page = owner.new_page()
        RegisterPage(page).register("Owner")
        page.get_by_role("link", name="New deck").click()
        page.get_by_label("Title").fill("My secret deck")
        page.get_by_role("button", name="Create deck").click()
        page.get_by_label("Front").fill("Secret question")
        page.get_by_label("Back").fill("Secret answer")
        page.get_by_role("button", name="Add card").click()
        expect(page.get_by_text("Card added.")).to_be_visible()
        deck_url = page.url.replace("/cards/new", "")

        intruder = other.new_page()
        RegisterPage(intruder).register("Intruder")
        expect(
            intruder.get_by_test_id("deck-link").filter(has_text="My secret deck")
        ).to_have_count(0)
        response = intruder.goto(deck_url)
        assert response.status == 404
        expect(intruder.get_by_text("Secret question")).to_have_count(0)
        assert intruder.goto(deck_url + "/study/").status == 404
    finally:
        owner.close()
        other.close()


def test_a_double_submitted_flip_counts_once(page: Page, live_server):
    RegisterPage(page).register("Dora")
    study = DecksPage(page).study("Chemical element symbols")
    study.flip_cards(3)
    page.keyboard.press("ArrowRight")
    expect(study.position).to_have_text("Card 4 of 29")

    # The 4th flip sent twice, as a double click or a retry after a lost answer would. Counted
    # twice it would make 5 flips and pay 10 XP; counted once it pays nothing yet.
    page.evaluate(
        """() => {
          const study = document.getElementById("study");
          const cardId = document.querySelector("[data-testid=flashcard]").dataset.cardId;
          const values = {card_id: cardId, idempotency_key: "double-flip", tz: "UTC"};
          for (let i = 0; i < 2; i++) {
            htmx.ajax("POST", study.dataset.flipUrl, {source: study, swap: "none", values});
          }
        }"""
    )
    page.wait_for_load_state("networkidle")
    page.reload()
    expect(page.get_by_test_id("xp-total")).to_have_text("0")
    expect(page.get_by_test_id("award-history-empty")).to_be_visible()
    study.wait_until_ready()

    page.keyboard.press("ArrowRight")
    expect(study.position).to_have_text("Card 5 of 29")
    page.keyboard.press("Space")
    expect(page.get_by_test_id("xp-toast")).to_have_count(1)
    expect(page.get_by_test_id("xp-total")).to_have_text("10")
    expect(page.get_by_test_id("award-item")).to_have_count(1)


def test_a_flip_the_server_did_not_record_is_reported(page: Page, live_server):
    RegisterPage(page).register("Eve")
    failing = True

    def fail_while_failing(route: Route) -> None:
        if failing:
            route.fulfill(status=500, body="")
        else:
            route.continue_()

    page.route("**/study/flip", fail_while_failing)  # before the page loads: see test_study_keys
    DecksPage(page).study()

    page.keyboard.press("Space")

    problem = page.get_by_test_id("study-error")
    expect(problem).to_be_visible()
    expect(problem).to_have_text(
        "That flip was not saved (error 500). Reload the page and try again."
    )
    failing = False
    page.keyboard.press("Space")  # back to the front: nothing is sent
    page.keyboard.press("Space")
    expect(problem).to_be_hidden()


@pytest.mark.needs_process
@pytest.mark.browser_context_args(timezone_id="Asia/Tokyo")
def test_each_flip_carries_the_browsers_time_zone(new_context, live_server):
    from sqlalchemy import select

    from app.accounts.models import Account
    from app.extensions import db

    context = new_context()
    try:
        page = context.new_page()
        email = RegisterPage(page).register("Kenji")
        with live_server.app.app_context():
            account = db.session.scalar(select(Account).where(Account.email == email))
            assert account.tz == "Asia/Tokyo"  # from the register form
            account.tz = "UTC"  # as if the learner had moved since
            db.session.commit()
        DecksPage(page).study()
        with page.expect_response("**/study/flip"):
            page.keyboard.press("Space")
        with live_server.app.app_context():
            account = db.session.scalar(select(Account).where(Account.email == email))
            assert account.tz == "Asia/Tokyo"
    finally:
        context.close()
