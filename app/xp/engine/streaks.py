"""The `streak` trigger type and the streak store: the rule from StreakSettings, each user's
state, periods and pauses, what an event does to them (keep_for_event), what operators do to
them (grant_freeze, archive_pause, restore_streak, reset_streak), `flask xp tick`'s pass over
lapsed streaks (settle_lapsed), and the five streak webhooks all of these tell.

streak_rules.py has the rules and knows nothing of storage; this module loads a user's
StreakState, runs the rules and writes the result back in the caller's transaction. Reads
(GET /users/{id}/streak: queries/streaks.py, the EventResponse of an event that does not
count) settle the state to now without writing it: the next event, operator change or tick
settles it the same way and stores the outcome (and tells the webhooks), so what a read shows
and what is stored can never disagree.
"""

from dataclasses import fields, replace
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy import Connection, Row, bindparam, exists, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.xp import streak_rules
from app.xp.engine import dating, outbox
from app.xp.engine.payout import Grant
from app.xp.engine.transaction import event_transaction
from app.xp.models.points import PointsSystem, PointsTrigger
from app.xp.models.streaks import StreakPause, StreakSettings, UserStreak, UserStreakPeriod
from app.xp.models.users import XpUser
from app.xp.payloads import streaks as payloads
from app.xp.payloads.streaks import empty_streak, metric_event_streak
from app.xp.payloads.users import user as user_payload

SETTINGS_ID = 1

_settings = StreakSettings.__table__
_states = UserStreak.__table__
_periods = UserStreakPeriod.__table__
_pauses = StreakPause.__table__
_users = XpUser.__table__
# The rule and the user's state in one round trip: the user's row always exists, the
# settings and the state may not (NULLs then). Whether the user has an active pause rides
# along, so the pauses are read only for users who have one.
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
        exists()
        .where(_pauses.c.user_id == XpUser.__table__.c.id, _pauses.c.status == "active")
        .label("has_pauses"),
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
_active_pauses = select(_pauses.c.start, _pauses.c.end).where(
    _pauses.c.user_id == bindparam("user"), _pauses.c.status == "active"
)
_user_row = select(_users).where(_users.c.id == bindparam("user"))
_locked_user = (
    select(_users).where(_users.c.external_id == bindparam("external_id")).with_for_update()
)
_locked_user_by_id = select(_users).where(_users.c.id == bindparam("user")).with_for_update()
# Users whose stored streak may have a period gone by unkept: covered through a date before
# today in UTC (a learner's local date is at most a day ahead of UTC, and a missed period
# needs a whole period between the covered one and today).
_lapsing = (
    select(_states.c.user_id)
    .where(_states.c.length > 0, _states.c.covered_through < bindparam("today"))
    .order_by(_states.c.user_id)
)
_best_in_window = (
    select(_periods.c.start, _periods.c.length)
    .where(_periods.c.user_id == bindparam("user"), _periods.c.start >= bindparam("since"))
    .order_by(_periods.c.length.desc(), _periods.c.start.desc())
    .limit(1)
)
_latest_start = select(func.max(_periods.c.start)).where(
    _periods.c.user_id == bindparam("user"),
    _periods.c.length == 1,
    _periods.c.used_freeze.is_(False),
    _periods.c.start <= bindparam("through"),
)

USER_MISSING = "User does not exist"
OVER_MAX = "Would exceed maximum freeze limit"
FREEZES_OFF = "Streak freezes are turned off (the streak settings' maximum is 0)"
NOTHING_TO_RESTORE = "No streak to restore"
NOTHING_TO_RESET = "No streak to reset"


class Stored(NamedTuple):
    """What is stored about one user's streak: the rule, the state, the longest streak (None:
    no state row yet) and the active pauses (ranges of local dates)."""

    rule: streak_rules.StreakRule
    state: streak_rules.StreakState
    longest: int | None
    pauses: tuple[tuple[date, date], ...]


class Issue(NamedTuple):
    """Why an operator's change was not made for a user (Trophy's AdminIssue severity)."""

    severity: str
    message: str


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


