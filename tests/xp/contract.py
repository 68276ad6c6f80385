"""Contract checks: does a JSON answer match a schema of Trophy's, or of StudyXP's own document?

Trophy's schemas come from trophy-application-api.openapi.json, a verbatim copy of Trophy's
published Application API description (OpenAPI 3.1.0, info.version 1.21.1, copied on
2026-12-06; do not edit it, copy it again), so the tests read nothing outside the
repository:

    assert_matches(response.get_json(), "EventResponse")
    assert_matches(rows, "UsersPointsEventSummaryResponse")  # inline in Trophy's paths

Schemas are JSON Schema Draft 2020-12 (as OpenAPI 3.1 uses it); formats are checked, with
`date-time` as RFC 3339. For StudyXP's own document (app/xp/openapi/):

    api = Api(client, api_key)
    body = assert_contract(api.call("users_get", path={"id": "42"}), "users_get")

checks the status is documented for the operation and the body matches both schemas.
"""

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import quote

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

TROPHY_API_PATH = Path(__file__).with_name("trophy-application-api.openapi.json")
TROPHY_URI = "urn:trophy:application-api"

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
FORMAT_CHECKER = FormatChecker()
for _name in Draft202012Validator.FORMAT_CHECKER.checkers:
    FORMAT_CHECKER.checkers[_name] = Draft202012Validator.FORMAT_CHECKER.checkers[_name]


