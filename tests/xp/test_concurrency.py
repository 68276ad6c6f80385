"""Parallel events for one user: per-user serialization gives exactly the serial result."""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.metrics import MetricEvent, UserMetricTotal
from app.xp.models.points import PointsAward, UserPointsTotal
from app.xp.models.users import XpUser

THREADS = 16
CALLS_PER_THREAD = 25
DISTINCT_KEYS = 300  # 400 calls, so 100 of them replay a key another call used


def test_concurrent_events_for_one_user_give_exact_totals(seeded):
    app = seeded

    def send(call: int):
        with app.app_context():
            return record_event(
                "flashcards-flipped",
                {"id": "racer", "tz": "Europe/Berlin"},
                1,
                idempotency_key=f"flip-{call % DISTINCT_KEYS}",
            )

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        responses = list(pool.map(send, range(THREADS * CALLS_PER_THREAD)))

    replayed = [r for r in responses if r["idempotentReplayed"]]
    assert len(replayed) == THREADS * CALLS_PER_THREAD - DISTINCT_KEYS
    # Every metric total from 1 to 300 was answered exactly once by a fresh event.
    fresh_totals = sorted(r["total"] for r in responses if not r["idempotentReplayed"])
    assert fresh_totals == list(range(1, DISTINCT_KEYS + 1))
    assert (
        sum(
            r["points"]["xp"]["added"]
            for r in responses
            if not r["idempotentReplayed"] and r["points"]
        )
        == 1200
    )

    with app.app_context():
        assert db.session.scalar(select(func.count(XpUser.id))) == 1
        assert db.session.scalar(select(func.count(MetricEvent.id))) == DISTINCT_KEYS
        assert (
            db.session.scalar(select(func.count(func.distinct(MetricEvent.idempotency_key))))
            == DISTINCT_KEYS
        )
        assert db.session.scalar(select(UserMetricTotal.total)) == DISTINCT_KEYS
        # Serially: every 5 flips pays 10 (60 awards), every 25 pays 50 (12 awards).
        assert db.session.scalar(select(UserPointsTotal.total)) == 60 * 10 + 12 * 50
        assert db.session.scalar(select(func.count(PointsAward.id))) == 60 + 12
        running = db.session.scalars(select(PointsAward.total).order_by(PointsAward.id)).all()
        assert running == sorted(running)  # each award saw the one before it
        assert running[-1] == 1200


def test_concurrent_first_events_create_the_user_once(seeded):
    app = seeded

    def send(call: int):
        with app.app_context():
            return record_event("flashcards-flipped", {"id": "newcomer"}, 1)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        totals = sorted(r["total"] for r in pool.map(send, range(THREADS)))

    assert totals == list(range(1, THREADS + 1))
    with app.app_context():
        assert db.session.scalar(select(func.count(XpUser.id))) == 1
        assert db.session.scalar(select(UserPointsTotal.total)) == 30  # 3 crossings of 5
