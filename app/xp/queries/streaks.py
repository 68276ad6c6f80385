"""Streaks on the read side: a user's streak (GET /users/{id}/streak) and the streak lengths of
up to 100 users, longest first (GET /streaks).

The state is settled to now with the rules (app.xp.streak_rules) without being written: the
next event settles it the same way and stores the outcome (engine/streaks.py), so what a read
shows and what is stored can never disagree.
"""

from dataclasses import fields, replace

from sqlalchemy import bindparam, exists, select

from app import clock
from app.extensions import db
from app.xp import streak_rules
from app.xp.engine import dating
from app.xp.engine.streaks import SETTINGS_ID, load, rule_from_row
from app.xp.errors import Unprocessable
from app.xp.models.streaks import StreakPause, StreakSettings, UserStreak, UserStreakPeriod
from app.xp.models.users import XpUser
from app.xp.payloads.streaks import bulk_streak_item, streak_response
from app.xp.queries.lookup import find_user

HISTORY_PERIODS_MAX = 100
STREAK_USERS_MAX = 100

_periods = UserStreakPeriod.__table__
_periods_of_user = (
    select(_periods)
    .where(_periods.c.user_id == bindparam("user"), _periods.c.start >= bindparam("since"))
    .order_by(_periods.c.start)
)
_users = XpUser.__table__
_states = UserStreak.__table__
_STATE_FIELDS = [f.name for f in fields(streak_rules.StreakState)]
# Every named user's zone and streak state in one statement (no state: no streak yet).
_states_of_users = (
    select(
        _users.c.external_id,
        _users.c.tz,
        _users.c.dating_tz,
        _users.c.dating_tz_until,
        _states.c.user_id.label("state_user_id"),
        *[_states.c[name] for name in _STATE_FIELDS],
        exists()
        .where(StreakPause.user_id == _users.c.id, StreakPause.status == "active")
        .label("has_pauses"),
    )
    .outerjoin(_states, _states.c.user_id == _users.c.id)
    .where(_users.c.external_id.in_(bindparam("ids", expanding=True)))
)
_rule = select(StreakSettings.__table__).where(StreakSettings.__table__.c.id == SETTINGS_ID)
_pauses = StreakPause.__table__
_upcoming_pauses = (
    select(_pauses.c.uuid, _pauses.c.start, _pauses.c.end)
    .where(
        _pauses.c.user_id == bindparam("user"),
        _pauses.c.status == "active",
        _pauses.c.end >= bindparam("today"),
    )
    .order_by(_pauses.c.start, _pauses.c.id)
)
_pauses_of_users = (
    select(_users.c.external_id, _pauses.c.start, _pauses.c.end)
    .join(_pauses, _pauses.c.user_id == _users.c.id)
    .where(_users.c.external_id.in_(bindparam("ids", expanding=True)), _pauses.c.status == "active")
)


def check_history_periods(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unprocessable("'historyPeriods' must be a whole number")
    if not 1 <= value <= HISTORY_PERIODS_MAX:
        raise Unprocessable(f"'historyPeriods' must be between 1 and {HISTORY_PERIODS_MAX}")
    return value


def user_streak(external_id: str, history_periods: int = 7) -> dict:
    """StreakResponse: the user's streak settled to now, with the last `history_periods`
    periods up to the current one (oldest first). Nothing is written."""
    history_periods = check_history_periods(history_periods)
    user = find_user(external_id)
    now = clock.now()
    tz = dating.zone_of(user, now)
    conn = db.session.connection()
    rule, state, _, pauses = load(conn, user.id)
    settled = streak_rules.settle(state, rule, now, tz, pauses)
    today = streak_rules.local_date(now, tz)
    oldest = streak_rules.period_of(today, rule.frequency)
    for _ in range(history_periods - 1):
        oldest = oldest.previous()
    stored = [
        streak_rules.StreakPeriod(p.start, p.end, p.length, p.used_freeze)
        for p in conn.execute(_periods_of_user, {"user": user.id, "since": oldest.start})
    ]
    # Periods a read settled with a freeze are shown as frozen, though only the next event
    # stores them.
    records = stored + list(settled.periods)
    history = [
        replace(period, used_pause=streak_rules.paused(pauses, period.start, period.end))
        for period in streak_rules.history(records, rule, today, history_periods)
    ]
    upcoming = conn.execute(_upcoming_pauses, {"user": user.id, "today": today}).all()
    return streak_response(settled.state, rule, history, upcoming)


def check_user_ids(user_ids) -> list[str]:
    """GET /streaks' userIds: ids separated by commas, in one text or a list of texts (as
    Trophy's SDKs send them: userIds=a,b or userIds=a&userIds=b). Empty pieces are skipped
    and repeats counted once; 1 to STREAK_USERS_MAX distinct ids, else Unprocessable."""
    texts = [user_ids] if isinstance(user_ids, str) else user_ids
    if not isinstance(texts, list | tuple) or not all(isinstance(t, str) for t in texts):
        raise Unprocessable("'userIds' must be user ids separated by commas")
    ids = list(dict.fromkeys(piece for text in texts for piece in text.split(",") if piece))
    if not ids:
        raise Unprocessable(
            f"'userIds' is required: 1 to {STREAK_USERS_MAX} user ids separated by commas"
        )
    if len(ids) > STREAK_USERS_MAX:
        raise Unprocessable(f"'userIds' must name at most {STREAK_USERS_MAX} users, not {len(ids)}")
    return ids


def streak_lengths(user_ids) -> list[dict]:
    """BulkStreakResponse: each named user's streak length as of now (settled as
    user_streak settles it), longest first; on equal lengths whoever extended their streak
    first, then the user id (ascending, by code point). An id the service does not know is
    a user with no streak: length 0. Two statements, however many users (three when some
    have an active pause)."""
    ids = check_user_ids(user_ids)
    now = clock.now()
    conn = db.session.connection()
    rule = rule_from_row(conn.execute(_rule).first())
    states = {user_id: rule.initial_state() for user_id in ids}
    rows = conn.execute(_states_of_users, {"ids": ids}).all()
    paused = [row.external_id for row in rows if row.has_pauses]
    pauses = {}
    if paused:
        for row in conn.execute(_pauses_of_users, {"ids": paused}):
            pauses.setdefault(row.external_id, []).append((row.start, row.end))
    for row in rows:
        if row.state_user_id is not None:
            state = streak_rules.StreakState(**{name: row._mapping[name] for name in _STATE_FIELDS})
            states[row.external_id] = streak_rules.current(
                state, rule, now, dating.zone_of(row, now), pauses.get(row.external_id, ())
            )
    ranked = sorted(states.items(), key=lambda item: _streak_order(*item))
    return [bulk_streak_item(user_id, state) for user_id, state in ranked]


def _streak_order(user_id: str, state: streak_rules.StreakState) -> tuple:
    """Longest first; then the earliest last extension (a streak of 0 has none); then the id."""
    extended = state.extended_at.timestamp() if state.active else float("inf")
    return (-state.length, extended, user_id)
