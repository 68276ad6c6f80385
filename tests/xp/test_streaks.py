"""Streak rules (app/xp/streak_rules.py) on the learner's calendar, with a controllable clock.

Instants come from tests/xp/streak_clock.py (`wall(...)`), so nothing reads the real clock.
"""

from datetime import UTC, datetime, timedelta

import pytest

from app.xp.streak_rules import (
    StreakPeriod,
    StreakRule,
    apply_activity,
    current,
    expires,
    history,
    local_date,
    period_of,
    settle,
)
from tests.xp.streak_clock import LONDON, LOS_ANGELES, TOKYO, d, play, wall

DAILY = StreakRule()


# --- calendar -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "frequency", "start", "end"),
    [
        ("2026-11-26", "daily", "2026-11-26", "2026-11-26"),
        ("2026-11-23", "weekly", "2026-11-23", "2026-11-29"),  # a Monday starts its week
        ("2026-11-26", "weekly", "2026-11-23", "2026-11-29"),
        ("2026-11-29", "weekly", "2026-11-23", "2026-11-29"),  # a Sunday ends it
        ("2026-12-31", "weekly", "2026-12-28", "2027-01-03"),  # a week across New Year
        ("2027-01-01", "weekly", "2026-12-28", "2027-01-03"),
        ("2026-02-14", "monthly", "2026-02-01", "2026-02-28"),
        ("2028-02-29", "monthly", "2028-02-01", "2028-02-29"),  # leap year
        ("2026-04-30", "monthly", "2026-04-01", "2026-04-30"),
        ("2026-12-31", "monthly", "2026-12-01", "2026-12-31"),
        ("2026-01-31", "monthly", "2026-01-01", "2026-01-31"),
    ],
)
def test_period_of_gives_first_and_last_local_date(day, frequency, start, end):
    period = period_of(d(day), frequency)
    assert (period.start, period.end) == (d(start), d(end))


@pytest.mark.parametrize(
    ("day", "frequency", "next_start", "next_end", "previous_start", "previous_end"),
    [
        ("2026-12-31", "daily", "2027-01-01", "2027-01-01", "2026-12-30", "2026-12-30"),
        ("2026-12-30", "weekly", "2027-01-04", "2027-01-10", "2026-12-21", "2026-12-27"),
        ("2026-12-15", "monthly", "2027-01-01", "2027-01-31", "2026-11-01", "2026-11-30"),
        ("2028-03-10", "monthly", "2028-04-01", "2028-04-30", "2028-02-01", "2028-02-29"),
    ],
)
def test_next_and_previous_periods_cross_month_and_year_ends(
    day, frequency, next_start, next_end, previous_start, previous_end
):
    period = period_of(d(day), frequency)
    assert (period.next().start, period.next().end) == (d(next_start), d(next_end))
    assert (period.previous().start, period.previous().end) == (
        d(previous_start),
        d(previous_end),
    )


@pytest.mark.parametrize(
    ("instant", "tz", "expected"),
    [
        ("2026-11-26T15:30:00+00:00", TOKYO, "2026-11-27"),  # 00:30 on the 27th in Tokyo
        ("2026-11-26T07:59:00+00:00", LOS_ANGELES, "2026-11-25"),  # 23:59 PST on the 25th
        ("2026-11-26T23:59:00+00:00", None, "2026-11-26"),  # no tz: UTC
        ("2026-03-29T00:30:00+00:00", LONDON, "2026-03-29"),
        ("2026-06-30T23:30:00+00:00", LONDON, "2026-07-01"),  # 00:30 BST
    ],
)
def test_local_date_is_the_date_on_the_users_wall_clock(instant, tz, expected):
    assert local_date(datetime.fromisoformat(instant), tz) == d(expected)


def test_local_date_refuses_naive_datetimes_and_unknown_zones():
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(datetime(2026, 11, 26, 12, 0), LONDON)
    with pytest.raises(ValueError, match="Unknown time zone 'Mars/Olympus'"):
        local_date(datetime(2026, 11, 26, 12, 0, tzinfo=UTC), "Mars/Olympus")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"frequency": "hourly"}, "Unknown streak frequency 'hourly'"),
        ({"max_freezes": -1}, "max_freezes must be 0 or more"),
        ({"max_freezes": 2, "starting_freezes": 3}, "starting_freezes must be between"),
        ({"max_freezes": 2, "freeze_auto_earn_interval": 0}, "at least 1 day"),
        ({"max_freezes": 2, "freeze_auto_earn_amount": 0}, "amount must be at least 1"),
    ],
)
def test_streak_rule_rejects_impossible_settings(settings, message):
    with pytest.raises(ValueError, match=message):
        StreakRule(**settings)


