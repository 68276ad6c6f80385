"""record_event(): the numbers DESIGN.md's engine contract promises."""

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.errors import BadRequest, NotFound, Unprocessable
from app.xp.models.metrics import Metric, MetricEvent, UserMetricTotal
from app.xp.models.points import PointsAward, PointsSystem, PointsTrigger, UserPointsTotal
from app.xp.models.users import XpUser

FLIPPED = "flashcards-flipped"


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


def flip(value, user="ana", **kwargs):
    user_obj = user if isinstance(user, dict) else {"id": user}
    return record_event(FLIPPED, user_obj, value, **kwargs)


def xp(response):
    return response["points"].get("xp")


def awards_of(response):
    return [
        (a["awarded"], a["total"], a["trigger"]["metricThreshold"]) for a in xp(response)["awards"]
    ]


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def add_system(key="gems", max_points=None, triggers=((5, 2),), metric_key=FLIPPED):
    metric = db.session.scalar(select(Metric).where(Metric.key == metric_key))
    system = PointsSystem(key=key, name=key.title(), max_points=max_points)
    db.session.add(system)
    db.session.flush()
    for points, threshold in triggers:
        db.session.add(
            PointsTrigger(
                system_id=system.id, metric_id=metric.id, points=points, metric_threshold=threshold
            )
        )
    db.session.commit()
    return system


def test_first_five_flips_award_ten_xp(ctx):
    response = flip(5)
    assert response["total"] == 5
    assert xp(response)["added"] == 10
    assert xp(response)["total"] == 10
    assert awards_of(response) == [(10, 10, 5)]


def test_one_event_crossing_both_triggers_awards_both_in_one_response(ctx):
    flip(5)
    response = flip(20)
    assert response["total"] == 25
    assert xp(response)["added"] == 90
    assert xp(response)["total"] == 100
    # every-5 pays 4 crossings (10, 15, 20, 25) at once; every-25 pays its first.
    assert awards_of(response) == [(40, 50, 5), (50, 100, 25)]
    assert count(PointsAward) == 3


def test_event_below_threshold_awards_nothing(ctx):
    response = flip(4)
    assert response["total"] == 4
    assert response["points"] == {}
    assert count(PointsAward) == 0


def test_negative_then_positive_does_not_pay_a_threshold_twice(ctx):
    assert xp(flip(5))["added"] == 10
    down = flip(-3)
    assert down["total"] == 2
    assert down["points"] == {}
    up = flip(3)
    assert up["total"] == 5
    assert up["points"] == {}
    # The next new multiple still pays.
    assert awards_of(flip(5)) == [(10, 20, 5)]


def test_negative_values_never_claw_back_points(ctx):
    flip(10)
    response = flip(-10)
    assert response["total"] == 0
    assert response["points"] == {}
    assert db.session.scalar(select(UserPointsTotal.total)) == 20


def test_fractional_values_cross_a_threshold_once(ctx):
    assert flip(2.5)["points"] == {}
    response = flip(2.5)
    assert response["total"] == 5
    assert awards_of(response) == [(10, 10, 5)]


def test_decimal_fractions_add_up_exactly(ctx):
    # 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
    for value in [0.1, 0.2, 0.7, 4.0]:
        response = flip(value)
    assert response["total"] == 5
    assert xp(response)["total"] == 10


def test_max_points_clamps_the_award_and_skips_awards_clamped_to_zero(ctx):
    add_system("gems", max_points=12, triggers=[(5, 2)])
    first = flip(4)  # two crossings of 2: 10 gems
    assert first["points"]["gems"]["added"] == 10
    second = flip(2)  # one more crossing: 5, clamped to 2
    assert second["points"]["gems"]["added"] == 2
    assert second["points"]["gems"]["total"] == 12
    assert second["points"]["gems"]["maxPoints"] == 12
    third = flip(2)  # clamped to 0: no award row, system absent from the response
    assert "gems" not in third["points"]
    gems = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "gems"))
    assert db.session.scalars(
        select(PointsAward.awarded).where(PointsAward.system_id == gems.id)
    ).all() == [10, 2]


def test_negative_trigger_points_deduct(ctx):
    add_system("penalty", triggers=[(-3, 1)])
    response = flip(2)
    assert response["points"]["penalty"]["added"] == -6
    assert response["points"]["penalty"]["total"] == -6


