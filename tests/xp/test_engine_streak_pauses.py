"""Streak pauses in the rules (app/xp/streak_rules.py: a paused date neither extends nor breaks
the streak) and in the event transaction (app/xp/engine/streaks.py reads the active pauses)."""

import pytest

from app.extensions import db
from app.xp.models.streaks import StreakPause, UserStreak
from app.xp.models.users import XpUser
from app.xp.queries.streaks import streak_lengths, user_streak
from app.xp.streak_rules import StreakRule, apply_activity, settle
from tests.xp.engagement_setup import at, flip, streaks_on
from tests.xp.streak_clock import d, play, wall

UTC = "UTC"
DAILY = StreakRule()


def five_days(rule=DAILY):
    """A 5-day streak from 1 to 5 November 2026 (noon UTC each day)."""
    updates, _ = play(rule, *[(f"2026-11-0{day} 12:00", UTC) for day in range(1, 6)])
    return updates[-1].state


def test_a_pause_keeps_the_length_over_paused_days_without_extending_it():
    state = five_days()
    pauses = [(d("2026-11-06"), d("2026-11-08"))]
    back = apply_activity(state, DAILY, wall("2026-11-09 12:00", UTC), UTC, pauses)
    assert back.state.length == 6 and back.extended and back.lost_length == 0
    assert [(str(p.start), p.length, p.used_pause) for p in back.periods] == [
        ("2026-11-06", 5, True),
        ("2026-11-07", 5, True),
        ("2026-11-08", 5, True),
        ("2026-11-09", 6, False),
    ]


def test_without_the_pause_the_same_gap_loses_the_streak():
    state = five_days()
    back = apply_activity(state, DAILY, wall("2026-11-09 12:00", UTC), UTC)
    assert (back.state.length, back.lost_length) == (1, 5)


def test_an_event_on_a_paused_day_extends_nothing():
    state = five_days()
    pauses = [(d("2026-11-06"), d("2026-11-06"))]
    during = apply_activity(state, DAILY, wall("2026-11-06 09:00", UTC), UTC, pauses)
    assert (during.state.length, during.extended) == (5, False)


def test_paused_days_spend_no_freeze_and_the_day_after_the_pause_does():
    rule = StreakRule(max_freezes=2, starting_freezes=2)
    state = five_days(rule)
    pauses = [(d("2026-11-06"), d("2026-11-07"))]
    settled = settle(state, rule, wall("2026-11-10 12:00", UTC), UTC, pauses)
    # 6 and 7 paused, 8 and 9 frozen: both freezes spent, the streak still 5 on the 10th.
    assert (settled.state.length, settled.state.freezes, settled.used_freezes) == (5, 0, 2)
    assert settled.state.covered_through == d("2026-11-09")


def test_a_weekly_streak_is_kept_over_a_missed_week_holding_a_paused_day():
    rule = StreakRule(frequency="weekly")
    updates, _ = play(rule, ("2026-11-02 12:00", UTC), ("2026-11-09 12:00", UTC))
    state = updates[-1].state
    assert state.length == 2
    # Nothing in the week of 16 November, but its Wednesday is paused.
    pauses = [(d("2026-11-18"), d("2026-11-18"))]
    back = apply_activity(state, rule, wall("2026-11-24 12:00", UTC), UTC, pauses)
    assert (back.state.length, back.lost_length) == (3, 0)
    lost = apply_activity(state, rule, wall("2026-11-24 12:00", UTC), UTC)
    assert (lost.state.length, lost.lost_length) == (1, 2)


def test_an_event_on_an_unpaused_day_of_a_partly_paused_week_extends_it():
    rule = StreakRule(frequency="weekly")
    updates, _ = play(rule, ("2026-11-02 12:00", UTC))
    pauses = [(d("2026-11-09"), d("2026-11-10"))]
    on_friday = apply_activity(updates[-1].state, rule, wall("2026-11-13 12:00", UTC), UTC, pauses)
    assert (on_friday.state.length, on_friday.extended) == (2, True)


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


def pause(start, end, user="ana", status="active"):
    user_id = db.session.scalar(db.select(XpUser.id).where(XpUser.external_id == user))
    db.session.add(StreakPause(user_id=user_id, start=d(start), end=d(end), status=status))
    db.session.commit()


def test_an_event_after_a_pause_extends_the_stored_streak(ctx, clock):
    streaks_on()
    for day in range(1, 6):
        flip(when=at(f"2026-11-0{day}"))
    pause("2026-11-06", "2026-11-08")
    pause("2026-11-09", "2026-11-09", status="archived")  # counts no longer
    clock.set(at("2026-11-09", 8))
    read = user_streak("ana", 5)
    assert read["length"] == 5
    assert [h["usedPause"] for h in read["streakHistory"]] == [False, True, True, True, False]
    assert streak_lengths("ana")[0]["streakLength"] == 5
    back = flip(when=at("2026-11-09"))
    assert (back["currentStreak"]["length"], back["currentStreak"]["extended"]) == (6, True)
    assert db.session.get(UserStreak, 1).longest == 6


def test_a_read_lists_the_pauses_not_over_yet(ctx, clock):
    streaks_on()
    flip(when=at("2026-11-01"))
    pause("2026-10-20", "2026-10-25")  # over
    pause("2026-11-03", "2026-11-04")
    clock.set(at("2026-11-02"))
    [listed] = user_streak("ana", 1)["pauses"]
    assert (listed["start"], listed["end"]) == ("2026-11-03", "2026-11-04")
