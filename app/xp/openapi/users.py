"""The user operations (users, their metrics and points, their summaries) and the user and
metric schemas."""

from app.xp.inputs import MAX_ATTRIBUTES
from app.xp.openapi.components import body, errors, ok, operation, params
from app.xp.openapi.examples import points as ex
from app.xp.openapi.fields import (
    EMAIL_MAX,
    KEY_PATTERN,
    NAME_MAX,
    TZ_MAX,
    USER_ID,
    attributes,
    closed,
    date_time,
    nullable_text,
    ref,
    text,
)

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


PATHS = {
    "/users": {
        "post": operation(
            "users_create",
            "Users",
            "Create a user",
            "A new user. An id that exists already is a 422: update it with PUT or PATCH.",
            requestBody=body("UpsertedUser", ex.NEW_USER),
            responses={
                "201": ok("The user was created.", "User", ex.created_user()),
                **errors(400, 413, 422),
            },
        )
    },
    "/users/{id}": {
        "get": operation(
            "users_get",
            "Users",
            "Get a user",
            "The user's stored fields.",
            parameters=params("UserId"),
            responses={"200": ok("The user.", "User", ex.USER), **errors(404)},
        ),
        "put": operation(
            "users_identify",
            "Users",
            "Identify a user",
            "Creates the user if the id is new, else updates the fields given (Trophy's "
            "identify). An id in the body must equal the one in the path.",
            parameters=params("UserId"),
            requestBody=body("UpdatedUser", ex.IDENTIFY),
            responses={
                "200": ok("The user as stored now.", "User", ex.identified_user()),
                **errors(400, 413, 422),
            },
        ),
        "patch": operation(
            "users_update",
            "Users",
            "Update a user",
            "Updates the fields given of a user who exists (an unknown id is a 404). An id "
            "in the body must equal the one in the path.",
            parameters=params("UserId"),
            requestBody=body("UpdatedUser", ex.UPDATE),
            responses={
                "200": ok("The user as stored now.", "User", ex.updated_user()),
                **errors(400, 404, 413, 422),
            },
        ),
    },
    "/users/{id}/metrics": {
        "get": operation(
            "users_all_metrics",
            "Users",
            "Get a user's metrics",
            "The user's total for every active metric, by key.",
            parameters=params("UserId"),
            responses={
                "200": ok("One entry per active metric.", "UsersAllMetricsResponse", ex.METRICS),
                **errors(404),
            },
        )
    },
    "/users/{id}/metrics/{key}": {
        "get": operation(
            "users_single_metric",
            "Users",
            "Get a user's metric",
            "The user's total for one metric (archived metrics too: their history stays).",
            parameters=params("UserId", "MetricKey"),
            responses={"200": ok("The metric.", "MetricResponse", ex.FLIPS_METRIC), **errors(404)},
        )
    },
    "/users/{id}/metrics/{key}/event-summary": {
        "get": operation(
            "users_metric_event_summary",
            "Users",
            "Get a user's metric per period",
            "The metric's change per day, week or month, with the running total, as the "
            "points event summary has it.",
            parameters=params("UserId", "MetricKey", "Aggregation", "StartDate", "EndDate"),
            responses={
                "200": ok(
                    "One row per period.",
                    "UsersMetricEventSummaryResponse",
                    ex.METRIC_EVENT_SUMMARY,
                ),
                **errors(404, 422),
            },
        )
    },
    "/users/{id}/points/{key}": {
        "get": operation(
            "users_points",
            "Users",
            "Get a user's points",
            "The user's total in the points system and their most recent awards, newest first.",
            parameters=params("UserId", "PointsSystemKey", "Awards"),
            responses={
                "200": ok("The user's points.", "GetUserPointsResponse", ex.USER_POINTS),
                **errors(404, 422),
            },
        )
    },
    "/users/{id}/points/{key}/event-summary": {
        "get": operation(
            "users_points_event_summary",
            "Users",
            "Get a user's points per period",
            "Points earned per day, week or month, with the running total. Periods are whole "
            "periods of the user's local calendar (the awards' local dates), so the first and "
            "last rows cover whole periods even when startDate or endDate falls inside them: "
            "every row starts on a period's first day.",
            parameters=params("UserId", "PointsSystemKey", "Aggregation", "StartDate", "EndDate"),
            responses={
                "200": ok(
                    "One row per period.",
                    "UsersPointsEventSummaryResponse",
                    ex.POINTS_EVENT_SUMMARY,
                ),
                **errors(404, 422),
            },
        )
    },
}


SCHEMAS = {
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
}
