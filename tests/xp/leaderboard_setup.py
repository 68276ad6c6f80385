"""Building blocks for the leaderboard tests: boards, events at an instant, ranks read back,
and the OpenAPI document's leaderboard chapter (app/xp/openapi/examples/leaderboards.py)."""

from datetime import date

from app.xp.admin.leaderboards import save_leaderboard
from app.xp.engine.events import record_event
from app.xp.models.leaderboards import Leaderboard
from app.xp.openapi.examples import leaderboards as chapter
from app.xp.queries.leaderboards import leaderboard_rankings, user_leaderboard
from tests.xp.engagement_setup import FLIPPED, metric, xp_system


def board(key="weekly", rank_by="metric", start: date | None = None, **fields) -> Leaderboard:
    """An active board on flashcards-flipped (rank_by="metric") or the xp system ("points")."""
    if rank_by == "metric":
        fields.setdefault("metric_id", metric().id)
    elif rank_by == "points":
        fields.setdefault("points_system_id", xp_system().id)
    fields.setdefault("status", "active")
    fields.setdefault("name", key.title())
    return save_leaderboard(None, key=key, rank_by=rank_by, start=start, **fields)


def event(user: str, value, tz: str | None = None, at=None, attributes=None) -> dict:
    body = {"id": user, "name": user.title()}
    if tz:
        body["tz"] = tz
    if attributes is not None:
        body["attributes"] = attributes
    return record_event(FLIPPED, body, value, at=at)


def standings(key: str, limit: int = 10, **params) -> list[tuple[str, int, int]]:
    """(userId, rank, value) of the rankings."""
    body = leaderboard_rankings(key, limit=limit, **params)
    return [(r["userId"], r["rank"], r["value"]) for r in body["rankings"]]


def rank(user: str, key: str, **params) -> tuple[int | None, int | None]:
    body = user_leaderboard(user, key, **params)
    return body["rank"], body["value"]


def tell_the_leaderboard_chapter(clock) -> None:
    """The document's leaderboard chapter up to its last event (not included), in an app
    context on seed.py's set-up: its boards activated, then each event at its instant."""
    clock.set(chapter.ACTIVATED)
    for fields in chapter.BOARDS:
        fields = dict(fields)
        board(fields.pop("key"), fields.pop("rank_by"), **fields)
    for user, at, value in chapter.EVENTS:
        clock.set(at)
        record_event(FLIPPED, user, value)
