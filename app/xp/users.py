"""Users of the calling application: create, identify and update them; read their metrics.

The field rules (id, email, name, tz, subscribeToEmails, attributes) are inputs.UserInput's,
the ones an event's `user` object follows too, and writes lock the user's row as events do.
"""

from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.xp import achievement_payloads, payloads, seen
from app.xp.engine import lock_user, user_transaction
from app.xp.errors import NotFound, Unprocessable
from app.xp.inputs import VALUE_DECIMALS, UserInput
from app.xp.models import Metric, MetricEvent, UserMetricTotal, XpUser
from app.xp.models_engagement import Achievement, UserAchievement
from app.xp.queries import check_summary_range, event_summary, find_user


def get_user(external_id: str) -> dict:
    """User: the stored fields of one user."""
    return payloads.user(find_user(external_id))


def create_user(fields: Mapping) -> dict:
    """A new user from Trophy's UpsertedUser; an id that is taken is refused (422)."""
    user = UserInput.parse(fields, prefix="")
    taken = Unprocessable(f"User '{user.id}' already exists: update it with PUT or PATCH")
    now = clock.now()
    with user_transaction() as session:
        if session.scalar(select(XpUser.id).where(XpUser.external_id == user.id)) is not None:
            raise taken
        xp_user = XpUser(**user.new_row(), created=now, updated=now)
        session.add(xp_user)
        try:
            session.flush()
        except IntegrityError:  # created by a concurrent request since the check above
            raise taken from None
        seen.pay_when_seen(session.connection(), xp_user, True, now)
        session.commit()
    return payloads.user(xp_user)


def identify_user(external_id: str, fields: Mapping) -> dict:
    """Trophy's identify: create the user if new, else update the fields given."""
    user = UserInput.parse(_with_path_id(external_id, fields), prefix="")
    now = clock.now()
    with user_transaction() as session:
        xp_user, created = lock_user(session, user, now)
        session.flush()
        seen.pay_when_seen(session.connection(), xp_user, created, now)
        session.commit()
    return payloads.user(xp_user)


def update_user(external_id: str, fields: Mapping) -> dict:
    """Update the fields given of an existing user; an unknown id is a 404."""
    user = UserInput.parse(_with_path_id(external_id, fields), prefix="")
    now = clock.now()
    with user_transaction() as session:
        # Users are never deleted, so one that exists now still exists when lock_user runs.
        if session.scalar(select(XpUser.id).where(XpUser.external_id == user.id)) is None:
            raise NotFound(f"User '{user.id}' not found")
        xp_user, _ = lock_user(session, user, now)
        session.flush()
        seen.pay_when_seen(session.connection(), xp_user, False, now)
        session.commit()
    return payloads.user(xp_user)


def _with_path_id(external_id: str, fields: Mapping) -> dict:
    """The body's fields with the id from the URL; an `id` in the body must be the same."""
    if fields.get("id") is not None and fields["id"] != external_id:
        raise Unprocessable("'id' in the body must match the user id in the URL, or be left out")
    return {**fields, "id": external_id}


def find_metric(key: str) -> Metric:
    """A metric by key, active or archived (an archived one still has its history)."""
    metric = None
    if "\x00" not in key:
        metric = db.session.scalar(select(Metric).where(Metric.key == key))
    if metric is None:
        raise NotFound(f"Metric '{key[:100]}' not found")
    return metric


def user_metrics(external_id: str) -> list[dict]:
    """MetricResponse for every active metric, by key; `current` is 0 before any event."""
    user = find_user(external_id)
    rows = db.session.execute(
        select(Metric, UserMetricTotal.total)
        .outerjoin(
            UserMetricTotal,
            (UserMetricTotal.metric_id == Metric.id) & (UserMetricTotal.user_id == user.id),
        )
        .where(Metric.status == "active")
        .order_by(Metric.key)
    )
    rows = rows.all()
    progress = _metric_achievements(user.id, [metric.id for metric, _ in rows])
    return [
        payloads.metric_response(metric, total or 0, progress.get(metric.id, []))
        for metric, total in rows
    ]


def user_metric(external_id: str, metric_key: str) -> dict:
    """MetricResponse: the user's current total for one metric."""
    user = find_user(external_id)
    metric = find_metric(metric_key)
    total = db.session.scalar(
        select(UserMetricTotal.total).where(
            UserMetricTotal.user_id == user.id, UserMetricTotal.metric_id == metric.id
        )
    )
    progress = _metric_achievements(user.id, [metric.id])
    return payloads.metric_response(metric, total or 0, progress.get(metric.id, []))


def _metric_achievements(user_id: int, metric_ids: list[int]) -> dict[int, list[dict]]:
    """UserAchievementResponse for the active metric achievements of these metrics, by metric,
    lowest value first, each with the user's completion time or null (one query)."""
    rows = db.session.execute(
        select(Achievement, UserAchievement.achieved_at)
        .outerjoin(
            UserAchievement,
            (UserAchievement.achievement_id == Achievement.id)
            & (UserAchievement.user_id == user_id),
        )
        .where(
            Achievement.trigger == "metric",
            Achievement.status == "active",
            Achievement.metric_id.in_(metric_ids),
        )
        .options(joinedload(Achievement.metric))
        .order_by(Achievement.metric_value, Achievement.id)
    )
    by_metric: dict[int, list[dict]] = {}
    for achievement, achieved_at in rows:
        body = achievement_payloads.user_achievement(achievement, achieved_at)
        by_metric.setdefault(achievement.metric_id, []).append(body)
    return by_metric


def metric_event_summary(
    external_id: str, metric_key: str, aggregation: str, start_date: date, end_date: date
) -> list[dict]:
    """The user's metric per period: [{date, total, change}], as the points summary has it."""
    check_summary_range(aggregation, start_date, end_date)
    user = find_user(external_id)
    metric = find_metric(metric_key)
    return event_summary(
        MetricEvent.value,
        MetricEvent.local_date,
        (MetricEvent.user_id == user.id, MetricEvent.metric_id == metric.id),
        aggregation,
        start_date,
        end_date,
        as_number=_metric_value,
    )


def _metric_value(value) -> float:
    """A sum of event values, kept to the engine's precision (so 0.1 + 0.2 shows 0.3)."""
    return round(float(value), VALUE_DECIMALS)