# --- daily streaks --------------------------------------------------------------------------


def test_events_on_consecutive_local_days_extend_the_streak():
    updates, _ = play(
        DAILY,
        ("2026-11-24 09:00", LONDON),
        ("2026-11-25 21:00", LONDON),
        ("2026-11-26 07:15", LONDON),
    )
    assert [u.extended for u in updates] == [True, True, True]
    assert [u.state.length for u in updates] == [1, 2, 3]
    state = updates[-1].state
    assert state.started == d("2026-11-24")
    assert (state.period_start, state.period_end) == (d("2026-11-26"), d("2026-11-26"))
    assert state.extended_at == wall("2026-11-26 07:15", LONDON)
    assert expires(state, DAILY) == d("2026-11-27")


def test_two_events_in_one_local_day_extend_once():
    updates, records = play(DAILY, ("2026-11-26 00:05", LONDON), ("2026-11-26 23:55", LONDON))
    assert [u.extended for u in updates] == [True, False]
    assert updates[-1].state.length == 1
    assert updates[-1].state.extended_at == wall("2026-11-26 00:05", LONDON)
    assert records == [StreakPeriod(d("2026-11-26"), d("2026-11-26"), 1)]


def test_the_streak_lives_through_the_next_day_and_expires_at_its_end():
    updates, _ = play(DAILY, ("2026-11-25 18:00", LONDON))
    state = updates[-1].state
    late_next_day = current(state, DAILY, wall("2026-11-26 23:59", LONDON), LONDON)
    assert late_next_day.length == 1
    assert expires(late_next_day, DAILY) == d("2026-11-26")
    day_after = current(state, DAILY, wall("2026-11-27 00:00", LONDON), LONDON)
    assert day_after.length == 0
    assert expires(day_after, DAILY) is None


def test_a_missed_day_breaks_the_streak_and_the_next_event_starts_a_new_one():
    updates, _ = play(
        DAILY,
        ("2026-11-22 10:00", LONDON),
        ("2026-11-23 10:00", LONDON),
        ("2026-11-25 10:00", LONDON),  # the 24th was missed
    )
    last = updates[-1]
    assert last.extended is True
    assert last.lost_length == 2
    assert last.state.length == 1
    assert last.state.started == d("2026-11-25")


def test_an_event_before_the_last_covered_period_changes_nothing():
    updates, _ = play(DAILY, ("2026-11-26 10:00", LONDON))
    state = updates[-1].state
    late = apply_activity(state, DAILY, wall("2026-11-25 10:00", LONDON), LONDON)
    assert late.extended is False
    assert late.state == state


# --- DST: compare dates, never 24-hour spans ------------------------------------------------

# Europe/London, 2026: clocks go forward at 01:00 on Sunday 29 March (a 23-hour day) and back
# at 02:00 on Sunday 25 October (a 25-hour day).
DST_CASES = [
    # first event, second event, hours between them, length after the second
    ("2026-03-28 23:30", "2026-03-29 00:30", 1, 2),
    ("2026-03-29 23:30", "2026-03-30 00:30", 1, 2),
    ("2026-03-29 00:30", "2026-03-30 23:30", 46, 2),
    ("2026-03-28 23:30", "2026-03-30 00:30", 24, 1),  # the whole 23-hour Sunday was missed
    ("2026-10-24 23:30", "2026-10-25 00:30", 1, 2),
    ("2026-10-25 23:30", "2026-10-26 00:30", 1, 2),
    ("2026-10-25 00:30", "2026-10-26 23:30", 48, 2),
    ("2026-10-25 00:30", "2026-10-25 23:30", 24, 1),  # 24 hours, but the same 25-hour day
    ("2026-10-24 23:30", "2026-10-26 00:30", 26, 1),  # the whole 25-hour Sunday was missed
]


@pytest.mark.parametrize(("first", "second", "hours", "length"), DST_CASES)
def test_dst_changes_in_london_neither_break_nor_double_extend(first, second, hours, length):
    assert wall(second, LONDON) - wall(first, LONDON) == timedelta(hours=hours)
    updates, _ = play(DAILY, (first, LONDON), (second, LONDON))
    assert updates[-1].state.length == length
    assert updates[-1].extended is (d(second[:10]) != d(first[:10]))


