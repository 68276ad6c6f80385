"""The webhook news of a write (app/xp/engine/news.py): what record_event, an API completion
and the time triggers paid by tick tell the outbox, with Trophy's payloads. The seeded XP
system pays +10 every 5 flips and +50 every 25, with levels Novice 0 and Apprentice 100."""

from datetime import UTC, datetime, timedelta
from functools import cache

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.xp.admin import webhooks as admin
from app.xp.engine import news
from app.xp.engine.achievements import complete_by_key
from app.xp.engine.events import record_event
from app.xp.engine.preferences import update_preferences
from app.xp.models.achievements import Achievement
from app.xp.models.points import PointsLevel
from app.xp.models.webhooks import WEBHOOK_EVENT_TYPES, WebhookDelivery, WebhookMessage
from app.xp.payloads.users import user as user_payload
from app.xp.queries.lookup import find_user
from tests.xp.contract import TROPHY_URI, assert_valid, pointer_validator, trophy_document
from tests.xp.engagement_setup import FLIPPED, add, flip, flips_achievement, trigger, xp_system
from tests.xp.leaderboard_setup import board
from tests.xp.leaderboard_setup import event as board_event
from tests.xp.test_engine import add_system

pytestmark = pytest.mark.calendar_free

START = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


# Building blocks, shared with test_webhook_announcements.py: an endpoint, and the outbox
# read back with each payload checked against its type's request body in Trophy's `webhooks`.
HOOK = "http://127.0.0.1:9/hook"


def listen(*types: str, url: str = HOOK):
    """An active endpoint subscribed to `types` (every type when none are named)."""
    endpoint, _ = admin.add_endpoint(url, list(types or WEBHOOK_EVENT_TYPES))
    return endpoint


@cache
def _validator(event_type: str):
    path = ("webhooks", event_type, "post", "requestBody", "content", "application/json")
    return pointer_validator(trophy_document(), TROPHY_URI, *path, "schema")


def assert_webhook(payload: dict) -> dict:
    """`payload` satisfies the schema of its `type`; returned for further checks."""
    assert_valid(_validator(payload["type"]), payload, f"Trophy's {payload['type']} webhook")
    return payload


def messages(*types: str) -> list[WebhookMessage]:
    """The outbox, oldest first (only `types`, when named); every payload schema-checked."""
    db.session.expire_all()
    query = select(WebhookMessage).order_by(WebhookMessage.id)
    if types:
        query = query.where(WebhookMessage.event_type.in_(types))
    found = list(db.session.scalars(query))
    for message in found:
        assert message.payload["type"] == message.event_type
        assert_webhook(message.payload)
    return found


def kinds() -> list[str]:
    return [m.event_type for m in messages()]


def deliveries_to(endpoint) -> list[str]:
    """The event types of the deliveries queued for `endpoint`."""
    rows = db.session.scalars(
        select(WebhookMessage.event_type)
        .join(WebhookDelivery, WebhookDelivery.message_id == WebhookMessage.id)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookMessage.id)
    )
    return list(rows)


@pytest.fixture
def ctx(seeded, clock):
    seeded.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    clock.set(START)
    with seeded.app_context():
        yield clock


def test_an_event_that_pays_tells_points_changed_with_its_response_entry(ctx):
    listen()
    response = flip(5, user="ana")

    [message] = messages()
    assert message.event_type == "points.changed"
    assert message.payload == {
        "type": "points.changed",
        "user": user_payload(find_user("ana")),
        "points": response["points"]["xp"],
    }
    assert (message.payload["points"]["total"], message.payload["points"]["added"]) == (10, 10)
    assert message.subject == f"user:{find_user('ana').id}:system:{xp_system().id}"
    assert message.due == START


