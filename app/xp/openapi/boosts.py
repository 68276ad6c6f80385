"""The boost operations (a system's boosts, a user's) and the boost schemas."""

from app.xp.models.boosts import BOOST_ROUNDINGS
from app.xp.openapi.components import boolean_param, errors, ok, operation, params
from app.xp.openapi.examples import achievements_streaks_boosts as ex
from app.xp.openapi.fields import closed, date_field, nullable_date, ref, text

PATHS = {
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


SCHEMAS = {
    "PointsBoost": closed(
        {
            "id": text("The boost's id.", format="uuid"),
            "name": text("The boost's name."),
            "status": {
                "type": "string",
                "enum": ["active", "scheduled", "finished"],
                "description": "Scheduled before its start date, finished after its end date, "
                "else active.",
            },
            "start": date_field("Its first date (local to the user), included."),
            "end": nullable_date("Its last date, included; null when it has no end."),
            "multiplier": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Points are multiplied by this.",
            },
            "rounding": {
                "type": "string",
                "enum": list(BOOST_ROUNDINGS),
                "description": "How a boosted award is rounded to whole points.",
            },
        },
        "A multiplier on a points system's awards while it runs. Stacked boosts apply one "
        "after another, global ones first, each with its own rounding.",
    ),
    "PointsBoostsResponse": {
        "type": "array",
        "items": ref("PointsBoost"),
        "description": "The points system's global boosts, by start date. (Trophy: inline.)",
    },
    "UsersPointsBoostsResponse": {
        "type": "array",
        "items": ref("PointsBoost"),
        "description": "The boosts that apply to the user, global ones first, then by start "
        "date. (Trophy: an inline array.)",
    },
}
