"""The shared parts of StudyXP's OpenAPI document: parameters, error responses, headers.

Limits come from the code that enforces them (app.xp.queries, app.xp.models, app.xp.inputs), so the
document cannot drift from the API's behaviour without tests/xp/test_contract.py noticing.
"""

from app.xp.models.metrics import IDEMPOTENCY_KEY_MAX, METRIC_KEY_MAX
from app.xp.models.users import USER_ID_MAX
from app.xp.openapi.examples import points as ex
from app.xp.openapi.fields import KEY_PATTERN, NOT_BLANK, closed, ref, text
from app.xp.queries.points import MAX_AWARDS
from app.xp.queries.summaries import AGGREGATIONS, EARLIEST_DATE, LATEST_DATE, MAX_SUMMARY_DAYS

# The shared error responses (components.responses), by status.
ERROR_RESPONSES = {
    400: "BadRequest",
    401: "Unauthorized",
    404: "NotFound",
    413: "PayloadTooLarge",
    422: "Unprocessable",
    429: "TooManyRequests",
}
RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def json_content(schema: dict, examples: dict | None = None) -> dict:
    body = {"schema": schema}
    if examples:
        body["examples"] = {name: {"value": value} for name, value in examples.items()}
    return {"application/json": body}


def header_refs(*names: str) -> dict:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def error_response(description: str, example: str, *headers: str) -> dict:
    return {
        "description": description,
        "headers": header_refs(*headers),
        "content": json_content(ref("ErrorBody"), {"example": {"error": example}}),
    }


def errors(*statuses: int) -> dict:
    """The shared error responses for these statuses, always with 401 and 429."""
    return {
        str(status): {"$ref": f"#/components/responses/{ERROR_RESPONSES[status]}"}
        for status in sorted({401, 429, *statuses})
    }


def ok(description: str, schema_name: str, example, example_name: str = "example") -> dict:
    return {
        "description": description,
        "headers": header_refs(*RATE_HEADERS),
        "content": json_content(ref(schema_name), {example_name: example}),
    }


def path_param(name: str, description: str, schema: dict, example: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
        "example": example,
    }


def key_schema() -> dict:
    return {"type": "string", "pattern": KEY_PATTERN, "maxLength": METRIC_KEY_MAX}


def date_param(name: str, example: str, relation: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": True,
        "description": (
            f"YYYY-MM-DD, {relation}, between {EARLIEST_DATE} and {LATEST_DATE}. endDate - "
            f"startDate is at most {MAX_SUMMARY_DAYS} days."
        ),
        "schema": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "example": example,
    }


PARAMETERS = {
    "UserId": path_param(
        "id",
        "The user's id in your system, as sent in user.id. Any text, slashes included "
        "(percent-encoded or not).",
        {"type": "string", "minLength": 1, "maxLength": USER_ID_MAX},
        ex.STORY_USER["id"],
    ),
    "MetricKey": path_param("key", "The metric's key.", key_schema(), "flashcards-flipped"),
    "PointsSystemKey": path_param("key", "The points system's key.", key_schema(), "xp"),
    "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": (
            "Makes the event safe to retry: a key is unique per user and metric. Sending it "
            "again records nothing and answers 202 with the original event's awards, today's "
            "totals and idempotentReplayed: true (Trophy answers 201)."
        ),
        "schema": {
            "type": "string",
            "minLength": 1,
            "maxLength": IDEMPOTENCY_KEY_MAX,
            "pattern": NOT_BLANK,
        },
        "example": ex.IDEMPOTENCY_KEY,
    },
    "Awards": {
        "name": "awards",
        "in": "query",
        "required": False,
        "description": "How many of the most recent awards to return, newest first.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_AWARDS, "default": 10},
        "example": 2,
    },
    "Aggregation": {
        "name": "aggregation",
        "in": "query",
        "required": True,
        "description": "Days, weeks starting on Monday, or calendar months.",
        "schema": {"type": "string", "enum": list(AGGREGATIONS)},
        "example": "weekly",
    },
    "StartDate": date_param("startDate", "2026-11-01", "not after endDate"),
    "EndDate": date_param("endDate", "2026-11-30", "not before startDate"),
}


def params(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def responses(rate_limit: str, body_limit: int) -> dict:
    """components.responses: the errors, with the deployment's limits in their text."""
    return {
        "BadRequest": error_response(
            "Malformed: the body is not a JSON object; a field missing or of the wrong type; "
            "a value that is not finite; NUL characters or lone surrogates; an unknown time "
            "zone; an empty Idempotency-Key.",
            "'value' is required and must be a number",
            *RATE_HEADERS,
        ),
        "Unauthorized": error_response(
            "X-API-KEY is missing, unknown or revoked.",
            "Missing API key: send it in the X-API-KEY header",
        ),
        "NotFound": error_response(
            "No metric, user, points system, achievement or leaderboard (activated) with "
            "that key or id.",
            "Points system 'coins' not found",
            *RATE_HEADERS,
        ),
        "PayloadTooLarge": error_response(
            f"The body is over {body_limit} bytes (API_MAX_CONTENT_LENGTH).",
            f"The request body must be at most {body_limit} bytes",
            *RATE_HEADERS,
        ),
        "Unprocessable": error_response(
            "Well-formed but invalid: a value out of range, text too long, an invalid email, "
            "an archived metric, a user id that is taken, awards outside 1..100, a missing or "
            "unknown aggregation, a missing or malformed date, startDate after endDate, a "
            "range over 400 days, historyPeriods outside 1..100, a boolean parameter other "
            "than true or false, a malformed userAttributes filter, an archived achievement "
            "or one the API cannot complete; on leaderboards a negative offset, a limit over "
            "maxParticipants, numEvents outside 0..100, a run date that is malformed or "
            "outside the board's dates, userAttributes missing for a board with breakdown "
            "attributes, naming other attributes, or sent for a board without.",
            "'awards' must be an integer from 1 to 100",
            *RATE_HEADERS,
        ),
        "TooManyRequests": error_response(
            f"This API key made more requests than its limit ({rate_limit}): wait Retry-After "
            "seconds and try again.",
            "Rate limit exceeded: 6000 requests per minute per API key. Retry after 12 seconds.",
            "Retry-After",
            *RATE_HEADERS,
        ),
    }


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


def boolean_param(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"{description} Anything but true or false is a 422.",
        "schema": {"type": "string", "enum": ["true", "false"], "default": "false"},
        "example": "true",
    }


SCHEMAS = {
    "ErrorBody": closed(
        {"error": text("What was wrong, in a sentence.", minLength=1)},
        "Every error: a JSON object with one message, never an HTML page.",
    ),
}