def test_a_freeze_covers_the_25_hour_day_missed_across_the_autumn_change():
    rule = StreakRule(max_freezes=1, starting_freezes=1)
    updates, records = play(rule, ("2026-10-24 23:30", LONDON), ("2026-10-26 00:30", LONDON))
    last = updates[-1]
    assert (last.extended, last.used_freezes, last.lost_length) == (True, 1, 0)
    assert (last.state.length, last.state.freezes) == (2, 0)
    assert last.state.started == d("2026-10-24")
    assert records[1] == StreakPeriod(d("2026-10-25"), d("2026-10-25"), 1, used_freeze=True)


# --- freezes --------------------------------------------------------------------------------


def test_a_freeze_is_earned_every_n_days_of_streak_up_to_the_maximum():
    rule = StreakRule(max_freezes=2, freeze_auto_earn_interval=3, freeze_auto_earn_amount=1)
    days = [f"2026-11-{day:02d} 12:00" for day in range(1, 11)]
    updates, _ = play(rule, *[(day, LONDON) for day in days])
    # Day 3, 6 and 9 complete an interval; the third freeze is over the maximum of 2.
    assert [u.state.freezes for u in updates] == [0, 0, 1, 1, 1, 2, 2, 2, 2, 2]
    assert [u.earned_freezes for u in updates] == [0, 0, 1, 0, 0, 1, 0, 0, 0, 0]
    assert updates[-1].state.freeze_intervals_earned == 3


def test_auto_earn_amount_is_paid_per_interval_and_capped():
    rule = StreakRule(max_freezes=3, freeze_auto_earn_interval=2, freeze_auto_earn_amount=2)
    updates, _ = play(rule, *[(f"2026-11-0{day} 12:00", TOKYO) for day in range(1, 5)])
    assert [u.state.freezes for u in updates] == [0, 2, 2, 3]


def test_a_freeze_is_consumed_for_a_missed_day_and_history_marks_it():
    rule = StreakRule(max_freezes=2, starting_freezes=2)
    updates, records = play(
        rule,
        ("2026-11-20 08:00", LONDON),
        ("2026-11-21 08:00", LONDON),
        ("2026-11-23 08:00", LONDON),  # the 22nd was missed
    )
    last = updates[-1]
    assert (last.extended, last.used_freezes) == (True, 1)
    assert (last.state.length, last.state.freezes) == (3, 1)
    assert last.state.started == d("2026-11-20")
    rows = history(records, rule, d("2026-11-23"), 5)
    assert [(r.start.day, r.length, r.used_freeze) for r in rows] == [
        (19, 0, False),
        (20, 1, False),
        (21, 2, False),
        (22, 2, True),
        (23, 3, False),
    ]


def test_current_spends_the_freeze_once_the_missed_day_is_over():
    rule = StreakRule(max_freezes=1, starting_freezes=1)
    updates, _ = play(rule, ("2026-11-20 08:00", LONDON))
    state = updates[-1].state
    assert current(state, rule, wall("2026-11-21 23:00", LONDON), LONDON).freezes == 1
    update = settle(state, rule, wall("2026-11-22 09:00", LONDON), LONDON)
    assert (update.used_freezes, update.state.length, update.state.freezes) == (1, 1, 0)
    assert update.state.covered_through == d("2026-11-21")
    assert expires(update.state, rule) == d("2026-11-22")


def test_two_missed_days_with_one_freeze_break_the_streak():
    rule = StreakRule(max_freezes=3, starting_freezes=1)
    updates, records = play(rule, ("2026-11-20 08:00", LONDON), ("2026-11-21 08:00", LONDON))
    after = settle(updates[-1].state, rule, wall("2026-11-24 00:10", LONDON), LONDON)
    # The 22nd uses the freeze (as a job at midnight would have); the 23rd has none left.
    assert (after.used_freezes, after.lost_length) == (1, 2)
    assert (after.state.length, after.state.freezes) == (0, 0)
    assert after.state.started is None
    assert after.periods == (StreakPeriod(d("2026-11-22"), d("2026-11-22"), 2, True),)


