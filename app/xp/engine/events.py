"""record_event(): the transaction that turns a metric event into points awards.

The rules are DESIGN.md's "XP engine: the contract". In short: lock the user, append the
event, move the metric total, and let each active "every N units" trigger pay for the
multiples of N the new total has passed that it has not paid for before.
"""

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import (
    Connection,
    Integer,
    Row,
    and_,
    bindparam,
    cast,
    exists,
    insert,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from app import clock
from app.columns import new_uuid
from app.xp import streak_rules
from app.xp.engine import achievements, dating, leaderboards, levels, metric, news, seen, streaks
from app.xp.engine.payout import pay
from app.xp.engine.transaction import event_transaction, lock_user
from app.xp.errors import NotFound, Unprocessable
from app.xp.inputs import (
    VALUE_DECIMALS,
    UserInput,
    check_attributes,
    check_idempotency_key,
    check_value,
)
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.leaderboards import Leaderboard
from app.xp.models.metrics import Metric, MetricEvent, UserMetricTotal
from app.xp.models.points import PointsSystem, PointsTrigger, UserPointsTotal, UserTriggerProgress
from app.xp.models.users import XpUser
from app.xp.payloads.events import event_response

# The statements every event runs are built once, here: SQLAlchemy then finds their compiled
# SQL by a cache key it has already computed, instead of building and hashing new statements
# for each event (with the ORM's unit of work, that was most of an event's cost).
_users = XpUser.__table__
_metrics = Metric.__table__
_triggers = PointsTrigger.__table__
_systems = PointsSystem.__table__
_metrics_for_streaks = _metrics.alias("streak_metrics")
_seen_triggers = _triggers.alias("seen_triggers")
_achievements = Achievement.__table__
_leaderboards = Leaderboard.__table__
# What an event reads first, in one round trip: the user's row, locked for the transaction
# (the id and the fields UserInput.changes() compares), with the metric and the rule of each
# of its active metric triggers (a row per trigger, with its points system's status and
# maximum; one row without a trigger when there is none). No row: no such metric or user.
_user_metric_rules = (
    select(
        _users.c.id,
        _users.c.email,
        _users.c.name,
        _users.c.tz,
        _users.c.dating_tz,
        _users.c.dating_tz_until,
        _users.c.subscribe_to_emails,
        _users.c.attributes,
        _users.c.created,
        _metrics.c.id.label("metric_id"),
        _metrics.c.uuid.label("metric_uuid"),
        _metrics.c.status.label("metric_status"),
        _metrics.c.counts_for_streak,
        # Whether any metric keeps streaks: if so, every event reports the streak.
        exists().where(_metrics_for_streaks.c.counts_for_streak.is_(True)).label("streaks_on"),
        # Likewise any active time or user_creation trigger and any active achievement: an
        # event skips the queries of what nobody has configured.
        exists()
        .where(
            _seen_triggers.c.type.in_(("time", "user_creation")),
            _seen_triggers.c.status == "active",
        )
        .label("seen_on"),
        exists().where(_achievements.c.status == "active").label("achievements_on"),
        exists().where(_leaderboards.c.status == "active").label("leaderboards_on"),
        _triggers.c.id.label("trigger_id"),
        _triggers.c.points,
        _triggers.c.metric_threshold,
        _triggers.c.activation,
        _triggers.c.system_id,
        _systems.c.status.label("system_status"),
        _systems.c.max_points,
    )
    .select_from(_users)
    .join(_metrics, _metrics.c.key == bindparam("key"))
    .outerjoin(
        _triggers,
        and_(
            _triggers.c.metric_id == _metrics.c.id,
            _triggers.c.type == "metric",
            _triggers.c.status == "active",
        ),
    )
    .outerjoin(_systems, _systems.c.id == _triggers.c.system_id)
    .where(_users.c.external_id == bindparam("external_id"))
    .order_by(_triggers.c.system_id, _triggers.c.metric_threshold, _triggers.c.id)
    .with_for_update(of=_users)
)
_metric_status = select(_metrics.c.status.label("metric_status")).where(
    _metrics.c.key == bindparam("key")
)
_event_with_key = select(MetricEvent.id).where(
    MetricEvent.user_id == bindparam("user"),
    MetricEvent.metric_id == bindparam("metric"),
    MetricEvent.idempotency_key == bindparam("key"),
)
_metric_totals = UserMetricTotal.__table__
_set_metric_total = (
    update(_metric_totals)
    .where(
        _metric_totals.c.user_id == bindparam("user"),
        _metric_totals.c.metric_id == bindparam("metric"),
    )
    .values(total=bindparam("new_total"))
)
_marks = UserTriggerProgress.__table__
# Read once the user's row is locked, so that both are current: the high-water marks of every
# trigger the user has met (a handful), and their total for the metric, in the row whose
# trigger_id is NULL. One round trip instead of two.
_progress_of_user = union_all(
    select(
        cast(null(), Integer).label("trigger_id"),
        _metric_totals.c.total.label("paid_through"),
        cast(null(), Integer).label("activation"),
    ).where(
        _metric_totals.c.user_id == bindparam("user"),
        _metric_totals.c.metric_id == bindparam("metric"),
    ),
    select(_marks.c.trigger_id, _marks.c.paid_through, _marks.c.activation).where(
        _marks.c.user_id == bindparam("user")
    ),
)
# New rows are written from plain values: the ORM's unit of work cost more than the SQL.
_new_event = insert(MetricEvent.__table__)
_new_metric_total = insert(_metric_totals)
_completed_by_event = select(UserAchievement.achievement_id, UserAchievement.achieved_at).where(
    UserAchievement.event_id == bindparam("event")
)


def lock_event_user(
    conn: Connection,
    metric_key: str,
    user: UserInput,
    at: datetime,
    created_at: datetime | None = None,
) -> tuple[Row, list[Row], bool]:
    """Lock the event's user for this transaction, creating or updating it as lock_user does
    (as of `at`, the event's instant), and read the metric and the rules of its active
    metric triggers.

    Returns the user's row (with created, dating_tz, dating_tz_until, metric_id, metric_uuid,
    counts_for_streak and streaks_on), the rules, rows with trigger_id, points,
    metric_threshold, activation, system_id and max_points, and whether this transaction
    created the user (at `created_at`, when given: a backfilled user is first seen at their
    first event). An unknown metric is a 404 and an archived one a 422, before anything is
    written.
    """
    params = {"external_id": user.id, "key": metric_key}
    rows, metric = [], None
    if "\x00" not in metric_key:
        rows = conn.execute(_user_metric_rules, params).all()
        metric = rows[0] if rows else conn.execute(_metric_status, params).first()
    if metric is None:
        raise NotFound(f"Metric '{metric_key[:100]}' not found")
    if metric.metric_status != "active":
        raise Unprocessable(f"Metric '{metric_key}' is archived and accepts no events")
    created = False
    if not rows or user.changes(rows[0]):
        # A new user, or new fields for this one: the ORM writes them, as /users does.
        # Nearly every event takes the row as it is.
        with Session(bind=conn) as session:
            xp_user, created = lock_user(session, user, at)
            if created and created_at is not None:
                xp_user.created = xp_user.updated = created_at
            session.flush()
        rows = conn.execute(_user_metric_rules, params).all()
    rules = [row for row in rows if row.trigger_id is not None and row.system_status == "active"]
    return rows[0], rules, created


def record_event(
    metric_key: str,
    user,
    value,
    idempotency_key: str | None = None,
    at: datetime | None = None,
    attributes: Mapping[str, str] | None = None,
) -> dict:
    """Apply one metric event for one user and return Trophy's EventResponse.

    `user` is the event body's user object (a mapping with `id` and optional `email`,
    `name`, `tz`, `subscribeToEmails`, `attributes`) or a UserInput. `at` records the event
    as of a past instant through the same rules (for seeding and backfills); the public API
    never sets it. `attributes` are the event's own, stored on its row.
    """
    user = UserInput.parse(user)
    value = check_value(value)
    attributes = {} if attributes is None else check_attributes(attributes, "attributes")
    idempotency_key = check_idempotency_key(idempotency_key)
    occurred_at = at or clock.now()
    if occurred_at.tzinfo is None:
        raise ValueError("record_event(at=...) needs an aware datetime")

    # Core statements on one connection; an ORM session joins its transaction only where one
    # is needed (new or changed users, replays, the awards' triggers).
    with event_transaction() as conn:
        xp_user, rules, created = lock_event_user(conn, metric_key, user, occurred_at, at)

        if idempotency_key is not None:
            earlier = conn.scalar(
                _event_with_key,
                {"user": xp_user.id, "metric": xp_user.metric_id, "key": idempotency_key},
            )
            if earlier is not None:
                # Nothing new is written; the user fields this body changed are kept.
                with Session(bind=conn) as session:
                    earlier = session.get(MetricEvent, earlier)
                    return _replay_response(session, xp_user, earlier, idempotency_key)

        stored_total, marks = None, {}
        progress = {"user": xp_user.id, "metric": xp_user.metric_id}
        for row in conn.execute(_progress_of_user, progress):
            if row.trigger_id is None:  # the metric total's row
                stored_total = row.paid_through
            else:
                marks[row.trigger_id] = row
        previous_total = stored_total or 0.0
        new_total = round(previous_total + value, VALUE_DECIMALS)
        if stored_total is None:
            conn.execute(
                _new_metric_total,
                {"user_id": xp_user.id, "metric_id": xp_user.metric_id, "total": new_total},
            )
        else:
            conn.execute(_set_metric_total, {**progress, "new_total": new_total})

        tz = dating.zone_of(xp_user, occurred_at)
        event = {
            "uuid": new_uuid(),
            "user_id": xp_user.id,
            "metric_id": xp_user.metric_id,
            "value": value,
            "occurred_at": occurred_at,
            "tz": tz,
            "local_date": streak_rules.local_date(occurred_at, tz),
            "idempotency_key": idempotency_key,
            "attributes": attributes,
        }
        event["id"] = conn.execute(_new_event, event).inserted_primary_key[0]

        grants = metric.grants(conn, xp_user.id, rules, marks, previous_total, new_total)
        streak, streak_grants = streaks.keep_for_event(conn, xp_user, value, occurred_at, tz)
        grants += streak_grants
        if xp_user.seen_on:
            grants += seen.grants(conn, xp_user, created, occurred_at)
        completed = []
        if xp_user.achievements_on:
            completed = achievements.complete_due(
                conn,
                xp_user.id,
                at=occurred_at,
                metric_id=xp_user.metric_id,
                metric_total=new_total,
                streak_length=streak["length"],
                event_id=event["id"],
            )
            grants += achievements.grants_for(conn, completed)
        paid = pay(
            conn,
            xp_user.id,
            grants,
            occurred_at=occurred_at,
            local_date=event["local_date"],
            event_id=event["id"],
        )
        moved, movements = {}, []
        if xp_user.leaderboards_on:
            moved = leaderboards.feed(
                conn,
                xp_user.id,
                user.id,
                xp_user.attributes or {},
                xp_user.metric_id,
                value,
                paid.awards,
                streak["length"] if xp_user.streaks_on else None,
                occurred_at,
                tz,
                event["local_date"],
                told=movements,
            )
        response = event_response(
            event["uuid"],
            xp_user.metric_uuid,
            new_total,
            paid.awards,
            paid.system_totals,
            idempotency_key,
            replayed=False,
            levels=paid.levels,
            achievements=achievements.user_achievements(
                conn, [(achievement_id, occurred_at) for achievement_id in completed]
            ),
            current_streak=streak,
            leaderboards=moved,
        )
        news.event_told(conn, xp_user.id, response, paid, movements)
        return response


def _replay_response(
    session: Session, xp_user: Row, event: MetricEvent, idempotency_key: str
) -> dict:
    """The answer to a repeated Idempotency-Key: the original event and its awards, today's
    totals, and nothing new written (a client whose first answer was lost still learns what
    that event earned)."""
    user_id = xp_user.id
    metric_total = session.get(UserMetricTotal, (user_id, xp_user.metric_id))
    system_ids = {a.system_id for a in event.awards}
    system_totals = {
        row.system_id: row.total
        for row in session.scalars(
            select(UserPointsTotal).where(
                UserPointsTotal.user_id == user_id, UserPointsTotal.system_id.in_(system_ids)
            )
        )
    }
    # The level the original event reached, from its awards' running totals.
    moves: dict[int, tuple[int, int]] = {}
    for a in event.awards:
        before, _ = moves.get(a.system_id, (a.total - a.awarded, 0))
        moves[a.system_id] = (before, a.total)
    conn = session.connection()
    completed = conn.execute(_completed_by_event, {"event": event.id}).all()
    # The streak as it stands now, as any event that extends nothing reports it.
    now = clock.now()
    streak, _ = streaks.keep_for_event(conn, xp_user, 0, now, dating.zone_of(xp_user, now))
    return event_response(
        event.uuid,
        xp_user.metric_uuid,
        metric_total.total,
        event.awards,
        system_totals,
        idempotency_key,
        replayed=True,
        levels=levels.level_changes(conn, moves),
        achievements=achievements.user_achievements(conn, [tuple(row) for row in completed]),
        current_streak=streak,
    )