def test_points_changed_is_throttled_per_user_and_system_keeping_the_latest_total(ctx):
    listen("points.changed")
    flip(5, user="ana")
    ctx.shift(minutes=5)
    flip(5, user="ana")
    ctx.shift(minutes=5)
    flip(5, user="ana")  # replaces the waiting message's payload
    flip(5, user="ben")  # another user: told at once

    first, waiting, ben = messages()
    assert [m.payload["points"]["total"] for m in (first, waiting, ben)] == [10, 30, 10]
    assert (first.due, waiting.due, ben.due) == (
        START,
        START + timedelta(minutes=15),
        START + timedelta(minutes=10),
    )
    assert waiting.payload["points"]["added"] == 10  # the latest event's entry

    ctx.set(START + timedelta(minutes=31))
    flip(5, user="ana")
    later = messages()[-1]
    assert (later.payload["points"]["total"], later.due) == (40, START + timedelta(minutes=31))
    assert len(messages()) == 4


def test_crossing_a_level_tells_the_levels_before_and_after(ctx):
    listen("points.level_changed")
    flip(20, user="ana")  # 40 XP: still Novice
    assert messages() == []
    flip(5, user="ana")  # +10, and +50 for 25 flips: 100 XP, Apprentice

    [message] = messages()
    levels = {lv.key: lv for lv in db.session.scalars(select(PointsLevel))}
    assert message.payload["points"]["key"] == "xp"
    assert message.payload["points"]["total"] == 100
    assert message.payload["previousLevel"]["id"] == levels["novice"].uuid
    assert message.payload["newLevel"]["id"] == levels["apprentice"].uuid
    assert message.payload["newLevel"]["points"] == 100


def test_a_first_level_reached_has_a_null_previous_level(ctx):
    gems = add_system("gems", triggers=((5, 5),))
    add(PointsLevel(system_id=gems.id, key="bronze", name="Bronze", description="", points=5))
    listen("points.level_changed")
    flip(5, user="ana")

    [message] = [m for m in messages() if m.payload["points"]["key"] == "gems"]
    assert message.payload["previousLevel"] is None
    assert (message.payload["newLevel"]["key"], message.payload["points"]["total"]) == ("bronze", 5)


def test_a_completed_achievement_is_told_and_its_email_is_due_by_default(ctx):
    flips_achievement(5, name="Five")
    listen("achievement.completed", "emails.achievement_due")
    response = flip(5, user="ana")

    completed, due = messages()
    assert completed.payload == {
        "type": "achievement.completed",
        "user": user_payload(find_user("ana")),
        "achievement": response["achievements"][0],
    }
    assert due.event_type == "emails.achievement_due"
    assert due.payload["achievement"]["name"] == "Five"
    assert due.payload["timestamp"] == "2026-03-10T12:00:00Z"


@pytest.mark.parametrize(
    "user, preferences",
    [
        ({"id": "ana", "subscribeToEmails": False}, None),
        ({"id": "ana"}, {"achievement_completed": ["push"]}),
    ],
)
def test_no_achievement_email_is_due_for_users_who_do_not_want_it(ctx, user, preferences):
    record_event(FLIPPED, user, 1)
    if preferences:
        update_preferences("ana", {"notifications": preferences})
    flips_achievement(5)
    listen("achievement.completed", "emails.achievement_due")
    flip(4, user="ana")
    assert kinds() == ["achievement.completed"]


def test_an_api_completion_tells_the_achievement_and_the_points_it_paid(ctx):
    api = add(Achievement(key="onboarded", name="Onboarded", trigger="api"))
    trigger("achievement", 25, achievement_id=api.id)
    listen("achievement.completed", "points.changed")
    body = complete_by_key("onboarded", {"id": "newbie"})

    completed, points = messages()
    assert completed.payload["achievement"] == body["achievement"]
    assert points.payload["points"] == body["points"]["xp"]
    assert points.payload["points"]["total"] == 25
    complete_by_key("onboarded", {"id": "newbie"})  # a repeat completes and pays nothing
    assert len(messages()) == 2