def test_frozen_days_earn_freezes_once_the_learner_is_back_not_during_the_gap():
    rule = StreakRule(max_freezes=2, starting_freezes=1, freeze_auto_earn_interval=3)
    updates, _ = play(rule, ("2026-11-01 12:00", LONDON), ("2026-11-02 12:00", LONDON))
    state = updates[-1].state
    # Away on the 3rd and 4th: the frozen 3rd completes no interval while the learner is away.
    away = settle(state, rule, wall("2026-11-05 00:10", LONDON), LONDON)
    assert (away.used_freezes, away.earned_freezes, away.lost_length) == (1, 0, 2)
    # Back on the 4th instead: the 1st to the 4th (the frozen 3rd included) earn one.
    back = apply_activity(state, rule, wall("2026-11-04 12:00", LONDON), LONDON)
    assert (back.used_freezes, back.earned_freezes, back.lost_length) == (1, 1, 0)
    assert (back.state.length, back.state.freezes) == (3, 1)


def test_a_weekly_event_later_in_the_week_counts_its_days_for_freezes():
    rule = StreakRule(frequency="weekly", max_freezes=2, freeze_auto_earn_interval=5)
    updates, _ = play(
        rule,
        ("2026-11-23 09:00", LONDON),  # Monday: 1 day
        ("2026-11-27 09:00", LONDON),  # Friday, same week: 5 days, no extension
    )
    assert [u.extended for u in updates] == [True, False]
    assert [(u.earned_freezes, u.state.freezes) for u in updates] == [(0, 0), (1, 1)]


def test_a_new_streak_counts_freeze_intervals_from_its_own_start():
    rule = StreakRule(max_freezes=5, freeze_auto_earn_interval=2)
    updates, _ = play(
        rule,
        ("2026-11-01 12:00", LONDON),
        ("2026-11-04 12:00", LONDON),  # no freeze for the 2nd and 3rd: lost, restarts
        ("2026-11-05 12:00", LONDON),
    )
    assert updates[1].lost_length == 1
    assert [u.state.freezes for u in updates] == [0, 0, 1]
    assert updates[-1].state.started == d("2026-11-04")


# --- weekly and monthly ---------------------------------------------------------------------


def test_weekly_streak_extends_once_per_monday_to_sunday_week():
    rule = StreakRule(frequency="weekly")
    updates, _ = play(
        rule,
        ("2026-11-18 10:00", LONDON),  # Wednesday
        ("2026-11-22 22:00", LONDON),  # Sunday, same week
        ("2026-11-23 07:00", LONDON),  # Monday, next week
    )
    assert [u.extended for u in updates] == [True, False, True]
    state = updates[-1].state
    assert (state.length, state.started) == (2, d("2026-11-18"))
    assert (state.period_start, state.period_end) == (d("2026-11-23"), d("2026-11-29"))
    assert expires(state, rule) == d("2026-12-06")


def test_weekly_streak_across_new_year_and_its_loss_after_a_missed_week():
    rule = StreakRule(frequency="weekly")
    updates, _ = play(
        rule,
        ("2026-12-22 10:00", LONDON),
        ("2026-12-29 10:00", LONDON),  # week of 28 Dec - 3 Jan
        ("2027-01-02 10:00", LONDON),  # same week, next year
        ("2027-01-04 10:00", LONDON),
        ("2027-01-18 10:00", LONDON),  # the week of the 11th was missed
    )
    assert [u.extended for u in updates] == [True, True, False, True, True]
    assert [u.state.length for u in updates] == [1, 2, 2, 3, 1]
    assert updates[-1].lost_length == 3


@pytest.mark.parametrize(
    ("first", "second", "length", "expires_on"),
    [
        ("2026-01-31 23:00", "2026-02-01 00:30", 2, "2026-03-31"),  # 90 minutes, next month
        ("2026-01-01 09:00", "2026-01-31 21:00", 1, "2026-02-28"),  # same month
        ("2026-12-31 20:00", "2027-01-01 08:00", 2, "2027-02-28"),  # across New Year
        ("2028-01-15 12:00", "2028-02-29 12:00", 2, "2028-03-31"),  # leap day
        ("2026-01-31 12:00", "2026-03-01 12:00", 1, "2026-04-30"),  # February missed
    ],
)
def test_monthly_streaks_follow_calendar_months(first, second, length, expires_on):
    rule = StreakRule(frequency="monthly")
    updates, _ = play(rule, (first, LONDON), (second, LONDON))
    assert updates[-1].state.length == length
    assert expires(updates[-1].state, rule) == d(expires_on)


