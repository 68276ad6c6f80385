"""HttpXpClient's preference methods answer what InProcessXpClient answers, and raise the same
exceptions with the same messages (the service as in test_http_client.py)."""

import pytest

from app.xp.engine.users import create_user
from app.xp.errors import BadRequest, NotFound, Unprocessable
from tests.xp.live_service import in_process

# Left out of the calendar sweep (.ci/run): preferences hold no date.
pytestmark = pytest.mark.calendar_free

DEFAULTS = {
    "achievement_completed": ["email"],
    "recap": ["email"],
    "reactivation": ["email"],
    "streak_reminder": ["email"],
}


@pytest.fixture
def service(database_url):
    """The XP service with two users who never chose their preferences."""
    from tests.xp.live_service import start_xp_service

    service = start_xp_service(database_url)
    with service.app.app_context():
        for user_id in ("ana", "team/ben"):
            create_user({"id": user_id})
    yield service
    service.close()


def test_reads_and_updates_answer_what_the_in_process_client_answers(service, remote):
    assert remote.user_preferences("ana") == in_process(service, "user_preferences", "ana")
    assert remote.user_preferences("ana") == {"notifications": DEFAULTS}

    updated = remote.update_user_preferences(
        "ana", {"recap": [], "achievement_completed": ["push", "email"]}
    )

    expected = {**DEFAULTS, "recap": [], "achievement_completed": ["email", "push"]}
    assert updated == {"notifications": expected}
    assert remote.user_preferences("ana") == in_process(service, "user_preferences", "ana")
    # The same update in process answers the same, having changed nothing more.
    again = in_process(service, "update_user_preferences", "ana", {"recap": []})
    assert again == updated

    slashed = remote.update_user_preferences("team/ben", {"streak_reminder": []})
    assert slashed == {"notifications": {**DEFAULTS, "streak_reminder": []}}
    assert in_process(service, "user_preferences", "team/ben") == slashed


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (("user_preferences", "nobody"), NotFound, "User 'nobody' not found"),
        (
            ("update_user_preferences", "nobody", {"recap": []}),
            NotFound,
            "User 'nobody' not found",
        ),
        (
            ("update_user_preferences", "ana", {"recap": "email"}),
            BadRequest,
            "'notifications.recap' must be a list of channels, such as [\"email\"]",
        ),
        (
            ("update_user_preferences", "ana", {"recap": ["sms"]}),
            Unprocessable,
            "Unknown channel 'sms' in 'notifications.recap': use email or push",
        ),
        (
            ("update_user_preferences", "ana", {"digest": ["email"]}),
            Unprocessable,
            "Unknown notification type 'digest': use achievement_completed, recap, "
            "reactivation, streak_reminder",
        ),
    ],
    ids=["get-unknown", "patch-unknown", "not-a-list", "unknown-channel", "unknown-type"],
)
def test_both_clients_refuse_the_same_input_with_the_same_message(
    service, remote, call, error, message
):
    method, *args = call
    with pytest.raises(error) as over_http:
        getattr(remote, method)(*args)
    with pytest.raises(error) as here:
        in_process(service, method, *args)

    assert over_http.value.message == here.value.message == message
    assert in_process(service, "user_preferences", "ana") == {"notifications": DEFAULTS}


def test_notifications_that_are_not_json_are_refused_before_any_call(service, remote):
    with pytest.raises(BadRequest) as refused:
        remote.update_user_preferences("ana", {"recap": {"email"}})

    assert refused.value.message == "'notifications' must be a JSON object"
    assert service.wsgi.attempts == []


def test_identify_makes_a_new_user_known_and_updates_a_known_one_on_both_clients(service, remote):
    with pytest.raises(NotFound):
        remote.user_preferences("kai")

    made = remote.identify_user({"id": "kai", "name": "Kai", "tz": "Asia/Tokyo"})

    assert (made["id"], made["name"], made["tz"]) == ("kai", "Kai", "Asia/Tokyo")
    assert remote.user_preferences("kai") == {"notifications": DEFAULTS}
    again = in_process(service, "identify_user", {"id": "kai", "name": "Kai Sato"})
    assert (again["id"], again["name"], again["tz"]) == ("kai", "Kai Sato", "Asia/Tokyo")
    assert remote.identify_user({"id": "kai"})["name"] == "Kai Sato"  # fields not given stay


@pytest.mark.parametrize("user", [{}, {"id": 5}, "kai"], ids=["no id", "number id", "text"])
def test_identify_refuses_a_user_without_a_string_id_alike(service, remote, user):
    with pytest.raises(BadRequest) as over_http:
        remote.identify_user(user)
    with pytest.raises(BadRequest) as local:
        in_process(service, "identify_user", user)

    assert over_http.value.message == local.value.message
    assert local.value.message == "'user' must be a JSON object with a string 'id'"
