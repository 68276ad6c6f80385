"""Events feed leaderboards in their own transaction: values, the tie rule, maxParticipants,
points after boosts, streaks, breakdowns, time windows, and the event's `leaderboards`."""

from datetime import timedelta

import pytest

from app.xp.models.boosts import PointsBoost
from tests.support.clock import wall
from tests.xp.contract import assert_matches
from tests.xp.engagement_setup import add, streaks_on, xp_system
from tests.xp.leaderboard_setup import board, event, rank, standings

# Left out of the calendar sweep (.ci/run): every test sets the clock it runs at.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def ctx(seeded, clock):
    clock.set("2027-03-10T12:00:00Z")  # a Wednesday
    with seeded.app_context():
        yield clock


def test_a_metric_board_ranks_by_value_then_who_reached_it_first(ctx):
    board("weekly", start=ctx.today())
    event("ann", 3)
    ctx.shift(minutes=1)
    event("bob", 5)
    ctx.shift(minutes=1)
    event("cat", 2)
    ctx.shift(minutes=1)
    event("cat", 3)  # cat reaches 5 after bob: below him

    assert standings("weekly") == [("bob", 1, 5), ("cat", 2, 5), ("ann", 3, 3)]
    assert rank("cat", "weekly") == (2, 5)


def test_equal_values_reached_at_the_same_instant_rank_by_user_id(ctx):
    board("weekly", start=ctx.today())
    for user in ("zoe", "amy", "max"):
        event(user, 4)

    assert standings("weekly") == [("amy", 1, 4), ("max", 2, 4), ("zoe", 3, 4)]


def test_a_full_board_admits_a_newcomer_only_past_its_last_place(ctx):
    board("top2", start=ctx.today(), max_participants=2)
    event("ann", 5)
    ctx.shift(minutes=1)
    event("bob", 3)
    ctx.shift(minutes=1)

    tie = event("cat", 3)["leaderboards"]  # a tie reached later does not pass bob
    assert "top2" not in tie
    assert rank("cat", "top2") == (None, None)

    ctx.shift(minutes=1)
    passed = event("cat", 1)["leaderboards"]["top2"]
    assert (passed["previousRank"], passed["rank"], passed["threshold"]) == (None, 2, 4)
    assert standings("top2", limit=2) == [("ann", 1, 5), ("cat", 2, 4)]
    assert rank("bob", "top2") == (None, None)  # displaced, still a participant
    event("bob", 2)
    assert standings("top2", limit=2) == [("ann", 1, 5), ("bob", 2, 5)]


def test_the_event_answer_lists_the_boards_it_moved_in_trophys_shape(ctx):
    board("weekly", start=ctx.today() - timedelta(days=2), run_unit="day", run_interval=7)
    board("xp-all-time", rank_by="points", start=ctx.today())
    first = event("ann", 5)

    moved = first["leaderboards"]
    assert set(moved) == {"weekly", "xp-all-time"}
    assert moved["weekly"]["start"] == (ctx.today() - timedelta(days=2)).isoformat()
    assert moved["weekly"]["end"] == (ctx.today() + timedelta(days=4)).isoformat()
    assert (moved["weekly"]["rank"], moved["weekly"]["previousRank"]) == (1, None)
    assert moved["weekly"]["threshold"] == 0  # not full
    assert moved["xp-all-time"]["end"] is None
    assert_matches(first, "EventResponse")

    assert event("bob", 1)["leaderboards"]["weekly"]["rank"] == 2  # no points: one board
    assert "xp-all-time" not in event("bob", 1)["leaderboards"]
    assert_matches(event("bob", 10), "EventResponse")


