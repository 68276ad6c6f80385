"""The achievement, streak and boost paths of StudyXP's OpenAPI document (Trophy's ids)."""

from app.xp import openapi_engagement_examples as ex
from app.xp.inputs import MAX_ATTRIBUTES
from app.xp.openapi_components import errors, key_schema, ok, params, path_param
from app.xp.openapi_operations import body, operation
from app.xp.streak_store import HISTORY_PERIODS_MAX


def boolean_param(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"{description} Anything but true or false is a 422.",
        "schema": {"type": "string", "enum": ["true", "false"], "default": "false"},
        "example": "true",
    }


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
HISTORY_PERIODS = {
    "name": "historyPeriods",
    "in": "query",
    "required": False,
    "description": "How many periods, up to the current one, streakHistory holds.",
    "schema": {"type": "integer", "minimum": 1, "maximum": HISTORY_PERIODS_MAX, "default": 7},
    "example": 14,
}

ACHIEVEMENTS = {
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
}

USERS = {
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
    "/users/{id}/streak": {
        "get": operation(
            "users_streak",
            "Users",
            "Get a user's streak status",
            "The user's streak as of now, on their local calendar: periods missed since "
            "their last event have spent freezes, or ended the streak (length 0), though "
            "nothing is stored until their next event. streakHistory holds the last "
            "historyPeriods periods, oldest first.",
            parameters=[*params("UserId"), HISTORY_PERIODS],
            responses={
                "200": ok("The streak.", "StreakResponse", ex.STREAK),
                **errors(404, 422),
            },
        )
    },
    "/users/{id}/points/{key}/boosts": {
        "get": operation(
            "users_points_boosts",
            "Users",
            "Get a user's active points boosts",
            "The boosts of the points system that apply to the user, running or scheduled "
            "as of today on their local calendar: global ones first, then their own, each "
            "group by start date (the order an award applies them).",
            parameters=params("UserId", "PointsSystemKey"),
            responses={
                "200": ok("The boosts.", "UsersPointsBoostsResponse", ex.USER_POINTS_BOOSTS),
                **errors(404),
            },
        )
    },
}

POINTS = {
    "/points/{key}/boosts": {
        "get": operation(
            "points_boosts",
            "Points",
            "Get boosts for a points system",
            "The points system's global boosts that are not archived, by start date, with "
            "their status as of today (UTC). Finished ones only with includeFinished=true.",
            parameters=[
                *params("PointsSystemKey"),
                boolean_param("includeFinished", "true: finished boosts too."),
            ],
            responses={
                "200": ok("The boosts.", "PointsBoostsResponse", ex.POINTS_BOOSTS),
                **errors(404, 422),
            },
        )
    },
}

ENGAGEMENT_PATHS = {**ACHIEVEMENTS, **USERS, **POINTS}
ENGAGEMENT_OPERATIONS = {
    op["operationId"] for item in ENGAGEMENT_PATHS.values() for op in item.values()
}
# The order the examples were answered in (the completion changes the stats, so it is last):
# tests/xp/test_contract_engagement.py replays it.
ENGAGEMENT_STORY = [
    ("achievements_all", "200"),
    ("users_achievements", "200"),
    ("users_streak", "200"),
    ("points_boosts", "200"),
    ("users_points_boosts", "200"),
    ("achievements_complete", "201"),
]
