"""Trophy-shaped JSON for achievements.

Every dict satisfies the `required` list, types and nullability of the matching schema in
Trophy's Application API, as the points payloads do.
"""

from datetime import datetime

from app.xp.models.achievements import Achievement
from app.xp.payloads.values import iso_datetime, number


def achievement(a: Achievement) -> dict:
    """AchievementResponse: the fields of its trigger type only."""
    body = {
        "id": a.uuid,
        "name": a.name,
        "trigger": a.trigger,
        "description": a.description,
        "badgeUrl": a.badge_url,
        "key": a.key,
        "userAttributes": [],
    }
    if a.trigger == "metric":
        body.update(
            metricId=a.metric.uuid,
            metricValue=number(a.metric_value),
            metricName=a.metric.name,
            eventAttributes=[],
        )
    elif a.trigger == "streak":
        body["streakLength"] = a.streak_length
    elif a.trigger == "achievement":
        body["achievementIds"] = [p.uuid for p in a.prerequisites]
    return body


def user_achievement(a: Achievement, achieved_at: datetime | None) -> dict:
    """UserAchievementResponse: `achievedAt` null while incomplete."""
    return {
        **achievement(a),
        "achievedAt": iso_datetime(achieved_at) if achieved_at is not None else None,
    }


def with_stats(body: dict, completions: int, users: int) -> dict:
    """Adds AchievementWithStatsResponse's `completions` and `rarity` (percent of all users,
    two decimals; 0 when there are no users) to an achievement payload."""
    rarity = round(100.0 * completions / users, 2) if users else 0.0
    return {**body, "completions": completions, "rarity": rarity}
