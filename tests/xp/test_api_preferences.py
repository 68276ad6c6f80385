"""GET and PATCH /api/v1/users/{id}/preferences over HTTP: the defaults, updates type by type,
the stored rows, and every refusal with its message and nothing written. Every answer is
checked against Trophy's schema and StudyXP's document too."""

from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.preferences import NO_STREAK_PREFERENCES, UserNotificationPreference
from app.xp.models.users import XpUser
from tests.xp.contract import assert_contract

# Left out of the calendar sweep (.ci/run): every test sets the clock it runs at.
pytestmark = pytest.mark.calendar_free

NOW = "2027-03-10T12:00:00Z"
DEFAULTS = {
    "achievement_completed": ["email"],
    "recap": ["email"],
    "reactivation": ["email"],
    "streak_reminder": ["email"],
}


class PreferencesApi:
    """/api/v1/users/{id}/preferences with the test API key; answers checked against both
    schemas, as (status, JSON)."""

    def __init__(self, client, key: str):
        self.client = client
        self.headers = {"X-API-KEY": key}

    def url(self, user_id: str) -> str:
        return f"/api/v1/users/{quote(user_id, safe='/')}/preferences"

    def get(self, user_id: str) -> tuple[int, dict]:
        response = self.client.get(self.url(user_id), headers=self.headers)
        return response.status_code, assert_contract(response, "users_get_preferences")

    def patch(self, user_id: str, body=None, raw: str | None = None) -> tuple[int, dict]:
        if raw is not None:
            response = self.client.patch(
                self.url(user_id), data=raw, content_type="application/json", headers=self.headers
            )
        else:
            response = self.client.patch(self.url(user_id), json=body, headers=self.headers)
        return response.status_code, assert_contract(response, "users_update_preferences")

    def create_user(self, user_id: str) -> None:
        response = self.client.post("/api/v1/users", json={"id": user_id}, headers=self.headers)
        assert response.status_code == 201, response.get_json()


@pytest.fixture
def api(client, api_key, clock):
    clock.set(NOW)
    api = PreferencesApi(client, api_key)
    api.create_user("ana")
    return api


def stored(app) -> list[tuple[str, str, bool, bool]]:
    """Every preference row: (user id, type, email, push), by user and type."""
    with app.app_context():
        rows = db.session.execute(
            select(
                XpUser.external_id,
                UserNotificationPreference.notification_type,
                UserNotificationPreference.email,
                UserNotificationPreference.push,
            )
            .join(XpUser, XpUser.id == UserNotificationPreference.user_id)
            .order_by(XpUser.external_id, UserNotificationPreference.notification_type)
        )
        return [tuple(row) for row in rows]


# --- GET --------------------------------------------------------------------------------------


def test_a_user_who_never_chose_gets_every_type_on_email(api, app):
    assert api.get("ana") == (200, {"notifications": DEFAULTS})
    assert stored(app) == []


def test_both_operations_need_an_api_key(client, api):
    url = api.url("ana")
    for headers in ({}, {"X-API-KEY": "sxp_not-a-key"}):
        for method in ("GET", "PATCH"):
            response = client.open(url, method=method, headers=headers, json={})
            assert response.status_code == 401, (method, headers)
    response = client.get(url)
    assert response.get_json() == {"error": "Missing API key: send it in the X-API-KEY header"}


def test_an_unknown_user_is_404_on_both_and_nothing_is_stored(api, app):
    assert api.get("nobody") == (404, {"error": "User 'nobody' not found"})
    assert api.patch("nobody", {"notifications": {"recap": []}}) == (
        404,
        {"error": "User 'nobody' not found"},
    )
    assert api.get("nul\x00user") == (404, {"error": "User 'nul\x00user' not found"})
    assert stored(app) == []
    with app.app_context():
        assert db.session.scalars(select(XpUser.external_id)).all() == ["ana"]


# --- PATCH ------------------------------------------------------------------------------------


def test_patch_replaces_the_types_given_and_keeps_the_others(api, app):
    status, body = api.patch(
        "ana", {"notifications": {"achievement_completed": ["email", "push"], "recap": []}}
    )

    expected = {
        "achievement_completed": ["email", "push"],
        "recap": [],
        "reactivation": ["email"],
        "streak_reminder": ["email"],
    }
    assert (status, body) == (200, {"notifications": expected})
    assert api.get("ana") == (200, {"notifications": expected})
    assert stored(app) == [
        ("ana", "achievement_completed", True, True),
        ("ana", "recap", False, False),
    ]

    status, body = api.patch("ana", {"notifications": {"recap": ["push"], "streak_reminder": []}})

    assert body["notifications"] == {
        "achievement_completed": ["email", "push"],
        "recap": ["push"],
        "reactivation": ["email"],
        "streak_reminder": [],
    }
    assert stored(app) == [
        ("ana", "achievement_completed", True, True),
        ("ana", "recap", False, True),
        ("ana", "streak_reminder", False, False),
    ]


def test_channels_come_back_in_trophys_order_and_once(api):
    status, body = api.patch("ana", {"notifications": {"recap": ["push", "email", "push"]}})

    assert (status, body["notifications"]["recap"]) == (200, ["email", "push"])


