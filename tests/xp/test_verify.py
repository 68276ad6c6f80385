"""`flask --app app xp verify`: totals recomputed from the events and the award ledger."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.ops.verify import verify
from tests.support.databases import postgres_schema_altered

FLIPPED = "flashcards-flipped"
OK_LINE = "OK: 11 events, 3 awards, 3 users checked"


@pytest.fixture
def history(seeded):
    """alice: 7 flips (one +10 award); bob: one event of 30 (+60, +50); carol: 3 flips."""
    with seeded.app_context():
        for n in range(7):
            record_event(FLIPPED, {"id": "alice"}, 1, idempotency_key=f"a{n}")
        record_event(FLIPPED, {"id": "alice"}, 1, idempotency_key="a0")  # a replay
        record_event(FLIPPED, {"id": "bob", "tz": "Asia/Tokyo"}, 30)
        for _ in range(3):
            record_event(FLIPPED, {"id": "carol"}, 1)
    return seeded


def run_verify(app):
    return app.test_cli_runner().invoke(args=["xp", "verify"])


def sql(app, statement: str, **params):
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(sa.text(statement), params)


def user_id(app, external_id: str) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.text("SELECT id FROM xp_user WHERE external_id = :e"), {"e": external_id}
        )


def lines(result) -> list[str]:
    return result.stdout.splitlines()


def test_empty_database_is_consistent(app):
    result = run_verify(app)
    assert result.exit_code == 0, result.output
    assert lines(result) == ["OK: 0 events, 0 awards, 0 users checked"]
    with app.app_context():
        assert verify() == []


def test_consistent_history_passes_with_exact_counts(history):
    result = run_verify(history)
    assert result.exit_code == 0, result.output
    assert lines(result) == [OK_LINE]
    with history.app_context():
        assert verify() == []


def test_changed_metric_total(history):
    sql(
        history,
        "UPDATE xp_user_metric_total SET total = total + 1 WHERE user_id = :u",
        u=user_id(history, "alice"),
    )
    result = run_verify(history)
    assert result.exit_code == 1
    assert (
        "Metric total mismatch for user 'alice' metric 'flashcards-flipped': "
        "stored 8, sum of 7 events is 7"
    ) in lines(result)
    assert "OK:" not in result.output


def test_metric_total_within_tolerance_passes(history):
    sql(
        history,
        "UPDATE xp_user_metric_total SET total = total + 0.0000001 WHERE user_id = :u",
        u=user_id(history, "alice"),
    )
    assert run_verify(history).exit_code == 0


def test_missing_metric_total(history):
    sql(
        history,
        "DELETE FROM xp_user_metric_total WHERE user_id = :u",
        u=user_id(history, "carol"),
    )
    result = run_verify(history)
    assert result.exit_code == 1
    assert (
        "Metric total missing for user 'carol' metric 'flashcards-flipped': "
        "3 events sum to 3 but no total is stored"
    ) in lines(result)


def test_changed_points_total(history):
    sql(
        history,
        "UPDATE xp_user_points_total SET total = 999 WHERE user_id = :u",
        u=user_id(history, "bob"),
    )
    result = run_verify(history)
    assert result.exit_code == 1
    assert lines(result)[:2] == [
        "Points total mismatch for user 'bob' system 'xp': stored 999, sum of 2 awards is 110",
        "Running total mismatch for user 'bob' system 'xp': "
        f"latest award #{latest_award(history, 'bob')} has total 110, stored total is 999",
    ]


def latest_award(app, external_id: str) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.text("SELECT max(id) FROM xp_points_award WHERE user_id = :u"),
            {"u": user_id(app, external_id)},
        )


def test_changed_award(history):
    sql(
        history,
        "UPDATE xp_points_award SET awarded = 15 WHERE user_id = :u",
        u=user_id(history, "alice"),
    )
    result = run_verify(history)
    assert result.exit_code == 1
    assert (
        "Points total mismatch for user 'alice' system 'xp': stored 10, sum of 1 awards is 15"
    ) in lines(result)


def test_deleted_award(history):
    award = latest_award(history, "bob")
    sql(history, "DELETE FROM xp_points_award WHERE id = :a", a=award)
    result = run_verify(history)
    assert result.exit_code == 1
    out = lines(result)
    assert (
        "Points total mismatch for user 'bob' system 'xp': stored 110, sum of 1 awards is 60"
        in (out)
    )
    assert any(line.startswith("Running total mismatch for user 'bob' system 'xp'") for line in out)


def test_award_pointing_at_another_users_event(history):
    with history.app_context():
        carol_event = db.session.scalar(
            sa.text("SELECT min(id) FROM xp_metric_event WHERE user_id = :u"),
            {"u": user_id(history, "carol")},
        )
    award = latest_award(history, "alice")
    sql(history, "UPDATE xp_points_award SET event_id = :e WHERE id = :a", e=carol_event, a=award)
    result = run_verify(history)
    assert result.exit_code == 1
    assert lines(result) == [
        f"Orphan award #{award} for user 'alice' system 'xp': "
        f"event #{carol_event} belongs to user 'carol'"
    ]


def test_award_without_event(history):
    award = latest_award(history, "alice")
    sql(history, "UPDATE xp_points_award SET event_id = NULL WHERE id = :a", a=award)
    result = run_verify(history)
    assert result.exit_code == 1
    assert lines(result) == [
        f"Orphan award #{award} for user 'alice' system 'xp': it references no event"
    ]


def test_duplicate_idempotency_key(history):
    with history.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite cannot drop the unique constraint that forbids the duplicate")
        constraint = next(
            c["name"]
            for c in sa.inspect(db.engine).get_unique_constraints("xp_metric_event")
            if "idempotency_key" in c["column_names"]
        )
    sql(history, f'ALTER TABLE xp_metric_event DROP CONSTRAINT "{constraint}"')
    postgres_schema_altered()  # the next test gets the constraint back
    # A copy of alice's first event, key and all, without its award: totals stay right.
    sql(
        history,
        "INSERT INTO xp_metric_event "
        "(uuid, user_id, metric_id, value, occurred_at, tz, local_date, idempotency_key) "
        "SELECT 'copy', user_id, metric_id, 0, occurred_at, tz, local_date, idempotency_key "
        "FROM xp_metric_event WHERE idempotency_key = 'a0'",
    )
    result = run_verify(history)
    assert result.exit_code == 1
    assert lines(result) == [
        "Duplicate idempotency key 'a0' for user 'alice' metric 'flashcards-flipped': 2 events"
    ]
