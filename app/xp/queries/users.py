"""Users and their metrics on the read side: a user's fields, metric totals and summaries."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.xp.inputs import VALUE_DECIMALS
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.metrics import Metric, MetricEvent, UserMetricTotal
from app.xp.payloads import achievements as achievement_payloads
from app.xp.payloads.users import metric_response
from app.xp.payloads.users import user as user_payload
from app.xp.queries.lookup import find_metric, find_user
from app.xp.queries.summaries import check_summary_range, event_summary


def get_user(external_id: str) -> dict:
    """User: the stored fields of one user."""
    return user_payload(find_user(external_id))


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
        metric_response(metric, total or 0, progress.get(metric.id, [])) for metric, total in rows
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
    return metric_response(metric, total or 0, progress.get(metric.id, []))


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
