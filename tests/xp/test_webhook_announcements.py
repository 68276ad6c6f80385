"""The time-based webhook news `flask xp tick` tells (app/xp/webhooks/announcements.py):
boosts and leaderboard runs starting and finishing, and the emails falling due, each told
once however often tick runs, with Trophy's payloads."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.xp.engine.events import record_event
from app.xp.engine.preferences import update_preferences
from app.xp.webhooks.announcements import announce
from tests.support.clock import wall
from tests.xp.engagement_setup import FLIPPED, boost, flip, streaks_on, xp_system
from tests.xp.leaderboard_setup import board
from tests.xp.leaderboard_setup import event as board_event
from tests.xp.test_webhook_news import listen, messages

pytestmark = pytest.mark.calendar_free

LONDON = "Europe/London"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def ctx(seeded, clock):
    seeded.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    clock.set(utc("2026-03-01T12:00"))
    with seeded.app_context():
        yield clock


def tick(ctx, at: datetime) -> int:
    """Run tick's announcements at `at`; how many pieces of news it told."""
    ctx.set(at)
    return sum(announce(at).values())


def test_a_boost_is_told_when_it_starts_somewhere_and_when_it_is_over_everywhere(ctx):
    b = boost(2, start=date(2026, 3, 10), end=date(2026, 3, 11), name="Double XP")
    listen("points.boost_started", "points.boost_finished")

    assert tick(ctx, utc("2026-03-09T09:59")) == 0
    assert tick(ctx, utc("2026-03-09T10:30")) == 1  # 00:00 on the 10th at UTC+14
    assert tick(ctx, utc("2026-03-09T11:30")) == 0
    assert tick(ctx, utc("2026-03-12T11:59")) == 0
    assert tick(ctx, utc("2026-03-12T12:00")) == 1  # the 11th is over at UTC-12

    started, finished = messages()
    assert started.payload == {
        "type": "points.boost_started",
        "timestamp": "2026-03-09T10:00:00Z",
        "boost": {
            "id": b.uuid,
            "name": "Double XP",
            "status": "active",
            "userId": None,
            "pointsSystemId": xp_system().uuid,
            "pointsSystemKey": "xp",
            "pointsSystemName": "XP",
            "start": "2026-03-10",
            "end": "2026-03-11",
            "multiplier": 2,
            "rounding": "down",
        },
    }
    assert finished.payload["timestamp"] == "2026-03-12T12:00:00Z"
    assert finished.payload["boost"]["status"] == "finished"


def test_news_older_than_a_day_is_not_told_to_a_new_endpoint(ctx):
    boost(2, start=date(2026, 3, 1))
    listen("points.boost_started")
    assert tick(ctx, utc("2026-03-03T12:00")) == 0
    assert messages() == []


def test_a_leaderboard_run_is_told_when_it_opens_and_with_its_final_rankings(ctx):
    ctx.set(utc("2026-03-09T09:00"))
    board("sprint", start=date(2026, 3, 10), end=date(2026, 3, 10))
    listen("leaderboard.started", "leaderboard.finished")

    assert tick(ctx, utc("2026-03-09T10:00")) == 1
    ctx.set(utc("2026-03-10T12:00"))
    board_event("ana", 3)
    board_event("ben", 5)
    assert tick(ctx, utc("2026-03-11T11:59")) == 0
    assert tick(ctx, utc("2026-03-11T12:00")) == 1
    assert tick(ctx, utc("2026-03-11T13:00")) == 0

    started, finished = messages()
    assert started.payload["leaderboard"]["key"] == "sprint"
    assert (
        started.payload["leaderboard"]["status"],
        started.payload["leaderboard"]["rankings"],
    ) == (
        "active",
        [],
    )
    assert finished.payload["leaderboard"]["status"] == "finished"
    assert finished.payload["leaderboard"]["rankings"] == [
        {"userId": "ben", "userName": "Ben", "rank": 1, "value": 5},
        {"userId": "ana", "userName": "Ana", "rank": 2, "value": 3},
    ]


