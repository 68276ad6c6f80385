"""Streaks in record_event and GET /users/{id}/streak, on a controllable clock."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.streaks import StreakSettings, UserStreak, UserStreakPeriod
from app.xp.queries.streaks import user_streak
from tests.xp.engagement_setup import at, days, flip, metric, streaks_on, trigger
from tests.xp.streak_clock import LONDON, LOS_ANGELES, TOKYO, wall


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


def streak(response):
    s = response["currentStreak"]
    return s["length"], s["extended"]


def test_without_streak_metrics_every_event_reports_an_empty_streak(ctx):
    assert flip()["currentStreak"] == {
        "length": 0,
        "frequency": "daily",
        "started": None,
        "periodStart": None,
        "periodEnd": None,
        "expires": None,
        "extended": False,
    }
    assert db.session.scalar(select(UserStreak.user_id)) is None


def test_the_first_event_of_each_local_day_extends_the_streak(ctx):
    streaks_on()
    first = flip(when=at("2026-11-01", 9))
    assert first["currentStreak"] == {
        "length": 1,
        "frequency": "daily",
        "started": "2026-11-01",
        "periodStart": "2026-11-01",
        "periodEnd": "2026-11-01",
        "expires": "2026-11-02",
        "extended": True,
    }
    assert streak(flip(when=at("2026-11-01", 20))) == (1, False)
    assert streak(flip(when=at("2026-11-02", 8))) == (2, True)
    assert streak(flip(when=at("2026-11-03", 8))) == (3, True)
    assert db.session.get(UserStreak, 1).longest == 3


def test_a_missed_day_loses_the_streak_and_the_next_event_starts_again(ctx, clock):
    streaks_on()
    for moment in days("2026-11-01", 3):
        flip(when=moment)
    clock.set(at("2026-11-05"))
    read = user_streak("ana", 7)
    assert read["length"] == 0 and read["started"] is None and read["extended"] is None
    restarted = flip(when=at("2026-11-05"))
    assert restarted["currentStreak"]["length"] == 1
    assert restarted["currentStreak"]["started"] == "2026-11-05"
    assert db.session.get(UserStreak, 1).longest == 3


def test_non_positive_events_and_other_metrics_report_without_extending(ctx):
    streaks_on()
    flip(when=at("2026-11-01"))
    assert streak(flip(0, when=at("2026-11-02"))) == (1, False)
    assert streak(flip(-1, when=at("2026-11-02", 13))) == (1, False)
    assert streak(flip(1, when=at("2026-11-02", 14))) == (2, True)


def test_a_freeze_keeps_the_streak_through_a_missed_dst_day_in_london(ctx, clock):
    # Sunday 29 March 2026 has 23 hours in London; the learner skips it.
    streaks_on(max_freezes=1, starting_freezes=1)
    london = {"tz": LONDON}
    flip(when=wall("2026-03-27 23:30", LONDON), **london)
    flip(when=wall("2026-03-28 00:10", LONDON), **london)
    back = flip(when=wall("2026-03-30 00:05", LONDON), **london)
    assert back["currentStreak"]["length"] == 3
    assert back["currentStreak"]["freezes"] == 0
    assert back["currentStreak"]["started"] == "2026-03-27"
    periods = db.session.scalars(select(UserStreakPeriod).order_by(UserStreakPeriod.start)).all()
    assert [(str(p.start), p.length, p.used_freeze) for p in periods] == [
        ("2026-03-27", 1, False),
        ("2026-03-28", 2, False),
        ("2026-03-29", 2, True),
        ("2026-03-30", 3, False),
    ]
    clock.set(wall("2026-03-30 12:00", LONDON))
    history = user_streak("ana", 4)["streakHistory"]
    assert [(h["periodStart"], h["length"], h["usedFreeze"]) for h in history] == [
        ("2026-03-27", 1, False),
        ("2026-03-28", 2, False),
        ("2026-03-29", 2, True),
        ("2026-03-30", 3, False),
    ]


def test_a_read_settles_a_missed_day_with_a_freeze_without_writing_it(ctx, clock):
    streaks_on(max_freezes=2, starting_freezes=2)
    flip(when=at("2026-11-01"))
    clock.set(at("2026-11-03"))
    read = user_streak("ana", 3)
    assert (read["length"], read["freezes"], read["expires"]) == (1, 1, "2026-11-03")
    assert [h["usedFreeze"] for h in read["streakHistory"]] == [False, True, False]
    assert db.session.get(UserStreak, 1).freezes == 2  # the next event stores it


def test_flying_from_tokyo_to_los_angeles_never_loses_or_double_counts_a_day(ctx):
    streaks_on()
    flip(when=wall("2026-06-01 20:00", TOKYO), tz=TOKYO)
    # Next morning in Tokyo, then a flight: in Los Angeles it is 1 June again.
    assert streak(flip(when=wall("2026-06-02 08:00", TOKYO), tz=TOKYO)) == (2, True)
    assert streak(flip(when=wall("2026-06-01 20:00", LOS_ANGELES), tz=LOS_ANGELES)) == (2, False)
    assert streak(flip(when=wall("2026-06-02 09:00", LOS_ANGELES), tz=LOS_ANGELES)) == (2, False)
    assert streak(flip(when=wall("2026-06-03 09:00", LOS_ANGELES), tz=LOS_ANGELES)) == (3, True)


def test_weekly_streaks_count_monday_to_sunday_weeks(ctx):
    streaks_on(frequency="weekly")
    assert streak(flip(when=at("2026-11-01"))) == (1, True)  # a Sunday
    assert streak(flip(when=at("2026-11-02"))) == (2, True)  # Monday: a new week
    assert streak(flip(when=at("2026-11-08"))) == (2, False)
    response = flip(when=at("2026-11-09"))
    assert response["currentStreak"]["periodStart"] == "2026-11-09"
    assert response["currentStreak"]["periodEnd"] == "2026-11-15"
    assert response["currentStreak"]["frequency"] == "weekly"


def test_a_streak_trigger_pays_every_n_periods(ctx):
    streaks_on()
    trigger("streak", 50, streak_length_threshold=7)
    paid = []
    for moment in days("2026-11-01", 15):
        awards = flip(when=moment)["points"].get("xp", {}).get("awards", [])
        paid.append([a["awarded"] for a in awards if a["trigger"]["type"] == "streak"])
    assert [i + 1 for i, p in enumerate(paid) if p] == [7, 14]
    assert paid[6] == [50]
    award = [a for a in flip(when=at("2026-11-15", 13))["points"].get("xp", {}).get("awards", [])]
    assert award == []  # the 15th day is paid once, by its first event


def test_history_periods_are_checked(ctx):
    flip()
    from app.xp.errors import NotFound, Unprocessable

    with pytest.raises(Unprocessable, match="between 1 and 100"):
        user_streak("ana", 0)
    with pytest.raises(Unprocessable, match="between 1 and 100"):
        user_streak("ana", 101)
    with pytest.raises(NotFound):
        user_streak("nobody", 7)
    assert len(user_streak("ana", 14)["streakHistory"]) == 14
    assert metric().counts_for_streak is False


def test_a_freeze_covers_a_missed_day_across_a_time_zone_change(ctx, clock):
    streaks_on(max_freezes=1, starting_freezes=1)
    flip(when=wall("2026-06-01 20:00", LONDON), tz=LONDON)
    # Flies to Tokyo, misses 2 June on both calendars, studies on 3 June in Tokyo.
    back = flip(when=wall("2026-06-03 09:00", TOKYO), tz=TOKYO)
    assert (back["currentStreak"]["length"], back["currentStreak"]["freezes"]) == (2, 0)
    assert back["currentStreak"]["periodStart"] == "2026-06-03"
    clock.set(wall("2026-06-03 10:00", TOKYO))
    history = user_streak("ana", 3)["streakHistory"]
    assert [(h["periodStart"], h["length"], h["usedFreeze"]) for h in history] == [
        ("2026-06-01", 1, False),
        ("2026-06-02", 1, True),
        ("2026-06-03", 2, False),
    ]


def test_flying_east_past_midnight_never_costs_a_freeze(ctx):
    streaks_on(max_freezes=1, starting_freezes=1)
    flip(when=wall("2026-06-01 23:30", LONDON), tz=LONDON)
    # 06:00 on 3 June in Tokyo is still 2 June in London: no day was missed on the calendar
    # the streak was kept on, so Tokyo's skipped 2 June is not held against the learner.
    back = flip(when=wall("2026-06-03 06:00", TOKYO), tz=TOKYO)
    assert (back["currentStreak"]["length"], back["currentStreak"]["freezes"]) == (2, 1)


def test_changing_the_frequency_keeps_streaks_and_their_stored_periods(ctx):
    streaks_on(frequency="daily")
    for moment in days("2026-11-23", 3):  # Monday to Wednesday
        flip(when=moment)
    settings = db.session.get(StreakSettings, 1)
    settings.frequency = "weekly"
    db.session.commit()
    # Still the week of the last covered day: nothing new; the next week extends it.
    assert streak(flip(when=at("2026-11-27"))) == (3, False)
    assert streak(flip(when=at("2026-11-30"))) == (4, True)
    settings.frequency = "daily"
    db.session.commit()
    assert streak(flip(when=at("2026-12-07"))) == (5, True)
    starts = db.session.scalars(select(UserStreakPeriod.start).order_by(UserStreakPeriod.start))
    assert [str(d) for d in starts] == [
        "2026-11-23",
        "2026-11-24",
        "2026-11-25",
        "2026-11-30",
        "2026-12-07",
    ]
