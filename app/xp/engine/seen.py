"""The triggers that pay for a user being around: `user_creation` and `time`.

`user_creation` pays once, in the transaction that first identifies the user (an event, an
achievement completion or the users API creating them). `time` pays every `time_interval`
hours or days since the user was first seen: whenever the user is next seen (an event,
identify, an update, a completion) or by `flask --app app xp tick`, run from cron. Days are
local calendar days in the zone in force for the user (dating.zone_of, compared as dates, so a
DST change never pays a day early or late); hours are elapsed hours.

A time trigger keeps a mark per user (UserTriggerProgress.paid_through: intervals paid). A
trigger that existed when the user was created pays every interval since; one created or
switched back on later pays only for intervals completed from then on, as metric triggers do.
"""

import math
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, bindparam, select

from app.extensions import db
from app.xp.engine import dating, news
from app.xp.engine.marks import MOVE_MARK, NEW_MARK
from app.xp.engine.payout import Grant, Paid, pay
from app.xp.engine.transaction import event_transaction
from app.xp.models.points import PointsSystem, PointsTrigger, UserTriggerProgress
from app.xp.models.users import XpUser

_triggers = PointsTrigger.__table__
_systems = PointsSystem.__table__
_marks = UserTriggerProgress.__table__
_seen_rules = (
    select(
        _triggers.c.id,
        _triggers.c.type,
        _triggers.c.points,
        _triggers.c.system_id,
        _triggers.c.time_unit,
        _triggers.c.time_interval,
        _triggers.c.activation,
        _triggers.c.created,
        _systems.c.max_points,
    )
    .join(_systems, _systems.c.id == _triggers.c.system_id)
    .where(
        _triggers.c.type.in_(("time", "user_creation")),
        _triggers.c.status == "active",
        _systems.c.status == "active",
    )
    .order_by(_triggers.c.system_id, _triggers.c.id)
)
_marks_of_user = select(_marks.c.trigger_id, _marks.c.paid_through, _marks.c.activation).where(
    _marks.c.user_id == bindparam("user"),
    _marks.c.trigger_id.in_(bindparam("triggers", expanding=True)),
)


def local_day(at: datetime, tz: str | None) -> date:
    return at.astimezone(ZoneInfo(tz or "UTC")).date()


def intervals_since(created: datetime, now: datetime, tz: str | None, unit: str, every: int) -> int:
    """Whole intervals of `every` hours or local days from `created` to `now`."""
    if now <= created:
        return 0
    if unit == "hour":
        elapsed = math.floor((now - created).total_seconds() / 3600)
    else:
        elapsed = (local_day(now, tz) - local_day(created, tz)).days
    return elapsed // every


def grants(conn: Connection, user, created_now: bool, now: datetime, rules=None) -> list[Grant]:
    """What the user_creation and time triggers owe `user` (a row or XpUser with id, created,
    tz, dating_tz and dating_tz_until) as of `now`, moving the time triggers' marks;
    `created_now` says this transaction created the user. `rules` are the _seen_rules rows,
    when the caller has them already."""
    rules = conn.execute(_seen_rules).all() if rules is None else rules
    if not rules:
        return []
    out = []
    time_rules = [r for r in rules if r.type == "time"]
    for rule in rules:
        if rule.type == "user_creation" and created_now:
            out.append(Grant(rule.id, rule.system_id, rule.points, rule.max_points))
    if not time_rules:
        return out
    marks = {
        row.trigger_id: row
        for row in conn.execute(
            _marks_of_user, {"user": user.id, "triggers": [r.id for r in time_rules]}
        )
    }
    tz = dating.zone_of(user, now)
    for rule in time_rules:
        reached = intervals_since(user.created, now, tz, rule.time_unit, rule.time_interval)
        mark = marks.get(rule.id)
        if mark is None:
            # Existed when the user arrived: owes every interval; else only from now on.
            paid_through = 0 if rule.created <= user.created else reached
            conn.execute(
                NEW_MARK,
                {
                    "user_id": user.id,
                    "trigger_id": rule.id,
                    "paid_through": reached,
                    "activation": rule.activation,
                },
            )
        else:
            paid_through = int(mark.paid_through)
            if mark.activation != rule.activation:  # switched back on: from now on
                paid_through = max(paid_through, reached)
            moved = (max(paid_through, reached), rule.activation)
            if (int(mark.paid_through), mark.activation) != moved:
                conn.execute(
                    MOVE_MARK,
                    {
                        "user": user.id,
                        "trigger": rule.id,
                        "mark": moved[0],
                        "seen_activation": moved[1],
                    },
                )
        due = reached - paid_through
        if due > 0:
            out.append(Grant(rule.id, rule.system_id, rule.points * due, rule.max_points))
    return out


def pay_when_seen(conn: Connection, user, created_now: bool, now: datetime, rules=None) -> Paid:
    """Pay what grants() finds owed to `user` as of `now`, on their local date, and tell
    the webhook news of it."""
    owed = grants(conn, user, created_now, now, rules=rules)
    paid = pay(conn, user.id, owed, occurred_at=now, local_date=dating.date_of(user, now))
    news.awards_told(conn, user.id, paid)
    return paid


def tick(now: datetime) -> dict:
    """Pay every user's due time triggers as of `now`, one short transaction per user (so a
    long run never blocks events for long); return counts of users paid, awards and points."""
    summary = {"users": 0, "awards": 0, "points": 0}
    with db.engine.connect() as conn:
        time_rules = [r for r in conn.execute(_seen_rules) if r.type == "time"]
        user_ids = conn.scalars(select(XpUser.id).order_by(XpUser.id)).all() if time_rules else []
    locked_user = (
        select(XpUser.id, XpUser.created, XpUser.tz, XpUser.dating_tz, XpUser.dating_tz_until)
        .where(XpUser.id == bindparam("id"))
        .with_for_update()
    )
    for user_id in user_ids:
        with event_transaction() as conn:
            user = conn.execute(locked_user, {"id": user_id}).one()
            paid = pay_when_seen(conn, user, False, now, rules=time_rules)
        if paid.awards:
            summary["users"] += 1
            summary["awards"] += len(paid.awards)
            summary["points"] += sum(a.awarded for a in paid.awards)
    return summary
