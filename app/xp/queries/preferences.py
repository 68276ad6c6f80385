"""A user's notification preferences on the read side (Trophy's GET /users/{id}/preferences)."""

from sqlalchemy import select

from app.extensions import db
from app.xp.models.preferences import UserNotificationPreference
from app.xp.payloads.preferences import user_preferences as preferences_payload
from app.xp.queries.lookup import find_user


def user_preferences(external_id: str) -> dict:
    """UserPreferencesResponse: the user's channels per notification type (the default where
    they never chose); an unknown user is a 404."""
    user = find_user(external_id)
    chosen = db.session.scalars(
        select(UserNotificationPreference).where(UserNotificationPreference.user_id == user.id)
    )
    return preferences_payload(chosen)
