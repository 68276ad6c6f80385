"""The achievement operations (all, a user's, completion) and the achievement schemas."""

from app.xp.inputs import MAX_ATTRIBUTES
from app.xp.models.achievements import ACHIEVEMENT_TRIGGERS
from app.xp.openapi.components import (
    body,
    boolean_param,
    errors,
    key_schema,
    ok,
    operation,
    params,
    path_param,
)
from app.xp.openapi.examples import achievements_streaks_boosts as ex
from app.xp.openapi.fields import KEY_PATTERN, closed, empty_array, nullable_text, ref, text

ACHIEVEMENT_KEY = path_param("key", "The achievement's key.", key_schema(), ex.ONBOARDING["key"])


USER_ATTRIBUTES = {
    "name": "userAttributes",
    "in": "query",
    "required": False,
    "description": (
        "Trophy's filter: only achievements open to a user with these attributes, as "
        f"name:value pairs separated by commas (at most {MAX_ATTRIBUTES}). StudyXP's "
        "achievements are open to every user, so a well-formed filter returns them all; a "
        "malformed one is a 422."
    ),
    "schema": {"type": "string", "pattern": "^[^:,]+:[^,]+(,[^:,]+:[^,]+)*$"},
    "example": "plan:pro,region:eu",
}


ACHIEVEMENT_REQUIRED = ["id", "name", "trigger", "description", "badgeUrl", "key"] + [
    "userAttributes"
]

ACHIEVEMENT_FIELDS = {
    "id": text("The achievement's id.", format="uuid"),
    "name": text("The achievement's name."),
    "trigger": {
        "type": "string",
        "enum": list(ACHIEVEMENT_TRIGGERS),
        "description": "What completes it: a metric total, a streak length, the API "
        "(POST /achievements/{key}/complete) or every one of its prerequisite achievements.",
    },
    "description": nullable_text("What the achievement is for."),
    "badgeUrl": nullable_text("The badge image's URL: https, data: or /static/badges/..."),
    "key": text("The achievement's key, unique.", pattern=KEY_PATTERN),
    "userAttributes": empty_array("Always empty: StudyXP's achievements are open to every user."),
    "metricId": text("Metric achievements: the metric's id.", format="uuid"),
    "metricValue": {
        "type": "number",
        "exclusiveMinimum": 0,
        "description": "Metric achievements: the total that completes it.",
    },
    "metricName": text("Metric achievements: the metric's name."),
    "eventAttributes": empty_array("Metric achievements: always empty (no event filters)."),
    "streakLength": {
        "type": "integer",
        "minimum": 1,
        "description": "Streak achievements: the streak length that completes it.",
    },
    "achievementIds": {
        "type": "array",
        "items": {"type": "string", "format": "uuid"},
        "minItems": 1,
        "description": "Achievement achievements: the ids of the prerequisites, all needed.",
    },
}

STATS_FIELDS = {
    "completions": {
        "type": "integer",
        "minimum": 0,
        "description": "How many users completed it.",
    },
    "rarity": {
        "type": "number",
        "minimum": 0,
        "maximum": 100,
        "description": "completions as a percentage of every user of the XP service, to two "
        "decimals; 0 when there are no users.",
    },
}

ACHIEVED_AT = {
    "type": ["string", "null"],
    "format": "date-time",
    "description": "When the user completed it (UTC, ISO 8601 with a Z); null while incomplete.",
}


PATHS = {
    "/achievements": {
        "get": operation(
            "achievements_all",
            "Achievements",
            "Get all achievements and their completion stats",
            "Every active achievement, oldest first, with how many users completed it and "
            "what percentage of all users that is.",
            parameters=[USER_ATTRIBUTES],
            responses={
                "200": ok("The achievements.", "AchievementsAllResponse", ex.ACHIEVEMENTS),
                **errors(422),
            },
        )
    },
    "/achievements/{key}/complete": {
        "post": operation(
            "achievements_complete",
            "Achievements",
            "Mark an achievement as completed",
            "Completes an `api` achievement for the user (created or updated from user, as "
            "an event's is) and pays its achievement triggers, and those of the "
            "`achievement` achievements it completes in turn. A user completes an "
            "achievement once: calling again answers 201 with the first completion (same "
            "completionId and achievedAt) and points {}. An archived achievement, or one "
            "another trigger completes, is a 422.",
            parameters=[ACHIEVEMENT_KEY],
            requestBody=body("AchievementsCompleteRequest", ex.COMPLETE_REQUEST),
            responses={
                "201": ok("The completion.", "AchievementCompletionResponse", ex.COMPLETION),
                **errors(400, 404, 413, 422),
            },
        )
    },
    "/users/{id}/achievements": {
        "get": operation(
            "users_achievements",
            "Users",
            "Get a user's achievements",
            "The user's completed achievements (active ones), in the order completed; with "
            "includeIncomplete=true, then every other active achievement with achievedAt "
            "null. Each carries its completions and rarity.",
            parameters=[
                *params("UserId"),
                boolean_param(
                    "includeIncomplete", "true: incomplete achievements too (achievedAt null)."
                ),
            ],
            responses={
                "200": ok(
                    "The user's achievements.", "UsersAchievementsResponse", ex.USER_ACHIEVEMENTS
                ),
                **errors(404, 422),
            },
        )
    },
}


SCHEMAS = {
    "AchievementResponse": closed(
        ACHIEVEMENT_FIELDS,
        "An achievement, with the fields of its trigger type only.",
        required=ACHIEVEMENT_REQUIRED,
    ),
    "AchievementWithStatsResponse": closed(
        {**ACHIEVEMENT_FIELDS, **STATS_FIELDS},
        "An achievement and how many users completed it.",
        required=ACHIEVEMENT_REQUIRED + list(STATS_FIELDS),
    ),
    "UserAchievementResponse": closed(
        {**ACHIEVEMENT_FIELDS, "achievedAt": ACHIEVED_AT},
        "An achievement and when the user completed it.",
        required=[*ACHIEVEMENT_REQUIRED, "achievedAt"],
    ),
    "UserAchievementWithStatsResponse": closed(
        {**ACHIEVEMENT_FIELDS, **STATS_FIELDS, "achievedAt": ACHIEVED_AT},
        "An achievement, when the user completed it and how many users did.",
        required=[*ACHIEVEMENT_REQUIRED, *STATS_FIELDS, "achievedAt"],
    ),
    "AchievementsAllResponse": {
        "type": "array",
        "items": ref("AchievementWithStatsResponse"),
        "description": "Every active achievement, oldest first. (Trophy: an inline array.)",
    },
    "UsersAchievementsResponse": {
        "type": "array",
        "items": ref("UserAchievementWithStatsResponse"),
        "description": (
            "The user's completed active achievements in the order completed; with "
            "includeIncomplete=true, then every other active achievement (achievedAt null), "
            "oldest first. (Trophy: an inline array.)"
        ),
    },
    "AchievementsCompleteRequest": {
        "type": "object",
        "description": "Who completed the achievement. (Trophy: an inline body.)",
        "properties": {"user": ref("UpsertedUser")},
        "required": ["user"],
    },
    "AchievementCompletionResponse": closed(
        {
            "completionId": text(
                "The completion's id: the same on every later call.", format="uuid"
            ),
            "achievement": ref("UserAchievementResponse"),
            "points": {
                "type": "object",
                "additionalProperties": ref("MetricEventPointsResponse"),
                "description": "The points systems the completion changed (achievement "
                "triggers, and those it completed in turn), by key; {} for none and on every "
                "later call.",
            },
        },
        "An achievement the user completed through the API.",
    ),
}
