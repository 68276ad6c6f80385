"""A user's notification preferences on the write side (Trophy's PATCH
/users/{id}/preferences; reads: queries/preferences.py).

The body is checked whole before anything is written, and the write runs in the user's
transaction (transaction.py), so a refused body changes nothing and two updates of one user
never interleave. Each notification type given replaces that type's channels; the types not
given keep theirs.
"""

from collections.abc import Mapping

from sqlalchemy import select

from app import clock
from app.xp.engine.transaction import user_transaction
from app.xp.errors import BadRequest, Forbidden, NotFound, Unprocessable
from app.xp.models.preferences import (
    NO_STREAK_PREFERENCES,
    NOTIFICATION_CHANNELS,
    NOTIFICATION_TYPES,
    UserNotificationPreference,
)
from app.xp.models.users import XpUser
from app.xp.payloads.preferences import user_preferences


def check_notifications(raw) -> dict[str, list[str]]:
    """Trophy's NotificationPreferences as {type: channels}, each list in
    NOTIFICATION_CHANNELS' order without repeats. A type that is null or left out is not
    given; an unknown type or channel is a 422, anything but arrays of strings a 400."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise BadRequest(
            "'notifications' must be an object of notification types to lists of channels, "
            'such as {"recap": ["email"]}'
        )
    unknown = [kind for kind in raw if kind not in NOTIFICATION_TYPES]
    if unknown:
        raise Unprocessable(
            f"Unknown notification type '{str(unknown[0])[:40]}': use "
            f"{', '.join(NOTIFICATION_TYPES)}"
        )
    chosen = {}
    for kind in NOTIFICATION_TYPES:
        channels = raw.get(kind)
        if channels is None:
            continue
        if not isinstance(channels, list) or not all(isinstance(c, str) for c in channels):
            raise BadRequest(
                f"'notifications.{kind}' must be a list of channels, such as [\"email\"]"
            )
        for channel in channels:
            if channel not in NOTIFICATION_CHANNELS:
                raise Unprocessable(
                    f"Unknown channel '{channel[:40]}' in 'notifications.{kind}': use "
                    f"{' or '.join(NOTIFICATION_CHANNELS)}"
                )
        chosen[kind] = [c for c in NOTIFICATION_CHANNELS if c in channels]
    return chosen


def update_preferences(external_id: str, body: Mapping) -> dict:
    """Apply Trophy's UpdateUserPreferencesRequest to an existing user (404 if unknown) and
    answer their UserPreferencesResponse. Fields other than notifications and streak are
    ignored, as in every request body; any `streak` is a 403 (Trophy's answer when streak
    customization is off)."""
    notifications = check_notifications(body.get("notifications"))
    if body.get("streak") is not None:
        raise Forbidden(NO_STREAK_PREFERENCES)
    now = clock.now()
    with user_transaction() as session:
        user_id = None
        if "\x00" not in external_id:  # PostgreSQL text cannot hold NUL: no such user
            user_id = session.scalar(
                select(XpUser.id).where(XpUser.external_id == external_id).with_for_update()
            )
        if user_id is None:
            raise NotFound(f"User '{external_id[:255]}' not found")
        rows = {
            row.notification_type: row
            for row in session.scalars(
                select(UserNotificationPreference).where(
                    UserNotificationPreference.user_id == user_id
                )
            )
        }
        for kind, channels in notifications.items():
            flags = {channel: channel in channels for channel in NOTIFICATION_CHANNELS}
            row = rows.get(kind)
            if row is None:
                row = UserNotificationPreference(
                    user_id=user_id, notification_type=kind, updated=now, **flags
                )
                session.add(row)
                rows[kind] = row
            elif any(getattr(row, channel) != on for channel, on in flags.items()):
                for channel, on in flags.items():
                    setattr(row, channel, on)
                row.updated = now
        session.commit()
        return user_preferences(rows.values())
