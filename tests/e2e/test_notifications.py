"""The account page's Notifications section in a real browser: a new learner is told to flip
first; after flipping, the defaults are ticked and a change is saved and shown again."""

import os

from playwright.sync_api import Page, expect

from tests.support.browser import flip_cards, open_study, register

CHOICES = ["achievement_completed", "recap", "reactivation", "streak_reminder"]


def box(page: Page, kind: str, channel: str):
    return page.get_by_test_id(f"notify-{kind}-{channel}")


def test_a_learner_chooses_their_notifications(page: Page, output_path):
    register(page, "Noor")
    page.goto("/account/")
    section = page.get_by_test_id("notifications")
    expect(section.get_by_role("heading", name="Notifications")).to_be_visible()
    # Before her first flip too: the page makes her known to the XP service.
    expect(page.get_by_test_id("notifications-form")).to_be_visible()

    page.goto("/decks/")
    open_study(page)
    flip_cards(page, 5)
    expect(page.get_by_test_id("xp-total")).to_have_text("10")

    page.get_by_test_id("account-link").click()
    expect(page.get_by_test_id("notifications-not-sent")).to_have_text(
        "StudyXP sends no email itself: it keeps these choices for the service that sends them."
    )
    expect(page.get_by_test_id("notifications-problem")).to_have_count(0)
    for kind in CHOICES:
        expect(box(page, kind, "email")).to_be_checked()
        expect(box(page, kind, "push")).not_to_be_checked()

    page.get_by_label("Streak reminders by push").check()
    page.get_by_label("Progress recaps by email").uncheck()
    page.get_by_test_id("notifications-save").click()

    expect(page.get_by_role("status").filter(has_text="Notification")).to_have_text(
        "Notification preferences saved."
    )
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, "notifications.png"), full_page=True)
    page.reload()
    ticked = {
        (kind, channel)
        for kind in CHOICES
        for channel in ("email", "push")
        if box(page, kind, channel).is_checked()
    }
    assert ticked == {
        ("achievement_completed", "email"),
        ("reactivation", "email"),
        ("streak_reminder", "email"),
        ("streak_reminder", "push"),
    }
