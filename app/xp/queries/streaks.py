"""A user's streak on the read side: GET /users/{id}/streak.

The state is settled to now with the rules (app.xp.streak_rules) without being written: the
next event settles it the same way and stores the outcome (engine/streaks.py), so what a read
shows and what is stored can never disagree.
"""

from sqlalchemy import bindparam, select

from app import clock
from app.extensions import db
from app.xp import streak_rules
from app.xp.engine import dating
from app.xp.engine.streaks import load
from app.xp.errors import Unprocessable
from app.xp.models.streaks import UserStreakPeriod
from app.xp.payloads.streaks import streak_response
from app.xp.queries.lookup import find_user

HISTORY_PERIODS_MAX = 100

_periods = UserStreakPeriod.__table__
_periods_of_user = (
    select(_periods)
    .where(_periods.c.user_id == bindparam("user"), _periods.c.start >= bindparam("since"))
    .order_by(_periods.c.start)
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
    rule, state, _ = load(conn, user.id)
    settled = streak_rules.settle(state, rule, now, tz)
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
    history = streak_rules.history(records, rule, today, history_periods)
    return streak_response(settled.state, rule, history)
