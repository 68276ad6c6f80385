"""The component schemas of StudyXP's OpenAPI document: Trophy's shapes, as StudyXP fills them.

Names are Trophy's (reference/trophy-application-api.openapi.json). Each response schema is
closed (`additionalProperties: false`) and lists what StudyXP always sends as `required`, so
the contract tests catch a field that is sent but not documented. Where StudyXP is narrower
than Trophy (features not built yet, integers where Trophy says number) the description says
so. Request schemas stay open: fields StudyXP does not know are ignored, as Trophy's SDKs
may send them.
"""

from app.xp.inputs import (
    ATTRIBUTE_NAME_MAX,
    ATTRIBUTE_VALUE_MAX,
    MAX_ATTRIBUTES,
    MAX_EVENT_VALUE,
)
from app.xp.models import USER_ID_MAX

KEY_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
# Not only spaces: JSON Schema patterns are unanchored, so one non-space character anywhere.
NOT_BLANK = r"\S"
EMAIL_MAX = 320
NAME_MAX = 200
TZ_MAX = 64


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def closed(properties: dict, description: str, required: list[str] | None = None) -> dict:
    """An object schema that allows exactly `properties`, all required unless listed."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def text(description: str, **limits) -> dict:
    return {"type": "string", "description": description, **limits}


def nullable_text(description: str, **limits) -> dict:
    return {"type": ["string", "null"], "description": description, **limits}


def date_time(description: str) -> dict:
    return text(f"{description} UTC, ISO 8601 with a Z: 2026-11-26T10:36:55Z.", format="date-time")


def empty_array(description: str) -> dict:
    return {"type": "array", "maxItems": 0, "description": description}


USER_ID = text(
    "The user's id in your system. Not only spaces.",
    minLength=1,
    maxLength=USER_ID_MAX,
    pattern=NOT_BLANK,
)


def attributes(description: str) -> dict:
    return {
        "type": ["object", "null"],
        "description": description,
        "maxProperties": MAX_ATTRIBUTES,
        "propertyNames": {"minLength": 1, "maxLength": ATTRIBUTE_NAME_MAX, "pattern": NOT_BLANK},
        "additionalProperties": {"type": "string", "maxLength": ATTRIBUTE_VALUE_MAX},
    }


USER_FIELDS = {
    "email": nullable_text(
        "The user's email address (checked for syntax).", format="email", maxLength=EMAIL_MAX
    ),
    "name": nullable_text("The user's name.", maxLength=NAME_MAX),
    "tz": nullable_text(
        "An IANA time zone such as Europe/London: events and awards are dated in it, and "
        "event summaries group by those local dates. A new zone dates from the user's next "
        "local day when they already had an event or award today in the zone it replaces, "
        "at once otherwise. Unknown names are a 400.",
        maxLength=TZ_MAX,
    ),
    "subscribeToEmails": {
        "type": ["boolean", "null"],
        "description": "Stored and returned; StudyXP sends no emails. New users: true.",
    },
    "attributes": attributes(
        f"The user's attributes, name to value: merged into the stored ones; a user holds at "
        f"most {MAX_ATTRIBUTES}."
    ),
}

ATTRIBUTE_FILTER = closed(
    {"key": text("The attribute's name."), "value": text("The value it must have.")},
    "An attribute filter.",
)

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

PERIOD_DATE = text(
    "The period's first day: the day, the Monday of the week or the 1st of the month.",
    format="date",
)


def summary_rows(what: str, value_type: str) -> dict:
    """A Users...EventSummaryResponse: one row per period, empty periods included."""
    return {
        "type": "array",
        "description": (
            "One row per period from startDate's period to endDate's, empty periods "
            "included. Periods are whole periods of the user's local calendar. (Trophy: an "
            "inline array; this is the name its SDKs give it.)"
        ),
        "items": closed(
            {
                "date": PERIOD_DATE,
                "total": {"type": value_type, "description": f"The user's {what} at its end."},
                "change": {"type": value_type, "description": f"The change in {what} in it."},
            },
            "One period.",
        ),
    }


SCHEMAS = {
    "ErrorBody": closed(
        {"error": text("What was wrong, in a sentence.", minLength=1)},
        "Every error: a JSON object with one message, never an HTML page.",
    ),
    "UpdatedUser": {
        "type": "object",
        "description": (
            "User fields to store. A field that is absent or null keeps its stored value; "
            "attributes are merged into the stored ones, name by name. Other Trophy fields "
            "(deviceTokens) are accepted and ignored."
        ),
        "properties": USER_FIELDS,
    },
    "UpsertedUser": {
        "type": "object",
        "description": (
            "A user with their id: created on first sight, else updated as UpdatedUser "
            "says. An event's user is one."
        ),
        "properties": {"id": USER_ID, **USER_FIELDS},
        "required": ["id"],
    },
    "User": closed(
        {
            "id": text("The user's id in your system."),
            "email": nullable_text("The user's email address."),
            "name": nullable_text("The user's name."),
            "tz": nullable_text(
                "The user's IANA time zone as last sent; null until one is sent (UTC)."
            ),
            "subscribeToEmails": {
                "type": "boolean",
                "description": "Stored as sent (true by default); StudyXP sends no emails.",
            },
            "attributes": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "The user's attributes, name to value.",
            },
            "control": {
                "type": "boolean",
                "const": False,
                "description": "Always false: StudyXP has no control group.",
            },
            "created": date_time("When the user was first seen."),
            "updated": date_time("When the user's fields last changed."),
        },
        "A user of your application, as StudyXP stores them.",
    ),
    "MetricResponse": closed(
        {
            "id": text("The metric's id.", format="uuid"),
            "key": text("The metric's key.", pattern=KEY_PATTERN),
            "name": text("The metric's name."),
            "current": {"type": "number", "description": "The user's total for the metric."},
            "achievements": {
                "type": "array",
                "items": ref("UserAchievementResponse"),
                "description": "The metric's active achievements, lowest value first; "
                "`achievedAt` is null for those the user has not completed.",
            },
        },
        "A user's progress in one metric.",
    ),
    "UsersAllMetricsResponse": {
        "type": "array",
        "items": ref("MetricResponse"),
        "description": (
            "Every active metric, by key, with the user's total (0 before any event). "
            "(Trophy: an inline array; this is the name its SDKs give it.)"
        ),
    },
    "MetricsEventRequest": {
        "type": "object",
        "description": "A metric event. (Trophy: an inline body; this is its SDKs' name.)",
        "properties": {
            "user": ref("UpsertedUser"),
            "attributes": attributes("The event's attributes, name to value, stored with it."),
            "value": {
                "type": "number",
                "minimum": -MAX_EVENT_VALUE,
                "maximum": MAX_EVENT_VALUE,
                "description": (
                    "How much to add to the user's total for the metric: negative and "
                    "fractional values are allowed (stored to 6 decimals). A JSON number, "
                    "not a string; finite."
                ),
            },
        },
        "required": ["user", "value"],
    },
    "PointsTrigger": closed(
        {
            "id": text("The trigger's id.", format="uuid"),
            "type": {
                "type": "string",
                "enum": ["metric", "achievement", "streak", "time", "user_creation"],
                "description": "Trophy's trigger types: each sends its own fields below.",
            },
            "points": {
                "type": "integer",
                "not": {"const": 0},
                "description": "Points per threshold reached; negative for a deduction.",
            },
            "status": {"type": "string", "enum": ["active", "inactive", "archived"]},
            "userAttributes": {
                "type": "array",
                "items": ATTRIBUTE_FILTER,
                "description": "User attributes a user must have for the trigger to pay.",
            },
            "created": date_time("When the trigger was created."),
            "updated": date_time("When the trigger last changed."),
            "metricId": text("Metric triggers: the metric's id.", format="uuid"),
            "metricName": text("Metric triggers: the metric's name."),
            "metricThreshold": {
                "type": "integer",
                "minimum": 1,
                "description": "Metric triggers: pays each time the total reaches a multiple.",
            },
            "eventAttributes": {
                "type": "array",
                "items": ATTRIBUTE_FILTER,
                "description": "Metric triggers: event attributes an event must have.",
            },
            "streakLengthThreshold": {
                "type": "integer",
                "minimum": 1,
                "description": "Streak triggers: pays each time the streak reaches a multiple.",
            },
            "achievementId": text("Achievement triggers: the achievement's id.", format="uuid"),
            "achievementName": text("Achievement triggers: the achievement's name."),
            "timeUnit": {
                "type": "string",
                "enum": ["hour", "day"],
                "description": "Time triggers: hours elapsed or local calendar days.",
            },
            "timeInterval": {
                "type": "integer",
                "minimum": 1,
                "description": "Time triggers: pays every this many timeUnits since the user "
                "was first seen.",
            },
        },
        "A rule that pays points: '+points every metricThreshold units of the metric', every "
        "streakLengthThreshold periods of streak, on completing an achievement, every "
        "timeInterval since the user was first seen, or once when the user is created.",
        required=["id", "type", "points", "status", "userAttributes", "created", "updated"],
    ),
    "PointsAward": closed(
        {
            "id": text("The award's id.", format="uuid"),
            "awarded": {
                "type": "integer",
                "description": "Points given (after boosts and maxPoints).",
            },
            "date": date_time("When the event that earned it happened."),
            "total": {"type": "integer", "description": "The user's total right after it."},
            "trigger": ref("PointsTrigger"),
            "boosts": {
                "type": "array",
                "items": ref("PointsBoost"),
                "description": "The boosts that multiplied it, in the order they applied.",
            },
        },
        "Points one trigger paid for one event. (Trophy requires none of these; StudyXP "
        "always sends all.)",
    ),
    "MetricEventPointsResponse": closed(
        {
            **POINTS_RESPONSE_FIELDS,
            "total": {"type": "integer", "description": "The user's total after the event."},
            "added": {"type": "integer", "description": "What this event added."},
            "level": {
                **ref("PointsLevel"),
                "description": "Sent only when this event moved the user to another level: "
                "the level they are at now. Absent when it did not, and when they fell below "
                "the first level.",
            },
            "awards": {"type": "array", "items": ref("PointsAward")},
        },
        "A points system an event changed.",
        required=["id", "key", "name", "description", "badgeUrl", "maxPoints", "total"]
        + ["added", "awards"],
    ),
    "EventResponse": closed(
        {
            "eventId": text("The event's id (the original one on a replay).", format="uuid"),
            "metricId": text("The metric's id.", format="uuid"),
            "total": {"type": "number", "description": "The user's metric total now."},
            "achievements": {
                "type": "array",
                "items": ref("UserAchievementResponse"),
                "description": "The achievements this event completed; [] for none.",
            },
            "currentStreak": ref("MetricEventStreakResponse"),
            "points": {
                "type": "object",
                "additionalProperties": ref("MetricEventPointsResponse"),
                "description": "The points systems this event changed, by key; {} for none.",
            },
            "leaderboards": {
                "type": "object",
                "maxProperties": 0,
                "description": "Always {}: StudyXP has no leaderboards yet.",
            },
            "idempotencyKey": text("The Idempotency-Key sent, when one was."),
            "idempotentReplayed": {
                "type": "boolean",
                "description": "Sent with idempotencyKey: true when the key was seen before.",
            },
        },
        "What an event did: the metric total and the points it earned.",
        required=[
            "eventId",
            "metricId",
            "total",
            "achievements",
            "currentStreak",
            "points",
            "leaderboards",
        ],
    ),
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
}
