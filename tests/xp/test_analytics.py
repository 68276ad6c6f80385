"""Analytics across users: points over time, per trigger, per total bucket, and counts."""

from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, select

from app import wording
from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.errors import Unprocessable
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsAward, PointsSystem, PointsTrigger, UserPointsTotal
from app.xp.models.users import XpUser
from app.xp.payloads.points import trigger
from app.xp.queries.analytics import (
    active_users,
    metric_stats,
    points_distribution,
    points_over_time,
    points_system_stats,
    trigger_breakdown,
    trigger_points,
)


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def flip(value, at, user="ana", tz="UTC", metric="flashcards-flipped"):
    return record_event(metric, {"id": user, "tz": tz}, value, at=at)


def xp() -> PointsSystem:
    return db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))


def xp_trigger(threshold: int) -> PointsTrigger:
    return db.session.scalar(
        select(PointsTrigger).where(
            PointsTrigger.system_id == xp().id, PointsTrigger.metric_threshold == threshold
        )
    )


def reviewed_trigger() -> PointsTrigger:
    """The seeded +10 XP every 10 cards reviewed."""
    return db.session.scalar(
        select(PointsTrigger)
        .join(Metric, Metric.id == PointsTrigger.metric_id)
        .where(PointsTrigger.system_id == xp().id, Metric.key == "cards-reviewed")
    )


def add_trigger(system, points, threshold, status="active", metric="flashcards-flipped"):
    metric_id = db.session.scalar(select(Metric.id).where(Metric.key == metric))
    trigger = PointsTrigger(
        system_id=system.id,
        type="metric",
        points=points,
        metric_id=metric_id,
        metric_threshold=threshold,
        status=status,
    )
    db.session.add(trigger)
    db.session.commit()
    return trigger


def add_system(key, name):
    system = PointsSystem(key=key, name=name)
    db.session.add(system)
    db.session.commit()
    return system


def add_metric(key, name):
    metric = Metric(key=key, name=name)
    db.session.add(metric)
    db.session.commit()
    return metric


