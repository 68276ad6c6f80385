"""The preference operations (a user's notification channels per type, read and updated) and
their schemas: Trophy's UserPreferencesResponse, NotificationPreferences, NotificationChannel
and UpdateUserPreferencesRequest."""

from app.xp.models.preferences import (
    DEFAULT_CHANNELS,
    NO_STREAK_PREFERENCES,
    NOTIFICATION_CHANNELS,
    NOTIFICATION_TYPES,
)
from app.xp.openapi.components import (
    RATE_HEADERS,
    body,
    error_response,
    errors,
    ok,
    operation,
    params,
)
from app.xp.openapi.examples import preferences as ex
from app.xp.openapi.fields import closed, ref

DEFAULTS_IN_WORDS = f"{' and '.join(DEFAULT_CHANNELS)} for every type"
NO_STREAK = "'streak' preferences are not available: StudyXP has no per-user streak customization"
TYPE_WORDS = {
    "achievement_completed": "an achievement the user completed",
    "recap": "recaps of the user's progress",
    "reactivation": "messages that bring an inactive user back",
    "streak_reminder": "reminders to extend the streak",
}

PATHS = {
    "/users/{id}/preferences": {
        "get": operation(
            "users_get_preferences",
            "Users",
            "Get a user's preferences",
            "The channels the user wants each notification type on. A type the user never "
            f"chose is on the default: {DEFAULTS_IN_WORDS}. StudyXP sends no notification "
            "itself: it keeps the choices for whoever sends them.",
            parameters=params("UserId"),
            responses={
                "200": ok("The user's preferences.", "UserPreferencesResponse", ex.DEFAULTS),
                **errors(404),
            },
        ),
        "patch": operation(
            "users_update_preferences",
            "Users",
            "Update a user's preferences",
            "Each notification type given gets exactly the channels listed (an empty list: "
            "none; repeats count once); the types left out or null keep theirs. The whole "
            "body is checked before anything is stored. Answers every type as stored now. "
            "Streak preferences are not available: any `streak` is a 403.",
            parameters=params("UserId"),
            requestBody=body("UpdateUserPreferencesRequest", ex.UPDATE),
            responses={
                "200": ok("The preferences as stored now.", "UserPreferencesResponse", ex.UPDATED),
                "403": error_response(
                    "The body has `streak` preferences, which StudyXP does not offer (Trophy "
                    "answers the same when streak customization is off).",
                    NO_STREAK_PREFERENCES,
                    *RATE_HEADERS,
                ),
                **errors(400, 404, 413, 422),
            },
        ),
    },
}


def channels(kind: str, nullable: bool = False) -> dict:
    return {
        "type": ["array", "null"] if nullable else "array",
        "items": ref("NotificationChannel"),
        "uniqueItems": not nullable,
        "description": f"Channels for {TYPE_WORDS[kind]}"
        + ("; null or left out: unchanged." if nullable else "."),
    }


SCHEMAS = {
    "NotificationChannel": {
        "type": "string",
        "enum": list(NOTIFICATION_CHANNELS),
        "description": "A notification delivery channel.",
    },
    "NotificationPreferences": closed(
        {kind: channels(kind) for kind in NOTIFICATION_TYPES},
        "The channels for each notification type, in the order email, push. Every type is "
        f"listed; one the user never chose is on the default ({DEFAULTS_IN_WORDS}).",
    ),
    "UserPreferencesResponse": closed(
        {"notifications": ref("NotificationPreferences")},
        "A user's preferences. No `streak`: StudyXP keeps no per-user streak preferences "
        "(Trophy leaves it out too unless streak customization is on).",
    ),
    "UpdateUserPreferencesRequest": {
        "type": "object",
        "description": "What to change; fields other than these two are ignored.",
        "properties": {
            "notifications": {
                "type": ["object", "null"],
                "description": "The types to change, each to its new channels. An unknown "
                "type or channel is a 422; a type that is not a list of strings a 400.",
                "properties": {kind: channels(kind, nullable=True) for kind in NOTIFICATION_TYPES},
                "additionalProperties": False,
            },
            "streak": {
                "description": "Not available on StudyXP: anything but null is a 403.",
                "type": "null",
            },
        },
    },
}
