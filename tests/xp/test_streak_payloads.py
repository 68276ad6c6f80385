"""Trophy's streak shapes (app/xp/payloads/streaks.py), checked against its schemas."""

from app.xp.payloads.streaks import metric_event_streak, streak_response
from app.xp.streak_rules import StreakRule, current, history
from tests.xp.contract import assert_matches
from tests.xp.streak_clock import LONDON, TOKYO, d, play, wall

DAILY = StreakRule()


def test_current_streak_before_any_streak_is_length_0_with_nulls():
    body = metric_event_streak(DAILY.initial_state(), DAILY, extended=False)
    assert body == {
        "length": 0,
        "frequency": "daily",
        "started": None,
        "periodStart": None,
        "periodEnd": None,
        "expires": None,
        "extended": False,
    }
    assert_matches(body, "MetricEventStreakResponse")


def test_current_streak_after_an_extension_carries_dates_and_freeze_settings():
    rule = StreakRule(max_freezes=3, starting_freezes=1, freeze_auto_earn_interval=7)
    updates, _ = play(rule, ("2026-11-26 08:00", TOKYO))
    body = metric_event_streak(updates[-1].state, rule, updates[-1].extended)
    assert body == {
        "length": 1,
        "frequency": "daily",
        "started": "2026-11-26",
        "periodStart": "2026-11-26",
        "periodEnd": "2026-11-26",
        "expires": "2026-11-27",
        "freezes": 1,
        "maxFreezes": 3,
        "freezeAutoEarnInterval": 7,
        "freezeAutoEarnAmount": 1,
        "extended": True,
    }
    assert_matches(body, "MetricEventStreakResponse")


def test_streak_response_with_history_matches_trophys_schema():
    rule = StreakRule(max_freezes=2, starting_freezes=1)
    updates, records = play(rule, ("2026-11-23 08:00", LONDON), ("2026-11-25 19:45", LONDON))
    state = current(updates[-1].state, rule, wall("2026-11-26 10:00", LONDON), LONDON)
    body = streak_response(state, rule, history(records, rule, d("2026-11-26"), 4))
    assert body == {
        "length": 2,
        "frequency": "daily",
        "started": "2026-11-23",
        "periodStart": "2026-11-25",
        "periodEnd": "2026-11-25",
        "expires": "2026-11-26",
        "freezes": 0,
        "maxFreezes": 2,
        "extended": "2026-11-25T19:45:00Z",
        "streakHistory": [
            {"periodStart": "2026-11-23", "periodEnd": "2026-11-23", "length": 1,
             "usedPause": False, "usedFreeze": False},
            {"periodStart": "2026-11-24", "periodEnd": "2026-11-24", "length": 1,
             "usedPause": False, "usedFreeze": True},
            {"periodStart": "2026-11-25", "periodEnd": "2026-11-25", "length": 2,
             "usedPause": False, "usedFreeze": False},
            {"periodStart": "2026-11-26", "periodEnd": "2026-11-26", "length": 0,
             "usedPause": False, "usedFreeze": False},
        ],
        "pauses": [],
    }  # fmt: skip
    assert_matches(body, "StreakResponse")


def test_streak_response_for_a_lost_streak_has_nulls_and_zero_history():
    rule = StreakRule(frequency="monthly")
    updates, records = play(rule, ("2026-08-15 12:00", LONDON))
    state = current(updates[-1].state, rule, wall("2026-11-26 12:00", LONDON), LONDON)
    body = streak_response(state, rule, history(records, rule, d("2026-11-26"), 2))
    assert body["length"] == 0
    assert [body[k] for k in ("started", "periodStart", "periodEnd", "expires", "extended")] == [
        None
    ] * 5
    assert body["streakHistory"] == [
        {"periodStart": "2026-10-01", "periodEnd": "2026-10-31", "length": 0, "usedPause": False},
        {"periodStart": "2026-11-01", "periodEnd": "2026-11-30", "length": 0, "usedPause": False},
    ]
    assert_matches(body, "StreakResponse")