def test_time_triggers_paid_by_tick_tell_points_changed(ctx, seeded):
    trigger("time", 7, time_unit="day", time_interval=1)
    flip(1, user="ana")
    listen("points.changed")
    ctx.set(START + timedelta(days=2))
    result = seeded.test_cli_runner().invoke(args=["xp", "tick"])

    assert "Paid 14 points in 1 awards to 1 users" in result.output
    [message] = messages()
    assert (message.payload["points"]["total"], message.payload["points"]["added"]) == (14, 14)
    assert message.payload["points"]["awards"][0]["trigger"]["type"] == "time"


def test_leaderboard_moves_tell_the_mover_s_rank_and_the_run_s_rankings(ctx):
    board("daily", start=START.date())
    listen("leaderboard.rank_changed", "leaderboard.changed")
    board_event("ana", 3)
    board_event("ben", 5)
    ctx.shift(minutes=1)
    board_event("ana", 1)  # same rank (2): rankings change, ana's rank does not
    ranks = messages("leaderboard.rank_changed")
    assert [(m.payload["user"]["id"], m.payload["leaderboard"]["rank"]) for m in ranks] == [
        ("ana", 1),
        ("ben", 1),
    ]
    ctx.shift(minutes=1)
    board_event("ana", 2)  # 6: back to first place

    passed = messages("leaderboard.rank_changed")[-1]
    ana = passed.payload["leaderboard"]
    assert (ana["rank"], ana["value"], ana["previousRank"], ana["previousValue"]) == (1, 6, 2, 4)
    assert passed.due == START + timedelta(minutes=15)  # ana's second rank news in the window
    ben = ranks[1].payload["leaderboard"]
    assert (ben["key"], ben["rank"], ben["value"], ben["previousRank"], ben["previousValue"]) == (
        "daily",
        1,
        5,
        None,
        None,
    )
    told, waiting = messages("leaderboard.changed")
    assert told.payload["leaderboard"]["rankings"] == [
        {"userId": "ana", "userName": "Ana", "rank": 1, "value": 3}
    ]
    # Later news of the run replaced the waiting message: the latest rankings.
    assert [(r["userId"], r["value"]) for r in waiting.payload["leaderboard"]["rankings"]] == [
        ("ana", 6),
        ("ben", 5),
    ]
    assert waiting.due == START + timedelta(minutes=15)


def test_a_rolled_back_event_writes_no_message(ctx, monkeypatch):
    listen()
    told = news.event_told

    def tell_then_fail(*args):
        told(*args)
        raise RuntimeError("the event failed after its news")

    monkeypatch.setattr(news, "event_told", tell_then_fail)
    with pytest.raises(RuntimeError):
        flip(5, user="ana")
    assert messages() == []


def test_without_endpoints_nothing_is_written_and_an_event_reads_the_endpoints_once(ctx):
    flips_achievement(5)
    reads = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if "xp_webhook_endpoint" in statement:
            reads.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        flip(5, user="ana")  # pays and completes an achievement
        flip(1, user="ana")  # pays nothing: no read at all
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(reads) == 1
    assert db.session.scalars(select(WebhookMessage)).all() == []


def test_an_endpoint_gets_only_the_types_it_subscribed_to(ctx):
    flips_achievement(5)
    points_only = listen("points.changed", url="http://127.0.0.1:9/points")
    achievements_only = listen("achievement.completed", url="http://127.0.0.1:9/achievements")
    flip(5, user="ana")

    assert deliveries_to(points_only) == ["points.changed"]
    assert deliveries_to(achievements_only) == ["achievement.completed"]
    assert sorted(kinds()) == ["achievement.completed", "points.changed"]


def test_an_event_posted_to_the_api_is_told_like_one_recorded_in_process(ctx, client, api_key):
    listen("points.changed")
    answer = client.post(
        "/api/v1/metrics/flashcards-flipped/event",
        json={"user": {"id": "ana"}, "value": 5},
        headers={"X-API-KEY": api_key},
    )
    assert answer.status_code == 201
    [message] = messages()
    assert message.payload["points"] == answer.get_json()["points"]["xp"]


def test_the_schema_check_refuses_a_payload_missing_a_required_field():
    with pytest.raises(AssertionError, match="points"):
        assert_webhook({"type": "points.changed", "user": {}})
