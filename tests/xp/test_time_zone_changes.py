"""Issue 12: a time zone must not buy a streak day (streak_rules.py, "Time zones").

A new tz takes effect at once unless the learner was already active today in the zone in
force; then that zone dates everything until its local date ends. Engine and API tests run
on SQLite and PostgreSQL, on the `clock` fixture: every event happens "now".
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp import streak_rules
from app.xp.models.metrics import MetricEvent
from app.xp.models.points import PointsAward
from app.xp.models.streaks import UserStreakPeriod
from app.xp.models.users import XpUser
from app.xp.queries.streaks import user_streak
from tests.support.clock import wall
from tests.xp.engagement_setup import boost, flip, streaks_on, trigger
from tests.xp.streak_clock import LONDON, LOS_ANGELES, TOKYO
from tests.xp.test_api import XpApi

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
    assert streak_rules.change_zone(at, LONDON, None, None, TOKYO, never_active) == (None, None)
    assert streak_rules.change_zone(at, LONDON, None, None, TOKYO, lambda since: yesterday) == (
        None,
        None,
    )
    assert streak_rules.zone_at(at, TOKYO, None, None) == TOKYO


def test_a_new_tz_waits_for_the_next_local_day_where_the_learner_was_active_today():
    active = wall(NOON_BEHIND, BEHIND)
    at = active + timedelta(minutes=1)
    asked = []

    def last_active_at(since):
        asked.append(since)
        return active

    held = streak_rules.change_zone(at, BEHIND, None, None, AHEAD, last_active_at)
    assert held == (BEHIND, d("2026-06-01"))
    assert asked == [d("2026-05-30")]  # two days back covers every zone's dates
    assert streak_rules.zone_at(at, AHEAD, *held) == BEHIND
    assert streak_rules.zone_at(wall("2026-06-01 23:59", BEHIND), AHEAD, *held) == BEHIND
    assert streak_rules.zone_at(wall("2026-06-02 00:00", BEHIND), AHEAD, *held) == AHEAD
    # Back to the zone in force: nothing waits any more, and nothing is read.
    assert streak_rules.change_zone(at, AHEAD, *held, BEHIND, last_active_at) == (None, None)
    # A third zone while one is held: the same hold, nothing read.
    assert streak_rules.change_zone(at, AHEAD, *held, TOKYO, last_active_at) == held
    assert len(asked) == 1


def test_no_tz_is_utc_and_sending_utc_then_changes_nothing():
    at = wall("2026-06-01 12:00", "UTC")
    assert streak_rules.zone_at(at, None, None, None) == "UTC"
    assert streak_rules.change_zone(at, None, None, None, "UTC", never_active) == (None, None)


# --- the exploit, through record_event --------------------------------------------------------


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


def streak_awards(response) -> list[int]:
    awards = response["points"].get("xp", {}).get("awards", [])
    return [a["awarded"] for a in awards if a["trigger"]["type"] == "streak"]


def event_dates() -> list[tuple[str, str]]:
    rows = db.session.execute(select(MetricEvent.local_date, MetricEvent.tz).order_by("id"))
    return [(str(day), tz) for day, tz in rows]


def stored_periods() -> list[tuple[str, int]]:
    rows = db.session.scalars(select(UserStreakPeriod).order_by(UserStreakPeriod.start))
    return [(str(p.start), p.length) for p in rows]


def ana() -> XpUser:
    db.session.expire_all()
    return db.session.scalar(select(XpUser).where(XpUser.external_id == "ana"))


def test_gmt_minus_12_then_kiritimati_a_minute_later_is_one_local_date(ctx, clock):
    streaks_on()
    trigger("streak", 50, streak_length_threshold=2)
    clock.set(wall(NOON_BEHIND, BEHIND))
    first = flip(tz=BEHIND)
    clock.shift(minutes=1)  # 14:01 on 2 June in Kiritimati
    second = flip(tz=AHEAD)

    assert (first["currentStreak"]["length"], first["currentStreak"]["extended"]) == (1, True)
    assert second["currentStreak"] == {
        "length": 1,
        "frequency": "daily",
        "started": "2026-06-01",
        "periodStart": "2026-06-01",
        "periodEnd": "2026-06-01",
        "expires": "2026-06-02",
        "extended": False,
    }
    assert streak_awards(second) == [] and second["points"] == {}
    assert event_dates() == [("2026-06-01", BEHIND), ("2026-06-01", BEHIND)]
    assert stored_periods() == [("2026-06-01", 1)]
    user = ana()
    assert (user.tz, user.dating_tz, user.dating_tz_until) == (AHEAD, BEHIND, d("2026-06-01"))
    assert user_streak("ana", 2)["length"] == 1


def test_the_new_zone_takes_effect_from_the_next_local_day_where_the_learner_was(ctx, clock):
    streaks_on()
    trigger("streak", 50, streak_length_threshold=2)
    clock.set(wall(NOON_BEHIND, BEHIND))
    flip(tz=BEHIND)
    clock.shift(minutes=1)
    flip(tz=AHEAD)
    clock.set(wall("2026-06-01 23:59", BEHIND))
    assert flip()["currentStreak"]["length"] == 1
    # Midnight where the learner was: Kiritimati is in force, at 02:00 on 3 June there.
    clock.set(wall("2026-06-02 00:00", BEHIND))
    assert clock.today(AHEAD) == d("2026-06-03")
    assert user_streak("ana", 1)["length"] == 1
    next_day = flip()
    assert (next_day["currentStreak"]["length"], next_day["currentStreak"]["extended"]) == (2, True)
    assert next_day["currentStreak"]["periodStart"] == "2026-06-03"
    assert streak_awards(next_day) == [50]
    assert event_dates()[-1] == ("2026-06-03", AHEAD)
    # 2 June fell between the calendars (flying east): never held against the learner.
    assert stored_periods() == [("2026-06-01", 1), ("2026-06-03", 2)]


def test_kiritimati_then_gmt_minus_12_a_minute_later_is_one_local_date(ctx, clock):
    streaks_on()
    trigger("streak", 50, streak_length_threshold=2)
    clock.set(wall(NOON_BEHIND, BEHIND))
    first = flip(tz=AHEAD)
    clock.shift(minutes=1)  # 12:01 on 1 June where BEHIND is
    second = flip(tz=BEHIND)

    assert first["currentStreak"]["periodStart"] == "2026-06-02"
    assert (second["currentStreak"]["length"], second["currentStreak"]["extended"]) == (1, False)
    assert second["currentStreak"]["periodStart"] == "2026-06-02"
    assert streak_awards(second) == []
    assert event_dates() == [("2026-06-02", AHEAD), ("2026-06-02", AHEAD)]
    user = ana()
    assert (user.tz, user.dating_tz, user.dating_tz_until) == (BEHIND, AHEAD, d("2026-06-02"))


def test_switching_back_and_forth_every_half_hour_gains_nothing(ctx, clock):
    """Three days of events every 30 minutes, the tz flipping each time: the streak grows
    exactly as a learner's who stayed in Etc/GMT+12 (a day at each of its midnights)."""
    streaks_on()
    trigger("streak", 50, streak_length_threshold=2)
    start = clock.set(wall(NOON_BEHIND, BEHIND))
    grew, paid = [], []
    for step in range(145):
        clock.set(start + timedelta(minutes=30 * step))
        response = flip(tz=AHEAD if step % 2 else BEHIND)
        hours = step / 2
        if response["currentStreak"]["extended"]:
            grew.append((hours, response["currentStreak"]["length"]))
        if streak_awards(response):
            paid.append((hours, streak_awards(response)))
    assert grew == [(0, 1), (12, 2), (36, 3), (60, 4)]
    assert paid == [(12, [50]), (60, [50])]
    assert [length for _, length in stored_periods()] == [1, 2, 3, 4]
    # Never two dates within one local day of the zone in force: one date per stretch.
    days = [day for day, _ in event_dates()]
    stretches = [days[0]] + [b for a, b in zip(days, days[1:], strict=False) if a != b]
    assert stretches == [
        "2026-06-01",  # Etc/GMT+12, hours 0 to 11.5
        "2026-06-03",  # Kiritimati from Etc/GMT+12's midnight to its own
        "2026-06-02",  # Etc/GMT+12 again: an earlier date, which extends nothing
        "2026-06-04",
        "2026-06-03",
        "2026-06-05",
    ]


