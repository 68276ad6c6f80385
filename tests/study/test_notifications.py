"""The account page's Notifications section (app/study/account.py): the learner's notification
preferences, read and saved through XpClient, with CSRF, login, and an XP service that does
not know the learner yet or is unavailable."""

import json
import re

import pytest

from app.study import notifications as notification_words
from app.xp.client import xp_client
from app.xp.client.in_process import InProcessXpClient
from app.xp.errors import NotFound, XpUnavailable
from app.xp.models.preferences import NOTIFICATION_CHANNELS, NOTIFICATION_TYPES
from app.xp.queries.users import get_user
from tests.support.html import CSRF_REFUSED, csrf_token_from, flashes, text_of_testid
from tests.support.learners import flip, get_account
from tests.xp.contract import TROPHY_API_PATH

# Left out of the calendar sweep (.ci/run): preferences hold no date.
pytestmark = pytest.mark.calendar_free

NOT_SENT = "StudyXP sends no email itself: it keeps these choices for the service that sends them."
UNAVAILABLE = (
    "Your notification preferences cannot be shown or saved while XP is unavailable. "
    "Try again in a moment."
)
DEFAULTS = {
    "achievement_completed": ["email"],
    "recap": ["email"],
    "reactivation": ["email"],
    "streak_reminder": ["email"],
}
EVERY_BOX = [
    f"notify-{kind}-{channel}" for kind in NOTIFICATION_TYPES for channel in ("email", "push")
]


def boxes(html: str) -> dict[str, bool]:
    """Every notification checkbox on the page: its data-testid -> ticked."""
    found = {}
    for tag in re.findall(r'<input[^>]*data-testid="notify-[^"]+"[^>]*>', html):
        testid = re.search(r'data-testid="([^"]+)"', tag)[1]
        found[testid] = " checked" in tag
    return found


def ticked(html: str) -> list[str]:
    return [testid for testid, on in boxes(html).items() if on]


def preferences_of(app) -> dict:
    account = get_account(app)
    with app.app_context():
        return xp_client().user_preferences(account.xp_user_id)["notifications"]


@pytest.fixture
def known(app, learner, client, capitals):
    """Ana, logged in, with one flip: the XP service knows her from then on."""
    assert flip(client, capitals.id, capitals.card_ids[0], "first").status_code == 200
    client.get("/decks/")  # the welcome flash of signing up, read
    return client


def save(client, *testids: str, **extra):
    """Post the form with these boxes ticked (notify-recap-email -> recap__email=y)."""
    data = {testid.removeprefix("notify-").replace("-", "__", 1): "y" for testid in testids}
    return client.post("/account/notifications", data={**data, **extra})


def test_the_words_name_trophys_notification_types_and_channels_in_its_order():
    trophy = json.loads(TROPHY_API_PATH.read_text())["components"]["schemas"]

    assert list(trophy["NotificationPreferences"]["properties"]) == list(NOTIFICATION_TYPES)
    assert trophy["NotificationChannel"]["enum"] == list(NOTIFICATION_CHANNELS)
    assert list(notification_words.NOTIFICATION_TYPES) == list(NOTIFICATION_TYPES)
    assert list(notification_words.NOTIFICATION_CHANNELS) == list(NOTIFICATION_CHANNELS)
    assert notification_words.choice_label("streak_reminder", "push") == "Streak reminders by push"


def test_a_learner_with_a_flip_sees_the_defaults_ticked(known):
    page = known.get("/account/")

    assert page.status_code == 200
    assert list(boxes(page.text)) == EVERY_BOX
    assert ticked(page.text) == [
        "notify-achievement_completed-email",
        "notify-recap-email",
        "notify-reactivation-email",
        "notify-streak_reminder-email",
    ]
    assert text_of_testid(page.text, "notifications-not-sent") == NOT_SENT
    assert 'aria-label="Come-back reminders by email"' in page.text
    assert re.findall(r'<th scope="row">([^<]+)</th>', page.text) == [
        "Badges you earn",
        "Progress recaps",
        "Come-back reminders",
        "Streak reminders",
    ]
    assert 'data-testid="notifications-problem"' not in page.text


