"""/admin/v1/streaks (app/xp/admin_api/streaks.py): freezes, pauses, restore, reset and the
streak settings, on the engine's streak functions (app/xp/engine/streaks.py) and the
dashboard's settings rules (app/xp/admin/streaks.py). SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.streaks import StreakPause, StreakSettings, UserStreak
from app.xp.models.users import XpUser
from app.xp.queries.streaks import user_streak
from tests.xp.admin_support import UNKNOWN
from tests.xp.contract import assert_matches_admin
from tests.xp.engagement_setup import at, flip, streaks_on

pytestmark = pytest.mark.calendar_free


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


@pytest.fixture
def admin(client, admin_key, clock):
    def call(method, url, **kwargs):
        return client.open(
            f"/admin/v1{url}", method=method, headers={"X-API-KEY": admin_key}, **kwargs
        )

    return call


def streak_days(first: int, last: int, user="ana", month="2026-11"):
    for day in range(first, last + 1):
        flip(user=user, when=at(f"{month}-{day:02d}"))


def state(user="ana") -> UserStreak:
    db.session.expire_all()
    user_id = db.session.scalar(select(XpUser.id).where(XpUser.external_id == user))
    return db.session.get(UserStreak, user_id)


def test_each_freeze_item_grants_one_up_to_the_maximum(ctx, admin, clock):
    streaks_on(max_freezes=2, starting_freezes=0)
    streak_days(1, 3)
    clock.set(at("2026-11-03", 18))
    items = [{"userId": "ana"}] * 3 + [{"userId": "ghost"}, {"user": "ana"}]
    response = admin("POST", "/streaks/freezes", json={"freezes": items})
    assert response.status_code == 201
    body = response.get_json()
    assert_matches_admin(body, "CreateStreakFreezesResponse")
    assert body["issues"] == [
        {"userId": "ana", "severity": "warning", "message": "Would exceed maximum freeze limit"},
        {"userId": "ghost", "severity": "error", "message": "User does not exist"},
        {"index": 4, "severity": "error", "message": "userId is required, as a string"},
    ]
    assert (state().length, state().freezes) == (3, 2)


def test_a_freeze_granted_after_a_gap_does_not_save_the_broken_streak(ctx, admin, clock):
    streaks_on(max_freezes=3)
    streak_days(1, 3)
    clock.set(at("2026-11-05"))  # the 4th was missed with no freeze: the streak is gone
    assert (
        admin("POST", "/streaks/freezes", json={"freezes": [{"userId": "ana"}]}).status_code == 201
    )
    assert (state().length, state().freezes, state().longest) == (0, 1, 3)
    assert user_streak("ana", 1)["length"] == 0


def test_freezes_when_the_settings_turn_them_off_are_an_issue(ctx, admin):
    streaks_on()
    flip(when=at("2026-11-01"))
    response = admin("POST", "/streaks/freezes", json={"freezes": [{"userId": "ana"}]})
    assert response.status_code == 200
    [issue] = response.get_json()["issues"]
    assert issue["message"].startswith("Streak freezes are turned off")


def test_a_pause_keeps_a_five_day_streak_over_three_paused_days(ctx, admin, clock):
    streaks_on()
    streak_days(1, 5)
    clock.set(at("2026-11-05", 20))
    response = admin(
        "POST",
        "/streaks/pauses",
        json={
            "pauses": [
                {"userId": "ana", "start": "2026-11-06", "end": "2026-11-08"},
                {"userId": "ana", "start": "2026-11-04", "end": "2026-11-08"},
                {"userId": "ana", "start": "2026-11-09", "end": "2026-11-07"},
                {"userId": "ana", "start": "6 Nov", "end": "2026-11-07"},
                {"userId": "ghost", "start": "2026-11-06", "end": "2026-11-08"},
            ]
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert_matches_admin(body, "CreateStreakPausesResponse")
    [created] = body["created"]
    assert {k: created[k] for k in ("userId", "start", "end", "status")} == {
        "userId": "ana",
        "start": "2026-11-06",
        "end": "2026-11-08",
        "status": "active",
    }
    assert [issue["message"] for issue in body["issues"]] == [
        "start: The pause cannot start before today in the user's time zone (2026-11-05).",
        "end: The end date cannot be before the start date.",
        "start: Enter a date as YYYY-MM-DD.",
        "User does not exist",
    ]
    clock.set(at("2026-11-09", 8))
    assert user_streak("ana", 1)["length"] == 5
    back = flip(when=at("2026-11-09"))
    assert back["currentStreak"]["length"] == 6


def test_deleting_a_pause_keeps_the_days_it_already_covered(ctx, admin, clock):
    streaks_on()
    streak_days(1, 5)
    clock.set(at("2026-11-05", 20))
    created = admin(
        "POST",
        "/streaks/pauses",
        json={"pauses": [{"userId": "ana", "start": "2026-11-06", "end": "2026-11-10"}]},
    ).get_json()["created"][0]
    clock.set(at("2026-11-07", 9))
    response = admin("DELETE", f"/streaks/pauses?ids={created['id']},{UNKNOWN}&ids=nope")
    body = response.get_json()
    assert_matches_admin(body, "DeleteStreakPausesResponse")
    assert body == {
        "deleted": [{"id": created["id"]}],
        "issues": [
            {"id": UNKNOWN, "severity": "error", "message": "Streak pause not found by ID"},
            {"id": "nope", "severity": "error", "message": "id must be a valid UUID"},
        ],
    }
    assert db.session.scalar(select(StreakPause.status)) == "archived"
    # The 6th stays covered by the pause; the 7th counts again.
    assert flip(when=at("2026-11-07"))["currentStreak"]["length"] == 6
    again = admin("DELETE", f"/streaks/pauses?ids={created['id']}").get_json()
    assert (
        again["deleted"] == [] and again["issues"][0]["message"] == "Streak pause not found by ID"
    )


def test_restore_gives_back_the_longest_streak_of_the_last_90_days(ctx, admin, clock):
    streaks_on()
    streak_days(1, 12, month="2026-07")  # 12 days, more than 90 days before 5 November
    streak_days(1, 10, month="2026-10")  # 10 days, then lost
    streak_days(1, 2)  # a new streak of 2 on 1 and 2 November
    flip(user="bob", when=at("2026-11-04"))
    clock.set(at("2026-11-05", 9))
    response = admin(
        "POST", "/streaks/restore", json={"users": [{"id": "ana"}, {"id": "bob"}, {"id": "x"}]}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert_matches_admin(body, "RestoreStreaksResponse")
    assert body == {
        "restoredUsers": ["ana"],
        "issues": [
            {"userId": "bob", "severity": "warning", "message": "No streak to restore"},
            {"userId": "x", "severity": "error", "message": "User does not exist"},
        ],
    }
    read = user_streak("ana", 1)
    assert (read["length"], read["started"], read["expires"]) == (10, "2026-10-01", "2026-11-05")
    assert flip(when=at("2026-11-05"))["currentStreak"]["length"] == 11
    # Restored already: nothing longer to give back.
    again = admin("POST", "/streaks/restore", json={"users": [{"id": "ana"}]})
    assert again.status_code == 200 and again.get_json()["restoredUsers"] == []


def test_reset_ends_the_streak_and_keeps_the_freezes(ctx, admin, clock):
    streaks_on(max_freezes=2, starting_freezes=2)
    streak_days(1, 3)
    clock.set(at("2026-11-03", 20))
    response = admin("POST", "/streaks/reset", json={"users": [{"id": "ana"}, {"id": "ana"}]})
    assert response.get_json() == {
        "resetUsers": ["ana"],
        "issues": [{"userId": "ana", "severity": "warning", "message": "No streak to reset"}],
    }
    assert (state().length, state().freezes, state().longest) == (0, 2, 3)
    assert flip(when=at("2026-11-04"))["currentStreak"]["length"] == 1


def test_settings_round_trip_through_the_dashboards_rules(ctx, admin):
    default = admin("GET", "/streaks/settings").get_json()
    assert default == {
        "frequency": "daily",
        "evaluationMode": "OR",
        "customizationEnabled": False,
        "daysOff": [],
        "metrics": [],
        "freezes": None,
    }
    change = {
        "frequency": "weekly",
        "metrics": [{"key": "flashcards-flipped", "threshold": 1}],
        "freezes": {"startCount": 1, "maxCount": 3, "autoEarnInterval": 7, "autoEarnAmount": 2},
    }
    updated = admin("PATCH", "/streaks/settings", json=change).get_json()
    assert updated == {**default, **change}
    assert admin("GET", "/streaks/settings").get_json() == updated
    settings = db.session.get(StreakSettings, 1)
    assert (settings.frequency, settings.max_freezes, settings.freeze_auto_earn_amount) == (
        "weekly",
        3,
        2,
    )
    off = admin("PATCH", "/streaks/settings", json={"freezes": None}).get_json()
    assert (off["freezes"], off["frequency"], off["metrics"]) == (None, "weekly", change["metrics"])


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ([], 400, "The body must be a JSON object of streak settings"),
        ({"evaluationMode": "AND"}, 422, "evaluationMode: StudyXP counts"),
        ({"daysOff": [0]}, 422, "daysOff: StudyXP has no days off"),
        ({"metrics": [{"key": "flashcards-flipped", "threshold": 5}]}, 422, "metrics: threshold"),
        ({"metrics": [{"key": "nope", "threshold": 1}]}, 422, "metrics: no metric with the key"),
        ({"frequency": "hourly"}, 422, "frequency: Choose daily, weekly or monthly."),
        (
            {"freezes": {"startCount": 4, "maxCount": 3}},
            422,
            "freezes.startCount: A new user cannot start with more freezes than the maximum (3).",
        ),
        ({"freezes": {"startCount": 0, "maxCount": 3, "autoEarnInterval": 7}}, 422, "freezes: set"),
    ],
)
def test_wrong_settings_are_refused_with_an_error(ctx, admin, body, status, error):
    response = admin("PATCH", "/streaks/settings", json=body)
    assert response.status_code == status
    assert response.get_json()["error"].startswith(error)


@pytest.mark.parametrize(
    ("url", "body", "status", "error"),
    [
        ("/streaks/freezes", [{"userId": "ana"}], 400, "The body must be a JSON object"),
        ("/streaks/freezes", {"freezes": []}, 422, "'freezes' must be an array of 1 to 100"),
        ("/streaks/pauses", {"pauses": "x"}, 422, "'pauses' must be an array of 1 to 100"),
        ("/streaks/restore", {"users": [{"id": "a"}] * 101}, 422, "'users' must be an array"),
        ("/streaks/reset", None, 400, "The body must be a JSON object"),
    ],
)
def test_malformed_bulk_bodies_are_refused_as_a_whole(ctx, admin, url, body, status, error):
    response = admin("POST", url, json=body)
    assert response.status_code == status
    assert response.get_json()["error"].startswith(error)
