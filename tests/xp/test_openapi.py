"""StudyXP's OpenAPI document: valid OpenAPI 3.1, the twin of the URL map under /api/v1,
served as built and without a key, and with examples that are real answers.

No OpenAPI 3.1 meta-schema ships in an installed package, so the structure is checked here:
the fields each OpenAPI object may have, every $ref, and every schema against JSON Schema
Draft 2020-12 (OpenAPI 3.1's dialect). The reference page is tests/test_api_docs.py's.
"""

import json
import re
from datetime import datetime

from jsonschema import Draft202012Validator

from app.api_docs import example_call
from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.openapi.document import build_document
from app.xp.openapi.examples import points as ex
from app.xp.openapi.examples.achievements_streaks_boosts import STORY as SECOND_CHAPTER_STORY
from app.xp.openapi.examples.leaderboards import STORY as THIRD_CHAPTER_STORY
from app.xp.openapi.examples.preferences import STORY as PREFERENCE_STORY
from app.xp.openapi.examples.year_in_review import STORY as YEAR_IN_REVIEW_STORY
from tests.support import build_app
from tests.xp.contract import (
    FORMAT_CHECKER,
    TROPHY_REQUESTS,
    assert_matches,
    assert_matches_document,
    assert_valid,
    find_operation,
    trophy_shape,
)

# As served: JSON, so tuples and the like are what a client sees.
DOCUMENT = json.loads(json.dumps(build_document()))
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
OPERATIONS = [
    (path, method, op)
    for path, item in DOCUMENT["paths"].items()
    for method, op in item.items()
    if method in METHODS
]

# The fields OpenAPI 3.1 allows on each object this document uses (besides x- extensions).
ALLOWED = {
    "document": {"openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks"}
    | {"components", "security", "tags", "externalDocs"},
    "info": {"title", "summary", "description", "termsOfService", "contact", "license"}
    | {"version"},
    "operation": {"tags", "summary", "description", "externalDocs", "operationId"}
    | {"parameters", "requestBody", "responses", "callbacks", "deprecated", "security"}
    | {"servers"},
    "parameter": {"name", "in", "description", "required", "deprecated", "allowEmptyValue"}
    | {"style", "explode", "allowReserved", "schema", "example", "examples", "content"},
    "response": {"description", "headers", "content", "links"},
    "media": {"schema", "example", "examples", "encoding"},
    "header": {"description", "required", "deprecated", "schema", "example", "examples"},
    "request": {"description", "content", "required"},
    "components": {"schemas", "responses", "parameters", "examples", "requestBodies"}
    | {"headers", "securitySchemes", "links", "callbacks", "pathItems"},
}


def unknown_fields(kind: str, node: dict) -> set[str]:
    return {k for k in node if k not in ALLOWED[kind] and not k.startswith("x-")}


def resolve(node: dict) -> dict:
    """Follow a local $ref (#/a/b/c) inside the document."""
    while "$ref" in node:
        target = DOCUMENT
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def all_refs(node) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in all_refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in all_refs(value)]
    return []


# --- the document is OpenAPI 3.1 -------------------------------------------------------------


def test_document_is_openapi_3_1_with_a_relative_server_and_an_api_key_scheme():
    assert DOCUMENT["openapi"] == "3.1.0"
    assert DOCUMENT["info"]["title"] == "StudyXP XP API"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", DOCUMENT["info"]["version"])
    assert DOCUMENT["servers"] == [{"url": "/api/v1", "description": "This StudyXP server"}]
    assert DOCUMENT["security"] == [{"ApiKeyAuth": []}]
    scheme = DOCUMENT["components"]["securitySchemes"]["ApiKeyAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-API-KEY")


