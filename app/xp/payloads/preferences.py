"""Trophy's UserPreferencesResponse: a user's notification channels per type."""

from collections.abc import Iterable

from app.xp.models.preferences import (
    DEFAULT_CHANNELS,
    NOTIFICATION_TYPES,
    UserNotificationPreference,
)


def user_preferences(chosen: Iterable[UserNotificationPreference]) -> dict:
    """UserPreferencesResponse: every notification type, with the user's own channels where
    they chose and DEFAULT_CHANNELS where they did not. No `streak`: StudyXP keeps no per-user
    streak preferences (Trophy leaves it out too unless streak customization is on)."""
    by_type = {row.notification_type: row.channels() for row in chosen}
    return {
        "notifications": {
            kind: by_type.get(kind, list(DEFAULT_CHANNELS)) for kind in NOTIFICATION_TYPES
        }
    }
