"""Achievements on the write side: which ones an event completes, and completion by the API.

A completion row is unique per (user, achievement) in the database, and is only written
inside the user's locked transaction, so concurrent events complete an achievement once.
An `achievement` achievement completes when the last of its prerequisites does, in the same
transaction; achievement triggers pay when their achievement completes.
"""

from datetime import datetime

from sqlalchemy import Connection, and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app import clock
from app.columns import new_uuid
from app.extensions import insert_or_ignore
from app.xp.engine import dating, news, seen
from app.xp.engine.payout import Grant, pay
from app.xp.engine.transaction import event_transaction, lock_user
from app.xp.errors import NotFound, Unprocessable
from app.xp.inputs import UserInput
from app.xp.models.achievements import Achievement, AchievementPrerequisite, UserAchievement
from app.xp.models.points import PointsSystem, PointsTrigger
from app.xp.payloads import achievements as achievement_payloads
from app.xp.payloads.points import points_changes

_achievements = Achievement.__table__
_completions = UserAchievement.__table__
_prerequisites = AchievementPrerequisite.__table__
_not_completed = ~exists().where(
    _completions.c.user_id == bindparam("user"),
    _completions.c.achievement_id == _achievements.c.id,
)
# Active achievements the user has not completed that may complete now: metric ones of this
# metric at or below its new total, streak ones at or below the streak's length, and every
# `achievement` one (their prerequisites are checked next).
_candidates = select(_achievements.c.id, _achievements.c.trigger).where(
    _achievements.c.status == "active",
    _not_completed,
    or_(
        and_(
            _achievements.c.trigger == "metric",
            _achievements.c.metric_id == bindparam("metric"),
            _achievements.c.metric_value <= bindparam("total"),
        ),
        and_(
            _achievements.c.trigger == "streak",
            _achievements.c.streak_length <= bindparam("streak"),
        ),
        _achievements.c.trigger == "achievement",
    ),
)
# For the `achievement` candidates: each prerequisite, and whether the user has completed it.
_prerequisite_status = select(
    _prerequisites.c.achievement_id,
    _prerequisites.c.prerequisite_id,
    exists()
    .where(
        _completions.c.user_id == bindparam("user"),
        _completions.c.achievement_id == _prerequisites.c.prerequisite_id,
    )
    .label("done"),
).where(_prerequisites.c.achievement_id.in_(bindparam("ids", expanding=True)))
_triggers = PointsTrigger.__table__
_systems = PointsSystem.__table__
_achievement_rules = (
    select(_triggers.c.id, _triggers.c.achievement_id, _triggers.c.points, _triggers.c.system_id)
    .add_columns(_systems.c.max_points)
    .join(_systems, _systems.c.id == _triggers.c.system_id)
    .where(
        _triggers.c.type == "achievement",
        _triggers.c.status == "active",
        _systems.c.status == "active",
        _triggers.c.achievement_id.in_(bindparam("ids", expanding=True)),
    )
    .order_by(_triggers.c.system_id, _triggers.c.id)
)
_completion = select(UserAchievement).where(
    UserAchievement.user_id == bindparam("user"),
    UserAchievement.achievement_id == bindparam("achievement"),
)
_loaded = select(Achievement).options(
    joinedload(Achievement.metric), selectinload(Achievement.prerequisites)
)