def test_inactive_triggers_and_archived_systems_pay_nothing(ctx):
    every_five = db.session.scalar(select(PointsTrigger).where(PointsTrigger.metric_threshold == 5))
    every_five.status = "inactive"
    add_system("gems", triggers=[(5, 1)]).status = "archived"
    db.session.commit()
    response = flip(25)
    assert awards_of(response) == [(50, 50, 25)]
    assert "gems" not in response["points"]


def test_trigger_added_later_pays_only_for_new_crossings(ctx):
    flip(7)
    add_system("gems", triggers=[(1, 5)])
    response = flip(3)  # 7 -> 10: the crossing of 10 happened under the trigger
    assert response["points"]["gems"]["added"] == 1


def test_changed_threshold_keeps_the_mark_in_metric_units(ctx):
    flip(10)  # every-5 has paid through 10
    trigger = db.session.scalar(select(PointsTrigger).where(PointsTrigger.metric_threshold == 5))
    trigger.metric_threshold = 4
    db.session.commit()
    assert flip(1)["points"] == {}  # 11: multiple 8 lies below the mark of 10
    assert awards_of(flip(1)) == [(10, 30, 4)]  # 12 is a new multiple of 4


def test_new_user_is_created_and_existing_user_fields_are_updated(ctx):
    flip(1, {"id": "u1", "email": "a@example.com", "name": "Ana", "tz": "Europe/Madrid"})
    flip(1, {"id": "u1", "name": "Ana B."})
    user = db.session.scalar(select(XpUser).where(XpUser.external_id == "u1"))
    assert (user.email, user.name, user.tz) == ("a@example.com", "Ana B.", "Europe/Madrid")
    assert count(XpUser) == 1


def test_local_date_comes_from_the_users_time_zone(ctx):
    at = datetime(2024, 3, 10, 23, 30, tzinfo=UTC)
    flip(5, {"id": "tokyo", "tz": "Asia/Tokyo"}, at=at)
    flip(5, {"id": "london", "tz": "Europe/London"}, at=at)
    flip(5, {"id": "nowhere"}, at=at)
    rows = db.session.execute(
        select(XpUser.external_id, MetricEvent.local_date, MetricEvent.tz)
        .join(MetricEvent, MetricEvent.user_id == XpUser.id)
        .order_by(XpUser.external_id)
    ).all()
    assert [tuple(r) for r in rows] == [
        ("london", date(2024, 3, 10), "Europe/London"),
        ("nowhere", date(2024, 3, 10), "UTC"),
        ("tokyo", date(2024, 3, 11), "Asia/Tokyo"),
    ]
    award_dates = db.session.scalars(select(PointsAward.local_date).order_by(PointsAward.id)).all()
    assert award_dates == [date(2024, 3, 11), date(2024, 3, 10), date(2024, 3, 10)]


def test_award_date_is_the_event_instant_in_utc(ctx):
    response = flip(5, at=datetime(2024, 3, 10, 23, 30, 15, tzinfo=UTC))
    assert xp(response)["awards"][0]["date"] == "2024-03-10T23:30:15Z"


def test_idempotent_replay_changes_nothing_and_returns_the_original_awards(ctx):
    first = flip(5, idempotency_key="flip-1")
    replay = flip(5, idempotency_key="flip-1")
    assert first["idempotentReplayed"] is False
    assert replay["idempotentReplayed"] is True
    assert replay["idempotencyKey"] == "flip-1"
    assert replay["eventId"] == first["eventId"]
    assert replay["total"] == 5
    assert awards_of(replay) == awards_of(first) == [(10, 10, 5)]
    assert (count(MetricEvent), count(PointsAward)) == (1, 1)
    assert db.session.scalar(select(UserMetricTotal.total)) == 5


def test_idempotency_keys_are_scoped_per_user_and_metric(ctx):
    db.session.add(Metric(key="quiz-answered", name="Quiz Answered"))
    db.session.commit()
    flip(5, "ana", idempotency_key="k")
    other_user = flip(5, "ben", idempotency_key="k")
    other_metric = record_event("quiz-answered", {"id": "ana"}, 1, idempotency_key="k")
    assert other_user["idempotentReplayed"] is False
    assert other_metric["idempotentReplayed"] is False
    assert count(MetricEvent) == 3


def test_response_has_trophys_required_event_fields(ctx):
    response = flip(5)
    assert set(response) == {
        "eventId",
        "metricId",
        "total",
        "achievements",
        "currentStreak",
        "points",
        "leaderboards",
    }
    assert response["currentStreak"] == {
        "length": 0,
        "frequency": "daily",
        "started": None,
        "periodStart": None,
        "periodEnd": None,
        "expires": None,
        "extended": False,
    }
    trigger = xp(response)["awards"][0]["trigger"]
    required = {"id", "type", "points", "status", "userAttributes", "created", "updated"}
    assert required <= set(trigger)
    assert trigger["metricName"] == "Flashcards Flipped"