def test_the_same_learner_without_changes_grows_the_same(ctx, clock):
    streaks_on()
    start = clock.set(wall(NOON_BEHIND, BEHIND))
    grew = []
    for step in range(145):
        clock.set(start + timedelta(minutes=30 * step))
        response = flip(tz=BEHIND)
        if response["currentStreak"]["extended"]:
            grew.append((step / 2, response["currentStreak"]["length"]))
    assert grew == [(0, 1), (12, 2), (36, 3), (60, 4)]


def test_the_held_zone_dates_awards_and_their_boosts_too(ctx, clock):
    clock.set(wall(NOON_BEHIND, BEHIND))
    flip(5, tz=BEHIND)  # +10 XP on 1 June
    boost(2.0, d("2026-06-02"), user="ana")  # from 2 June: Kiritimati's date at this moment
    clock.shift(minutes=1)
    second = flip(5, tz=AHEAD)
    award = second["points"]["xp"]["awards"][0]
    assert (award["awarded"], award["boosts"]) == (10, [])
    dates = db.session.scalars(select(PointsAward.local_date).order_by(PointsAward.id)).all()
    assert dates == [d("2026-06-01"), d("2026-06-01")]


def test_a_users_boosts_are_listed_as_of_the_date_in_the_held_zone(ctx, clock):
    from app.xp.queries.boosts import user_points_boosts

    clock.set(wall(NOON_BEHIND, BEHIND))
    flip(tz=BEHIND)
    boost(2.0, d("2026-06-02"), user="ana", name="From 2 June")
    clock.shift(minutes=1)
    flip(tz=AHEAD)
    listed = user_points_boosts("ana", "xp")
    assert [(b["name"], b["status"]) for b in listed] == [("From 2 June", "scheduled")]
    clock.set(wall("2026-06-02 00:00", BEHIND))  # the next day where the learner was
    listed = user_points_boosts("ana", "xp")
    assert [(b["name"], b["status"]) for b in listed] == [("From 2 June", "active")]