def complete_due(
    conn: Connection,
    user_id: int,
    *,
    at: datetime,
    metric_id: int | None = None,
    metric_total: float | None = None,
    streak_length: int = 0,
    event_id: int | None = None,
    also: tuple[int, ...] = (),
) -> list[int]:
    """Complete every achievement now due for the user (plus `also`, ids completed by the
    API), with the `achievement` ones whose prerequisites that completes; return the ids of
    the completions this call wrote, in the order written."""
    params = {"user": user_id, "metric": metric_id, "total": metric_total, "streak": streak_length}
    if metric_id is None:
        params["total"] = None  # NULL <= nothing: no metric achievement is due
    rows = conn.execute(_candidates, params).all()
    due = [row.id for row in rows if row.trigger != "achievement"]
    waiting = [row.id for row in rows if row.trigger == "achievement"]
    done = set(also)
    for achievement_id in [*also, *due]:
        _write(conn, user_id, achievement_id, at, event_id)
    written = [*also, *due]
    done.update(due)
    if waiting:
        needs: dict[int, set[int]] = {}
        for row in conn.execute(_prerequisite_status, {"user": user_id, "ids": waiting}):
            needs.setdefault(row.achievement_id, set())
            if not row.done:
                needs[row.achievement_id].add(row.prerequisite_id)
        # Completing one may complete another that needs it: repeat until nothing changes.
        progress = True
        while progress:
            progress = False
            for achievement_id, missing in needs.items():
                if achievement_id not in done and missing <= done:
                    _write(conn, user_id, achievement_id, at, event_id)
                    written.append(achievement_id)
                    done.add(achievement_id)
                    progress = True
    return written


def _write(conn: Connection, user_id: int, achievement_id: int, at: datetime, event_id) -> None:
    with Session(bind=conn) as session:
        insert_or_ignore(
            session,
            UserAchievement,
            {
                "uuid": new_uuid(),
                "user_id": user_id,
                "achievement_id": achievement_id,
                "event_id": event_id,
                "achieved_at": at,
            },
            ["user_id", "achievement_id"],
        )


def grants_for(conn: Connection, completed: list[int]) -> list[Grant]:
    """What the achievement triggers of the achievements just completed pay."""
    if not completed:
        return []
    rows = conn.execute(_achievement_rules, {"ids": completed}).all()
    order = {achievement_id: i for i, achievement_id in enumerate(completed)}
    rows.sort(key=lambda r: order[r.achievement_id])
    return [Grant(r.id, r.system_id, r.points, r.max_points) for r in rows]


def user_achievements(conn: Connection, completions: list[tuple[int, datetime]]) -> list[dict]:
    """UserAchievementResponse for each (achievement id, completion time), in that order."""
    if not completions:
        return []
    ids = [achievement_id for achievement_id, _ in completions]
    with Session(bind=conn) as session:
        loaded = {a.id: a for a in session.scalars(_loaded.where(Achievement.id.in_(ids)))}
        return [achievement_payloads.user_achievement(loaded[i], at) for i, at in completions]


def complete_by_key(key: str, user) -> dict:
    """POST /achievements/{key}/complete: AchievementCompletionResponse.

    Only `api` achievements are completed this way. A second completion changes nothing and
    answers with the first one (same completionId and achievedAt) and no points.
    """
    user = UserInput.parse(user)
    at = clock.now()
    with event_transaction() as conn:
        with Session(bind=conn) as session:
            achievement = session.scalars(
                _loaded.where(Achievement.key == key) if "\x00" not in key else _loaded.where(False)
            ).first()
            if achievement is None:
                raise NotFound(f"Achievement '{key[:100]}' not found")
            if achievement.status != "active":
                raise Unprocessable(f"Achievement '{key}' is archived")
            if achievement.trigger != "api":
                raise Unprocessable(
                    f"Achievement '{key}' is completed by its {achievement.trigger} trigger, "
                    "not through the API"
                )
            xp_user, created = lock_user(session, user, at)
            session.flush()
            mine = {"user": xp_user.id, "achievement": achievement.id}
            completion = session.scalar(_completion, mine)
        grants = seen.grants(conn, xp_user, created, at)
        completed = []
        if completion is None:
            completed = complete_due(conn, xp_user.id, at=at, also=(achievement.id,))
            grants += grants_for(conn, completed)
        paid = pay(conn, xp_user.id, grants, occurred_at=at, local_date=dating.date_of(xp_user, at))
        told = user_achievements(conn, [(achievement_id, at) for achievement_id in completed])
        news.awards_told(conn, xp_user.id, paid, told)
        if completion is None:
            with Session(bind=conn) as session:
                completion = session.scalars(_completion, mine).one()
        body = {
            "completionId": completion.uuid,
            "achievement": achievement_payloads.user_achievement(
                achievement, completion.achieved_at
            ),
            "points": points_changes(paid.awards, paid.system_totals, paid.levels),
        }
    return body