def test_document_uses_only_fields_openapi_3_1_defines():
    objects = [
        ("document", "document", DOCUMENT),
        ("info", "info", DOCUMENT["info"]),
        ("components", "components", DOCUMENT["components"]),
    ]
    for path, method, op in OPERATIONS:
        where = f"{method} {path}"
        objects.append((where, "operation", op))
        objects += [(where, "parameter", resolve(p)) for p in op.get("parameters", [])]
        if "requestBody" in op:
            objects.append((where, "request", op["requestBody"]))
            objects += [(where, "media", m) for m in op["requestBody"]["content"].values()]
        for status, response in op["responses"].items():
            response = resolve(response)
            objects.append((f"{where} {status}", "response", response))
            objects += [(where, "media", m) for m in response.get("content", {}).values()]
            objects += [(where, "header", resolve(h)) for h in response.get("headers", {}).values()]

    problems = [(where, kind, unknown_fields(kind, node)) for where, kind, node in objects]
    assert [problem for problem in problems if problem[2]] == []
    assert len(objects) > 100


def test_every_operation_has_an_id_summary_description_tag_and_responses():
    ids = [op["operationId"] for _, _, op in OPERATIONS]
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    tags = {tag["name"] for tag in DOCUMENT["tags"]}
    for _, method, op in OPERATIONS:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", op["operationId"]), op["operationId"]
        assert op["summary"].strip() and op["description"].strip(), op["operationId"]
        assert len(op["tags"]) == 1 and op["tags"][0] in tags, op["operationId"]
        assert op["responses"], op["operationId"]
        for status, response in op["responses"].items():
            assert re.fullmatch(r"[1-5][0-9]{2}", status), (op["operationId"], status)
            assert resolve(response)["description"].strip(), (op["operationId"], status)
        if method in ("post", "put", "patch"):
            assert op["requestBody"]["required"] is True, op["operationId"]


def test_operations_with_an_api_key_list_every_error_they_can_answer():
    for _, _, op in OPERATIONS:
        statuses = set(op["responses"])
        if op.get("security") == []:
            assert statuses == {"200"}, op["operationId"]
            continue
        assert {"401", "429"} <= statuses, op["operationId"]
        if "requestBody" in op:
            assert {"400", "413", "422"} <= statuses, op["operationId"]
        for status in statuses - {"200", "201", "202"}:
            response = resolve(op["responses"][status])
            assert response["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorBody"
            }, (op["operationId"], status)
    too_many = DOCUMENT["components"]["responses"]["TooManyRequests"]
    assert resolve(too_many["headers"]["Retry-After"])["required"] is True


def test_path_parameters_match_each_path_template():
    for path, method, op in OPERATIONS:
        in_template = set(re.findall(r"\{([^}]+)\}", path))
        parameters = [resolve(p) for p in op.get("parameters", [])]
        in_path = {p["name"] for p in parameters if p["in"] == "path"}
        assert in_path == in_template, (method, path)
        assert all(p["required"] for p in parameters if p["in"] == "path"), (method, path)
        names = [(p["name"], p["in"]) for p in parameters]
        assert len(names) == len(set(names)), (method, path)


def test_every_ref_resolves():
    refs = all_refs(DOCUMENT)
    assert len(refs) > 50
    for ref in refs:
        assert ref.startswith("#/"), ref
        resolve({"$ref": ref})  # a KeyError names the broken one


def test_every_schema_is_valid_json_schema_2020_12():
    components = DOCUMENT["components"]
    schemas = list(components["schemas"].values())
    schemas += [p["schema"] for p in components["parameters"].values()]
    schemas += [h["schema"] for h in components["headers"].values()]
    for _, _, op in OPERATIONS:
        schemas += [resolve(p)["schema"] for p in op.get("parameters", [])]
        for response in op["responses"].values():
            schemas += [m["schema"] for m in resolve(response).get("content", {}).values() if m]
    for schema in schemas:
        Draft202012Validator.check_schema(schema)
    assert len(schemas) > 40


