"""Trophy-shaped leaderboard JSON: LeaderboardResponse and the answers built on it.

`board` is a Leaderboard row (or model) with, beside its own columns, `metric_key`,
`metric_name`, `points_system_key` and `points_system_name` (None when not ranked by that):
the engine and the read side both select them. Values are Trophy's integers: a run's value
rounded down (leaderboard_rules.shown_value).
"""

from datetime import UTC, date, datetime, time

from app.xp.leaderboard_rules import Run, shown_value
from app.xp.payloads.values import iso_date, iso_datetime


def _date_or_none(value: date | None) -> str | None:
    return iso_date(value) if value is not None else None


def leaderboard(board, status: str) -> dict:
    """LeaderboardResponse (with `status`, which Trophy's schema requires, and
    `userAttributes`, which Trophy's SDKs from 1.27 do)."""
    attributes = list(board.breakdown_attributes or [])
    body = {
        "id": board.uuid,
        "name": board.name,
        "key": board.key,
        "status": status,
        "description": board.description,
        "rankBy": board.rank_by,
        "breakdownAttribute": attributes[0] if len(attributes) == 1 else None,
        "breakdownAttributes": attributes,
        "start": iso_date(board.start_date),
        "end": _date_or_none(board.end_date),
        "startTime": board.start_time,
        "endTime": board.end_time,
        "maxParticipants": board.max_participants,
        "runUnit": board.run_unit,
        "runInterval": board.run_interval,
        # Trophy's participation filters (its SDK 1.27 requires the field): StudyXP boards
        # have none, so every user can take part.
        "userAttributes": [],
    }
    if board.rank_by == "metric":
        body.update(metricKey=board.metric_key, metricName=board.metric_name)
    elif board.rank_by == "points":
        body.update(
            pointsSystemKey=board.points_system_key, pointsSystemName=board.points_system_name
        )
    return body


def breakdown_values(board, values: dict[str, str]) -> list[dict]:
    """breakdownAttributeValues: the user's value of each breakdown attribute, in order."""
    return [{"key": k, "value": values[k]} for k in board.breakdown_attributes or []]


def event_leaderboard(
    board,
    status: str,
    run: Run,
    rank: int | None,
    previous_rank: int | None,
    threshold: float,
    values: dict[str, str],
) -> dict:
    """MetricEventLeaderboardResponse: the board as the event left the user on its run
    (`start` and `end` are the run's)."""
    body = {
        **leaderboard(board, status),
        "start": iso_date(run.start),
        "end": _date_or_none(run.end),
        "rank": rank,
        "previousRank": previous_rank,
        "threshold": shown_value(threshold),
    }
    if board.breakdown_attributes:
        body["breakdownAttributeValues"] = breakdown_values(board, values)
        if len(board.breakdown_attributes) == 1:
            body["breakdownAttributeValue"] = values[board.breakdown_attributes[0]]
    return body


def ranking(user_key: str, user_name: str | None, rank: int, value: float) -> dict:
    """LeaderboardRanking."""
    return {"userId": user_key, "userName": user_name, "rank": rank, "value": shown_value(value)}


def leaderboard_with_rankings(board, status: str, rankings: list[dict]) -> dict:
    """LeaderboardResponseWithRankings."""
    return {**leaderboard(board, status), "rankings": rankings}


def history_event(snapshot) -> dict:
    """LeaderboardEvent: one day's snapshot (a LeaderboardSnapshot row)."""

    def value_or_none(value):
        return shown_value(value) if value is not None else None

    return {
        "date": iso_date(snapshot.day),
        "timestamp": iso_datetime(datetime.combine(snapshot.day, time(), UTC)),
        "previousRank": snapshot.previous_rank,
        "rank": snapshot.rank,
        "previousValue": value_or_none(snapshot.previous_value),
        "value": value_or_none(snapshot.value),
    }


def user_leaderboard(
    board, status: str, rank: int | None, value: float | None, history: list[dict]
) -> dict:
    """UserLeaderboardResponseWithHistory: rank and value are null off the board."""
    return {
        **leaderboard(board, status),
        "rank": rank,
        "value": shown_value(value) if rank is not None and value is not None else None,
        "history": history,
    }
