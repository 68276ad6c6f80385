"""Badges and streaks in Chromium: the achievement toast with its badge, the streak-extended,
streak award, week-long badge and freeze toasts with their sounds, the header's streak and
the study journey page (seed.py: badges at 10 flips and a 7-day streak, a daily streak on
flips with a freeze earned every 7 days, +50 XP every 7 days of streak).

Earlier days are recorded through the engine with `at`, at noon UTC on the days before the
pinned clock's date; the browser runs in UTC too, so those are the learner's previous local days.
"""

from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.accounts.models import Account
from app.extensions import db
from app.wording import rarity_in_words
from app.xp.engine.events import record_event
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.users import XpUser
from tests.e2e.test_levels import RECORD_PLAYS
from tests.support import CLASS_SIZE
from tests.support.browser import flip_cards, open_study, register


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "UTC"}


def earlier_flips(live_server, clock, email: str, *, days=(), today: int = 0) -> None:
    """One flip on each of `days` days ago at noon UTC, and `today` flips now."""
    with live_server.app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == email))
        assert account.tz == "UTC"  # from the register form: the browser's zone
        for days_ago in days:
            day = clock.today("UTC") - timedelta(days=days_ago)
            at = datetime.combine(day, time(12), UTC)
            record_event("flashcards-flipped", account.xp_user(), 1, at=at)
        if today:
            record_event("flashcards-flipped", account.xp_user(), today)
        db.session.remove()


def rarity(live_server, key: str) -> tuple[int, str]:
    """The XP users on the live server, and the badge's rarity among them in the page's words:
    the demo learner and the seeded class, with the learners the tests before made."""
    with live_server.app.app_context():
        users = db.session.scalar(select(func.count()).select_from(XpUser))
        earned = db.session.scalar(
            select(func.count())
            .select_from(UserAchievement)
            .join(Achievement)
            .where(Achievement.key == key)
        )
        db.session.remove()
    # Rounded as GET /achievements rounds it, then as the page words it.
    return users, rarity_in_words(round(100 * earned / users, 2))


def played(page: Page) -> list[str]:
    page.wait_for_function("() => window.__played.length > 0")
    return page.evaluate("window.__played")


@pytest.mark.needs_process
def test_the_tenth_flip_unlocks_first_ten_with_its_badge(page: Page, live_server, clock):
    page.add_init_script(RECORD_PLAYS)
    email = register(page, "Ten")
    earlier_flips(live_server, clock, email, today=9)

    page.goto("/decks/")
    open_study(page)
    flip_cards(page, 1)

    toast = page.get_by_test_id("achievement-toast")
    expect(toast).to_have_count(1)
    expect(toast).to_contain_text("Achievement unlocked: First Ten")
    expect(toast).to_contain_text("Flip 10 flashcards")
    badge = toast.get_by_role("img", name="First Ten badge")
    expect(badge).to_have_attribute("src", "/static/badges/flips-10.svg")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=achievement-toast] img').naturalWidth > 0"
    )
    expect(page.get_by_test_id("xp-toast")).to_contain_text("+10 XP for 5 flashcards flipped")
    # Today's first flip was among the nine: no streak news, the header already says 1.
    expect(page.get_by_test_id("streak-toast")).to_have_count(0)
    expect(page.get_by_test_id("xp-streak")).to_have_text("🔥 1")
    # The badge's sound, not the award chime: one sound per flip.
    assert played(page) == ["achievement.wav"]
    page.screenshot(path="/tmp/k3-achievement-toast.png")


@pytest.mark.needs_process
def test_the_seventh_day_brings_the_streak_its_award_and_badge(page: Page, live_server, clock):
    page.add_init_script(RECORD_PLAYS)
    email = register(page, "Week")
    earlier_flips(live_server, clock, email, days=[6, 5, 4, 3, 2, 1])

    page.goto("/decks/")
    streak = page.get_by_test_id("xp-streak")
    # Six days up to yesterday, still alive until the end of today.
    expect(streak).to_have_text("🔥 6")
    open_study(page)
    flip_cards(page, 1)

    expect(page.get_by_test_id("streak-toast")).to_contain_text("7-day streak!")
    award = page.get_by_test_id("xp-toast")
    expect(award).to_contain_text("You gained 50 XP")
    expect(award).to_contain_text("+50 XP for a 7-day streak")
    achievement = page.get_by_test_id("achievement-toast")
    expect(achievement).to_contain_text("Achievement unlocked: Week-long Streak")
    expect(achievement.get_by_role("img", name="Week-long Streak badge")).to_be_visible()
    expect(page.get_by_test_id("freeze-toast")).to_have_count(0)
    expect(streak).to_have_text("🔥 7")
    expect(streak).to_have_attribute("aria-label", "7-day streak")
    expect(page.get_by_test_id("xp-total")).to_have_text("60")
    assert played(page) == ["achievement.wav"]
    page.screenshot(path="/tmp/k3-streak-toasts.png")

    page.get_by_test_id("journey-link").click()
    journey = page.get_by_test_id("study-journey")
    expect(journey.get_by_test_id("streak-length")).to_have_text("7")
    expect(journey.get_by_test_id("streak-freezes")).to_contain_text("1 of 2 freezes")
    expect(journey.get_by_test_id("streak-longest")).to_have_text("Longest streak: 7 days")
    days = page.get_by_test_id("streak-calendar").get_by_test_id("streak-day")
    expect(days).to_have_count(14)
    states = [days.nth(i).get_attribute("data-state") for i in range(14)]
    assert states == ["missed"] * 7 + ["studied"] * 7
    badges = page.get_by_test_id("badge-grid").get_by_test_id("badge")
    expect(badges).to_have_count(6)
    expect(page.locator('[data-testid=badge][data-earned="true"]')).to_have_count(1)
    expect(page.locator('[data-testid=badge][data-earned="true"]')).to_contain_text(
        "Week-long Streak"
    )
    expect(page.locator('[data-testid=badge][data-earned="false"]')).to_have_count(5)
    # The earned badge comes first, with its rarity among every learner.
    users, streak_rarity = rarity(live_server, "streak-7")
    assert users > 1 + CLASS_SIZE  # the demo learner, the class and Week at least
    expect(badges.first).to_contain_text(streak_rarity)
    expect(page.get_by_test_id("level-progress")).to_contain_text("Novice → Apprentice")
    page.screenshot(path="/tmp/k3-journey.png", full_page=True)


