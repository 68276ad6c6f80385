"""The `streak` trigger type and the streak store: the rule from StreakSettings, each user's
state and periods, and what an event does to them (keep_for_event).

streak_rules.py has the rules and knows nothing of storage; this module loads a user's
StreakState, runs the rules and writes the result back in the caller's transaction. Reads
(GET /users/{id}/streak: queries/streaks.py, the EventResponse of an event that does not
count) settle the state to now without writing it: the next event settles it the same way and
stores the outcome, so what a read shows and what is stored can never disagree.
"""

from dataclasses import fields
from datetime import datetime

from sqlalchemy import Connection, Row, bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.xp import streak_rules
from app.xp.engine.payout import Grant
from app.xp.models.points import PointsSystem, PointsTrigger
from app.xp.models.streaks import StreakSettings, UserStreak, UserStreakPeriod
from app.xp.models.users import XpUser
from app.xp.payloads.streaks import empty_streak, metric_event_streak

SETTINGS_ID = 1

_settings = StreakSettings.__table__
_states = UserStreak.__table__
_periods = UserStreakPeriod.__table__
# The rule and the user's state in one round trip: the user's row always exists, the
# settings and the state may not (NULLs then).
_rule_and_state = (
    select(
        _settings.c.id.label("settings_id"),
        _settings.c.frequency,
        _settings.c.max_freezes,
        _settings.c.starting_freezes,
        _settings.c.freeze_auto_earn_interval,
        _settings.c.freeze_auto_earn_amount,
        _states.c.user_id.label("state_user_id"),
        *[c for c in _states.c if c.name != "user_id"],
    )
    .select_from(XpUser.__table__)
    .outerjoin(_settings, _settings.c.id == SETTINGS_ID)
    .outerjoin(_states, _states.c.user_id == XpUser.__table__.c.id)
    .where(XpUser.__table__.c.id == bindparam("user"))
)
_triggers = PointsTrigger.__table__
_systems = PointsSystem.__table__
# The active streak triggers, read when an event extends a streak (once a period at most).
_streak_rules = (
    select(_triggers.c.id, _triggers.c.points, _triggers.c.system_id)
    .add_columns(_triggers.c.streak_length_threshold, _systems.c.max_points)
    .join(_systems, _systems.c.id == _triggers.c.system_id)
    .where(
        _triggers.c.type == "streak",
        _triggers.c.status == "active",
        _systems.c.status == "active",
        _triggers.c.streak_length_threshold > 0,
    )
    .order_by(_triggers.c.system_id, _triggers.c.id)
)
_STATE_FIELDS = [f.name for f in fields(streak_rules.StreakState)]
_save_state = (
    update(_states)
    .where(_states.c.user_id == bindparam("user"))
    .values({name: bindparam(f"v_{name}") for name in [*_STATE_FIELDS, "longest"]})
)
_new_state = insert(_states)


def rule_from_row(row) -> streak_rules.StreakRule:
    """The StreakRule of a StreakSettings row (or None: daily, no freezes)."""
    if row is None:
        return streak_rules.StreakRule()
    return streak_rules.StreakRule(
        frequency=row.frequency,
        max_freezes=row.max_freezes,
        starting_freezes=row.starting_freezes,
        freeze_auto_earn_interval=row.freeze_auto_earn_interval,
        freeze_auto_earn_amount=row.freeze_auto_earn_amount,
    )


def load(
    conn: Connection, user_id: int
) -> tuple[streak_rules.StreakRule, streak_rules.StreakState, int | None]:
    """The rule, the user's state and their longest streak (None: nothing stored yet), read
    in one statement."""
    row = conn.execute(_rule_and_state, {"user": user_id}).one()
    rule = rule_from_row(row if row.settings_id is not None else None)
    if row.state_user_id is None:
        return rule, rule.initial_state(), None
    state = streak_rules.StreakState(**{name: getattr(row, name) for name in _STATE_FIELDS})
    return rule, state, row.longest


def save(
    conn: Connection,
    user_id: int,
    update_: streak_rules.StreakUpdate,
    longest: int | None,
    unchanged: bool = False,
) -> None:
    """Store a StreakUpdate: the new state, the longest streak and the periods it covered.
    `unchanged` (the state is the one loaded, no period covered) writes nothing."""
    state = update_.state
    values = {name: getattr(state, name) for name in _STATE_FIELDS}
    best = max(longest or 0, state.length)
    if unchanged:
        return
    if longest is None:
        conn.execute(_new_state, {"user_id": user_id, **values, "longest": best})
    else:
        conn.execute(
            _save_state,
            {"user": user_id, **{f"v_{k}": v for k, v in values.items()}, "v_longest": best},
        )
    if update_.periods:
        # The rules never cover a period twice; should a change of the streak's frequency ever
        # line a new period up with a stored one, the stored one stands.
        dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        conn.execute(
            dialect_insert(_periods).on_conflict_do_nothing(index_elements=["user_id", "start"]),
            [
                {
                    "user_id": user_id,
                    "start": p.start,
                    "end": p.end,
                    "length": p.length,
                    "used_freeze": p.used_freeze,
                }
                for p in update_.periods
            ],
        )


def keep_for_event(
    conn: Connection, xp_user: Row, value: float, at: datetime, tz: str
) -> tuple[dict, list[Grant]]:
    """An event's `currentStreak`, and what the streak triggers pay for it. `xp_user` is
    the event's locked user row (events.lock_event_user: id, streaks_on, counts_for_streak)
    and `tz` the zone in force at `at` (dating.zone_of).

    A positive event on a metric that counts extends the streak (once per period) and stores
    the outcome; any other event reports the streak as of `at` without writing it.
    """
    if not xp_user.streaks_on:
        return empty_streak(), []
    rule, state, longest = load(conn, xp_user.id)
    if not (xp_user.counts_for_streak and value > 0):
        settled = streak_rules.settle(state, rule, at, tz)
        return metric_event_streak(settled.state, rule, False), []
    update_ = streak_rules.apply_activity(state, rule, at, tz)
    unchanged = longest is not None and update_.state == state and not update_.periods
    save(conn, xp_user.id, update_, longest, unchanged=unchanged)
    body = metric_event_streak(update_.state, rule, update_.extended)
    if not update_.extended:
        return body, []
    length = update_.state.length
    return body, [
        Grant(r.id, r.system_id, r.points, r.max_points)
        for r in conn.execute(_streak_rules)
        if length % r.streak_length_threshold == 0
    ]
