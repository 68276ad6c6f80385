"""A learner whose day starts before the server's: Chromium at UTC+14 (Pacific/Kiritimati)
five minutes after local midnight, while UTC, the server's calendar, is still on the day
before. The flip's award, the award history, today's chart bucket, the streak and the XP
service's own summary all go by the learner's date."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.xp.admin.api_keys import create_api_key
from tests.e2e.charts import chart_periods, read_chart, show_chart
from tests.support.browser import flip_cards, open_study, register
from tests.support.clock import wall

# UTC+14 all year round: the first zone where a date begins.
KIRITIMATI = "Pacific/Kiritimati"


def long_date(day) -> str:
    """ "Thursday 18 June", as the journey page writes a date."""
    return f"{day:%A} {day.day} {day:%B}"


@pytest.mark.needs_process
@pytest.mark.browser_context_args(timezone_id=KIRITIMATI, locale="en-KI")
def test_a_learner_at_utc_plus_14_after_midnight_earns_on_their_own_date(
    page: Page, live_server, clock
):
    # 00:05 on the learner's next day, which in UTC is 10:05 on the session's date.
    learner_day = clock.today(KIRITIMATI) + timedelta(days=1)
    clock.set(wall(f"{learner_day} 00:05", KIRITIMATI))
    utc_day = clock.today("UTC")
    assert utc_day == learner_day - timedelta(days=1)

    email = register(page, "Teuea")
    with live_server.app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == email))
        assert account.tz == KIRITIMATI  # from the register form: the browser's zone
        xp_user_id = account.xp_user_id
        _, api_key = create_api_key("e2e-time-zones")
        db.session.remove()

    open_study(page)
    flip_cards(page, 5)

    # The award, paid for the fifth flip.
    toast = page.get_by_test_id("xp-toast")
    expect(toast).to_have_count(1)
    expect(toast).to_contain_text("You gained 10 XP")
    expect(toast).to_contain_text("+10 XP for 5 flashcards flipped")
    expect(page.get_by_test_id("xp-total")).to_have_text("10")
    expect(page.get_by_test_id("xp-streak")).to_have_text("🔥 1")

    # The award history dates it at the learner's 00:05, not at 10:05 the day before.
    items = page.get_by_test_id("award-history").get_by_test_id("award-item")
    expect(items).to_have_count(1)
    when = items.first.locator("time")
    expect(when).to_have_text(f"{learner_day.day} {learner_day:%b %Y}, 00:05")
    expect(when).to_have_attribute("datetime", f"{learner_day.isoformat()}T00:05:00+14:00")

    # The chart's last daily bucket is the learner's date, and holds the 10 XP. (The chart was
    # drawn before the learner's first event, with no period for the award's date: the
    # award's xp-progress has set it loading, and it is ready once redrawn.)
    labels, changes = read_chart(page)
    assert labels == chart_periods(learner_day, "30d", "daily")
    assert labels[-1] == learner_day.isoformat()
    assert changes == [0] * 29 + [10]
    labels, changes = show_chart(page, "7d", "weekly")
    assert labels == chart_periods(learner_day, "7d", "weekly")
    assert changes[-1] == 10 and sum(changes) == 10

    # The streak began on the learner's date, and runs to the end of their tomorrow.
    page.get_by_test_id("journey-link").click()
    journey = page.get_by_test_id("study-journey")
    expect(journey.get_by_test_id("streak-length")).to_have_text("1")
    expect(journey.get_by_test_id("streak-now")).to_contain_text(
        f"1-day streak, since {long_date(learner_day)}"
    )
    expect(journey.get_by_test_id("streak-expiry")).to_have_text(
        "Study by the end of tomorrow "
        f"({long_date(learner_day + timedelta(days=1))}) to keep your streak."
    )
    days = page.get_by_test_id("streak-calendar").get_by_test_id("streak-day")
    expect(days).to_have_count(14)
    expect(days.last).to_have_attribute("data-date", learner_day.isoformat())
    expect(days.last).to_have_attribute("data-state", "studied")
    expect(days.last).to_have_attribute("aria-current", "date")
    expect(days.first).to_have_attribute(
        "data-date", (learner_day - timedelta(days=13)).isoformat()
    )
    expect(page.locator("[data-testid=streak-day][data-state=studied]")).to_have_count(1)

    # The XP service keeps the flips on the learner's local date too.
    response = page.request.get(
        f"/api/v1/users/{xp_user_id}/metrics/flashcards-flipped/event-summary",
        params={
            "aggregation": "daily",
            "startDate": utc_day.isoformat(),
            "endDate": learner_day.isoformat(),
        },
        headers={"X-API-KEY": api_key},
    )
    assert response.status == 200
    assert response.json() == [
        {"date": utc_day.isoformat(), "total": 0, "change": 0},
        {"date": learner_day.isoformat(), "total": 5, "change": 5},
    ]
    streak = page.request.get(
        f"/api/v1/users/{xp_user_id}/streak", headers={"X-API-KEY": api_key}
    ).json()
    assert (streak["length"], streak["started"]) == (1, learner_day.isoformat())