def test_each_run_of_a_repeating_board_starts_once(ctx):
    ctx.set(utc("2026-03-09T09:00"))
    board("daily", start=date(2026, 3, 10), run_unit="day", run_interval=1)
    listen("leaderboard.started")
    first = utc("2026-03-09T10:00")
    for hour in range(26):  # hourly ticks for a day and two hours
        tick(ctx, first + timedelta(hours=hour))

    runs = [
        (m.payload["leaderboard"]["start"], m.payload["leaderboard"]["end"]) for m in messages()
    ]
    assert runs == [("2026-03-10", "2026-03-10"), ("2026-03-11", "2026-03-11")]


def test_the_recap_is_due_on_the_user_s_monday_morning_for_the_week_before(ctx):
    flip(1, user="ana", tz=LONDON, when=utc("2026-03-01T12:00"))
    listen("emails.recap_due")

    assert tick(ctx, wall("2026-03-09 08:59", LONDON)) == 0
    assert tick(ctx, wall("2026-03-09 09:00", LONDON)) == 1
    assert tick(ctx, wall("2026-03-09 20:00", LONDON)) == 0
    assert tick(ctx, wall("2026-03-10 09:00", LONDON)) == 0

    [recap] = messages()
    assert recap.payload["recap"] == {"periodStart": "2026-03-02", "periodEnd": "2026-03-08"}
    assert recap.payload["user"]["id"] == "ana"
    assert recap.payload["timestamp"] == "2026-03-09T09:00:00Z"


@pytest.mark.parametrize(
    "body, preferences",
    [({"id": "ana", "subscribeToEmails": False}, None), ({"id": "ana"}, {"recap": ["push"]})],
)
def test_no_recap_is_due_for_users_who_do_not_want_it(ctx, body, preferences):
    record_event(FLIPPED, body, 1)
    if preferences:
        update_preferences("ana", {"notifications": preferences})
    listen("emails.recap_due")
    assert tick(ctx, utc("2026-03-09T12:00")) == 0


def test_reactivation_messages_fall_due_after_3_and_7_days_away(ctx):
    flip(1, user="ana", when=utc("2026-03-02T12:00"))
    listen("emails.reactivation_due")

    told = [tick(ctx, utc(f"2026-03-{day:02d}T12:00")) for day in range(3, 11)]
    assert told == [0, 0, 1, 0, 0, 0, 1, 0]  # the 5th and the 9th
    first, second = messages()
    assert first.payload["reactivation"] == {"messageNumber": 1, "daysSinceLastActive": 3}
    assert second.payload["reactivation"] == {"messageNumber": 2, "daysSinceLastActive": 7}

    flip(1, user="ana", when=utc("2026-03-10T12:00"))  # back: a new spell of absence
    assert tick(ctx, utc("2026-03-13T12:00")) == 1


def test_a_streak_reminder_is_due_in_the_evening_of_a_day_not_yet_kept(ctx):
    streaks_on()
    flip(1, user="ana", tz=LONDON, when=utc("2026-03-02T12:00"))
    listen("emails.streak_reminder_due")

    assert tick(ctx, wall("2026-03-02 19:00", LONDON)) == 0  # kept today
    assert tick(ctx, wall("2026-03-03 17:59", LONDON)) == 0
    assert tick(ctx, wall("2026-03-03 18:00", LONDON)) == 1
    assert tick(ctx, wall("2026-03-03 21:00", LONDON)) == 0

    [reminder] = messages()
    assert reminder.payload["streak"]["length"] == 1
    assert reminder.payload["streak"]["periodEnd"] == "2026-03-02"
    assert reminder.payload["timestamp"] == "2026-03-03T18:00:00Z"


def test_tick_reports_the_announcements_it_told(ctx, seeded):
    boost(2, start=date(2026, 3, 2))
    listen("points.boost_started")
    ctx.set(utc("2026-03-01T12:00"))
    result = seeded.test_cli_runner().invoke(args=["xp", "tick"])
    assert "Told 1 webhook announcements" in result.output
    result = seeded.test_cli_runner().invoke(args=["xp", "tick"])
    assert "Told 0 webhook announcements" in result.output
