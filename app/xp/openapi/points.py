"""The points system operations (a system, its summary, its levels) and the points, summary and
level schemas."""

from app.xp.openapi.components import errors, ok, operation, params
from app.xp.openapi.examples import points as ex
from app.xp.openapi.fields import KEY_PATTERN, closed, nullable_text, ref, summary_rows, text

POINTS_RESPONSE_FIELDS = {
    "id": text("The points system's id.", format="uuid"),
    "key": text("The points system's key.", pattern=KEY_PATTERN),
    "name": text("The points system's name."),
    "description": nullable_text("What the points are for."),
    "badgeUrl": nullable_text("The badge image's URL: https, data: or /badges/..."),
    "maxPoints": {
        "type": ["integer", "null"],
        "minimum": 1,
        "description": "The most points a user can hold here; null for no limit. (Trophy: number.)",
    },
}


PATHS = {
    "/points/{key}": {
        "get": operation(
            "points_system",
            "Points",
            "Get a points system",
            "The points system with its active triggers. Archived systems are still found.",
            parameters=params("PointsSystemKey"),
            responses={
                "200": ok("The points system.", "PointsSystemResponse", ex.POINTS_SYSTEM),
                **errors(404),
            },
        )
    },
    "/points/{key}/summary": {
        "get": operation(
            "points_summary",
            "Points",
            "Get a breakdown of users by points",
            "How many users hold how many points, in eleven ranges.",
            parameters=[
                *params("PointsSystemKey"),
                {
                    "name": "userAttributes",
                    "in": "query",
                    "required": False,
                    "description": "Trophy's attribute filter. Not supported: any value is a 422.",
                    "schema": {"type": "string", "maxLength": 0},
                },
            ],
            responses={
                "200": ok("Eleven points ranges.", "PointsSummaryResponse", ex.POINTS_SUMMARY),
                **errors(404, 422),
            },
        )
    },
    "/points/{key}/levels": {
        "get": operation(
            "points_levels",
            "Points",
            "Get levels for a points system",
            "The points system's levels, lowest points first; [] when it has none.",
            parameters=params("PointsSystemKey"),
            responses={
                "200": ok("The levels.", "PointsLevelsResponse", ex.LEVELS),
                **errors(404),
            },
        )
    },
    "/points/{key}/level-summary": {
        "get": operation(
            "points_level_summary",
            "Points",
            "Get a breakdown of users by level",
            "How many users are at each level now, lowest level first. A user's level is the "
            "highest one whose points are at most their total; users below the first level "
            "are counted in no row.",
            parameters=params("PointsSystemKey"),
            responses={
                "200": ok(
                    "Every level with its users.", "PointsLevelSummaryResponse", ex.LEVEL_SUMMARY
                ),
                **errors(404),
            },
        )
    },
}


SCHEMAS = {
    "GetUserPointsResponse": closed(
        {
            **POINTS_RESPONSE_FIELDS,
            "total": {"type": "integer", "description": "The user's total."},
            "level": {
                "anyOf": [ref("PointsLevel"), {"type": "null"}],
                "description": "The level the user's total is at: the highest level whose "
                "points are at most the total. Null when the system has no levels or the "
                "total is below the first.",
            },
            "awards": {
                "type": "array",
                "items": ref("PointsAward"),
                "maxItems": 100,
                "description": "The most recent awards, newest first.",
            },
        },
        "A user's total in a points system and their most recent awards.",
    ),
    "PointsSystemResponse": closed(
        {
            **POINTS_RESPONSE_FIELDS,
            "triggers": {
                "type": "array",
                "items": ref("PointsTrigger"),
                "description": "The active triggers only.",
            },
        },
        "A points system and its active triggers. (key is StudyXP's addition.)",
    ),
    "PointsRange": closed(
        {
            "from": {"type": "integer", "description": "Lowest total in the range."},
            "to": {"type": "integer", "description": "Highest total in the range."},
            "users": {"type": "integer", "minimum": 0, "description": "Users in the range."},
        },
        "How many users hold from 'from' to 'to' points, both inclusive.",
    ),
    "PointsSummaryResponse": {
        "type": "array",
        "items": ref("PointsRange"),
        "minItems": 11,
        "maxItems": 11,
        "description": (
            "Eleven ranges: 0 to 0 (users with no points, or fewer), then ten equal ranges "
            "from 1 to the greatest total rounded up to a power of ten (at least 10)."
        ),
    },
    "UsersPointsEventSummaryResponse": summary_rows("points total", "integer"),
    "UsersMetricEventSummaryResponse": summary_rows("metric total", "number"),
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
