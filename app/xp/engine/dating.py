"""The zone that dates a user's activity, kept on the user's row (the rule: streak_rules.py,
"Time zones").

XpUser.tz is the zone the caller sent last, as the API shows it. When it changes on a day
the user was already active, the zone in force until then keeps dating through that local
date: XpUser.dating_tz and dating_tz_until. Everything that dates something for a user
(events, awards and their boosts, streak periods, time triggers) asks zone_of().
"""

from datetime import date, datetime

from sqlalchemy import Connection, bindparam, func, select, union_all

from app.xp import streak_rules
from app.xp.models.metrics import MetricEvent
from app.xp.models.points import PointsAward

_events = MetricEvent.__table__
_awards = PointsAward.__table__
# The user's latest event or award dated on or after `since` (in whichever zone it was
# dated): read only when a change of tz could be held, never for an ordinary event. The
# (user, ..., local_date) indexes of both tables keep it to the user's last few days.
_dated_since = union_all(
    select(_events.c.occurred_at).where(
        _events.c.user_id == bindparam("user"), _events.c.local_date >= bindparam("since")
    ),
    select(_awards.c.occurred_at).where(
        _awards.c.user_id == bindparam("user"), _awards.c.local_date >= bindparam("since")
    ),
).subquery()
_last_active_at = select(func.max(_dated_since.c.occurred_at))


def zone_of(user, at: datetime) -> str:
    """The zone that dates `user`'s activity at `at` (a row or XpUser with tz, dating_tz
    and dating_tz_until)."""
    return streak_rules.zone_at(at, user.tz, user.dating_tz, user.dating_tz_until)


def date_of(user, at: datetime) -> date:
    """The local date of `at` for `user`, in the zone in force then."""
    return streak_rules.local_date(at, zone_of(user, at))


def change_tz(conn: Connection, xp_user, new_tz: str, at: datetime) -> None:
    """Set the tz of `xp_user` (a locked XpUser) to `new_tz` as of `at`, holding the zone in
    force through its current date when the user was already active on it."""

    def last_active_at(since: date) -> datetime | None:
        return conn.scalar(_last_active_at, {"user": xp_user.id, "since": since})

    xp_user.dating_tz, xp_user.dating_tz_until = streak_rules.change_zone(
        at, xp_user.tz, xp_user.dating_tz, xp_user.dating_tz_until, new_tz, last_active_at
    )
    xp_user.tz = new_tz
