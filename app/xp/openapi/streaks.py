"""The streak operation (a user's streak with its history) and the streak schemas."""

from app.xp.openapi.components import errors, ok, operation, params
from app.xp.openapi.examples import achievements_streaks_boosts as ex
from app.xp.openapi.fields import closed, count, date_field, empty_array, nullable_date
from app.xp.queries.streaks import HISTORY_PERIODS_MAX
from app.xp.streak_rules import FREQUENCIES

HISTORY_PERIODS = {
    "name": "historyPeriods",
    "in": "query",
    "required": False,
    "description": "How many periods, up to the current one, streakHistory holds.",
    "schema": {"type": "integer", "minimum": 1, "maximum": HISTORY_PERIODS_MAX, "default": 7},
    "example": 14,
}


STREAK_FIELDS = {
    "length": count("The streak's length in periods; 0 when there is none (or it was lost)."),
    "frequency": {
        "type": "string",
        "enum": list(FREQUENCIES),
        "description": "The length of a period: a day, a week from Monday, a calendar month.",
    },
    "started": nullable_date("The local date the streak started; null without a streak."),
    "periodStart": nullable_date("The first local date of the latest period it covers."),
    "periodEnd": nullable_date("The last local date of the latest period it covers."),
    "expires": nullable_date(
        "The last local date on which an event keeps the streak without spending a freeze."
    ),
    "freezes": count("Sent when freezes are on: the freezes the user holds now."),
    "maxFreezes": count("Sent when freezes are on: the most a user can hold."),
    "freezeAutoEarnInterval": count(
        "Sent when freezes are earned: every how many days of streak one is earned.", 1
    ),
    "freezeAutoEarnAmount": count("Sent when freezes are earned: how many each time.", 1),
}
STREAK_REQUIRED = ["length", "frequency", "started", "periodStart", "periodEnd", "expires"]

STREAK_PERIOD = closed(
    {
        "periodStart": date_field("The period's first local date."),
        "periodEnd": date_field("The period's last local date."),
        "length": count("The streak's length in this period; 0 when it covered none."),
        "usedFreeze": {
            "type": "boolean",
            "description": "Sent when freezes are on: a freeze kept the streak in this period.",
        },
        "usedPause": {"type": "boolean", "const": False, "description": "Always false."},
    },
    "One period of the streak's history.",
    required=["periodStart", "periodEnd", "length", "usedPause"],
)


PATHS = {
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
}


SCHEMAS = {
    "MetricEventStreakResponse": closed(
        {
            **STREAK_FIELDS,
            "extended": {
                "type": "boolean",
                "description": "Whether this event extended the streak (its period's first).",
            },
        },
        "The user's streak after the event.",
        required=[*STREAK_REQUIRED, "extended"],
    ),
    "StreakResponse": closed(
        {
            **STREAK_FIELDS,
            "extended": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "When an event last extended the streak; null without a streak.",
            },
            "streakHistory": {
                "type": "array",
                "items": STREAK_PERIOD,
                "minItems": 1,
                "maxItems": HISTORY_PERIODS_MAX,
                "description": "The last historyPeriods periods up to the current one, oldest "
                "first.",
            },
            "pauses": empty_array("Always empty: StudyXP has no streak pauses."),
        },
        "The user's streak now: periods missed since the last event have spent freezes or "
        "ended it.",
        required=[*STREAK_REQUIRED, "extended", "streakHistory", "pauses"],
    ),
}
