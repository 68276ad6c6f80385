"""Trophy's webhook request bodies: each event type's payload, built from the payloads the API
answers with (User, UserAchievementResponse, MetricEventPointsResponse, leaderboards), so a
webhook and an API answer about the same thing read the same.

Every dict satisfies the request-body schema of its type in the `webhooks` section of
Trophy's Application API. `at` arguments are the instants the news happened (or was sent).
"""

from datetime import date, datetime

from app.xp.leaderboard_rules import Run, shown_value
from app.xp.models.boosts import PointsBoost
from app.xp.payloads.leaderboards import leaderboard, leaderboard_with_rankings
from app.xp.payloads.values import iso_date, iso_datetime, number


def achievement_completed(user: dict, achievement: dict) -> dict:
    """achievement.completed: `user` a User, `achievement` a UserAchievementResponse."""
    return {"type": "achievement.completed", "user": user, "achievement": achievement}


def achievement_due(user: dict, achievement: dict, at: datetime) -> dict:
    """emails.achievement_due: the same completion, for the integrator's email."""
    return {
        "type": "emails.achievement_due",
        "timestamp": iso_datetime(at),
        "user": user,
        "achievement": achievement,
    }


def points_changed(user: dict, points: dict) -> dict:
    """points.changed: `points` is the system's MetricEventPointsResponse."""
    return {"type": "points.changed", "user": user, "points": points}


def level_changed(
    user: dict, system: dict, total: int, previous: dict | None, new: dict | None
) -> dict:
    """points.level_changed: `system` a PointsResponse, the levels PointsLevel or None."""
    return {
        "type": "points.level_changed",
        "user": user,
        "points": {**system, "total": total},
        "previousLevel": previous,
        "newLevel": new,
    }


def boost_news(event_type: str, b: PointsBoost, user_key: str | None, at: datetime) -> dict:
    """points.boost_started / points.boost_finished: PointsBoostWebhookPayload, whose status
    is "active" when it started and "finished" when it ended."""
    return {
        "type": event_type,
        "timestamp": iso_datetime(at),
        "boost": {
            "id": b.uuid,
            "name": b.name,
            "status": "finished" if event_type == "points.boost_finished" else "active",
            "userId": user_key,
            "pointsSystemId": b.system.uuid,
            "pointsSystemKey": b.system.key,
            "pointsSystemName": b.system.name,
            "start": iso_date(b.start_date),
            "end": iso_date(b.end_date) if b.end_date is not None else None,
            "multiplier": number(b.multiplier),
            "rounding": b.rounding,
        },
    }


def run_with_rankings(board, status: str, run: Run, rankings: list[dict]) -> dict:
    """LeaderboardResponseWithRankings of one run: `start` and `end` are the run's."""
    return {
        **leaderboard_with_rankings(board, status, rankings),
        "start": iso_date(run.start),
        "end": iso_date(run.end) if run.end is not None else None,
    }


def leaderboard_news(event_type: str, run_rankings: dict) -> dict:
    """leaderboard.started / leaderboard.changed / leaderboard.finished."""
    return {"type": event_type, "leaderboard": run_rankings}


def rank_changed(
    user: dict,
    board,
    status: str,
    run: Run,
    rank: int | None,
    value: float | None,
    previous_rank: int | None,
    previous_value: float | None,
) -> dict:
    """leaderboard.rank_changed: WebhookUserLeaderboardResponse, values null off the board."""

    def shown(value, on_board):
        return shown_value(value) if on_board is not None and value is not None else None

    return {
        "type": "leaderboard.rank_changed",
        "user": user,
        "leaderboard": {
            **leaderboard(board, status),
            "start": iso_date(run.start),
            "end": iso_date(run.end) if run.end is not None else None,
            "rank": rank,
            "value": shown(value, rank),
            "previousRank": previous_rank,
            "previousValue": shown(previous_value, previous_rank),
        },
    }


def recap_due(user: dict, start: date, end: date, at: datetime) -> dict:
    """emails.recap_due: the recap covers the local dates `start` to `end`."""
    return {
        "type": "emails.recap_due",
        "timestamp": iso_datetime(at),
        "user": user,
        "recap": {"periodStart": iso_date(start), "periodEnd": iso_date(end)},
    }


def reactivation_due(user: dict, message_number: int, days_inactive: int, at: datetime) -> dict:
    """emails.reactivation_due."""
    return {
        "type": "emails.reactivation_due",
        "timestamp": iso_datetime(at),
        "user": user,
        "reactivation": {"messageNumber": message_number, "daysSinceLastActive": days_inactive},
    }


def streak_reminder_due(user: dict, streak: dict, at: datetime) -> dict:
    """emails.streak_reminder_due: `streak` a StreakResponse."""
    return {
        "type": "emails.streak_reminder_due",
        "timestamp": iso_datetime(at),
        "user": user,
        "streak": streak,
    }