@pytest.mark.parametrize(
    ("user", "value", "error", "message"),
    [
        ({"id": "x", "tz": "Mars/Olympus"}, 1, BadRequest, "Unknown time zone 'Mars/Olympus'"),
        ({"id": "x", "tz": "../../etc/passwd"}, 1, BadRequest, "Unknown time zone"),
        ({"id": ""}, 1, BadRequest, "'user.id' is required"),
        ({"id": 18}, 1, BadRequest, "'user.id' is required"),
        ("18", 1, BadRequest, "'user' must be an object"),
        ({"id": "x" * 256}, 1, Unprocessable, "at most 255 characters"),
        ({"id": "x", "email": 5}, 1, BadRequest, "'user.email' must be a string"),
        ({"id": "x"}, "1", BadRequest, "'value' is required and must be a number"),
        ({"id": "x"}, True, BadRequest, "must be a number"),
        ({"id": "x"}, float("nan"), BadRequest, "finite"),
        ({"id": "x"}, float("inf"), BadRequest, "finite"),
        ({"id": "x"}, 1e10, Unprocessable, "between -1000000000 and 1000000000"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(ctx, user, value, error, message):
    with pytest.raises(error, match=re.escape(message)):
        record_event(FLIPPED, user, value)
    assert (count(XpUser), count(MetricEvent), count(PointsAward)) == (0, 0, 0)


def test_unknown_metric_is_not_found_and_creates_no_user(ctx):
    with pytest.raises(NotFound, match="Metric 'nope' not found"):
        record_event("nope", {"id": "x"}, 1)
    assert count(XpUser) == 0


def test_archived_metric_refuses_events(ctx):
    db.session.scalar(select(Metric)).status = "archived"
    db.session.commit()
    with pytest.raises(Unprocessable, match="archived"):
        flip(1)
    assert count(MetricEvent) == 0


def test_failure_mid_transaction_leaves_no_half_written_event(ctx, monkeypatch):
    from app.xp.engine import metric

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(metric, "grants", explode)
    with pytest.raises(RuntimeError):
        flip(5)
    assert (count(XpUser), count(MetricEvent), count(UserMetricTotal)) == (0, 0, 0)


def test_totals_equal_the_sums_of_the_ledgers(ctx):
    for value in [3, 4, -2, 7.5, 12, -1, 30]:
        flip(value)
    assert (
        db.session.scalar(select(UserMetricTotal.total))
        == db.session.scalar(select(func.sum(MetricEvent.value)))
        == 53.5
    )
    assert db.session.scalar(select(UserPointsTotal.total)) == db.session.scalar(
        select(func.sum(PointsAward.awarded))
    )


def test_reactivated_trigger_pays_only_for_what_happens_after(ctx):
    from app.xp.admin.triggers import set_trigger_status

    every_five = db.session.scalar(select(PointsTrigger).where(PointsTrigger.metric_threshold == 5))
    flip(5)  # pays 10, marks 5
    set_trigger_status(every_five, "inactive")
    flip(7)  # 12 while off: 10 is passed unpaid
    set_trigger_status(every_five, "active")
    assert flip(1)["points"] == {}  # 13: 10 happened while off
    assert awards_of(flip(2)) == [(10, 20, 5)]  # 15 is new


def test_reactivation_never_pays_a_threshold_twice(ctx):
    from app.xp.admin.triggers import set_trigger_status

    every_five = db.session.scalar(select(PointsTrigger).where(PointsTrigger.metric_threshold == 5))
    flip(10)  # paid through 10
    set_trigger_status(every_five, "inactive")
    flip(-4)  # 6 while off
    set_trigger_status(every_five, "active")
    assert flip(4)["points"] == {}  # back to 10: already paid
    assert awards_of(flip(5)) == [(10, 30, 5)]  # 15


def test_restored_points_system_pays_only_from_then_on(ctx):
    from app.xp.admin.points import set_points_system_status

    xp_system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
    flip(5)
    set_points_system_status(xp_system, "archived")
    assert flip(5)["points"] == {}
    set_points_system_status(xp_system, "active")
    assert flip(1)["points"] == {}  # 11: the crossing of 10 happened while archived
    assert awards_of(flip(4)) == [(10, 20, 5)]
