"""The run arithmetic (app/xp/leaderboard_rules.py): pure, no database, no calendar."""

from datetime import UTC, date, datetime, time

import pytest

from app.xp.leaderboard_rules import (
    Run,
    Schedule,
    accepts,
    add_months,
    board_status,
    final_at,
    in_window,
    opens_at,
    shown_value,
)
from app.xp.streak_rules import local_date

pytestmark = pytest.mark.calendar_free

D = date.fromisoformat


def test_a_weekly_board_runs_monday_to_sunday_from_its_start():
    weekly = Schedule(D("2027-03-01"), run_unit="day", run_interval=7)  # a Monday
    assert weekly.run_of(D("2027-03-01")) == Run(D("2027-03-01"), D("2027-03-07"))
    assert weekly.run_of(D("2027-03-07")) == Run(D("2027-03-01"), D("2027-03-07"))
    assert weekly.run_of(D("2027-03-08")) == Run(D("2027-03-08"), D("2027-03-14"))
    assert weekly.run_of(D("2027-02-28")) is None


def test_monthly_runs_from_the_31st_clamp_to_short_months_and_come_back():
    monthly = Schedule(D("2028-01-31"), run_unit="month", run_interval=1)
    assert monthly.run_of(D("2028-02-28")) == Run(D("2028-01-31"), D("2028-02-28"))
    assert monthly.run_of(D("2028-02-29")) == Run(D("2028-02-29"), D("2028-03-30"))
    assert monthly.run_of(D("2028-03-31")) == Run(D("2028-03-31"), D("2028-04-29"))
    assert monthly.run_of(D("2028-12-31")) == Run(D("2028-12-31"), D("2029-01-30"))


def test_yearly_runs_from_a_leap_day():
    yearly = Schedule(D("2028-02-29"), run_unit="year", run_interval=1)
    assert yearly.run_of(D("2029-02-27")) == Run(D("2028-02-29"), D("2029-02-27"))
    assert yearly.run_of(D("2029-02-28")) == Run(D("2029-02-28"), D("2030-02-27"))
    assert yearly.run_of(D("2032-02-29")) == Run(D("2032-02-29"), D("2033-02-27"))


def test_every_two_months_and_the_boards_end_cuts_the_last_run():
    board = Schedule(D("2027-11-15"), D("2028-02-01"), run_unit="month", run_interval=2)
    assert board.run_of(D("2027-12-31")) == Run(D("2027-11-15"), D("2028-01-14"))
    assert board.run_of(D("2028-01-15")) == Run(D("2028-01-15"), D("2028-02-01"))
    assert board.run_of(D("2028-02-02")) is None
    assert [r.start for r in board.runs(D("2030-01-01"))] == [D("2027-11-15"), D("2028-01-15")]


def test_a_board_without_runs_is_one_run():
    assert Schedule(D("2027-01-01")).run_of(D("2099-12-31")) == Run(D("2027-01-01"), None)
    once = Schedule(D("2027-01-01"), D("2027-01-31"))
    assert once.run_of(D("2027-01-31")) == Run(D("2027-01-01"), D("2027-01-31"))


def test_daily_runs_across_new_year_and_a_dst_day():
    daily = Schedule(D("2027-12-30"), run_unit="day", run_interval=1)
    assert daily.run_of(D("2028-01-01")) == Run(D("2028-01-01"), D("2028-01-01"))
    london_spring = Schedule(D("2027-03-01"), run_unit="day", run_interval=1)
    # 23-hour day: 00:30 and 23:30 London time on 28 March 2027 are one run
    early = datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    late = datetime(2027, 3, 28, 22, 30, tzinfo=UTC)  # 23:30 BST
    assert local_date(early, "Europe/London") == local_date(late, "Europe/London")
    assert london_spring.run_of(local_date(late, "Europe/London")).start == D("2027-03-28")


def test_the_same_instant_falls_in_different_runs_at_plus_14_and_minus_11():
    daily = Schedule(D("2027-01-01"), run_unit="day", run_interval=1)
    instant = datetime(2027, 6, 15, 10, 30, tzinfo=UTC)
    kiritimati = daily.run_of(local_date(instant, "Pacific/Kiritimati"))
    pago_pago = daily.run_of(local_date(instant, "Pacific/Pago_Pago"))
    assert (kiritimati.start, pago_pago.start) == (D("2027-06-16"), D("2027-06-14"))


def test_a_run_is_final_twelve_hours_after_its_utc_end():
    run = Run(D("2027-03-01"), D("2027-03-07"))
    assert final_at(run.end) == datetime(2027, 3, 8, 12, tzinfo=UTC)
    assert accepts(run, datetime(2027, 3, 8, 11, 59, 59, tzinfo=UTC))
    assert not accepts(run, datetime(2027, 3, 8, 12, tzinfo=UTC))
    # At the last accepted instant it is still 7 March in UTC-12, and 8 March everywhere east
    last = datetime(2027, 3, 8, 11, 59, tzinfo=UTC)
    assert local_date(last, "Etc/GMT+12") == D("2027-03-07")
    assert accepts(Run(D("2027-03-01"), None), datetime(2999, 1, 1, tzinfo=UTC))


def test_board_status_follows_the_first_and_last_zones():
    start, end = D("2027-03-01"), D("2027-03-07")
    assert opens_at(start) == datetime(2027, 2, 28, 10, tzinfo=UTC)  # midnight at UTC+14
    assert board_status(start, end, datetime(2027, 2, 28, 9, 59, tzinfo=UTC)) == "scheduled"
    assert board_status(start, end, datetime(2027, 2, 28, 10, tzinfo=UTC)) == "active"
    assert board_status(start, end, datetime(2027, 3, 8, 12, tzinfo=UTC)) == "finished"
    assert board_status(start, None, datetime(2099, 1, 1, tzinfo=UTC)) == "active"
    assert board_status(start, None, datetime(2027, 3, 2, tzinfo=UTC), finished=True) == (
        "finished"
    )


@pytest.mark.parametrize(
    "local, start, end, inside",
    [
        (time(8, 59), "09:00", "17:00", False),
        (time(9, 0), "09:00", "17:00", True),
        (time(16, 59, 59), "09:00", "17:00", True),
        (time(17, 0), "09:00", "17:00", False),
        (time(23, 0), "22:00", "02:00", True),
        (time(1, 59), "22:00", "02:00", True),
        (time(2, 0), "22:00", "02:00", False),
        (time(0, 0), None, "06:00", True),
        (time(6, 0), "06:00", None, True),
        (time(12, 0), None, None, True),
    ],
)
def test_the_daily_window(local, start, end, inside):
    assert in_window(local, start, end) is inside


def test_add_months_and_shown_values():
    assert add_months(D("2027-01-31"), 1) == D("2027-02-28")
    assert add_months(D("2027-12-15"), 1) == D("2028-01-15")
    assert add_months(D("2028-02-29"), 12) == D("2029-02-28")
    assert [shown_value(v) for v in (2.75, 3.0, -0.5, 0.0)] == [2, 3, -1, 0]


def test_a_repeating_schedule_needs_an_interval():
    with pytest.raises(ValueError):
        Schedule(D("2027-01-01"), run_unit="week", run_interval=1)
    with pytest.raises(ValueError):
        Schedule(D("2027-01-01"), run_unit="day", run_interval=0)
