"""The level schemas of StudyXP's OpenAPI document (kept apart from openapi_schemas for size)."""

from app.xp.openapi_schemas import KEY_PATTERN, closed, nullable_text, ref, text

LEVEL_SCHEMAS = {
    "PointsLevel": closed(
        {
            "id": text("The level's id.", format="uuid"),
            "key": text("The level's key, unique in its points system.", pattern=KEY_PATTERN),
            "name": text("The level's name."),
            "description": text("What the level means; empty when none was given."),
            "badgeUrl": nullable_text("The badge image's URL (https), or null."),
            "points": {
                "type": "integer",
                "minimum": 0,
                "description": "The total that reaches this level; unique in its system.",
            },
        },
        "A level of a points system.",
    ),
    "PointsLevelsResponse": {
        "type": "array",
        "items": ref("PointsLevel"),
        "description": (
            "The points system's levels, lowest points first. (Trophy: an inline array.)"
        ),
    },
    "PointsLevelSummaryResponse": {
        "type": "array",
        "items": closed(
            {
                "level": ref("PointsLevel"),
                "users": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Users at this level now.",
                },
            },
            "One level and its users.",
        ),
        "description": (
            "Every level, lowest points first, with the number of users at it. A user with no "
            "points in the system holds 0; users below the first level are at none and are "
            "counted in no row."
        ),
    },
}
