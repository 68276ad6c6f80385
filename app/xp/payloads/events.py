"""Trophy's EventResponse: what recording a metric event answers."""

from collections.abc import Iterable

from app.xp.models.points import PointsAward
from app.xp.payloads.points import points_changes
from app.xp.payloads.streaks import empty_streak
from app.xp.payloads.values import number


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
    leaderboards: dict[str, dict] | None = None,
) -> dict:
    """EventResponse: `achievements` (UserAchievementResponse) this event completed,
    `currentStreak` (MetricEventStreakResponse; none: no streaks), the points it added and
    `leaderboards` (MetricEventLeaderboardResponse by board key: the boards it moved)."""
    body = {
        "eventId": event_uuid,
        "metricId": metric_uuid,
        "total": number(metric_total),
        "achievements": achievements or [],
        "currentStreak": current_streak if current_streak is not None else empty_streak(),
        "points": points_changes(awards, system_totals, levels),
        "leaderboards": leaderboards or {},
    }
    if idempotency_key is not None:
        body["idempotencyKey"] = idempotency_key
        body["idempotentReplayed"] = replayed
    return body
