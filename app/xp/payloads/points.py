"""Trophy-shaped JSON for points: systems, triggers, awards, boosts, levels and summaries.

Every dict here satisfies the `required` list, types and nullability of the matching schema
in Trophy's Application API (reference/trophy-application-api.openapi.json), so Trophy's
generated SDKs can parse StudyXP's answers unchanged.
"""

from collections.abc import Iterable
from datetime import date

from app.xp.models.boosts import PointsBoost
from app.xp.models.points import PointsAward, PointsLevel, PointsSystem, PointsTrigger
from app.xp.payloads.values import iso_date, iso_datetime, number


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


def summary_row(period: date, total: float, change: float) -> dict:
    """One row of an event summary (points or a metric)."""
    return {"date": iso_date(period), "total": number(total), "change": number(change)}


def points_system_response(system: PointsSystem, triggers: Iterable[PointsTrigger]) -> dict:
    """PointsSystemResponse (plus `key`, as every points answer has): only active triggers."""
    return {
        **points_system(system),
        "triggers": [trigger(t) for t in triggers if t.status == "active"],
    }


def points_summary_row(from_: int, to: int, users: int) -> dict:
    """PointsRange: how many users hold from `from_` to `to` points, both inclusive."""
    return {"from": from_, "to": to, "users": users}
