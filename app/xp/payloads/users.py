"""Trophy's User and MetricResponse: a user's stored fields and their metric totals."""

from app.xp.models.metrics import Metric
from app.xp.models.users import XpUser
from app.xp.payloads.values import iso_datetime, number


def user(u: XpUser) -> dict:
    """User. StudyXP has no control group, so `control` is always false."""
    return {
        "id": u.external_id,
        "email": u.email,
        "name": u.name,
        "tz": u.tz,
        "subscribeToEmails": u.subscribe_to_emails,
        "attributes": dict(u.attributes),
        "control": False,
        "created": iso_datetime(u.created),
        "updated": iso_datetime(u.updated),
    }


def metric_response(metric: Metric, current: float, achievements: list[dict]) -> dict:
    """MetricResponse: the user's total for one metric, and its achievements
    (UserAchievementResponse, complete or not)."""
    return {
        "id": metric.uuid,
        "key": metric.key,
        "name": metric.name,
        "current": number(current),
        "achievements": achievements,
    }