def test_documented_limits_are_the_enforced_ones():
    parameters = DOCUMENT["components"]["parameters"]
    assert parameters["Awards"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 10,
    }
    assert parameters["Aggregation"]["schema"]["enum"] == ["daily", "weekly", "monthly"]
    assert "at most 400 days" in parameters["StartDate"]["description"]
    assert "between 1900-01-01 and 9998-12-31" in parameters["EndDate"]["description"]
    assert parameters["IdempotencyKey"]["schema"]["maxLength"] == 255
    assert parameters["UserId"]["schema"]["maxLength"] == 255
    value = DOCUMENT["components"]["schemas"]["MetricsEventRequest"]["properties"]["value"]
    assert (value["minimum"], value["maximum"]) == (-1_000_000_000, 1_000_000_000)
    rules = {limit["field"]: limit["rule"] for limit in DOCUMENT["info"]["x-limits"]}
    assert rules["request body"] == "at most 65,536 bytes (413)"
    assert rules["requests per API key"] == "6000/minute (429, with Retry-After)"


# --- every example matches both its schemas ------------------------------------------------


def test_every_example_matches_studyxps_schema_and_trophys():
    checked = 0
    for _, _, op in OPERATIONS:
        for parameter in map(resolve, op.get("parameters", [])):
            if "example" in parameter:
                validator = Draft202012Validator(parameter["schema"], format_checker=FORMAT_CHECKER)
                assert_valid(validator, parameter["example"], parameter["name"])
                checked += 1
        if "requestBody" in op:
            media = op["requestBody"]["content"]["application/json"]
            example = next(iter(media["examples"].values()))["value"]
            schema = {**media["schema"], "components": DOCUMENT["components"]}
            validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
            assert_valid(validator, example, f"{op['operationId']} body")
            assert_matches(example, TROPHY_REQUESTS[op["operationId"]])
            checked += 1
        for status, response in op["responses"].items():
            media = resolve(response).get("content", {}).get("application/json", {})
            for example in media.get("examples", {}).values():
                assert_matches_document(DOCUMENT, example["value"], op["operationId"], status)
                assert_matches(example["value"], trophy_shape(op["operationId"], status))
                checked += 1
    assert checked > 40


# --- the document and the URL map are twins ------------------------------------------------


def documented_path(rule: str) -> str:
    """/api/v1/users/<user_id:user_id>/points/<key> -> /api/v1/users/{id}/points/{key}."""

    def variable(match):
        return "{id}" if match["converter"] == "user_id" else "{" + match["name"] + "}"

    return re.sub(r"<(?:(?P<converter>[^:<>(]+)(?:\([^)]*\))?:)?(?P<name>[^<>]+)>", variable, rule)


def test_every_route_under_api_v1_is_documented_and_every_operation_routed(app):
    routed = {
        (method.lower(), documented_path(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(method, "/api/v1" + path) for path, method, _ in OPERATIONS}

    assert routed - documented == set(), "routes missing from app/xp/openapi/"
    assert documented - routed == set(), "documented operations no app route serves"
    assert ("get", "/api/v1/users/{id}/points/{key}") in routed


def test_the_legacy_event_path_is_the_documented_alias(app):
    rules = {rule.rule: rule for rule in app.url_map.iter_rules()}
    _, _, op = find_operation(DOCUMENT, "metrics_event")

    assert op["x-legacy-paths"] == ["/api/metrics/{key}/event"]
    legacy, current = rules["/api/metrics/<key>/event"], rules["/api/v1/metrics/<key>/event"]
    assert legacy.endpoint == current.endpoint
    assert legacy.methods - {"OPTIONS"} == {"POST"}


# --- served as built, without a key ----------------------------------------------------------


def test_served_document_equals_the_built_one_and_needs_no_key(app, client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == json.loads(json.dumps(build_document(app.config)))
    assert response.get_json() == DOCUMENT
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_document_states_the_deployments_own_limits(database_url):
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "API_MAX_CONTENT_LENGTH": 2048,
            "API_RATE_LIMIT": "3/minute",
        }
    )
    try:
        served = app.test_client().get("/api/v1/openapi.json").get_json()
    finally:
        with app.app_context():
            db.engine.dispose()

    rules = {limit["field"]: limit["rule"] for limit in served["info"]["x-limits"]}
    assert rules["request body"] == "at most 2,048 bytes (413)"
    assert rules["requests per API key"] == "3/minute (429, with Retry-After)"
    too_large = served["components"]["responses"]["PayloadTooLarge"]
    example = too_large["content"]["application/json"]["examples"]["example"]["value"]
    assert example == {"error": "The request body must be at most 2048 bytes"}


def test_public_documents_are_not_counted_against_any_rate_limit(database_url):
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "API_RATE_LIMIT": "1/minute",
        }
    )
    client = app.test_client()
    try:
        answers = [client.get(url) for url in ["/api/v1/openapi.json", "/api/v1/docs"] * 3]
        refused = client.get("/api/v1/points/xp")
    finally:
        with app.app_context():
            db.engine.dispose()

    assert [a.status_code for a in answers] == [200] * 6
    assert not any("X-RateLimit-Limit" in a.headers for a in answers)
    assert refused.status_code == 401  # only those two paths skip the key