def test_monthly_expiry_is_the_last_day_of_next_month():
    rule = StreakRule(frequency="monthly")
    updates, _ = play(rule, ("2028-01-31 12:00", LONDON))
    assert expires(updates[-1].state, rule) == d("2028-02-29")


# --- time-zone changes ----------------------------------------------------------------------


def test_tokyo_to_los_angeles_makes_today_yesterday_again_without_breaking():
    rule = StreakRule(max_freezes=1, starting_freezes=1)
    updates, _ = play(
        rule,
        ("2026-11-10 09:00", TOKYO),
        ("2026-11-11 08:00", TOKYO),  # 10 Nov 23:00 UTC
        ("2026-11-10 16:00", LOS_ANGELES),  # an hour later, and the 10th again in LA
        ("2026-11-11 10:00", LOS_ANGELES),  # the 11th was already kept in Tokyo
        ("2026-11-12 10:00", LOS_ANGELES),
    )
    assert [u.extended for u in updates] == [True, True, False, False, True]
    assert [u.state.length for u in updates] == [1, 2, 2, 2, 3]
    assert all(u.used_freezes == 0 and u.lost_length == 0 for u in updates)
    assert updates[-1].state.freezes == 1
    assert updates[-1].state.period_start == d("2026-11-12")


def test_los_angeles_to_tokyo_does_not_hold_the_skipped_date_against_the_user():
    rule = StreakRule(max_freezes=1, starting_freezes=1)
    updates, records = play(
        rule,
        ("2026-11-11 20:00", LOS_ANGELES),
        ("2026-11-12 20:00", LOS_ANGELES),  # 13 Nov 04:00 UTC, 13:00 in Tokyo
        ("2026-11-14 10:00", TOKYO),  # 13 Nov 17:00 in LA: the 13th is not over there
        ("2026-11-15 10:00", TOKYO),
    )
    assert [u.extended for u in updates] == [True, True, True, True]
    assert [u.state.length for u in updates] == [1, 2, 3, 4]
    assert all(u.used_freezes == 0 and u.lost_length == 0 for u in updates)
    assert updates[-1].state.freezes == 1
    # The 13th fell between the two calendars: empty in the history, yet nothing broke.
    rows = history(records, rule, d("2026-11-15"), 5)
    assert [(r.start.day, r.length) for r in rows] == [(11, 1), (12, 2), (13, 0), (14, 3), (15, 4)]


def test_a_day_missed_on_both_calendars_still_counts_after_a_time_zone_change():
    rule = StreakRule(max_freezes=1, starting_freezes=1)
    updates, _ = play(
        rule,
        ("2026-11-12 20:00", LOS_ANGELES),  # 13 Nov 04:00 UTC
        ("2026-11-15 10:00", TOKYO),  # 14 Nov 17:00 in LA: the 13th is over in both zones
    )
    last = updates[-1]
    assert (last.used_freezes, last.lost_length) == (1, 0)
    assert (last.state.length, last.state.freezes) == (2, 0)


def test_back_from_los_angeles_to_tokyo_the_streak_goes_on():
    updates, _ = play(
        DAILY,
        ("2026-11-20 09:00", TOKYO),
        ("2026-11-20 12:00", LOS_ANGELES),  # 21 Nov 05:00 in Tokyo, still the 20th here
        ("2026-11-21 19:00", LOS_ANGELES),
        ("2026-11-23 08:00", TOKYO),  # 22 Nov 15:00 in LA
    )
    assert [u.extended for u in updates] == [True, False, True, True]
    assert [u.state.length for u in updates] == [1, 1, 2, 3]


# --- history --------------------------------------------------------------------------------


def test_history_lists_the_last_periods_oldest_first_up_to_the_current_one():
    rule = StreakRule(frequency="weekly")
    _, records = play(rule, ("2026-11-04 10:00", LONDON), ("2026-11-11 10:00", LONDON))
    rows = history(records, rule, d("2026-11-26"), 4)
    assert [(r.start, r.end, r.length) for r in rows] == [
        (d("2026-11-02"), d("2026-11-08"), 1),
        (d("2026-11-09"), d("2026-11-15"), 2),
        (d("2026-11-16"), d("2026-11-22"), 0),
        (d("2026-11-23"), d("2026-11-29"), 0),
    ]
    assert history(records, rule, d("2026-11-26"), 0) == []
    with pytest.raises(ValueError, match="historyPeriods must be 0 or more"):
        history(records, rule, d("2026-11-26"), -1)