def test_travellers_keep_their_streak_london_to_tokyo_overnight(ctx, clock):
    streaks_on(max_freezes=1, starting_freezes=1)
    clock.set(wall("2026-06-01 20:00", LONDON))
    flip(tz=LONDON)
    # Lands in Tokyo: 18:00 there is 10:00 on 2 June in London, with nothing dated yet.
    clock.set(wall("2026-06-02 18:00", TOKYO))
    landed = flip(tz=TOKYO)
    assert (landed["currentStreak"]["length"], landed["currentStreak"]["extended"]) == (2, True)
    clock.set(wall("2026-06-03 08:00", TOKYO))
    next_morning = flip(tz=TOKYO)
    assert next_morning["currentStreak"]["length"] == 3
    assert next_morning["currentStreak"]["freezes"] == 1
    assert event_dates() == [
        ("2026-06-01", LONDON),
        ("2026-06-02", TOKYO),
        ("2026-06-03", TOKYO),
    ]


def test_travellers_keep_their_streak_flying_east_past_midnight(ctx, clock):
    streaks_on(max_freezes=1, starting_freezes=1)
    clock.set(wall("2026-06-01 23:30", LONDON))
    flip(tz=LONDON)
    clock.set(wall("2026-06-03 06:00", TOKYO))  # 22:00 on 2 June in London
    back = flip(tz=TOKYO)
    assert (back["currentStreak"]["length"], back["currentStreak"]["freezes"]) == (2, 1)
    assert event_dates()[-1] == ("2026-06-03", TOKYO)


