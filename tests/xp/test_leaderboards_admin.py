"""Operators' leaderboard changes (app/xp/admin/leaderboards.py) and `flask xp verify`'s
leaderboard check."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.leaderboards import save_leaderboard, set_leaderboard_status
from app.xp.models.leaderboards import LeaderboardEntry
from app.xp.ops.verify import verify
from tests.xp.engagement_setup import metric
from tests.xp.leaderboard_setup import board, event

# Left out of the calendar sweep (.ci/run): every test sets the clock it runs at.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def ctx(seeded, clock):
    clock.set("2027-03-10T12:00:00Z")
    with seeded.app_context():
        yield clock


def errors_of(**fields) -> dict:
    values = {"key": "weekly", "name": "Weekly", "rank_by": "metric", "metric_id": metric().id}
    with pytest.raises(FieldErrors) as raised:
        save_leaderboard(None, **{**values, **fields})
    return raised.value.errors


def test_the_field_rules(ctx):
    assert "key" in errors_of(key="Not a slug!")
    assert "rank_by" in errors_of(rank_by="badges")
    assert "metric_id" in errors_of(metric_id=None)
    assert "points_system_id" in errors_of(rank_by="points")
    assert "max_participants" in errors_of(max_participants=0)
    assert "max_participants" in errors_of(max_participants=1001)
    assert "run_interval" in errors_of(run_unit="day", run_interval=0)
    assert "run_interval" in errors_of(run_interval=3)
    assert "run_unit" in errors_of(run_unit="week", run_interval=1)
    assert "run_unit" in errors_of(rank_by="streak", run_unit="day", run_interval=1)
    assert "end" in errors_of(start="2027-03-10", end="2027-03-09")
    assert "start" in errors_of(start="10/03/2027")
    assert "start_time" in errors_of(start_time="9am")
    assert "end_time" in errors_of(start_time="09:00", end_time="09:00")
    assert "breakdown_attributes" in errors_of(breakdown_attributes=["city", "city"])
    assert "status" in errors_of(status="paused")
    board("weekly", start=ctx.today())
    assert "key" in errors_of()  # taken


def test_an_archived_metric_cannot_be_ranked(ctx):
    metric().status = "archived"
    db.session.commit()
    assert "metric_id" in errors_of()


def test_what_counting_depends_on_is_fixed_once_active(ctx):
    draft = board("weekly", start=ctx.today(), status="inactive")
    renamed = save_leaderboard(draft, key="week", name="Week", rank_by="metric",
                               metric_id=metric().id, start=ctx.today())  # fmt: skip
    assert renamed.key == "week"  # still inactive: anything may change
    set_leaderboard_status(renamed, "active")
    with pytest.raises(FieldErrors) as raised:
        save_leaderboard(renamed, key="weekly", name="Week", rank_by="metric",
                         metric_id=metric().id, start=ctx.today())  # fmt: skip
    assert "key" in raised.value.errors
    same = {"key": "week", "rank_by": "metric", "metric_id": metric().id, "start": ctx.today()}
    kept = save_leaderboard(renamed, name="The week", max_participants=10, **same)
    assert (kept.name, kept.max_participants) == ("The week", 10)
    with pytest.raises(FieldErrors):
        set_leaderboard_status(kept, "inactive")
    set_leaderboard_status(kept, "finished")
    assert kept.status == "finished"


def test_scheduled_needs_a_start_in_the_future(ctx):
    with pytest.raises(FieldErrors):
        board("now", start=ctx.today(), status="scheduled")
    later = board("later", start=ctx.today() + timedelta(days=2), status="scheduled")
    assert later.status == "active"


def test_verify_recomputes_points_and_metric_boards_and_reports_a_tampered_entry(ctx):
    board("weekly", start=ctx.today(), run_unit="day", run_interval=7)
    board("xp", rank_by="points", start=ctx.today(), start_time="00:00", end_time="23:59")
    for user, value in (("ann", 5), ("bob", 7), ("ann", 26)):
        event(user, value, tz="Asia/Tokyo")
    assert verify() == []

    db.session.execute(
        update(LeaderboardEntry)
        .where(LeaderboardEntry.user_key == "bob", LeaderboardEntry.leaderboard_id == 1)
        .values(value=70)
    )
    db.session.commit()
    assert verify() == [
        f"Leaderboard value mismatch for user 'bob' on leaderboard 'weekly', run "
        f"{ctx.today()}: stored 70, the ledgers give 7"
    ]
