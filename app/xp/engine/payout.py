"""Paying points: what every trigger type's awards go through, inside the user's transaction.

Triggers decide what they grant (a Grant: this trigger, this system, these points); pay()
turns grants into awards: boosted by the boosts running on the day, clamped to the system's
maximum, written to the ledger with the running total and the boosts that applied, the
user's totals moved, and the level changes found.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.orm import Session, joinedload

from app.columns import new_uuid
from app.xp.engine import boosts, levels
from app.xp.models.boosts import AwardBoost, PointsBoost
from app.xp.models.points import PointsAward, PointsTrigger, UserPointsTotal


@dataclass(frozen=True)
class Grant:
    """Points one trigger gives, before boosts and the system's maximum."""

    trigger_id: int
    system_id: int
    points: int
    max_points: int | None


@dataclass
class Paid:
    """What pay() did: the awards (for the response), the user's new totals in the systems
    granted in, and the PointsLevel payloads of the systems whose level changed."""

    awards: list[PointsAward] = field(default_factory=list)
    system_totals: dict[int, int] = field(default_factory=dict)
    levels: dict[int, dict] = field(default_factory=dict)


_points_totals = UserPointsTotal.__table__
_points_totals_of_user = select(_points_totals.c.system_id, _points_totals.c.total).where(
    _points_totals.c.user_id == bindparam("user")
)
_set_points_total = (
    update(_points_totals)
    .where(
        _points_totals.c.user_id == bindparam("user"),
        _points_totals.c.system_id == bindparam("system"),
    )
    .values(total=bindparam("new_total"))
)
_new_points_total = insert(_points_totals)
_new_awards = insert(PointsAward.__table__)
_new_award_boosts = insert(AwardBoost.__table__)
# The whole triggers (with system, metric and achievement) that paid, for the response only.
_paying_triggers = (
    select(PointsTrigger)
    .where(PointsTrigger.id.in_(bindparam("ids", expanding=True)))
    .options(
        joinedload(PointsTrigger.system),
        joinedload(PointsTrigger.metric),
        joinedload(PointsTrigger.achievement),
    )
)


def clamp_points(points: int, current_total: int, max_points: int | None) -> int:
    """Points actually given: a gain never lifts the total above max_points."""
    if points > 0 and max_points is not None:
        return max(0, min(points, max_points - current_total))
    return points


def pay(
    conn: Connection,
    user_id: int,
    grants: list[Grant],
    *,
    occurred_at: datetime,
    local_date: date,
    event_id: int | None = None,
) -> Paid:
    """Write the awards of `grants` (in order) for one user whose row is locked."""
    paid = Paid()
    if not grants:
        return paid
    stored = dict(conn.execute(_points_totals_of_user, {"user": user_id}).all())
    running = boosts.running_boosts(conn, user_id, {g.system_id for g in grants}, local_date)
    rows, applied = [], []
    for grant in grants:
        current = paid.system_totals.setdefault(grant.system_id, stored.get(grant.system_id, 0))
        applying = running.get(grant.system_id, [])
        points = boosts.boosted(grant.points, applying)
        points = clamp_points(points, current, grant.max_points)
        if points == 0:
            continue
        paid.system_totals[grant.system_id] = current + points
        rows.append(
            {
                "uuid": new_uuid(),
                "user_id": user_id,
                "system_id": grant.system_id,
                "trigger_id": grant.trigger_id,
                "event_id": event_id,
                "awarded": points,
                "total": current + points,
                "occurred_at": occurred_at,
                "local_date": local_date,
            }
        )
        applied.append(applying)

    for system_id, total in paid.system_totals.items():
        if system_id not in stored:
            conn.execute(
                _new_points_total, {"user_id": user_id, "system_id": system_id, "total": total}
            )
        elif stored[system_id] != total:
            conn.execute(
                _set_points_total, {"user": user_id, "system": system_id, "new_total": total}
            )
    if not rows:
        return paid
    if any(applied):
        # Award ids are needed for their boosts: one INSERT per award (boosted events only).
        links = []
        for row, applying in zip(rows, applied, strict=True):
            row["id"] = conn.execute(_new_awards, row).inserted_primary_key[0]
            links += [
                {"award_id": row["id"], "boost_id": b.id, "position": i}
                for i, b in enumerate(applying)
            ]
        if links:
            conn.execute(_new_award_boosts, links)
    else:
        conn.execute(_new_awards, rows)
    # Only grants that paid read the levels: one query, for every system they paid in.
    paid.levels = levels.level_changes(
        conn, {sid: (stored.get(sid, 0), total) for sid, total in paid.system_totals.items()}
    )
    # For the response only: award objects outside the session, with trigger, system, boosts.
    with Session(bind=conn) as session:
        paying = session.scalars(_paying_triggers, {"ids": [r["trigger_id"] for r in rows]})
        triggers = {t.id: t for t in paying.unique()}
    for row, applying in zip(rows, applied, strict=True):
        trigger = triggers[row["trigger_id"]]
        links = [
            AwardBoost(boost=PointsBoost(**b._mapping), position=i) for i, b in enumerate(applying)
        ]
        paid.awards.append(
            PointsAward(**row, trigger=trigger, system=trigger.system, boost_links=links)
        )
    return paid