def test_saving_stores_exactly_the_ticked_boxes_and_says_so(app, known):
    response = save(known, "notify-achievement_completed-push", "notify-recap-email")

    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"
    assert preferences_of(app) == {
        "achievement_completed": ["push"],
        "recap": ["email"],
        "reactivation": [],
        "streak_reminder": [],
    }
    page = known.get("/account/")
    assert flashes(page.text) == ["Notification preferences saved."]
    assert ticked(page.text) == ["notify-achievement_completed-push", "notify-recap-email"]


def test_saving_with_nothing_ticked_turns_every_notification_off(app, known):
    assert save(known).status_code == 302

    assert preferences_of(app) == {kind: [] for kind in NOTIFICATION_TYPES}
    assert ticked(known.get("/account/").text) == []


def test_a_learner_the_xp_service_does_not_know_yet_is_identified_and_can_choose(
    app, learner, client
):
    account = get_account(app)
    with app.app_context(), pytest.raises(NotFound):  # Ana has not flipped yet
        get_user(account.xp_user_id)

    page = client.get("/account/")

    # The page told the XP service who she is (PUT /users/{id}) and shows the defaults.
    assert page.status_code == 200
    assert text_of_testid(page.text, "notifications-not-sent") == NOT_SENT
    assert ticked(page.text) == [f"notify-{kind}-email" for kind in NOTIFICATION_TYPES]
    assert 'data-testid="notifications-problem"' not in page.text
    with app.app_context():
        user = get_user(account.xp_user_id)
    assert (user["id"], user["name"], user["email"]) == (
        account.xp_user_id,
        "Ana",
        "ana@example.com",
    )

    saved = save(client, "notify-recap-push")

    assert saved.status_code == 302
    assert preferences_of(app) == {**{kind: [] for kind in NOTIFICATION_TYPES}, "recap": ["push"]}


def test_saving_before_the_page_was_read_identifies_the_learner_too(app, learner, client):
    assert save(client, "notify-streak_reminder-email").status_code == 302

    assert preferences_of(app)["streak_reminder"] == ["email"]
    assert flashes(client.get("/account/").text)[-1] == "Notification preferences saved."


class PreferencesDown(InProcessXpClient):
    """An XP service that answers everything but preferences."""

    def user_preferences(self, user_id):
        raise XpUnavailable("down")

    def update_user_preferences(self, user_id, notifications):
        raise XpUnavailable("down")


def test_while_xp_is_unavailable_the_page_says_so_and_keeps_the_ticked_boxes(app, known):
    app.extensions["xp_client"] = PreferencesDown()

    page = known.get("/account/")

    assert page.status_code == 200
    assert text_of_testid(page.text, "notifications-problem") == UNAVAILABLE
    assert boxes(page.text) == {}
    assert text_of_testid(page.text, "session-count") == "Sessions open: 1 (this one included)."

    refused = save(known, "notify-recap-push", "notify-streak_reminder-email")

    assert refused.status_code == 503
    assert text_of_testid(refused.text, "notifications-problem") == UNAVAILABLE
    assert ticked(refused.text) == ["notify-recap-push", "notify-streak_reminder-email"]
    assert flashes(refused.text) == []
    app.extensions["xp_client"] = InProcessXpClient()
    assert preferences_of(app) == DEFAULTS


def test_saving_needs_the_forms_token(csrf_app, csrf_learner, capitals):
    token = csrf_token_from(csrf_learner.get("/account/").text)
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    assert (
        flip(csrf_learner, capitals.id, capitals.card_ids[0], "f", headers=headers).status_code
        == 200
    )

    refused = save(csrf_learner, "notify-recap-push")

    assert refused.status_code == 400
    assert CSRF_REFUSED in refused.text
    assert preferences_of(csrf_app) == DEFAULTS

    token = csrf_token_from(csrf_learner.get("/account/").text)
    saved = save(csrf_learner, "notify-recap-push", csrf_token=token)

    assert saved.status_code == 302
    # The form sends every type: the boxes left unticked are off.
    assert preferences_of(csrf_app) == {**{kind: [] for kind in DEFAULTS}, "recap": ["push"]}
    form = re.search(
        r'<form[^>]*data-testid="notifications-form".*?</form>',
        csrf_learner.get("/account/").text,
        re.S,
    )
    assert 'name="csrf_token"' in form[0]


def test_saving_needs_a_logged_in_learner(app, registered, client):
    response = save(client, "notify-recap-push")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