def test_a_points_board_adds_what_the_event_paid_after_boosts(ctx):
    board("xp-weekly", rank_by="points", start=ctx.today())
    add(PointsBoost(system_id=xp_system().id, name="Double", start_date=ctx.today(),
                    multiplier=2))  # fmt: skip
    moved = event("ann", 5)["leaderboards"]["xp-weekly"]  # 10 XP, doubled

    assert moved["rank"] == 1
    assert standings("xp-weekly") == [("ann", 1, 20)]
    event("ann", 20)  # 4 x 10 + 50, doubled
    assert standings("xp-weekly") == [("ann", 1, 200)]


def test_fractional_and_negative_metric_values_move_the_run_value(ctx):
    board("weekly", start=ctx.today())
    event("ann", 2.5)
    event("bob", 2.75)
    assert standings("weekly") == [("bob", 1, 2), ("ann", 2, 2)]  # exact totals rank
    event("bob", -1)
    assert standings("weekly") == [("ann", 1, 2), ("bob", 2, 1)]


def test_inactive_scheduled_and_finished_boards_take_nothing(ctx):
    from app.xp.admin.leaderboards import finish_leaderboard

    board("draft", start=ctx.today(), status="inactive")
    board("later", start=ctx.today() + timedelta(days=3))
    done = board("done", start=ctx.today())
    finish_leaderboard(done)

    assert event("ann", 5)["leaderboards"] == {}


def test_a_breakdown_board_ranks_each_group_apart(ctx):
    board("by-city", start=ctx.today(), breakdown_attributes=["city"])
    event("ann", 5, attributes={"city": "London"})
    moved = event("bob", 3, attributes={"city": "Paris"})["leaderboards"]["by-city"]
    assert moved["rank"] == 1
    assert moved["breakdownAttributeValues"] == [{"key": "city", "value": "Paris"}]
    assert "by-city" not in event("cat", 9)["leaderboards"]  # no city: not on the board

    assert standings("by-city", user_attributes="city:London") == [("ann", 1, 5)]
    assert standings("by-city", user_attributes="city:Paris") == [("bob", 1, 3)]
    assert rank("cat", "by-city") == (None, None)


def test_only_activity_inside_the_daily_window_counts(ctx):
    tokyo, berlin = "Asia/Tokyo", "Europe/Berlin"
    day = ctx.today(berlin).isoformat()
    ctx.set(wall(f"{day} 06:00", berlin))  # a board counts from its activation on
    board("office-hours", start=ctx.today() - timedelta(days=1), start_time="09:00",
          end_time="17:00")  # fmt: skip
    ctx.set(wall(f"{day} 08:59", berlin))
    event("ann", 1, tz=berlin)
    ctx.set(wall(f"{day} 09:00", berlin))
    event("ann", 2, tz=berlin)
    ctx.set(wall(f"{day} 16:59", berlin))
    event("ann", 4, tz=berlin)  # 00:59 in Tokyo: outside for the Tokyo learner
    event("ken", 8, tz=tokyo)
    ctx.set(wall(f"{day} 17:00", berlin))
    event("ann", 16, tz=berlin)

    assert standings("office-hours") == [("ann", 1, 6)]


def test_a_streak_board_holds_each_users_streak_length(ctx):
    streaks_on()
    board("streaks", rank_by="streak", start=ctx.today())
    event("bob", 1)
    ctx.shift(minutes=1)
    event("ann", 1)
    ctx.shift(days=1)
    moved = event("ann", 1)["leaderboards"]["streaks"]
    assert (moved["previousRank"], moved["rank"]) == (2, 1)
    assert "streaks" not in event("ann", 1)["leaderboards"]  # same day: no change
    assert standings("streaks") == [("ann", 1, 2), ("bob", 2, 1)]


def test_an_idempotent_replay_moves_no_board(ctx):
    from app.xp.engine.events import record_event

    board("weekly", start=ctx.today())
    record_event("flashcards-flipped", {"id": "ann"}, 5, idempotency_key="k1")
    again = record_event("flashcards-flipped", {"id": "ann"}, 5, idempotency_key="k1")

    assert again["leaderboards"] == {}
    assert standings("weekly") == [("ann", 1, 5)]