@pytest.mark.needs_process
def test_coming_back_after_a_missed_day_says_a_freeze_saved_the_streak(
    page: Page, live_server, clock
):
    page.add_init_script(RECORD_PLAYS)
    email = register(page, "Frost")
    # Eight days in a row earn a freeze on the 7th; yesterday was missed and spends it.
    earlier_flips(live_server, clock, email, days=[9, 8, 7, 6, 5, 4, 3, 2])

    page.goto("/decks/")
    open_study(page)
    flip_cards(page, 1)

    freeze = page.get_by_test_id("freeze-toast")
    expect(freeze).to_contain_text("Streak saved by a freeze")
    expect(freeze).to_contain_text("You missed a day, and a freeze kept your streak going.")
    expect(freeze).to_contain_text("0 freezes left.")
    expect(page.get_by_test_id("streak-toast")).to_contain_text("9-day streak!")
    expect(page.get_by_test_id("xp-streak")).to_have_text("🔥 9")
    assert played(page) == ["freeze.wav"]
    page.screenshot(path="/tmp/k3-freeze-toast.png")

    page.goto("/journey/")
    frozen = page.locator('[data-testid=streak-day][data-state="frozen"]')
    expect(frozen).to_have_count(1)
    yesterday = (clock.today("UTC") - timedelta(days=1)).isoformat()
    expect(frozen).to_have_attribute("data-date", yesterday)


HOSTILE = '<img src=x onerror="window.__pwned = true">'


def test_badge_and_streak_toasts_show_names_as_text_and_respect_mute(page: Page, live_server):
    page.add_init_script(RECORD_PLAYS)
    register(page, "Mallory")
    # The toggle works once xp.js has run: module scripts run before the load event.
    page.wait_for_load_state("load")
    page.get_by_test_id("sound-toggle").click()  # muted
    expect(page.get_by_test_id("sound-toggle")).to_have_attribute("aria-pressed", "false")

    # What app/study/flip_news.py would send for a badge named HOSTILE, in a weekly streak
    # a freeze kept: the page renders the server's words as text.
    page.evaluate(
        """(name) => {
          document.body.dispatchEvent(new CustomEvent("xp-news", { bubbles: true, detail: {
            toasts: [
              { kind: "achievement", title: `Achievement unlocked: ${name}`, lines: [name],
                badge: { src: "/static/badges/flips-10.svg", alt: `${name} badge` } },
              { kind: "freeze", title: "Streak saved by a freeze",
                lines: ["You missed a week, and a freeze kept your streak going. 1 freeze left."] },
              { kind: "streak", title: "3-week streak!",
                lines: ["Study again next week to keep it going."] },
            ],
            sound: "achievement",
            streak: { length: 3, label: "3-week streak", frequency: "weekly" },
          }}));
        }""",
        HOSTILE,
    )

    toast = page.get_by_test_id("achievement-toast")
    expect(toast.locator(".toast-title")).to_have_text(f"Achievement unlocked: {HOSTILE}")
    expect(toast.locator(".toast-line")).to_have_text(HOSTILE)
    expect(toast.locator("img")).to_have_attribute("alt", f"{HOSTILE} badge")
    expect(page.get_by_test_id("streak-toast")).to_contain_text("3-week streak!")
    expect(page.get_by_test_id("freeze-toast")).to_contain_text(
        "You missed a week, and a freeze kept your streak going. 1 freeze left."
    )
    expect(page.get_by_test_id("xp-streak")).to_have_text("🔥 3")
    expect(page.get_by_test_id("xp-streak")).to_have_attribute("aria-label", "3-week streak")
    # The toasts are in the live region screen readers announce.
    expect(page.locator("#toasts[aria-live=polite] [data-testid=streak-toast]")).to_have_count(1)
    assert page.evaluate("window.__pwned === undefined && window.__played.length === 0")
