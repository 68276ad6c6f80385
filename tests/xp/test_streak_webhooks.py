"""The five streak webhooks (app/xp/engine/streaks.py `tell`, payloads in
app/xp/payloads/streaks.py): what events, `flask xp tick` and the admin API queue in the
outbox, each payload valid against the request body of Trophy's `webhooks` section."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.webhooks import add_endpoint
from app.xp.engine import streaks as engine
from app.xp.models.webhooks import WebhookMessage
from tests.xp.contract import TROPHY_URI, assert_valid, pointer_validator, trophy_document
from tests.xp.engagement_setup import at, flip, streaks_on

pytestmark = pytest.mark.calendar_free

STREAK_TYPES = [
    "streak.started",
    "streak.extended",
    "streak.lost",
    "streak.freeze_consumed",
    "streak.freeze_earned",
]


@pytest.fixture
def app(app):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    return app


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        add_endpoint("http://127.0.0.1:9/hook", STREAK_TYPES)
        yield seeded


def told() -> list[dict]:
    """The queued payloads, oldest first, each checked against Trophy's schema of its type."""
    db.session.expire_all()
    payloads = []
    for message in db.session.scalars(select(WebhookMessage).order_by(WebhookMessage.id)):
        schema = pointer_validator(
            trophy_document(),
            TROPHY_URI,
            "webhooks",
            message.event_type,
            "post",
            "requestBody",
            "content",
            "application/json",
            "schema",
        )
        assert_valid(schema, message.payload, message.event_type)
        assert message.payload["type"] == message.event_type
        payloads.append(message.payload)
    return payloads


def news(payloads: list[dict]) -> list[tuple]:
    """Each payload's type with its numbers."""
    out = []
    for p in payloads:
        numbers = {k: v for k, v in p.items() if k not in ("type", "user", "streak")}
        if "streak" in p:
            numbers = {"length": p["streak"]["length"], "freezes": p["streak"].get("freezes")}
        out.append((p["type"], numbers))
    return out


def test_events_tell_started_extended_freezes_and_tick_tells_the_loss(ctx, runner, clock):
    streaks_on(max_freezes=1, starting_freezes=0, freeze_auto_earn_interval=2)
    flip(when=at("2026-11-01"))
    flip(when=at("2026-11-01", 18))  # same day: nothing new
    flip(when=at("2026-11-02"))
    flip(when=at("2026-11-04"))  # the 3rd missed: one freeze spent
    first = told()
    assert news(first) == [
        ("streak.started", {"length": 1, "freezes": 0}),
        ("streak.extended", {"length": 2, "freezes": 1}),
        ("streak.freeze_earned", {"earned": 1, "freezes": 1}),
        ("streak.freeze_consumed", {"consumed": 1, "freezes": 0}),
        ("streak.extended", {"length": 3, "freezes": 1}),
        ("streak.freeze_earned", {"earned": 1, "freezes": 1}),
    ]
    started = first[0]
    assert started["user"]["id"] == "ana"
    assert started["streak"] == {
        "length": 1,
        "frequency": "daily",
        "started": "2026-11-01",
        "periodStart": "2026-11-01",
        "periodEnd": "2026-11-01",
        "expires": "2026-11-02",
        "freezes": 0,
        "maxFreezes": 1,
        "freezeAutoEarnInterval": 2,
        "freezeAutoEarnAmount": 1,
    }

    # The learner stops: the 5th takes the last freeze, the 6th ends the streak.
    clock.set(at("2026-11-07", 1))
    result = runner.invoke(args=["xp", "tick"])
    assert "Settled 1 streaks: 1 lost, 1 freezes spent" in result.output
    assert news(told()[len(first) :]) == [
        ("streak.freeze_consumed", {"consumed": 1, "freezes": 0}),
        ("streak.lost", {"length": 3}),
    ]
    # Told once: the next tick and the next event find nothing more to tell.
    assert "Settled 0 streaks" in runner.invoke(args=["xp", "tick"]).output
    flip(when=at("2026-11-07"))
    assert news(told()[len(first) + 2 :]) == [("streak.started", {"length": 1, "freezes": 0})]


def test_an_event_after_a_gap_tells_the_loss_before_the_new_start(ctx):
    streaks_on()
    flip(when=at("2026-11-01"))
    flip(when=at("2026-11-02"))
    flip(when=at("2026-11-05"))
    assert news(told()) == [
        ("streak.started", {"length": 1, "freezes": None}),
        ("streak.extended", {"length": 2, "freezes": None}),
        ("streak.lost", {"length": 2}),
        ("streak.started", {"length": 1, "freezes": None}),
    ]


def test_a_granted_freeze_is_told_as_earned(ctx, clock):
    streaks_on(max_freezes=3, starting_freezes=1)
    flip(when=at("2026-11-01"))
    clock.set(at("2026-11-01", 20))
    assert engine.grant_freeze("ana", at("2026-11-01", 20)) is None
    assert news(told())[-1] == ("streak.freeze_earned", {"earned": 1, "freezes": 2})


def test_nothing_is_queued_for_types_nobody_listens_to(seeded):
    with seeded.app_context():
        add_endpoint("http://127.0.0.1:9/hook", ["achievement.completed"])
        streaks_on()
        flip(when=at("2026-11-01"))
        flip(when=at("2026-11-02"))
        assert told() == []