def load(conn: Connection, user_id: int) -> Stored:
    """The rule, the user's state, their longest streak and their active pauses: one
    statement, two for a user with an active pause."""
    row = conn.execute(_rule_and_state, {"user": user_id}).one()
    rule = rule_from_row(row if row.settings_id is not None else None)
    pauses = ()
    if row.has_pauses:
        pauses = tuple((p.start, p.end) for p in conn.execute(_active_pauses, {"user": user_id}))
    if row.state_user_id is None:
        return Stored(rule, rule.initial_state(), None, pauses)
    state = streak_rules.StreakState(**{name: getattr(row, name) for name in _STATE_FIELDS})
    return Stored(rule, state, row.longest, pauses)


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
    rule, state, longest, pauses = load(conn, xp_user.id)
    if not (xp_user.counts_for_streak and value > 0):
        settled = streak_rules.settle(state, rule, at, tz, pauses)
        return metric_event_streak(settled.state, rule, False), []
    update_ = streak_rules.apply_activity(state, rule, at, tz, pauses)
    unchanged = longest is not None and update_.state == state and not update_.periods
    save(conn, xp_user.id, update_, longest, unchanged=unchanged)
    tell(conn, xp_user.id, update_, rule)
    body = metric_event_streak(update_.state, rule, update_.extended)
    if not update_.extended:
        return body, []
    length = update_.state.length
    return body, [
        Grant(r.id, r.system_id, r.points, r.max_points)
        for r in conn.execute(_streak_rules)
        if length % r.streak_length_threshold == 0
    ]


def tell(conn: Connection, user_id: int, update_: streak_rules.StreakUpdate, rule) -> None:
    """Queue the streak webhooks of a stored StreakUpdate, in the order things happened: the
    freezes spent, a loss, the start or extension, the freezes earned. A payload is built
    only for a type someone listens to."""
    state = update_.state
    news = []
    if update_.used_freezes:
        # What was left right after the spending, before any freeze this update earned.
        left = state.freezes - update_.earned_freezes if not update_.lost_length else 0
        news.append(
            (
                "streak.freeze_consumed",
                lambda u: payloads.freeze_consumed(u, update_.used_freezes, left),
            )
        )
    if update_.lost_length:
        news.append(("streak.lost", lambda u: payloads.streak_lost(u, update_.lost_length)))
    if update_.extended and state.length == 1:
        news.append(("streak.started", lambda u: payloads.streak_started(u, state, rule)))
    elif update_.extended:
        news.append(("streak.extended", lambda u: payloads.streak_extended(u, state, rule)))
    if update_.earned_freezes:
        news.append(
            (
                "streak.freeze_earned",
                lambda u: payloads.freeze_earned(u, update_.earned_freezes, state.freezes),
            )
        )
    user = None
    for event_type, build in news:
        if outbox.subscribers(conn, event_type):
            user = user or user_payload(conn.execute(_user_row, {"user": user_id}).one())
            outbox.enqueue(conn, event_type, build(user))


def _settle(
    conn: Connection, user: Row, now: datetime
) -> tuple[Stored, str, streak_rules.StreakUpdate]:
    """Settle the locked `user`'s streak to `now` as an event would, store what changed and
    tell it: the stored streak after that, the zone in force and the settling's update."""
    stored = load(conn, user.id)
    tz = dating.zone_of(user, now)
    update_ = streak_rules.settle(stored.state, stored.rule, now, tz, stored.pauses)
    if update_.state == stored.state and not update_.periods:
        return stored, tz, update_
    _store(conn, user.id, stored, update_)
    longest = max(stored.longest or 0, update_.state.length)
    return stored._replace(state=update_.state, longest=longest), tz, update_


def _store(conn: Connection, user_id: int, stored: Stored, update_) -> None:
    save(conn, user_id, update_, stored.longest)
    tell(conn, user_id, update_, stored.rule)