@contextmanager
def counted_statements():
    """The SQL statements run inside the block, to show each answer is a few aggregates."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


# --- points_over_time ----------------------------------------------------------------------------


@pytest.fixture
def new_year(ctx):
    """Awards around New Year 2024, all users in UTC.

    ana: 2023-12-31 +50 +50 (25 flips); 2024-01-01 +10; 2024-01-03 one flip, no award.
    ben: 2024-01-01 +10; 2024-01-03 +40 +50 (20 flips, reaching 25).
    """
    flip(25, utc(2023, 12, 31, 12))
    flip(5, utc(2024, 1, 1, 9))
    flip(5, utc(2024, 1, 1, 10), user="ben")
    flip(20, utc(2024, 1, 3, 8), user="ben")
    flip(1, utc(2024, 1, 3, 9))
    return ctx


def over_time(aggregation, start, end):
    rows = points_over_time(xp(), aggregation, start, end)
    return [(r["date"], r["points"], r["awards"], r["users"], r["total"]) for r in rows]


def test_daily_points_over_time_includes_empty_days_and_the_total_before(new_year):
    assert over_time("daily", date(2024, 1, 1), date(2024, 1, 4)) == [
        ("2024-01-01", 20, 2, 2, 120),
        ("2024-01-02", 0, 0, 0, 120),
        ("2024-01-03", 90, 2, 1, 210),
        ("2024-01-04", 0, 0, 0, 210),
    ]


def test_weekly_points_over_time_uses_whole_monday_weeks(new_year):
    # Wednesday 27 Dec to Wednesday 10 Jan: the weeks of 25 Dec, 1 Jan and 8 Jan, whole.
    assert over_time("weekly", date(2023, 12, 27), date(2024, 1, 10)) == [
        ("2023-12-25", 100, 2, 1, 100),
        ("2024-01-01", 110, 4, 2, 210),
        ("2024-01-08", 0, 0, 0, 210),
    ]


def test_monthly_points_over_time_starts_from_the_points_before_the_range(new_year):
    assert over_time("monthly", date(2024, 1, 15), date(2024, 3, 1)) == [
        ("2024-01-01", 110, 4, 2, 210),
        ("2024-02-01", 0, 0, 0, 210),
        ("2024-03-01", 0, 0, 0, 210),
    ]


def test_points_over_time_of_a_system_without_awards_is_all_zeros(new_year):
    gems = add_system("gems", "Gems")
    rows = points_over_time(gems, "daily", date(2024, 1, 1), date(2024, 1, 2))
    assert rows == [
        {"date": "2024-01-01", "points": 0, "awards": 0, "users": 0, "total": 0},
        {"date": "2024-01-02", "points": 0, "awards": 0, "users": 0, "total": 0},
    ]


def test_points_over_time_counts_each_award_on_its_users_local_date(ctx):
    # 23:30 UTC on 10 March is 08:30 on 11 March in Tokyo.
    flip(5, utc(2024, 3, 10, 23, 30), user="kenji", tz="Asia/Tokyo")
    flip(5, utc(2024, 3, 10, 23, 30), user="lucy")
    assert over_time("daily", date(2024, 3, 10), date(2024, 3, 11)) == [
        ("2024-03-10", 10, 1, 1, 10),
        ("2024-03-11", 10, 1, 1, 20),
    ]


def test_points_over_time_includes_archived_triggers_awards(new_year):
    xp_trigger(25).status = "archived"
    db.session.commit()
    assert over_time("monthly", date(2024, 1, 1), date(2024, 1, 31)) == [
        ("2024-01-01", 110, 4, 2, 210),
    ]


def test_points_over_time_is_two_aggregate_queries(new_year):
    system = xp()
    with counted_statements() as statements:
        rows = points_over_time(system, "daily", date(2023, 1, 1), date(2024, 2, 4))
    assert len(rows) == 400
    assert len(statements) == 2
    assert all("GROUP BY" in s or "sum(" in s.lower() for s in statements)


@pytest.mark.parametrize(
    ("aggregation", "start", "end", "message"),
    [
        ("hourly", date(2024, 1, 1), date(2024, 1, 2), "'aggregation' must be one of"),
        ("daily", date(2024, 1, 2), date(2024, 1, 1), "'startDate' must not be after"),
        ("daily", date(2024, 1, 1), date(2025, 2, 5), "must not exceed 400 days"),
    ],
)
def test_points_over_time_refuses_invalid_ranges(ctx, aggregation, start, end, message):
    with pytest.raises(Unprocessable, match=message):
        points_over_time(xp(), aggregation, start, end)


# --- trigger_breakdown ---------------------------------------------------------------------------


def breakdown(start=None, end=None, system=None):
    rows = trigger_breakdown(system or xp(), start, end)
    return [
        (wording.trigger_label(r["trigger"]), r["points"], r["awards"], r["users"], r["share"])
        for r in rows
    ]


@pytest.fixture
def every_ten(ctx):
    """A third XP trigger, +10 every 10 flips, created after the seeded two."""
    return add_trigger(xp(), 10, 10)


def test_trigger_breakdown_shares_points_between_triggers(every_ten):
    flip(10, utc(2024, 1, 1, 12))  # +20 every 5, +10 every 10
    assert breakdown() == [
        ("+10 every 5 flashcards flipped", 20, 1, 1, 0.6667),
        ("+10 every 10 flashcards flipped", 10, 1, 1, 0.3333),
        ("+50 every 25 flashcards flipped", 0, 0, 0, 0.0),
        ("+10 every 10 cards reviewed", 0, 0, 0, 0.0),
    ]


def test_trigger_breakdown_rows_carry_the_trigger_payload(every_ten):
    flip(10, utc(2024, 1, 1, 12))
    rows = trigger_breakdown(xp())
    assert [r["trigger"] for r in rows] == [
        trigger(xp_trigger(5)),
        trigger(every_ten),
        trigger(xp_trigger(25)),
        trigger(reviewed_trigger()),
    ]
    assert rows[0]["trigger"]["metricThreshold"] == 5


def test_trigger_breakdown_keeps_archived_triggers_with_awards(every_ten):
    flip(10, utc(2024, 1, 1, 12))  # +20 every 5, +10 every 10
    every_ten.status = "archived"
    db.session.commit()
    add_trigger(xp(), 1, 1, status="inactive")  # no awards, not active: not listed
    flip(25, utc(2024, 1, 2, 12), user="ben")  # +50 every 5, +50 every 25

    assert breakdown() == [
        ("+10 every 5 flashcards flipped", 70, 2, 2, 0.5385),
        ("+50 every 25 flashcards flipped", 50, 1, 1, 0.3846),
        ("+10 every 10 flashcards flipped", 10, 1, 1, 0.0769),
        ("+10 every 10 cards reviewed", 0, 0, 0, 0.0),
    ]
    assert trigger_breakdown(xp())[2]["trigger"]["status"] == "archived"


def test_trigger_breakdown_within_a_range_lists_archived_triggers_only_with_awards(every_ten):
    flip(10, utc(2024, 1, 1, 12))
    every_ten.status = "archived"
    db.session.commit()
    flip(25, utc(2024, 1, 2, 12), user="ben")

    # Equal points keep the triggers' creation order.
    assert breakdown(date(2024, 1, 2), date(2024, 1, 2)) == [
        ("+10 every 5 flashcards flipped", 50, 1, 1, 0.5),
        ("+50 every 25 flashcards flipped", 50, 1, 1, 0.5),
        ("+10 every 10 cards reviewed", 0, 0, 0, 0.0),
    ]
    assert breakdown(date(2024, 1, 1), date(2024, 1, 1)) == [
        ("+10 every 5 flashcards flipped", 20, 1, 1, 0.6667),
        ("+10 every 10 flashcards flipped", 10, 1, 1, 0.3333),
        ("+50 every 25 flashcards flipped", 0, 0, 0, 0.0),
        ("+10 every 10 cards reviewed", 0, 0, 0, 0.0),
    ]
    assert breakdown(start=date(2024, 1, 2)) == breakdown(date(2024, 1, 2), date(2024, 1, 2))
    assert breakdown(end=date(2024, 1, 1)) == breakdown(date(2024, 1, 1), date(2024, 1, 1))


def test_trigger_breakdown_without_awards_lists_active_triggers_at_zero(ctx):
    assert breakdown() == [
        ("+10 every 5 flashcards flipped", 0, 0, 0, 0.0),
        ("+50 every 25 flashcards flipped", 0, 0, 0, 0.0),
        ("+10 every 10 cards reviewed", 0, 0, 0, 0.0),
    ]


def test_trigger_breakdown_counts_only_its_own_system(new_year):
    gems = add_system("gems", "Gems")
    add_trigger(gems, 2, 1)
    flip(3, utc(2024, 1, 5, 12), user="carl")  # +6 gems, nothing in XP
    assert breakdown(system=gems) == [("+2 every 1 flashcards flipped", 6, 1, 1, 1.0)]
    assert breakdown() == [
        ("+10 every 5 flashcards flipped", 110, 4, 2, 0.5238),
        ("+50 every 25 flashcards flipped", 100, 2, 2, 0.4762),
        ("+10 every 10 cards reviewed", 0, 0, 0, 0.0),
    ]


def test_trigger_breakdown_refuses_a_reversed_range(ctx):
    with pytest.raises(Unprocessable, match="'startDate' must not be after 'endDate'"):
        trigger_breakdown(xp(), date(2024, 1, 2), date(2024, 1, 1))


# --- points_distribution -------------------------------------------------------------------------


def give_totals(system, totals: dict[str, int | None]) -> None:
    """XP users with these totals in `system`; None: the user has no total row at all."""
    for external_id, total in totals.items():
        user = XpUser(external_id=external_id)
        db.session.add(user)
        db.session.flush()
        if total is not None:
            db.session.add(UserPointsTotal(user_id=user.id, system_id=system.id, total=total))
    db.session.commit()


def distribution(system=None):
    return [(r["from"], r["to"], r["users"]) for r in points_distribution(system or xp())]


def test_distribution_without_users_is_eleven_empty_ranges_up_to_10(ctx):
    assert distribution() == [(0, 0, 0)] + [(n, n, 0) for n in range(1, 11)]


def test_distribution_counts_users_per_tenth_of_the_greatest_power_of_ten(ctx):
    totals = {"none": None, "zero": 0, "minus": -5, "one": 1, "ten": 10, "eleven": 11}
    give_totals(xp(), totals | {"sixty": 60, "hundred": 100})
    assert distribution() == [
        (0, 0, 3),
        (1, 10, 2),
        (11, 20, 1),
        (21, 30, 0),
        (31, 40, 0),
        (41, 50, 0),
        (51, 60, 1),
        (61, 70, 0),
        (71, 80, 0),
        (81, 90, 0),
        (91, 100, 1),
    ]


def test_distribution_rounds_the_greatest_total_up_to_a_power_of_ten(ctx):
    give_totals(xp(), {"ana": 4330})
    assert distribution() == [(0, 0, 0)] + [
        (1000 * n + 1, 1000 * (n + 1), 1 if n == 4 else 0) for n in range(10)
    ]
    ana = db.session.scalar(select(XpUser.id).where(XpUser.external_id == "ana"))
    top_row = db.session.get(UserPointsTotal, (ana, xp().id))
    tops = {}
    for greatest in (0, 1, 10, 11, 100, 1000, 1001, 10**18 + 1):
        top_row.total = greatest
        db.session.commit()
        tops[greatest] = distribution()[-1]
    assert tops == {
        0: (10, 10, 0),
        1: (10, 10, 0),
        10: (10, 10, 1),
        11: (91, 100, 0),
        100: (91, 100, 1),
        1000: (901, 1000, 1),
        1001: (9001, 10000, 0),
        10**18 + 1: (9 * 10**18 + 1, 10**19, 0),
    }


def test_distribution_counts_users_of_other_systems_at_zero(ctx):
    gems = add_system("gems", "Gems")
    give_totals(gems, {"rich": 5000})
    give_totals(xp(), {"ana": 7})
    assert distribution()[0] == (0, 0, 1)
    assert distribution()[7] == (7, 7, 1)
    assert distribution(gems)[0] == (0, 0, 1)
    assert distribution(gems)[5] == (4001, 5000, 1)


def test_distribution_matches_the_totals_the_engine_keeps(ctx):
    flip(25, utc(2024, 1, 1))  # 100
    flip(5, utc(2024, 1, 1), user="ben")  # 10
    flip(1, utc(2024, 1, 1), user="carl")  # 0, no total row
    system = xp()
    with counted_statements() as statements:
        rows = distribution(system)
    assert len(statements) == 2
    assert rows[0] == (0, 0, 1)
    assert rows[1] == (1, 10, 1)
    assert rows[10] == (91, 100, 1)
    assert sum(users for _, _, users in rows) == 3


# --- active_users --------------------------------------------------------------------------------


def test_active_users_have_events_on_the_systems_metrics_and_earning_ones_awards(ctx):
    add_metric("pages-read", "Pages Read")
    flip(1, utc(2024, 1, 2, 12))  # ana: active, earns nothing
    flip(5, utc(2024, 1, 3, 12), user="ben")  # ben: active and earning
    flip(9, utc(2024, 1, 3, 12), user="carl", metric="pages-read")  # no XP trigger counts it
    flip(5, utc(2023, 12, 31, 23), user="dan")  # before the range
    flip(5, utc(2024, 1, 31, 23, 30), user="kenji", tz="Asia/Tokyo")  # 1 Feb in Tokyo
    flip(5, utc(2024, 1, 31, 23, 30), user="lucy", tz="America/Los_Angeles")  # 31 Jan there

    january = (date(2024, 1, 1), date(2024, 1, 31))
    assert active_users(xp(), *january) == {"active": 3, "earning": 2}
    assert active_users(xp(), date(2024, 2, 1), date(2024, 2, 1)) == {"active": 1, "earning": 1}
    assert active_users(xp(), date(2024, 1, 2), date(2024, 1, 2)) == {"active": 1, "earning": 0}


def test_active_users_count_metrics_of_archived_triggers_too(ctx):
    add_metric("pages-read", "Pages Read")
    gems = add_system("gems", "Gems")
    add_trigger(gems, 1, 10, status="archived", metric="pages-read")
    flip(9, utc(2024, 1, 3, 12), user="carl", metric="pages-read")
    assert active_users(gems, date(2024, 1, 1), date(2024, 1, 31)) == {"active": 1, "earning": 0}
    assert active_users(xp(), date(2024, 1, 1), date(2024, 1, 31)) == {"active": 0, "earning": 0}


def test_active_users_refuses_a_reversed_range(ctx):
    with pytest.raises(Unprocessable, match="'startDate' must not be after 'endDate'"):
        active_users(xp(), date(2024, 1, 2), date(2024, 1, 1))


# --- stats ---------------------------------------------------------------------------------------


def test_stats_count_points_users_and_events_per_system_metric_and_trigger(new_year):
    gems = add_system("gems", "Gems")
    empty = add_system("empty", "Empty")
    every_two = add_trigger(gems, 3, 2)
    pages = add_metric("pages-read", "Pages Read")
    flip(4, utc(2024, 1, 5, 12), user="carl")  # +6 gems, no XP: 4 flips is under 5
    flip(2, utc(2024, 1, 6, 12), user="carl", metric="pages-read")
    xp_trigger(25).status = "archived"
    db.session.commit()
    flipped = db.session.scalar(select(Metric).where(Metric.key == "flashcards-flipped"))
    system = xp()

    with counted_statements() as statements:
        systems = points_system_stats()
        metrics = metric_stats()
        triggers = trigger_points(system)
    assert len(statements) == 3

    # ana 110 and ben 100 XP (carl has no XP total row); gems: carl's 6.
    assert systems == {
        xp().id: {"points": 210, "users": 2},
        gems.id: {"points": 6, "users": 1},
        empty.id: {"points": 0, "users": 0},
    }
    reviewed = db.session.scalar(select(Metric).where(Metric.key == "cards-reviewed"))
    assert metrics == {
        flipped.id: {"events": 6, "users": 3},
        reviewed.id: {"events": 0, "users": 0},
        pages.id: {"events": 1, "users": 1},
    }
    # The archived +50 trigger keeps the points it paid.
    assert triggers == {xp_trigger(5).id: 110, xp_trigger(25).id: 100, reviewed_trigger().id: 0}
    assert trigger_points(gems) == {every_two.id: 6}
    assert trigger_points(empty) == {}


def test_points_system_stats_equal_the_awards_ledger(new_year):
    awarded = db.session.scalar(
        select(db.func.sum(PointsAward.awarded)).where(PointsAward.system_id == xp().id)
    )
    assert points_system_stats()[xp().id]["points"] == awarded == 210