# jsonschema checks date-time only with an optional package installed; this keeps the check.
@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.fullmatch(value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


# Trophy's shape for each operation's success answer (errors are all ErrorBody), and for its
# request body. Operation ids are Trophy's.
TROPHY_RESPONSES = {
    "metrics_event": "EventResponse",
    "users_create": "User",
    "users_get": "User",
    "users_identify": "User",
    "users_update": "User",
    "users_all_metrics": "UsersAllMetricsResponse",
    "users_single_metric": "MetricResponse",
    "users_metric_event_summary": "UsersMetricEventSummaryResponse",
    "users_points": "GetUserPointsResponse",
    "users_points_event_summary": "UsersPointsEventSummaryResponse",
    "points_system": "PointsSystemResponse",
    "points_summary": "PointsSummaryResponse",
    "points_levels": "PointsLevelsResponse",
    "points_level_summary": "PointsLevelSummaryResponse",
    "achievements_all": "AchievementsAllResponse",
    "achievements_complete": "AchievementCompletionResponse",
    "users_achievements": "UsersAchievementsResponse",
    "users_streak": "StreakResponse",
    "points_boosts": "PointsBoostsResponse",
    "users_points_boosts": "UsersPointsBoostsResponse",
    "leaderboards_all": "LeaderboardsAllResponse",
    "leaderboards_get": "LeaderboardResponseWithRankings",
    "users_leaderboard": "UserLeaderboardResponseWithHistory",
    "streaks_list": "BulkStreakResponse",
    "users_wrapped": "WrappedResponse",
    "users_get_preferences": "UserPreferencesResponse",
    "users_update_preferences": "UserPreferencesResponse",
}
TROPHY_REQUESTS = {
    "achievements_complete": "AchievementsCompleteRequest",
    "metrics_event": "MetricsEventRequest",
    "users_create": "UpsertedUser",
    "users_identify": "UpdatedUser",
    "users_update": "UpdatedUser",
    "users_update_preferences": "UpdateUserPreferencesRequest",
}


def trophy_shape(operation_id: str, status: int | str) -> str:
    return "ErrorBody" if int(status) >= 400 else TROPHY_RESPONSES[operation_id]


# Schemas Trophy writes inline in its paths, under the names its generated SDKs give them.
_JSON = ("content", "application/json", "schema")
INLINE_SCHEMAS = {
    "AchievementsAllResponse": ("paths", "/achievements", "get", "responses", "200", *_JSON),
    "LeaderboardsAllResponse": ("paths", "/leaderboards", "get", "responses", "200", *_JSON),
    "AchievementsCompleteRequest": (
        "paths",
        "/achievements/{key}/complete",
        "post",
        "requestBody",
        *_JSON,
    ),
    "MetricsEventRequest": ("paths", "/metrics/{key}/event", "post", "requestBody", *_JSON),
    "PointsBoostsResponse": ("paths", "/points/{key}/boosts", "get", "responses", "200", *_JSON),
    "PointsLevelsResponse": ("paths", "/points/{key}/levels", "get", "responses", "200", *_JSON),
    "UsersAchievementsResponse": (
        "paths",
        "/users/{id}/achievements",
        "get",
        "responses",
        "200",
        *_JSON,
    ),
    "UsersAllMetricsResponse": ("paths", "/users/{id}/metrics", "get", "responses", "200", *_JSON),
    "UsersMetricEventSummaryResponse": (
        "paths",
        "/users/{id}/metrics/{key}/event-summary",
        "get",
        "responses",
        "200",
        *_JSON,
    ),
    "UsersPointsBoostsResponse": (
        "paths",
        "/users/{id}/points/{key}/boosts",
        "get",
        "responses",
        "200",
        *_JSON,
    ),
    "UsersPointsEventSummaryResponse": (
        "paths",
        "/users/{id}/points/{key}/event-summary",
        "get",
        "responses",
        "200",
        *_JSON,
    ),
}


@cache
def trophy_document() -> dict:
    """Trophy's Application API description, as published."""
    return json.loads(TROPHY_API_PATH.read_text(encoding="utf-8"))


def pointer_validator(document: dict, uri: str, *pointer: str) -> Draft202012Validator:
    """A validator for the schema at `pointer` (unescaped parts) inside `document`.

    The whole document is one resource, so its "#/components/schemas/..." refs resolve.
    """
    registry = Registry().with_resource(uri, DRAFT202012.create_resource(document))
    escaped = "/".join(part.replace("~", "~0").replace("/", "~1") for part in pointer)
    return Draft202012Validator(
        {"$ref": f"{uri}#/{escaped}"}, registry=registry, format_checker=FORMAT_CHECKER
    )


@cache
def trophy_validator(name: str) -> Draft202012Validator:
    document = trophy_document()
    if name in document["components"]["schemas"]:
        return pointer_validator(document, TROPHY_URI, "components", "schemas", name)
    if name in INLINE_SCHEMAS:
        return pointer_validator(document, TROPHY_URI, *INLINE_SCHEMAS[name])
    raise KeyError(f"No Trophy schema named {name!r} in {TROPHY_API_PATH.name}")


def assert_valid(validator: Draft202012Validator, payload, what: str) -> None:
    """Fail with the most relevant error and where in the payload it is."""
    error = best_match(validator.iter_errors(payload))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        raise AssertionError(f"{what}: at {where}: {error.message}")


def assert_matches(payload, name: str) -> None:
    """`payload` satisfies Trophy's schema `name`: required fields, types, nullability."""
    assert_valid(trophy_validator(name), payload, f"Trophy's {name}")


# --- Trophy's Admin API (/admin/v1) -------------------------------------------------------

# A verbatim copy of Trophy's published Admin API description (OpenAPI 3.1.0, info.version
# 1.21.1, copied on 2026-12-14; do not edit it, copy it again).
TROPHY_ADMIN_API_PATH = Path(__file__).with_name("trophy-admin-api.openapi.json")
TROPHY_ADMIN_URI = "urn:trophy:admin-api"


@cache
def trophy_admin_validator(name: str) -> Draft202012Validator:
    document = json.loads(TROPHY_ADMIN_API_PATH.read_text(encoding="utf-8"))
    if name not in document["components"]["schemas"]:
        raise KeyError(f"No Trophy schema named {name!r} in {TROPHY_ADMIN_API_PATH.name}")
    return pointer_validator(document, TROPHY_ADMIN_URI, "components", "schemas", name)


def assert_matches_admin(payload, name: str) -> None:
    """`payload` satisfies the schema `name` of Trophy's Admin API (e.g. CreateMetricsResponse)."""
    assert_valid(trophy_admin_validator(name), payload, f"Trophy's admin {name}")


# --- StudyXP's own document ----------------------------------------------------------------

STUDYXP_URI = "urn:studyxp:openapi"


def find_operation(document: dict, operation_id: str) -> tuple[str, str, dict]:
    """(path, method, operation) of the operation with this operationId."""
    for path, item in document["paths"].items():
        for method, op in item.items():
            if op.get("operationId") == operation_id:
                return path, method, op
    raise KeyError(f"No operation {operation_id!r} in the document")


def response_pointer(document: dict, operation_id: str, status: str) -> tuple[str, ...]:
    """Where the JSON schema of this operation's `status` answer sits in the document."""
    path, method, op = find_operation(document, operation_id)
    if status not in op["responses"]:
        raise AssertionError(
            f"{operation_id} answered {status}, which the document does not list: "
            f"{sorted(op['responses'])}"
        )
    response = op["responses"][status]
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[-1]
        return ("components", "responses", name, "content", "application/json", "schema")
    return ("paths", path, method, "responses", status, "content", "application/json", "schema")


def documented_response(document: dict, operation_id: str, status: str) -> dict:
    """The response object (its $ref followed) for this operation and status."""
    pointer = response_pointer(document, operation_id, status)[:-3]
    node = document
    for part in pointer:
        node = node[part]
    return node


def assert_matches_document(document: dict, payload, operation_id: str, status: str) -> None:
    """`payload` satisfies the schema StudyXP's document gives this operation and status."""
    pointer = response_pointer(document, operation_id, status)
    validator = pointer_validator(document, STUDYXP_URI, *pointer)
    assert_valid(validator, payload, f"StudyXP's document, {operation_id} {status}")


# --- calling the API by operationId, and checking the answer against both -----------------


@cache
def studyxp_document() -> dict:
    """StudyXP's OpenAPI document as served (JSON), with the default settings."""
    # Imported here, so that assert_matches() works whatever state the document is in.
    from app.xp.openapi.document import build_document

    return json.loads(json.dumps(build_document()))


EXAMPLE = object()  # "the document's example", for Api.call's body


class Api:
    """Calls by operationId, built from the document's path and its examples."""

    def __init__(self, client, key: str | None):
        self.client = client
        self.key = key

    def call(self, operation_id, path=None, query=None, body=EXAMPLE, raw=None, headers=None):
        template, method, op = find_operation(studyxp_document(), operation_id)
        parameters = [_resolve(p) for p in op.get("parameters", [])]
        values = {p["name"]: p["example"] for p in parameters if p["in"] == "path"}
        values.update(path or {})
        url = "/api/v1" + template.format(**{k: quote(v, safe="") for k, v in values.items()})
        if headers is None:  # the example's, such as its Idempotency-Key
            headers = {p["name"]: p["example"] for p in parameters if p["in"] == "header"}
        sent = {"X-API-KEY": self.key, **headers} if self.key else dict(headers)
        if body is EXAMPLE and "requestBody" in op:
            media = op["requestBody"]["content"]["application/json"]
            body = next(iter(media["examples"].values()))["value"]
        elif body is EXAMPLE:
            body = None
        data = {"data": raw, "content_type": "application/json"} if raw is not None else {}
        if raw is None and body is not None:
            data = {"json": body}
        query = {**_example_query(op), **(query or {})}
        query = {k: v for k, v in query.items() if v is not None}
        return self.client.open(
            url, method=method.upper(), headers=sent, query_string=query, **data
        )


def _resolve(node: dict) -> dict:
    if "$ref" in node:
        section, name = node["$ref"].split("/")[2:4]
        return studyxp_document()["components"][section][name]
    return node


def _example_query(op: dict) -> dict:
    parameters = [_resolve(p) for p in op.get("parameters", [])]
    return {p["name"]: p["example"] for p in parameters if p["in"] == "query" and p["required"]}


def assert_contract(response, operation_id: str) -> object:
    """The answer is JSON, its status documented, its body valid in both schemas."""
    status = str(response.status_code)
    assert response.mimetype == "application/json", (operation_id, status, response.data[:200])
    body = response.get_json()
    document = studyxp_document()
    assert_matches_document(document, body, operation_id, status)
    assert_matches(body, trophy_shape(operation_id, status))
    for header in documented_response(document, operation_id, status).get("headers", {}):
        assert response.headers.get(header, "").isdigit(), (operation_id, status, header)
    return body