def test_travellers_keep_their_streak_tokyo_to_los_angeles(ctx, clock):
    streaks_on()
    clock.set(wall("2026-06-01 20:00", TOKYO))
    flip(tz=TOKYO)
    clock.set(wall("2026-06-02 08:00", TOKYO))
    assert flip(tz=TOKYO)["currentStreak"]["length"] == 2
    # Lands in Los Angeles on the evening of 1 June, noon on 2 June in Tokyo, where the
    # learner already studied today: Tokyo dates the rest of its 2 June.
    clock.set(wall("2026-06-01 20:00", LOS_ANGELES))
    landed = flip(tz=LOS_ANGELES)
    assert (landed["currentStreak"]["length"], landed["currentStreak"]["extended"]) == (2, False)
    clock.set(wall("2026-06-02 09:00", LOS_ANGELES))  # 01:00 on 3 June in Tokyo
    assert flip(tz=LOS_ANGELES)["currentStreak"]["length"] == 2
    clock.set(wall("2026-06-03 09:00", LOS_ANGELES))
    assert flip(tz=LOS_ANGELES)["currentStreak"]["length"] == 3
    assert event_dates() == [
        ("2026-06-01", TOKYO),
        ("2026-06-02", TOKYO),
        ("2026-06-02", TOKYO),
        ("2026-06-02", LOS_ANGELES),
        ("2026-06-03", LOS_ANGELES),
    ]
    assert user_streak("ana", 3)["length"] == 3


def test_a_backfilled_event_with_a_new_tz_is_dated_in_the_held_zone(ctx, clock):
    streaks_on()
    clock.set(wall(NOON_BEHIND, BEHIND))
    flip(tz=BEHIND)
    backfilled = flip(tz=AHEAD, when=wall("2026-06-01 11:00", BEHIND))
    assert (backfilled["currentStreak"]["length"], backfilled["currentStreak"]["extended"]) == (
        1,
        False,
    )
    assert event_dates() == [("2026-06-01", BEHIND), ("2026-06-01", BEHIND)]
    assert stored_periods() == [("2026-06-01", 1)]


# --- through the HTTP API ---------------------------------------------------------------------


@pytest.fixture
def api(client, seeded, api_key):
    return XpApi(client, api_key)


def test_the_exploit_through_the_api_and_a_tz_change_by_patch(app, api, clock):
    with app.app_context():
        streaks_on()
        trigger("streak", 50, streak_length_threshold=2)
    clock.set(wall(NOON_BEHIND, BEHIND))
    first = api.event({"id": "ana", "tz": BEHIND}, 1)
    clock.shift(minutes=1)
    second = api.event({"id": "ana", "tz": AHEAD}, 1)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.get_json()["currentStreak"]["length"] == 1
    assert second.get_json()["currentStreak"]["extended"] is False
    assert second.get_json()["points"] == {}
    # The user's tz is the one sent last, as Trophy keeps it.
    assert api.get("/api/v1/users/ana").get_json()["tz"] == AHEAD
    assert api.get("/api/v1/users/ana/streak").get_json()["length"] == 1
    summary = api.get(
        "/api/v1/users/ana/metrics/flashcards-flipped/event-summary",
        aggregation="daily",
        startDate="2026-06-01",
        endDate="2026-06-03",
    ).get_json()
    assert [(row["date"], row["change"]) for row in summary] == [
        ("2026-06-01", 2),
        ("2026-06-02", 0),
        ("2026-06-03", 0),
    ]
    # Back and forth through PATCH /users too: still the same day where the learner was.
    for tz in (BEHIND, AHEAD):
        clock.shift(minutes=1)
        patched = api.client.patch("/api/v1/users/ana", json={"tz": tz}, headers=api.headers)
        assert (patched.status_code, patched.get_json()["tz"]) == (200, tz)
    clock.shift(minutes=1)
    third = api.event({"id": "ana"}, 1).get_json()
    assert (third["currentStreak"]["length"], third["currentStreak"]["extended"]) == (1, False)
    # The learner's next day: one more, and the streak trigger pays once.
    clock.set(wall("2026-06-02 00:10", BEHIND))
    fourth = api.event({"id": "ana", "tz": AHEAD}, 1).get_json()
    assert (fourth["currentStreak"]["length"], fourth["currentStreak"]["extended"]) == (2, True)
    assert [a["awarded"] for a in fourth["points"]["xp"]["awards"]] == [50]
