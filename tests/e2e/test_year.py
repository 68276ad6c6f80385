"""Your year in StudyXP in the browser: a new learner with a history last year opens the page
from Progress, finds this year empty and chooses last year; the demo learner's year is full."""

import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.study.models import CardFlip, ReviewLog
from app.xp.engine.events import record_event
from seed import DEMO_DAYS, DEMO_LEARNER
from tests.support import DEMO_BADGES, DEMO_FLIPS, DEMO_REVIEWS, DEMO_XP
from tests.support.browser import BROWSER_TIME_ZONE, log_in, register


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def flips_at(live_server, email: str, day: date, count: int) -> None:
    """`count` flips a minute apart from 10:00 on `day` in the browser's zone (the learner's)."""
    start = datetime.combine(day, time(10), ZoneInfo(BROWSER_TIME_ZONE))
    with live_server.app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == email))
        for n in range(count):
            record_event(
                "flashcards-flipped", account.xp_user(), 1, at=start + timedelta(minutes=n)
            )
        db.session.remove()


@pytest.mark.needs_process
def test_choosing_last_year_from_the_progress_page(page: Page, live_server, clock, output_path):
    email = register(page, "Yara")
    this_year = clock.today(BROWSER_TIME_ZONE).year
    last_year = this_year - 1
    march = date(last_year, 3, 1)
    monday = march + timedelta(days=(7 - march.weekday()) % 7)  # the first Monday of March
    # 6, 12 and 3 flips on Monday to Wednesday: +10 XP at 5, 10, 15 and 20 flips; First Ten
    # on Tuesday, the busiest day; a 3-day streak.
    for offset, count in enumerate([6, 12, 3]):
        flips_at(live_server, email, monday + timedelta(days=offset), count)

    page.get_by_role("link", name="Progress", exact=True).click()
    page.get_by_test_id("progress-year-link").click()
    expect(page.get_by_test_id("year-heading")).to_have_text(f"Your {this_year} in StudyXP")
    expect(page.get_by_test_id("year-empty")).to_contain_text(
        f"Nothing to look back on in {this_year} yet"
    )

    page.get_by_test_id("year-select").select_option(str(last_year))
    page.get_by_test_id("year-show").click()
    expect(page.get_by_test_id("year-heading")).to_have_text(f"Your {last_year} in StudyXP")
    expect(page).to_have_url(f"{live_server.url}/year/?year={last_year}")
    expect(page.get_by_test_id("year-days-active")).to_have_text("3")
    expect(page.get_by_test_id("year-weeks-active")).to_have_text("1")
    expect(page.get_by_test_id("year-months-active")).to_have_text("1")
    expect(page.get_by_test_id("year-total-flips")).to_have_text("21")
    expect(page.get_by_test_id("year-total-reviews")).to_have_text("0")
    expect(page.get_by_test_id("year-total-xp")).to_have_text("40")
    tuesday = monday + timedelta(days=1)
    expect(page.get_by_test_id("year-most-active-day")).to_have_text(
        f"Day {long_date(tuesday)} 12 flips and 20 XP Badge earned: First Ten"
    )
    sunday = monday + timedelta(days=6)
    expect(page.get_by_test_id("year-most-active-week")).to_contain_text(
        f"{monday.day} – {sunday.day} March 21 flips and 40 XP"
    )
    expect(page.get_by_test_id("year-longest-streak")).to_have_text(
        f"🔥 3 days, from {long_date(monday)} to {long_date(monday + timedelta(days=2))}"
    )
    expect(page.get_by_test_id("year-badge")).to_contain_text(
        f"First Ten Flip 10 flashcards Earned {long_date(tuesday)}"
    )
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, "year-last-year.png"), full_page=True)


def demo_study_days(live_server, email: str, tz: str) -> set[date]:
    """The local dates of the learner's flips and reviews, from the study app's own rows."""
    zone = ZoneInfo(tz)
    with live_server.app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == email))
        instants = [
            *db.session.scalars(
                select(CardFlip.flipped_at).where(CardFlip.account_id == account.id)
            ),
            *db.session.scalars(
                select(ReviewLog.reviewed_at).where(ReviewLog.account_id == account.id)
            ),
        ]
        db.session.remove()
    return {instant.astimezone(zone).date() for instant in instants}


@pytest.mark.needs_process
def test_the_demo_learners_year_is_full(page: Page, live_server, clock, output_path):
    email, _, password, tz = DEMO_LEARNER
    today = clock.today(tz)
    days = {day for day in demo_study_days(live_server, email, tz) if day.year == today.year}
    log_in(page, email, password)

    page.get_by_test_id("year-link").click()

    expect(page.get_by_test_id("year-heading")).to_have_text(f"Your {today.year} in StudyXP")
    expect(page.get_by_test_id("year-days-active")).to_have_text(str(len(days)))
    expect(page.get_by_test_id("year-months-active")).to_have_text(
        str(len({day.month for day in days}))
    )
    if today - timedelta(days=DEMO_DAYS) >= date(today.year, 1, 1):  # all of it this year
        expect(page.get_by_test_id("year-total-flips")).to_have_text(f"{DEMO_FLIPS:,}")
        expect(page.get_by_test_id("year-total-reviews")).to_have_text(str(DEMO_REVIEWS))
        expect(page.get_by_test_id("year-total-xp")).to_have_text(f"{DEMO_XP:,}")
        expect(page.get_by_test_id("year-badge")).to_have_count(len(DEMO_BADGES))
        expect(page.get_by_test_id("year-rank")).to_have_count(3)
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, "year-demo.png"), full_page=True)
