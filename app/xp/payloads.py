"""Trophy-shaped JSON built from the models: the one place that knows the wire format.

Every dict here satisfies the `required` list, types and nullability of the matching schema
in Trophy's Application API (reference/trophy-application-api.openapi.json), so Trophy's
generated SDKs can parse StudyXP's answers unchanged.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime

from app.xp.models import Metric, PointsAward, PointsLevel, PointsSystem, PointsTrigger, XpUser
from app.xp.models_engagement import PointsBoost


def iso_datetime(value: datetime) -> str:
    """UTC ISO 8601 with a Z, as Trophy writes it: 2021-01-01T00:00:00Z."""
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def iso_date(value: date) -> str:
    return value.isoformat()


def number(value: float) -> float | int:
    """A metric value as JSON: 10 rather than 10.0 when it is whole."""
    return int(value) if float(value).is_integer() else value


def trigger(t: PointsTrigger) -> dict:
    """PointsTrigger."""
    body = {
        "id": t.uuid,
        "type": t.type,
        "points": t.points,
        "status": t.status,
        "userAttributes": list(t.user_attributes or []),
        "created": iso_datetime(t.created),
        "updated": iso_datetime(t.updated),
    }
    if t.type == "metric":
        body.update(
            metricId=t.metric.uuid,
            metricName=t.metric.name,
            metricThreshold=t.metric_threshold,
            eventAttributes=[],
        )
    elif t.type == "streak":
        body["streakLengthThreshold"] = t.streak_length_threshold
    elif t.type == "achievement":
        body.update(achievementId=t.achievement.uuid, achievementName=t.achievement.name)
    elif t.type == "time":
        body.update(timeUnit=t.time_unit, timeInterval=t.time_interval)
    return body


def award(a: PointsAward) -> dict:
    """PointsAward."""
    return {
        "id": a.uuid,
        "awarded": a.awarded,
        "date": iso_datetime(a.occurred_at),
        "total": a.total,
        "trigger": trigger(a.trigger),
        "boosts": [boost(link.boost, a.local_date) for link in a.boost_links],
    }


def boost_status(b: PointsBoost, today: date) -> str:
    """Scheduled before its start date, finished after its end date, else active."""
    if today < b.start_date:
        return "scheduled"
    if b.end_date is not None and today > b.end_date:
        return "finished"
    return "active"


def boost(b: PointsBoost, today: date) -> dict:
    """PointsBoost; its status as of the local date `today`."""
    return {
        "id": b.uuid,
        "name": b.name,
        "status": boost_status(b, today),
        "start": iso_date(b.start_date),
        "end": iso_date(b.end_date) if b.end_date is not None else None,
        "multiplier": number(b.multiplier),
        "rounding": b.rounding,
    }


def points_system(system: PointsSystem) -> dict:
    """PointsResponse: the fields every points answer starts with."""
    return {
        "id": system.uuid,
        "key": system.key,
        "name": system.name,
        "description": system.description,
        "badgeUrl": system.badge_url,
        "maxPoints": system.max_points,
    }


def level(lv: PointsLevel) -> dict:
    """PointsLevel (from the model or a row of its table)."""
    return {
        "id": lv.uuid,
        "key": lv.key,
        "name": lv.name,
        "description": lv.description,
        "badgeUrl": lv.badge_url,
        "points": lv.points,
    }


def level_summary_row(lv: PointsLevel, users: int) -> dict:
    """One row of PointsLevelSummaryResponse."""
    return {"level": level(lv), "users": users}


def user_points(
    system: PointsSystem, total: int, awards: Iterable[PointsAward], current_level: dict | None
) -> dict:
    """GetUserPointsResponse: `level` is the one the total is at, or null."""
    return {
        **points_system(system),
        "total": total,
        "level": current_level,
        "awards": [award(a) for a in awards],
    }


def empty_streak() -> dict:
    """MetricEventStreakResponse for a service without streaks: length 0, nothing pending."""
    return {
        "length": 0,
        "frequency": "daily",
        "started": None,
        "periodStart": None,
        "periodEnd": None,
        "expires": None,
        "extended": False,
    }


def points_changes(
    awards: Iterable[PointsAward], system_totals: dict[int, int], levels: dict[int, dict] | None
) -> dict[str, dict]:
    """MetricEventPointsResponse by system key, for the systems these awards changed; an
    entry carries `level` only when the user moved to another level (`levels`, PointsLevel
    payloads by system id)."""
    points: dict[str, dict] = {}
    for a in awards:
        entry = points.get(a.system.key)
        if entry is None:
            entry = points[a.system.key] = {
                **points_system(a.system),
                "total": system_totals[a.system_id],
                "added": 0,
                "awards": [],
            }
            if levels and a.system_id in levels:
                entry["level"] = levels[a.system_id]
        entry["added"] += a.awarded
        entry["awards"].append(award(a))
    return points


def event_response(
    event_uuid: str,
    metric_uuid: str,
    metric_total: float,
    awards: Iterable[PointsAward],
    system_totals: dict[int, int],
    idempotency_key: str | None = None,
    replayed: bool = False,
    levels: dict[int, dict] | None = None,
    achievements: list[dict] | None = None,
    current_streak: dict | None = None,
) -> dict:
    """EventResponse: `achievements` (UserAchievementResponse) this event completed,
    `currentStreak` (MetricEventStreakResponse; none: no streaks) and the points it added."""
    body = {
        "eventId": event_uuid,
        "metricId": metric_uuid,
        "total": number(metric_total),
        "achievements": achievements or [],
        "currentStreak": current_streak if current_streak is not None else empty_streak(),
        "points": points_changes(awards, system_totals, levels),
        "leaderboards": {},
    }
    if idempotency_key is not None:
        body["idempotencyKey"] = idempotency_key
        body["idempotentReplayed"] = replayed
    return body


def summary_row(period: date, total: float, change: float) -> dict:
    """One row of an event summary (points or a metric)."""
    return {"date": iso_date(period), "total": number(total), "change": number(change)}


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


def points_system_response(system: PointsSystem, triggers: Iterable[PointsTrigger]) -> dict:
    """PointsSystemResponse (plus `key`, as every points answer has): only active triggers."""
    return {
        **points_system(system),
        "triggers": [trigger(t) for t in triggers if t.status == "active"],
    }


def points_summary_row(from_: int, to: int, users: int) -> dict:
    """PointsRange: how many users hold from `from_` to `to` points, both inclusive."""
    return {"from": from_, "to": to, "users": users}