def test_a_row_records_when_it_changed_and_an_unchanged_choice_keeps_it(api, app, clock):
    api.patch("ana", {"notifications": {"recap": ["push"]}})
    clock.shift(hours=1)
    api.patch("ana", {"notifications": {"recap": ["push"], "reactivation": []}})

    with app.app_context():
        rows = db.session.scalars(
            select(UserNotificationPreference).order_by(
                UserNotificationPreference.notification_type
            )
        ).all()
        assert [(r.notification_type, r.updated) for r in rows] == [
            ("reactivation", datetime(2027, 3, 10, 13, 0, tzinfo=UTC)),
            ("recap", datetime(2027, 3, 10, 12, 0, tzinfo=UTC)),
        ]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"notifications": {}},
        {"notifications": None},
        {"notifications": {"recap": None}},
        {"streak": None},
        {"theme": "dark"},  # fields StudyXP does not know are ignored, as in every body
    ],
    ids=["empty", "no-types", "null-notifications", "null-type", "null-streak", "unknown-field"],
)
def test_a_patch_that_gives_no_type_changes_nothing(api, app, body):
    assert api.patch("ana", body) == (200, {"notifications": DEFAULTS})
    assert stored(app) == []


def test_one_users_choices_are_not_anothers(api, app):
    api.create_user("ben")
    api.patch("ana", {"notifications": {"recap": []}})

    assert api.get("ben") == (200, {"notifications": DEFAULTS})
    assert api.get("ana")[1]["notifications"]["recap"] == []


def test_user_ids_keep_their_slashes(api, app):
    api.create_user("team/ana")

    status, body = api.patch("team/ana", {"notifications": {"streak_reminder": []}})

    assert (status, body["notifications"]["streak_reminder"]) == (200, [])
    assert api.get("team/ana")[1]["notifications"]["streak_reminder"] == []
    assert api.get("ana") == (200, {"notifications": DEFAULTS})
    assert stored(app) == [("team/ana", "streak_reminder", False, False)]


def test_patch_is_not_a_user_update(api, app):
    """PATCH /users/ana/preferences is ana's preferences, not the user "ana/preferences"."""
    api.patch("ana", {"notifications": {"recap": []}, "name": "Preferences"})

    with app.app_context():
        users = db.session.execute(select(XpUser.external_id, XpUser.name)).all()
    assert [tuple(u) for u in users] == [("ana", None)]


TYPES = "achievement_completed, recap, reactivation, streak_reminder"
LIST = 'must be a list of channels, such as ["email"]'


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (
            {"notifications": "email"},
            400,
            "'notifications' must be an object of notification types to lists of channels, "
            'such as {"recap": ["email"]}',
        ),
        ({"notifications": [["email"]]}, 400, None),
        ({"notifications": {"recap": "email"}}, 400, f"'notifications.recap' {LIST}"),
        ({"notifications": {"recap": [1]}}, 400, f"'notifications.recap' {LIST}"),
        ({"notifications": {"recap": [None]}}, 400, f"'notifications.recap' {LIST}"),
        ({"notifications": {"recap": {"email": True}}}, 400, f"'notifications.recap' {LIST}"),
        (
            {"notifications": {"recaps": ["email"]}},
            422,
            f"Unknown notification type 'recaps': use {TYPES}",
        ),
        (
            {"notifications": {"recap": ["sms"]}},
            422,
            "Unknown channel 'sms' in 'notifications.recap': use email or push",
        ),
        (
            {"notifications": {"recap": ["Email"]}},
            422,
            "Unknown channel 'Email' in 'notifications.recap': use email or push",
        ),
        (
            # The valid type first: nothing of a refused body is written.
            {"notifications": {"recap": [], "streak_reminder": ["email", "sms"]}},
            422,
            "Unknown channel 'sms' in 'notifications.streak_reminder': use email or push",
        ),
        ({"notifications": {"recap": []}, "streak": {"enabled": False}}, 403, None),
        ({"streak": {"evaluationMode": "OR", "metrics": []}}, 403, None),
    ],
)
def test_a_bad_body_is_refused_with_what_is_wrong_and_nothing_is_written(
    api, app, body, status, message
):
    if status == 403:
        message = NO_STREAK_PREFERENCES
    if message is None:
        message = (
            "'notifications' must be an object of notification types to lists of channels, "
            'such as {"recap": ["email"]}'
        )

    assert api.patch("ana", body) == (status, {"error": message})
    assert stored(app) == []
    assert api.get("ana") == (200, {"notifications": DEFAULTS})


def test_the_streak_refusal_says_why(api):
    assert NO_STREAK_PREFERENCES == (
        "'streak' preferences are not available: StudyXP has no per-user streak "
        "customization, so every user's streak follows the service's streak settings"
    )


@pytest.mark.parametrize("raw", ["[1]", '"recap"', "not json", ""])
def test_a_body_that_is_not_a_json_object_is_400(api, app, raw):
    assert api.patch("ana", raw=raw) == (
        400,
        {
            "error": "The body must be a JSON object like "
            '{"notifications": {"recap": ["email"], "streak_reminder": []}}'
        },
    )
    assert stored(app) == []
