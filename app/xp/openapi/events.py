"""The metric event operation and its schemas: the request, the EventResponse and the
points it reports (triggers, awards)."""

from app.xp.inputs import MAX_EVENT_VALUE
from app.xp.openapi.components import body, errors, ok, operation, params
from app.xp.openapi.examples import leaderboards as leaderboard_examples
from app.xp.openapi.examples import points as ex
from app.xp.openapi.fields import attributes, closed, date_time, ref, text
from app.xp.openapi.points import POINTS_RESPONSE_FIELDS

LEGACY_EVENT_PATH = "/api/metrics/{key}/event"

ATTRIBUTE_FILTER = closed(
    {"key": text("The attribute's name."), "value": text("The value it must have.")},
    "An attribute filter.",
)


def with_example(response: dict, name: str, value) -> dict:
    """`response` with a further named example (the first one is the reference page's)."""
    response["content"]["application/json"]["examples"][name] = {"value": value}
    return response


METRICS_EVENT = operation(
    "metrics_event",
    "Metrics",
    "Record a metric event",
    "Adds value to the user's total for the metric and applies every active trigger on it "
    "in one transaction: each '+P every N' trigger pays P for each multiple of N the total "
    "reaches for the first time (a negative value never takes points back). Events for one "
    "user are applied one at a time, so parallel calls give exact totals. The user is "
    "created or updated from user. The answer holds only the points systems this event "
    f"changed. The integration guide's path POST {LEGACY_EVENT_PATH} is an alias (deprecated).",
    parameters=params("MetricKey", "IdempotencyKey"),
    requestBody=body("MetricsEventRequest", ex.EVENT_REQUEST),
    responses={
        "201": with_example(
            ok("The event was recorded.", "EventResponse", ex.event_response(False)),
            "movedLeaderboards",
            leaderboard_examples.EVENT,
        ),
        "202": ok(
            "The Idempotency-Key was seen before for this user and metric: nothing new was "
            "recorded (user fields in the body are still updated). Trophy answers 201.",
            "EventResponse",
            ex.event_response(True),
        ),
        **errors(400, 404, 413, 422),
    },
    **{"x-legacy-paths": [LEGACY_EVENT_PATH]},
)


PATHS = {"/metrics/{key}/event": {"post": METRICS_EVENT}}


SCHEMAS = {
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
                "additionalProperties": ref("MetricEventLeaderboardResponse"),
                "description": "The leaderboards this event changed the user's value on, by "
                "key, where they are on the board before or after it; {} for none.",
            },
            "idempotencyKey": text("The Idempotency-Key sent, when one was."),
            "idempotentReplayed": {
                "type": "boolean",
                "description": "Sent with idempotencyKey: true when the key was seen before.",
            },
        },
        "What an event did: the metric total, the achievements, streak, points and "
        "leaderboards it moved.",
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
}
