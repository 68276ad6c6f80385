"""XP counts studying, not clicking (issue 14), in Chromium: holding Space down flips a card
once, turning one card back and forth earns nothing more, and the page says so in the
flip-not-counted line; the next card counts (app/study/flip_credits.py, static/js/study.js).

The learner starts with three flips recorded through the engine, so their fifth counted flip
pays seed.py's +10 XP: had the back-and-forth counted, it would have paid it on the spot.
"""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.study.models import CardFlip
from app.xp.engine.events import record_event
from app.xp.models.metrics import UserMetricTotal
from app.xp.models.users import XpUser
from tests.support.browser import open_study, register

NOT_COUNTED = (
    "Not counted: this card already counted towards XP in the last hour. "
    "It counts again in 60 minutes."
)
# Keydown events while a key is held: a second's worth at a typical 20 a second.
AUTO_REPEATS = 20
# Records every Space keydown the page hears, and whether it was a repeat.
RECORD_SPACE = """
window.__spaceDowns = [];
document.addEventListener("keydown", (event) => {
  if (event.key === " ") window.__spaceDowns.push(event.repeat);
}, true);
"""


def account_of(live_server, email: str) -> Account:
    with live_server.app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == email))
        db.session.expunge(account)
        return account


def give_flips(live_server, email: str, flips: int) -> None:
    """Earlier flips of this learner, straight through the XP engine."""
    with live_server.app.app_context():
        record_event("flashcards-flipped", account_of(live_server, email).xp_user(), flips)
        db.session.remove()


def flips_counted(live_server, email: str) -> float:
    """The learner's flashcards-flipped total in the XP service."""
    xp_user_id = account_of(live_server, email).xp_user_id
    with live_server.app.app_context():
        return db.session.scalar(
            select(UserMetricTotal.total)
            .join(XpUser, XpUser.id == UserMetricTotal.user_id)
            .where(XpUser.external_id == xp_user_id)
        )


def flip_rows(live_server, email: str) -> list[int]:
    """The card ids of the learner's saved flips, oldest first."""
    account_id = account_of(live_server, email).id
    with live_server.app.app_context():
        return list(
            db.session.scalars(
                select(CardFlip.card_id)
                .where(CardFlip.account_id == account_id)
                .order_by(CardFlip.id)
            )
        )


@pytest.mark.needs_process
def test_holding_and_mashing_space_on_one_card_counts_one_flip(page: Page, live_server, clock):
    page.add_init_script(RECORD_SPACE)
    email = register(page, "Masha")
    give_flips(live_server, email, 3)
    flip_posts = []
    page.on(
        "request",
        lambda r: flip_posts.append(r) if r.method == "POST" and "/study/flip" in r.url else None,
    )
    open_study(page)
    study = page.get_by_test_id("study")
    card = page.get_by_test_id("flashcard")
    line = page.get_by_test_id("flip-not-counted")
    xp_total = page.get_by_test_id("xp-total")
    first_card = int(card.get_attribute("data-card-id"))
    expect(line).to_be_hidden()

    # Space held down for about a second: the keyboard repeats keydown, the card flips once.
    page.keyboard.down("Space")
    for _ in range(AUTO_REPEATS):
        page.wait_for_timeout(50)
        page.keyboard.down("Space")  # Playwright sends these with event.repeat = true
    page.keyboard.up("Space")
    expect(study).to_have_attribute("data-state", "idle")

    assert page.evaluate("window.__spaceDowns") == [False] + [True] * AUTO_REPEATS
    expect(card).to_have_attribute("aria-pressed", "true")
    assert len(flip_posts) == 1
    assert flip_rows(live_server, email) == [first_card]
    assert flips_counted(live_server, email) == 4
    expect(line).to_be_hidden()

    # Back to the front, and to the back again: the second turn to the back is not counted.
    page.keyboard.press("Space")
    page.keyboard.press("Space")
    expect(study).to_have_attribute("data-state", "idle")

    expect(line).to_be_visible()
    expect(line).to_have_text(NOT_COUNTED)
    expect(line).to_have_attribute("role", "status")
    assert len(flip_posts) == 2

    # Eight more presses: four more turns to the back, none of them counted.
    for _ in range(8):
        page.keyboard.press("Space")
    expect(study).to_have_attribute("data-state", "idle")

    assert len(flip_posts) == 6
    expect(line).to_have_text(NOT_COUNTED)
    assert flips_counted(live_server, email) == 4  # the 3 before, and this card's one
    assert flip_rows(live_server, email) == [first_card]
    expect(xp_total).to_have_attribute("data-value", "0")
    expect(xp_total).to_have_text("0")
    expect(page.get_by_test_id("xp-toast")).to_have_count(0)

    # The next card counts: the fifth flip pays +10 XP, and the line is gone.
    page.keyboard.press("ArrowRight")
    expect(page.locator(".card-position")).to_have_text("Card 2 of 28")
    expect(line).to_be_hidden()
    second_card = int(card.get_attribute("data-card-id"))
    page.keyboard.press("Space")
    expect(study).to_have_attribute("data-state", "idle")

    expect(page.get_by_test_id("xp-toast")).to_contain_text("You gained 10 XP")
    expect(xp_total).to_have_attribute("data-value", "10")
    expect(line).to_be_hidden()
    assert flips_counted(live_server, email) == 5
    assert flip_rows(live_server, email) == [first_card, second_card]
    assert len(flip_posts) == 7


@pytest.mark.needs_process
def test_flipping_faster_than_anyone_reads_is_told_to_slow_down(page: Page, live_server, clock):
    email = register(page, "Flash")
    open_study(page)
    study = page.get_by_test_id("study")
    problem = page.get_by_test_id("study-error")

    # 42 presses are 21 turns to the back at once: the rate limit takes 20 in 10 seconds.
    for _ in range(42):
        page.keyboard.press("Space")
    expect(study).to_have_attribute("data-state", "idle")

    expect(problem).to_be_visible()
    expect(problem).to_have_text(
        "Slow down: that is faster than anyone can read. Flips count again in 10 seconds."
    )
    assert flips_counted(live_server, email) == 1

    # Ten seconds on, the next card's flip is taken and the message goes.
    clock.shift(seconds=10)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    expect(study).to_have_attribute("data-state", "idle")

    expect(problem).to_be_hidden()
    assert flips_counted(live_server, email) == 2