def grant_freeze(external_id: str, now: datetime) -> Issue | None:
    """Give the user one streak freeze, up to the settings' maximum, once their streak is
    settled to `now` (so a freeze given today never keeps a gap that had already broken the
    streak); why not, when it is not given."""
    with event_transaction() as conn:
        user = conn.execute(_locked_user, {"external_id": external_id}).first()
        if user is None:
            return Issue("error", USER_MISSING)
        stored, _, _ = _settle(conn, user, now)
        if not stored.rule.freezes_enabled:
            return Issue("error", FREEZES_OFF)
        if stored.state.freezes >= stored.rule.max_freezes:
            return Issue("warning", OVER_MAX)
        granted = replace(stored.state, freezes=stored.state.freezes + 1)
        _store(conn, user.id, stored, streak_rules.StreakUpdate(granted, earned_freezes=1))
    return None


def archive_pause(pause_id: int, now: datetime) -> None:
    """Archive a pause, once the user's streak is settled to `now`: the dates it already
    covered stay covered, the rest count again."""
    with event_transaction() as conn:
        user_id = conn.scalar(select(_pauses.c.user_id).where(_pauses.c.id == pause_id))
        user = conn.execute(_locked_user_by_id, {"user": user_id}).one()
        _settle(conn, user, now)
        conn.execute(update(_pauses).where(_pauses.c.id == pause_id).values(status="archived"))


def restore_streak(external_id: str, now: datetime) -> Issue | None:
    """Give the user back the longest streak stored within Trophy's restore window
    (streak_rules.restore_window_start), as if kept through the previous period
    (streak_rules.restored); why not, when nothing is longer than the streak they have."""
    with event_transaction() as conn:
        user = conn.execute(_locked_user, {"external_id": external_id}).first()
        if user is None:
            return Issue("error", USER_MISSING)
        stored, tz, _ = _settle(conn, user, now)
        today = streak_rules.local_date(now, tz)
        since = streak_rules.restore_window_start(today, stored.rule.frequency)
        best = conn.execute(_best_in_window, {"user": user.id, "since": since}).first()
        if best is None or best.length <= stored.state.length:
            return Issue("warning", NOTHING_TO_RESTORE)
        # The streak began at its latest first period on or before its best one.
        started = conn.scalar(_latest_start, {"user": user.id, "through": best.start})
        started = started or best.start
        state = streak_rules.restored(stored.state, stored.rule, best.length, started, now, tz)
        save(conn, user.id, streak_rules.StreakUpdate(state), stored.longest)
    return None


def reset_streak(external_id: str, now: datetime) -> Issue | None:
    """End the user's streak now (length 0, freezes kept) and tell streak.lost; why not, when
    there is no streak to end."""
    with event_transaction() as conn:
        user = conn.execute(_locked_user, {"external_id": external_id}).first()
        if user is None:
            return Issue("error", USER_MISSING)
        stored, _, _ = _settle(conn, user, now)
        if not stored.state.active:
            return Issue("warning", NOTHING_TO_RESET)
        ended = streak_rules.StreakState(freezes=stored.state.freezes)
        _store(
            conn,
            user.id,
            stored,
            streak_rules.StreakUpdate(ended, lost_length=stored.state.length),
        )
    return None


def settle_lapsed(now: datetime) -> dict:
    """`flask xp tick`'s pass over streaks: store the freezes spent and the losses due as of
    `now` for every user whose streak has a period gone by unkept, and tell them, one short
    transaction per user. Counts of users settled, streaks lost and freezes spent."""
    summary = {"users": 0, "lost": 0, "freezes": 0}
    with db.engine.connect() as conn:
        user_ids = conn.scalars(_lapsing, {"today": now.astimezone(UTC).date()}).all()
    for user_id in user_ids:
        with event_transaction() as conn:
            user = conn.execute(_locked_user_by_id, {"user": user_id}).one()
            _, _, settled = _settle(conn, user, now)
        if settled.used_freezes or settled.lost_length or settled.periods:
            summary["users"] += 1
            summary["lost"] += int(settled.lost_length > 0)
            summary["freezes"] += settled.used_freezes
    return summary