# --- every example is a real answer ----------------------------------------------------------

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")

# The story of app/xp/openapi/examples/points.py, in order: writes that later reads depend on
# come first, and the writes that would change a read's answer come last.
STORY = [
    ("metrics_event", "201"),
    ("metrics_event", "202"),
    ("users_points", "200"),
    ("users_points_event_summary", "200"),
    ("points_system", "200"),
    ("points_summary", "200"),
    ("points_levels", "200"),
    ("points_level_summary", "200"),
    ("users_get", "200"),
    ("users_all_metrics", "200"),
    ("users_single_metric", "200"),
    ("users_metric_event_summary", "200"),
    ("users_create", "201"),
    ("users_identify", "200"),
    ("users_update", "200"),
]


def masked(value):
    """Ids and timestamps differ from run to run; everything else must be equal."""
    if isinstance(value, dict):
        return {k: masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    if isinstance(value, str):
        return DATE_TIME.sub("<date-time>", UUID.sub("<uuid>", value))
    return value


def test_the_story_covers_every_success_example():
    with_examples = {
        (op["operationId"], status)
        for _, _, op in OPERATIONS
        for status, response in op["responses"].items()
        if status.startswith("2") and "examples" in response["content"].get("application/json", {})
    }
    # The engagement examples are a second chapter (test_contract_engagement.py replays it),
    # the leaderboard ones a third (test_contract_leaderboards.py), the preference ones a
    # fourth (test_contract_preferences.py), the streak lengths and the year in review one
    # told on the third (test_contract_year_in_review.py).
    chapters = (STORY, SECOND_CHAPTER_STORY, THIRD_CHAPTER_STORY, PREFERENCE_STORY)
    chapters += (YEAR_IN_REVIEW_STORY,)
    assert set().union(*chapters) == with_examples


def test_every_success_example_is_what_studyxp_answers(app, client, seeded, api_key):
    with app.app_context():
        for at, value in ex.STORY_EVENTS:
            when = datetime.fromisoformat(at.replace("Z", "+00:00"))
            record_event("flashcards-flipped", ex.STORY_USER, value, at=when)

    for operation_id, status in STORY:
        path, method, op = find_operation(DOCUMENT, operation_id)
        call = example_call(DOCUMENT, method, path, op)
        response = client.open(
            "/api/v1" + call.path,
            method=call.method,
            headers={"X-API-KEY": api_key, **call.headers},
            json=call.body,
        )
        media = op["responses"][status]["content"]["application/json"]
        example = next(iter(media["examples"].values()))["value"]
        assert response.status_code == int(status), (operation_id, response.get_json())
        assert masked(response.get_json()) == masked(example), operation_id
