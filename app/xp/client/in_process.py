"""InProcessXpClient: the XpClient interface in the caller's process and database (the default)."""

from app.xp.engine import preferences, users
from app.xp.engine.achievements import complete_by_key
from app.xp.engine.events import record_event
from app.xp.errors import BadRequest
from app.xp.queries import achievements, boosts, leaderboards, levels, points, streaks, wrapped
from app.xp.queries import preferences as preference_reads
from app.xp.queries.lookup import find_points_system


class InProcessXpClient:
    """Calls the engine and queries directly, in the caller's process and database."""

    def record_event(self, metric_key, user, value, idempotency_key=None):
        return record_event(metric_key, user, value, idempotency_key=idempotency_key)

    def user_points(self, user_id, system_key, awards=10):
        return points.user_points(user_id, system_key, awards=awards)

    def points_system(self, system_key):
        return points.points_system(system_key)

    def points_levels(self, system_key):
        return levels.levels(find_points_system(system_key))

    def points_event_summary(self, user_id, system_key, aggregation, start_date, end_date):
        return points.points_event_summary(user_id, system_key, aggregation, start_date, end_date)

    def achievements(self):
        return achievements.achievements()

    def user_achievements(self, user_id, include_incomplete=False):
        return achievements.user_achievements(user_id, include_incomplete=include_incomplete)

    def user_streak(self, user_id, history_periods=7):
        return streaks.user_streak(user_id, history_periods=history_periods)

    def points_boosts(self, system_key):
        return boosts.points_boosts(system_key)

    def leaderboards(self, include_finished=False):
        return leaderboards.all_leaderboards(include_finished=include_finished)

    def leaderboard(self, key, offset=0, limit=None, run=None, user_id=None, user_attributes=None):
        return leaderboards.leaderboard_rankings(
            key, offset, limit, run=run, user_id=user_id, user_attributes=user_attributes
        )

    def user_leaderboard(self, user_id, key, run=None, num_events=10):
        return leaderboards.user_leaderboard(user_id, key, run=run, num_events=num_events)

    def identify_user(self, user):
        if not isinstance(user, dict) or not isinstance(user.get("id"), str):
            raise BadRequest("'user' must be a JSON object with a string 'id'")
        return users.identify_user(user["id"], user)

    def user_preferences(self, user_id):
        return preference_reads.user_preferences(user_id)

    def update_user_preferences(self, user_id, notifications):
        return preferences.update_preferences(user_id, {"notifications": notifications})

    def streaks(self, user_ids):
        return streaks.streak_lengths(user_ids)

    def user_wrapped(self, user_id, year=None):
        return wrapped.user_wrapped(user_id, year=year)

    def complete_achievement(self, key, user):
        return complete_by_key(key, user)
