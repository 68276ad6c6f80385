"""The read side of leaderboards (app/xp/queries/leaderboards.py) in Trophy's shapes, runs
across time zones, the 12-hour rule, history, and many threads moving one board."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from app.xp.admin.leaderboards import finish_leaderboard
from app.xp.errors import NotFound, Unprocessable
from app.xp.queries.leaderboards import (
    all_leaderboards,
    leaderboard_rankings,
    user_leaderboard,
)
from tests.support.clock import wall
from tests.xp.contract import assert_matches
from tests.xp.leaderboard_setup import board, event, rank, standings

# Left out of the calendar sweep (.ci/run): every test sets the clock it runs at.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def ctx(seeded, clock):
    clock.set("2027-03-10T12:00:00Z")
    with seeded.app_context():
        yield clock


def test_listing_hides_inactive_and_finished_boards_unless_asked(ctx):
    board("draft", start=ctx.today(), status="inactive")
    board("now", start=ctx.today())
    board("soon", start=ctx.today() + timedelta(days=2))
    finish_leaderboard(board("done", start=ctx.today()))

    listed = {b["key"]: b["status"] for b in all_leaderboards()}
    assert listed == {"now": "active", "soon": "scheduled"}
    everything = all_leaderboards(include_finished=True)
    assert {b["key"]: b["status"] for b in everything}["done"] == "finished"
    for body in everything:
        assert_matches(body, "LeaderboardResponse")


def test_rankings_page_and_offset_relative_to_a_user(ctx):
    board("weekly", start=ctx.today())
    for n in range(1, 8):
        event(f"user-{n}", n)  # user-7 first with 7

    body = leaderboard_rankings("weekly", offset=2, limit=3)
    assert_matches(body, "LeaderboardResponseWithRankings")
    assert [(r["userId"], r["rank"], r["value"]) for r in body["rankings"]] == [
        ("user-5", 3, 5), ("user-4", 4, 4), ("user-3", 5, 3),
    ]  # fmt: skip
    assert body["rankings"][0]["userName"] == "User-5"
    around = standings("weekly", user_id="user-4", offset=1, limit=2)
    assert around == [("user-3", 5, 3), ("user-2", 6, 2)]
    with pytest.raises(NotFound):
        standings("weekly", user_id="nobody", limit=2)


def test_a_user_off_the_board_gets_no_rankings_around_them(ctx):
    board("top2", start=ctx.today(), max_participants=2)
    for n in range(1, 4):
        event(f"user-{n}", n)
    assert standings("top2", user_id="user-1", limit=2) == []
    assert standings("top2", offset=1, limit=2) == [("user-2", 2, 2)]
    with pytest.raises(Unprocessable):
        leaderboard_rankings("top2", limit=3)  # more than the board holds


def test_unknown_boards_and_bad_parameters(ctx):
    board("by-city", start=ctx.today(), breakdown_attributes=["city"])
    board("draft", start=ctx.today(), status="inactive")
    with pytest.raises(NotFound):
        leaderboard_rankings("missing")
    with pytest.raises(NotFound):
        leaderboard_rankings("draft")
    with pytest.raises(Unprocessable):
        leaderboard_rankings("by-city")  # userAttributes is required
    with pytest.raises(Unprocessable):
        leaderboard_rankings("by-city", user_attributes="town:Paris")
    with pytest.raises(Unprocessable):
        leaderboard_rankings("by-city", run="2020-01-01")
    with pytest.raises(Unprocessable):
        user_leaderboard("x", "by-city", num_events=101)


def test_a_users_rank_value_and_daily_history(ctx):
    board("weekly", start=ctx.today(), run_unit="day", run_interval=7)
    event("ann", 5)
    event("bob", 3)
    event("bob", 3)  # same day: one snapshot, from before the first change to after the last
    ctx.shift(days=1)
    event("ann", 2)

    body = user_leaderboard("bob", "weekly", num_events=10)
    assert_matches(body, "UserLeaderboardResponseWithHistory")
    assert (body["rank"], body["value"]) == (2, 6)
    day = ctx.today() - timedelta(days=1)
    assert body["history"] == [
        {
            "date": day.isoformat(),
            "timestamp": f"{day.isoformat()}T00:00:00Z",
            "previousRank": None,
            "rank": 1,
            "previousValue": None,
            "value": 6,
        }
    ]
    ann = user_leaderboard("ann", "weekly")["history"]
    assert [(h["previousRank"], h["rank"], h["value"]) for h in ann] == [(None, 1, 5), (2, 1, 7)]
    assert user_leaderboard("ann", "weekly", num_events=1)["history"][0]["value"] == 7


def test_kiritimati_and_pago_pago_at_one_instant_land_in_different_daily_runs(ctx):
    instant = wall("2027-03-11 10:30", "UTC")
    ctx.set(instant - timedelta(days=1))
    board("daily", start=ctx.today() - timedelta(days=1), run_unit="day", run_interval=1)
    ctx.set(instant)
    east = event("kiri", 3, tz="Pacific/Kiritimati")["leaderboards"]["daily"]
    west = event("pago", 4, tz="Pacific/Pago_Pago")["leaderboards"]["daily"]

    assert (east["start"], west["start"]) == ("2027-03-12", "2027-03-10")
    assert standings("daily", run="2027-03-12") == [("kiri", 1, 3)]
    assert standings("daily", run="2027-03-10") == [("pago", 1, 4)]
    assert standings("daily", run="2027-03-11") == []  # today in UTC
    assert rank("kiri", "daily") == (1, 3)  # a user's current run is their own day's


def test_a_run_takes_backfilled_activity_until_twelve_hours_after_its_utc_end(ctx):
    start = ctx.today() - timedelta(days=3)
    ctx.set(wall(f"{start} 00:00", "UTC"))
    board("sprint", start=start, end=start + timedelta(days=1))
    end_of_run = wall(f"{start + timedelta(days=2)} 12:00", "UTC")
    ctx.set(end_of_run + timedelta(hours=1))
    # Still 11:59 on the last day in UTC-12 when this happened: counted
    event("late", 2, tz="Etc/GMT+12", at=end_of_run - timedelta(minutes=1))
    # Recorded as of the final instant: too late, whatever the zone says
    event("later", 5, tz="Etc/GMT+12", at=end_of_run)

    assert standings("sprint") == [("late", 1, 2)]
    assert all_leaderboards(include_finished=True)[0]["status"] == "finished"


def test_a_dst_day_is_one_run_day(ctx):
    london = "Europe/London"
    ctx.set(wall("2027-03-27 12:00", london))
    board("daily", start=ctx.today(london), run_unit="day", run_interval=1)
    ctx.set(wall("2027-03-28 00:30", london))  # the 23-hour day
    event("ann", 1, tz=london)
    ctx.set(wall("2027-03-28 23:30", london))
    moved = event("ann", 1, tz=london)["leaderboards"]["daily"]
    assert (moved["start"], moved["end"]) == ("2027-03-28", "2027-03-28")
    assert standings("daily", run="2027-03-28") == [("ann", 1, 2)]


def test_concurrent_events_from_many_users_keep_ranks_a_permutation(seeded, clock):
    clock.set("2027-03-10T12:00:00Z")
    app = seeded
    with app.app_context():
        board("race", start=clock.today(), max_participants=1000)
        board("xp", rank_by="points", start=clock.today())
    users, per_user = 12, 10

    def send(call: int):
        with app.app_context():
            return event(f"racer-{call % users:02d}", 1 + call % 3)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(send, range(users * per_user)))

    assert all("race" in a["leaderboards"] for a in answers)
    expected = {}
    for call in range(users * per_user):
        user = f"racer-{call % users:02d}"
        expected[user] = expected.get(user, 0) + 1 + call % 3
    with app.app_context():
        rows = standings("race", limit=users)
        assert [r[1] for r in rows] == list(range(1, users + 1))
        assert {u: v for u, _, v in rows} == expected
        values = [v for _, _, v in rows]
        assert values == sorted(values, reverse=True)
        xp = standings("xp", limit=users)
        assert sorted(r[1] for r in xp) == list(range(1, len(xp) + 1))
        paid = sum(10 * (t // 5) + 50 * (t // 25) for t in expected.values())
        assert sum(v for _, _, v in xp) == paid
