"""XpClient: how the rest of StudyXP talks to the XP service.

The study app never imports the engine: it asks current_app's XpClient (xp_client()), which
is InProcessXpClient (in_process.py) by default and HttpXpClient (http.py) when XP_API_URL is
set. Every method answers with the same Trophy-shaped JSON as /api/v1 and raises the same
XpError subclasses (app.xp.errors) for the same bad input, so either client serves the
caller unchanged; only HttpXpClient can also raise XpUnavailable.

This package defines the interface; in_process.py calls the engine and queries, http.py calls
/api/v1. Nothing else in app.xp imports the clients.
"""

from datetime import date
from typing import Protocol

from flask import current_app

from app import clock
from app.xp.client.http import HttpXpClient
from app.xp.client.in_process import InProcessXpClient


class XpClient(Protocol):
    def record_event(
        self, metric_key: str, user: dict, value: float, idempotency_key: str | None = None
    ) -> dict:
        """POST /metrics/{key}/event: the EventResponse."""

    def user_points(self, user_id: str, system_key: str, awards: int = 10) -> dict:
        """GET /users/{id}/points/{key}: the GetUserPointsResponse."""

    def points_system(self, system_key: str) -> dict:
        """GET /points/{key}: the PointsSystemResponse with its active triggers."""

    def points_levels(self, system_key: str) -> list[dict]:
        """GET /points/{key}/levels: the PointsLevels, lowest points first."""

    def points_event_summary(
        self, user_id: str, system_key: str, aggregation: str, start_date: date, end_date: date
    ) -> list[dict]:
        """GET /users/{id}/points/{key}/event-summary: [{date, total, change}]."""

    def achievements(self) -> list[dict]:
        """GET /achievements: every active achievement with completions and rarity."""

    def user_achievements(self, user_id: str, include_incomplete: bool = False) -> list[dict]:
        """GET /users/{id}/achievements: completed ones, or every active one (includeIncomplete)."""

    def user_streak(self, user_id: str, history_periods: int = 7) -> dict:
        """GET /users/{id}/streak?historyPeriods=N: the StreakResponse."""

    def points_boosts(self, system_key: str) -> list[dict]:
        """GET /points/{key}/boosts: the system's global boosts, running or scheduled."""

    def complete_achievement(self, key: str, user: dict) -> dict:
        """POST /achievements/{key}/complete: the AchievementCompletionResponse."""

    def leaderboards(self, include_finished: bool = False) -> list[dict]:
        """GET /leaderboards: every active or scheduled board (finished too on request)."""

    def leaderboard(
        self,
        key: str,
        offset: int = 0,
        limit: int | None = None,
        run: date | str | None = None,
        user_id: str | None = None,
        user_attributes: str | None = None,
    ) -> dict:
        """GET /leaderboards/{key}: the LeaderboardResponseWithRankings of a run (the current
        one, or the one holding the date `run`); no limit: 10, or maxParticipants if fewer."""

    def user_leaderboard(
        self, user_id: str, key: str, run: date | str | None = None, num_events: int = 10
    ) -> dict:
        """GET /users/{id}/leaderboards/{key}: the UserLeaderboardResponseWithHistory."""

    def identify_user(self, user: dict) -> dict:
        """PUT /users/{id} (Trophy's identify): the user (an event's `user` object: id, and
        email, name, tz...) created if new, else its fields given updated; the User."""

    def user_preferences(self, user_id: str) -> dict:
        """GET /users/{id}/preferences: the UserPreferencesResponse (every notification type's
        channels, the default email where the user never chose)."""

    def update_user_preferences(self, user_id: str, notifications: dict) -> dict:
        """PATCH /users/{id}/preferences with {"notifications": ...}: each type given gets
        those channels, the others keep theirs; the UserPreferencesResponse as stored now."""

    def streaks(self, user_ids: list[str]) -> list[dict]:
        """GET /streaks: the BulkStreakResponse of up to 100 users, longest first."""

    def user_wrapped(self, user_id: str, year: int | None = None) -> dict:
        """GET /users/{id}/wrapped: the WrappedResponse of a year (default: the user's current
        one)."""


def client_from_config(config) -> XpClient:
    """HttpXpClient when XP_API_URL names a separate XP service, else InProcessXpClient."""
    if config.get("XP_API_URL"):
        return HttpXpClient.from_config(config, now=clock.now)
    return InProcessXpClient()


def xp_client() -> XpClient:
    """The app's configured client (InProcessXpClient unless create_app was told otherwise)."""
    return current_app.extensions["xp_client"]
