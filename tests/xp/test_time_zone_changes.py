"""Issue 12: a time zone must not buy a streak day (streaks.py, "Time zones").

A new tz takes effect at once unless the learner was already active today in the zone in
force; then that zone dates everything until its local date ends.
"""

from datetime import date, timedelta

from app.xp import streaks
from tests.support.clock import wall
from tests.xp.streak_clock import LONDON, TOKYO

BEHIND = "Etc/GMT+12"  # UTC-12: the last zone to start a date
AHEAD = "Pacific/Kiritimati"  # UTC+14: the first; 26 hours ahead of BEHIND
NOON_BEHIND = "2026-06-01 12:00"  # 2 June 00:00 UTC, 2 June 14:00 in Kiritimati


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- the rule, pure ---------------------------------------------------------------------------


def never_active(since):
    return None


def test_a_new_tz_takes_effect_at_once_when_nothing_was_dated_today():
    at = wall("2026-06-02 10:00", LONDON)
    yesterday = wall("2026-06-01 20:00", LONDON)
    assert streaks.change_zone(at, LONDON, None, None, TOKYO, never_active) == (None, None)
    assert streaks.change_zone(at, LONDON, None, None, TOKYO, lambda since: yesterday) == (
        None,
        None,
    )
    assert streaks.zone_at(at, TOKYO, None, None) == TOKYO


def test_a_new_tz_waits_for_the_next_local_day_where_the_learner_was_active_today():
    active = wall(NOON_BEHIND, BEHIND)
    at = active + timedelta(minutes=1)
    asked = []

    def last_active_at(since):
        asked.append(since)
        return active

    held = streaks.change_zone(at, BEHIND, None, None, AHEAD, last_active_at)
    assert held == (BEHIND, d("2026-06-01"))
    assert asked == [d("2026-05-30")]  # two days back covers every zone's dates
    assert streaks.zone_at(at, AHEAD, *held) == BEHIND
    assert streaks.zone_at(wall("2026-06-01 23:59", BEHIND), AHEAD, *held) == BEHIND
    assert streaks.zone_at(wall("2026-06-02 00:00", BEHIND), AHEAD, *held) == AHEAD
    # Back to the zone in force: nothing waits any more, and nothing is read.
    assert streaks.change_zone(at, AHEAD, *held, BEHIND, last_active_at) == (None, None)
    # A third zone while one is held: the same hold, nothing read.
    assert streaks.change_zone(at, AHEAD, *held, TOKYO, last_active_at) == held
    assert len(asked) == 1


def test_no_tz_is_utc_and_sending_utc_then_changes_nothing():
    at = wall("2026-06-01 12:00", "UTC")
    assert streaks.zone_at(at, None, None, None) == "UTC"
    assert streaks.change_zone(at, None, None, None, "UTC", never_active) == (None, None)
