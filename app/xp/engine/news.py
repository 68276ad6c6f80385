"""What a write tells integrators: the webhook news of an event's (or an award's) transaction,
written to the outbox (outbox.py) on the same connection, so it exists exactly when the
change committed.

- achievement.completed for each achievement completed, and emails.achievement_due with it
  when the user wants achievement emails (wants_email);
- points.changed per points system whose total moved (throttled per user and system), the
  system's MetricEventPointsResponse;
- points.level_changed per system whose level moved, with the levels before and after;
- leaderboard.rank_changed per run where the user's rank moved (throttled per user and
  run), and leaderboard.changed per run whose rankings moved (throttled per run).

Nothing is built when no active endpoint subscribes: a write then pays one read
(outbox.listeners, shared with the streak news of the same transaction).
The time-based news (boosts, runs starting and finishing, recap, reactivation and streak
reminder emails) is told by `flask xp tick` (app/xp/webhooks/announcements.py).
"""

from collections.abc import Iterable

from sqlalchemy import Connection, and_, bindparam, exists, not_, select
from sqlalchemy.orm import Session

from app import clock
from app.xp.engine import levels
from app.xp.engine.leaderboards import Movement, run_rankings
from app.xp.engine.outbox import enqueue, listeners
from app.xp.engine.payout import Paid
from app.xp.models.points import PointsLevel
from app.xp.models.preferences import DEFAULT_CHANNELS, UserNotificationPreference
from app.xp.models.users import XpUser
from app.xp.payloads import webhooks as payloads
from app.xp.payloads.points import level as level_payload
from app.xp.payloads.points import points_changes, points_system
from app.xp.payloads.users import user as user_payload

# The types a write tells; the streak types are told by streaks.py, the rest by tick.
TOLD_BY_WRITES = frozenset(
    (
        "achievement.completed",
        "emails.achievement_due",
        "points.changed",
        "points.level_changed",
        "leaderboard.rank_changed",
        "leaderboard.changed",
    )
)
_users = XpUser.__table__
_preferences = UserNotificationPreference.__table__
_levels = PointsLevel.__table__
_levels_of_systems = (
    select(_levels)
    .where(_levels.c.system_id.in_(bindparam("systems", expanding=True)))
    .order_by(_levels.c.system_id, _levels.c.points)
)


def wants_email(notification_type: str):
    """SQL condition on xp_user: the user takes emails (subscribeToEmails) and chose the
    email channel for `notification_type` (Trophy's NotificationPreferences key), or never
    chose and the default channels include email."""
    chosen = _preferences.c.user_id == _users.c.id
    chosen &= _preferences.c.notification_type == notification_type
    on = exists().where(chosen, _preferences.c.email.is_(True))
    if "email" in DEFAULT_CHANNELS:
        on |= not_(exists().where(chosen))
    return and_(_users.c.subscribe_to_emails.is_(True), on)


def event_told(
    conn: Connection,
    user_id: int,
    response: dict,
    paid: Paid,
    movements: Iterable[Movement],
) -> None:
    """The news of a recorded event, from its EventResponse (`points`, `achievements`), what
    it paid and the leaderboard moves feed() reported."""
    _tell(conn, user_id, paid, response["achievements"], movements, response["points"])


def awards_told(
    conn: Connection, user_id: int, paid: Paid, achievements: Iterable[dict] = ()
) -> None:
    """The news of awards paid outside an event (time and user_creation triggers, an API
    completion) and of the achievements (UserAchievementResponse) completed with them."""
    _tell(conn, user_id, paid, list(achievements), (), None)


def _tell(conn, user_id, paid, achievements, movements, points) -> None:
    movements = list(movements)
    if not (paid.awards or achievements or movements):
        return
    types = listeners(conn).keys() & TOLD_BY_WRITES
    if not types:
        return
    with Session(bind=conn) as session:
        xp_user = session.get(XpUser, user_id)
        user = user_payload(xp_user)
    now = clock.now()
    if achievements:
        _achievements_told(conn, types, user, user_id, achievements, now)
    if paid.awards:
        if points is None:
            points = points_changes(paid.awards, paid.system_totals, paid.levels)
        _points_told(conn, types, user, user_id, paid, points)
    for move in movements:
        _movement_told(conn, types, user, user_id, move)


def _achievements_told(conn, types, user, user_id, achievements, now) -> None:
    for achievement in achievements:
        if "achievement.completed" in types:
            enqueue(
                conn, "achievement.completed", payloads.achievement_completed(user, achievement)
            )
    if "emails.achievement_due" in types:
        wanted = conn.scalar(
            select(_users.c.id).where(_users.c.id == user_id, wants_email("achievement_completed"))
        )
        if wanted is not None:
            for achievement in achievements:
                payload = payloads.achievement_due(user, achievement, now)
                enqueue(conn, "emails.achievement_due", payload)


def _points_told(conn, types, user, user_id, paid: Paid, points: dict[str, dict]) -> None:
    systems = {a.system_id: a.system for a in paid.awards}
    ids_by_key = {system.key: system_id for system_id, system in systems.items()}
    moved = {}
    for key, entry in points.items():
        if entry["added"] == 0:
            continue  # awards that cancel out leave the total where it was
        system_id = ids_by_key[key]
        moved[system_id] = (entry["total"] - entry["added"], entry["total"])
        if "points.changed" in types:
            subject = f"user:{user_id}:system:{system_id}"
            enqueue(conn, "points.changed", payloads.points_changed(user, entry), subject)
    if "points.level_changed" not in types or not moved:
        return
    by_system: dict[int, list] = {}
    for row in conn.execute(_levels_of_systems, {"systems": list(moved)}):
        by_system.setdefault(row.system_id, []).append(row)
    for system_id, system_levels in by_system.items():
        before, after = moved[system_id]
        old = levels.level_for(system_levels, before)
        new = levels.level_for(system_levels, after)
        if (old.id if old else None) == (new.id if new else None):
            continue
        payload = payloads.level_changed(
            user,
            points_system(systems[system_id]),
            after,
            level_payload(old) if old is not None else None,
            level_payload(new) if new is not None else None,
        )
        enqueue(conn, "points.level_changed", payload)


def _movement_told(conn, types, user, user_id, move: Movement) -> None:
    board, run = move.board, move.run
    if "leaderboard.rank_changed" in types and move.rank != move.previous_rank:
        payload = payloads.rank_changed(
            user,
            board,
            move.status,
            run,
            move.rank,
            move.value,
            move.previous_rank,
            move.previous_value,
        )
        subject = f"user:{user_id}:leaderboard:{board.id}:run:{run.start}"
        enqueue(conn, "leaderboard.rank_changed", payload, subject)
    if "leaderboard.changed" in types:
        rankings = run_rankings(conn, board, run.start, move.group)
        body = payloads.run_with_rankings(board, move.status, run, rankings)
        subject = f"leaderboard:{board.id}:run:{run.start}:group:{move.group}"
        enqueue(
            conn,
            "leaderboard.changed",
            payloads.leaderboard_news("leaderboard.changed", body),
            subject,
        )
