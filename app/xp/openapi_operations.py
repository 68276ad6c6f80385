"""The paths of StudyXP's OpenAPI document.

Operation ids are Trophy's where Trophy has the operation (metrics_event, users_points, ...),
so each maps onto Trophy's Application API one to one. Every operation that takes an API key
lists 401 and 429; the two Reference operations are public and limited by nothing.
"""

from app.xp import openapi_examples as ex
from app.xp.openapi_components import errors, json_content, ok, params
from app.xp.openapi_schemas import ref

LEGACY_EVENT_PATH = "/api/metrics/{key}/event"
PUBLIC = []


def operation(operation_id: str, tag: str, summary: str, description: str, **fields) -> dict:
    return {
        "operationId": operation_id,
        "tags": [tag],
        "summary": summary,
        "description": description,
        **fields,
    }


def body(schema_name: str, example: dict) -> dict:
    return {"required": True, "content": json_content(ref(schema_name), {"example": example})}


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
        "201": ok("The event was recorded.", "EventResponse", ex.event_response(False)),
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

USERS = {
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
            responses={"200": ok("The metric.", "MetricResponse", ex.METRICS[0]), **errors(404)},
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

POINTS = {
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

REFERENCE = {
    "/openapi.json": {
        "get": operation(
            "openapi_document",
            "Reference",
            "Get this OpenAPI document",
            "This document, OpenAPI 3.1. Public: it needs no API key.",
            security=PUBLIC,
            responses={
                "200": {
                    "description": "The document.",
                    "content": json_content({"type": "object", "required": ["openapi", "paths"]}),
                }
            },
        )
    },
    "/docs": {
        "get": operation(
            "api_reference",
            "Reference",
            "Read the API reference",
            "This document as a web page. Public: it needs no API key.",
            security=PUBLIC,
            responses={"200": {"description": "The page.", "content": {"text/html": {}}}},
        )
    },
}

PATHS = {"/metrics/{key}/event": {"post": METRICS_EVENT}, **USERS, **POINTS, **REFERENCE}
