"""The streak lengths of many users (GET /streaks) and a user's year in review
(GET /users/{id}/wrapped), with their schemas; their examples are the story's year in
review (examples/year_in_review.py)."""

from app.xp.openapi.components import PARAMETERS, errors, ok, operation
from app.xp.openapi.examples import year_in_review as ex
from app.xp.openapi.fields import closed, count, date_field, nullable_date, ref, text
from app.xp.openapi.leaderboards import LEADERBOARD_FIELDS, LEADERBOARD_REQUIRED, rank
from app.xp.queries.streaks import STREAK_USERS_MAX
from app.xp.streak_rules import FREQUENCIES

USER_IDS = {
    "name": "userIds",
    "in": "query",
    "required": True,
    "description": f"1 to {STREAK_USERS_MAX} user ids separated by commas (or the parameter "
    "repeated, as Trophy's SDKs send it); repeats count once, empty pieces are skipped. An id "
    "holding a comma cannot be named.",
    "schema": {"type": "string", "minLength": 1},
    "example": ex.STREAK_USER_IDS,
}
YEAR = {
    "name": "year",
    "in": "query",
    "required": False,
    "description": "The year to review, from 1 to the current year in the user's time zone "
    "(the default).",
    "schema": {"type": "integer", "minimum": 1},
    "example": ex.WRAPPED_YEAR,
}

PATHS = {
    "/streaks": {
        "get": operation(
            "streaks_list",
            "Users",
            "Get the streak lengths of a list of users",
            "Each named user's streak length as of now (settled as GET /users/{id}/streak "
            "settles it), longest first; on equal lengths whoever extended their streak "
            "first, then the user id (ascending, by code point). An id the service does not "
            "know is a user without a streak: length 0.",
            parameters=[USER_IDS],
            responses={"200": ok("The streaks.", "BulkStreakResponse", ex.STREAKS), **errors(422)},
        )
    },
    "/users/{id}/wrapped": {
        "get": operation(
            "users_wrapped",
            "Users",
            "Get a user's wrapped data",
            "The user's year in review on their local calendar: the days, weeks (Monday to "
            "Sunday, cut at the year's ends) and months with events, the most active day, "
            "week and month (the most events; the earliest on a tie) and the whole year, "
            "each with the metrics, points, achievements and best leaderboard ranks of that "
            "period, and the year's longest streak.",
            parameters=[{**PARAMETERS["UserId"], "example": ex.KAI["id"]}, YEAR],
            responses={
                "200": ok("The year in review.", "WrappedResponse", ex.WRAPPED),
                **errors(404, 422),
            },
        )
    },
}


def _number(description: str) -> dict:
    return {"type": "number", "description": description}


CHANGE_FIELDS = {
    "currentTotal": _number("The user's total at the period's end."),
    "changeThisPeriod": _number("The change during the period."),
    "percentChange": _number(
        "The change as a percentage of the total before the period, two decimals; from a "
        "total of 0: 100 for a gain, -100 for a loss, 0 for none."
    ),
}
PERIOD_FIELDS = {
    "metrics": {
        "type": "object",
        "additionalProperties": ref("WrappedMetric"),
        "description": "Every active metric, by key.",
    },
    "points": {
        "type": "object",
        "additionalProperties": ref("WrappedPoints"),
        "description": "Every active points system, by key.",
    },
    "achievements": {
        "type": "array",
        "items": ref("UserAchievementResponse"),
        "description": "The active achievements completed in the period, in that order.",
    },
    "leaderboards": {
        "type": "object",
        "additionalProperties": ref("WrappedLeaderboard"),
        "description": "By key, the best rank the user held on each board in the period's "
        "daily snapshots, with their value then (the highest on equal ranks).",
    },
}


def _period(where: dict, description: str) -> dict:
    return closed({**where, **PERIOD_FIELDS}, description)


SCHEMAS = {
    "BulkStreakResponse": {
        "type": "array",
        "maxItems": STREAK_USERS_MAX,
        "description": "One item per named user, longest streak first.",
        "items": closed(
            {
                "userId": text("The user's id."),
                "streakLength": count("The streak's length now; 0 without one."),
                "extended": {
                    "type": ["string", "null"],
                    "format": "date-time",
                    "description": "When an event last extended the streak; null without one.",
                },
            },
            "A user's streak length.",
        ),
    },
    "WrappedMetric": closed(
        {
            "name": text("The metric's name."),
            "units": {"type": ["string", "null"], "description": "The metric's units."},
            **CHANGE_FIELDS,
            "byAttribute": {
                "type": "object",
                "maxProperties": 0,
                "description": "Always {}: StudyXP metrics have no attribute breakdowns.",
            },
        },
        "A user's metric in a period.",
    ),
    "WrappedPoints": closed(
        {
            "name": text("The points system's name."),
            "description": {
                "type": ["string", "null"],
                "description": "The points system's description.",
            },
            **CHANGE_FIELDS,
        },
        "A user's points in a period.",
    ),
    "WrappedLeaderboard": closed(
        {
            **LEADERBOARD_FIELDS,
            "rank": rank("The user's best rank in the period."),
            "value": {"type": "integer", "description": "The value at that rank, rounded down."},
        },
        "A board and the user's best place on it in a period.",
        required=[*LEADERBOARD_REQUIRED, "rank", "value"],
    ),
    "WrappedStreak": closed(
        {
            "length": count("The longest length reached in a period that starts in the year."),
            "frequency": {"type": "string", "enum": list(FREQUENCIES)},
            "periodStart": nullable_date("The streak's first local date (as `started`)."),
            "periodEnd": nullable_date("The last date of the period it reached that length in."),
            "started": nullable_date("The streak's first local date; null without a streak."),
        },
        "The year's longest streak.",
    ),
    "WrappedActivity": closed(
        {
            "daysActive": count("Local days with at least one event."),
            "weeksActive": count("Weeks (Monday to Sunday, cut at the year's ends) with one."),
            "monthsActive": count("Months with one."),
            "mostActiveDay": _period(
                {"date": date_field("The day.")}, "The day with the most events."
            ),
            "mostActiveWeek": _period(
                {"start": date_field("Its first day."), "end": date_field("Its last day.")},
                "The week with the most events.",
            ),
            "mostActiveMonth": _period(
                {
                    "month": {
                        "type": "integer",
                        "minimum": 0,
                        "maximum": 11,
                        "description": "0 for January.",
                    }
                },
                "The month with the most events.",
            ),
            "entireYear": _period({"longestStreak": ref("WrappedStreak")}, "The whole year."),
        },
        "The user's year, on their local calendar.",
    ),
    "WrappedResponse": closed(
        {"user": ref("User"), "activity": ref("WrappedActivity")},
        "A user's year in review.",
    ),
}
