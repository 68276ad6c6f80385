"""StudyXP's OpenAPI document for /admin/v1 (app/xp/openapi/admin/): valid OpenAPI 3.1, the twin
of the admin blueprint's URL map, its limits the code's own, its shapes Trophy's where Trophy
has the path, and live answers that satisfy it.

The document's shapes do not depend on the database, so the live answers are read on SQLite
only (the admin API's own tests run both databases).
"""

import json
import re

import pytest
from openapi_spec_validator import validate

from app.xp.admin import fields
from app.xp.admin.achievements import MAX_METRIC_VALUE
from app.xp.admin.boosts import MAX_MULTIPLIER
from app.xp.admin.leaderboards import MAX_BREAKDOWN_ATTRIBUTES
from app.xp.admin.leaderboards import STATUSES as BOARD_STATUSES
from app.xp.admin.points import MAX_MAX_POINTS
from app.xp.admin.triggers import MAX_TRIGGER_POINTS, TRIGGER_TYPES
from app.xp.admin_api.bulk import LIMIT_DEFAULT, LIMIT_MAX, MAX_ITEMS
from app.xp.admin_api.events import MAX_BYTES, MAX_EVENTS
from app.xp.admin_api.metrics import UNIT_TYPES
from app.xp.admin_api.triggers import TIME_UNITS
from app.xp.leaderboard_rules import MAX_PARTICIPANTS, RANK_BY, RUN_UNITS
from app.xp.models.boosts import BOOST_ROUNDINGS
from app.xp.models.metrics import METRIC_KEY_MAX
from app.xp.openapi.admin.document import build_document
from tests.support.databases import database_for
from tests.xp.contract import TROPHY_ADMIN_API_PATH, assert_matches_document, find_operation

pytestmark = pytest.mark.calendar_free

# As served: JSON, so tuples and the like are what a client sees.
DOCUMENT = json.loads(json.dumps(build_document()))
TROPHY = json.loads(TROPHY_ADMIN_API_PATH.read_text(encoding="utf-8"))
SCHEMAS = DOCUMENT["components"]["schemas"]
METHODS = {"get", "put", "post", "delete", "patch"}
STREAK_REQUESTS = {
    "CreateStreakFreezesRequest": "freezes",
    "CreateStreakPausesRequest": "pauses",
    "RestoreStreaksRequest": "users",
    "ResetStreaksRequest": "users",
}
# Trophy's admin resources StudyXP leaves out on purpose: one tenant, always.
NOT_STUDYXP = ("/tenants",)


@pytest.fixture
def database_url(tmp_path):
    return database_for("sqlite", tmp_path)


@pytest.fixture
def admin(client, admin_key):
    """Calls /admin/v1 with the admin key: admin(method, path, json=..., query_string=...)."""

    def call(method, path, **kwargs):
        return client.open(
            f"/admin/v1{path}", method=method, headers={"X-API-KEY": admin_key}, **kwargs
        )

    return call


def template(path: str) -> str:
    """A path with its parameters blanked: /points/{systemId}/levels -> /points/{}/levels."""
    return re.sub(r"\{[^}]+\}|<[^>]+>", "{}", path)


def operations(document: dict) -> set[tuple[str, str]]:
    return {
        (template(path), method)
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    }


# --- the document itself ------------------------------------------------------------------


def test_document_is_valid_openapi_3_1():
    validate(DOCUMENT)  # raises on the first problem
    assert DOCUMENT["openapi"] == "3.1.0"
    assert DOCUMENT["servers"] == [{"url": "/admin/v1", "description": "This StudyXP server"}]


def test_document_is_served_without_a_key_as_built_from_the_app_settings(app, client):
    app.config["API_MAX_CONTENT_LENGTH"] = 1234
    response = client.get("/admin/v1/openapi.json")
    assert response.status_code == 200
    served = response.get_json()
    assert served == json.loads(json.dumps(build_document(app.config)))
    too_large = served["components"]["responses"]["PayloadTooLarge"]["description"]
    assert "over 1234 bytes" in too_large


def test_security_is_an_admin_key_in_x_api_key():
    scheme = DOCUMENT["components"]["securitySchemes"]["AdminKeyAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-API-KEY")
    assert DOCUMENT["security"] == [{"AdminKeyAuth": []}]
    public = [
        (path, method)
        for path, item in DOCUMENT["paths"].items()
        for method, op in item.items()
        if op.get("security") == []
    ]
    assert public == [("/openapi.json", "get")]


def test_every_operation_has_a_unique_trophy_style_id_and_lists_its_errors():
    ids = [op["operationId"] for item in DOCUMENT["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    assert all(op_id.startswith("admin_") for op_id in ids)
    for path, item in DOCUMENT["paths"].items():
        for op in item.values():
            if op.get("security") != []:
                assert {"401", "403", "429"} <= set(op["responses"]), (path, op["operationId"])


def test_every_ref_points_at_something():
    text = json.dumps(DOCUMENT)
    for ref in set(re.findall(r'"\$ref": "#/([^"]+)"', text)):
        node = DOCUMENT
        for part in ref.split("/"):
            node = node[part]


# --- the document and the URL map cannot drift ------------------------------------------


def test_documented_operations_are_exactly_the_admin_routes(app):
    routed = {
        (template(rule.rule.removeprefix("/admin/v1")), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in ("admin_api", "admin_openapi")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = operations(DOCUMENT)
    assert documented - routed == set(), "documented but not routed: app/xp/openapi/admin/"
    assert routed - documented == set(), "routed, not documented: app/xp/openapi/admin/"


# --- the limits are the code's ----------------------------------------------------------


def test_bulk_requests_take_1_to_max_items_and_lists_page_with_limit_and_skip():
    arrays = {
        name: schema
        for name, schema in SCHEMAS.items()
        if name.endswith("Request") and schema["type"] == "array"
    }
    arrays.pop("BatchMetricEventsRequest")
    # Trophy's streak calls hold their array under one key.
    for name, key in STREAK_REQUESTS.items():
        arrays[name] = SCHEMAS[name]["properties"][key]
    assert len(arrays) == 21  # 9 creates (application keys too), 8 updates, 4 streak calls
    for name, array in arrays.items():
        assert (array["minItems"], array["maxItems"]) == (1, MAX_ITEMS), name
    parameters = DOCUMENT["components"]["parameters"]
    assert parameters["Ids"]["schema"]["maxItems"] == MAX_ITEMS
    limit = parameters["Limit"]["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, LIMIT_MAX, LIMIT_DEFAULT)
    assert SCHEMAS["BatchMetricEventsRequest"]["maxItems"] == MAX_EVENTS
    assert (
        f"{MAX_BYTES:,} bytes"
        in find_operation(DOCUMENT, "admin_metrics_batch_events")[2]["description"]
    )


def test_keys_and_names_follow_the_dashboard_rules():
    for name in ("CreateMetricRequestItem", "CreatePointsSystemRequestItem"):
        key = SCHEMAS[name]["properties"]["key"]
        assert key["maxLength"] == METRIC_KEY_MAX
        assert re.fullmatch(key["pattern"].strip("^$"), "quiz-answered")
        assert key["pattern"] == f"^{fields.KEY_PATTERN.pattern}$"
        assert SCHEMAS[name]["properties"]["name"]["maxLength"] == fields.NAME_MAX
    units = SCHEMAS["CreateMetricRequestItem"]["properties"]["units"]
    assert units["maxLength"] == fields.UNIT_MAX
    assert SCHEMAS["CreateMetricRequestItem"]["properties"]["unitType"]["enum"] == list(UNIT_TYPES)
    level_description = SCHEMAS["AdminPointsLevel"]["properties"]["description"]
    assert level_description["maxLength"] == fields.DESCRIPTION_MAX


def test_numbers_and_enums_are_the_code_constants():
    system = SCHEMAS["CreatePointsSystemRequestItem"]["properties"]
    assert system["maxPoints"]["maximum"] == MAX_MAX_POINTS
    trigger = SCHEMAS["CreatePointsTriggerRequestItem"]["properties"]
    assert trigger["type"]["enum"] == list(TRIGGER_TYPES)
    assert (trigger["points"]["minimum"], trigger["points"]["maximum"]) == (
        -MAX_TRIGGER_POINTS,
        MAX_TRIGGER_POINTS,
    )
    assert trigger["metricThreshold"]["maximum"] == fields.MAX_THRESHOLD
    assert trigger["timeUnit"]["enum"] == list(TIME_UNITS)
    boost = SCHEMAS["CreatePointsBoostRequestItem"]["properties"]
    assert boost["multiplier"]["maximum"] == MAX_MULTIPLIER
    assert boost["rounding"]["enum"] == list(BOOST_ROUNDINGS)
    board = SCHEMAS["CreateLeaderboardRequestItem"]["properties"]
    assert board["maxParticipants"]["maximum"] == MAX_PARTICIPANTS
    assert board["status"]["enum"] == list(BOARD_STATUSES)
    assert board["rankBy"]["enum"] == list(RANK_BY)
    assert board["runUnit"]["enum"] == list(RUN_UNITS)
    assert board["breakdownAttributes"]["maxItems"] == MAX_BREAKDOWN_ATTRIBUTES
    achievement = SCHEMAS["CreateAchievementRequestItem"]["properties"]
    assert achievement["metricValue"]["maximum"] == MAX_METRIC_VALUE


def test_a_bulk_request_over_the_documented_max_items_is_refused(admin):
    over = SCHEMAS["CreateMetricsRequest"]["maxItems"] + 1
    items = [{"name": f"M{i}", "key": f"m-{i}"} for i in range(over)]
    response = admin("POST", "/metrics", json=items)
    assert response.status_code == 422
    assert response.get_json() == {
        "error": f"The body must be a JSON array of 1 to {over - 1} metrics"
    }
    assert_matches_document(DOCUMENT, response.get_json(), "admin_metrics_create", "422")


# --- Trophy's shapes, where Trophy has the path ------------------------------------------


def resolve(document: dict, node: dict) -> dict:
    while "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    if "allOf" in node:  # Trophy's CreatedAdminPointsSystem: a system plus optional arrays
        merged = {"type": "object", "properties": {}, "required": []}
        for part in (resolve(document, p) for p in node["allOf"]):
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        return merged
    return node


def types(document: dict, node: dict) -> set[str]:
    node = resolve(document, node)
    if "oneOf" in node:
        return set().union(*(types(document, branch) for branch in node["oneOf"]))
    found = node.get("type", [])
    return {found} if isinstance(found, str) else set(found)


def compare(ours: dict, theirs: dict, where: str, answer: bool) -> list[str]:
    """How StudyXP's schema disagrees with Trophy's: for an answer, it must send every field
    Trophy requires, in one of Trophy's types (an integer is a number); for a request, it
    must require the same fields and share a type with Trophy on each."""
    mine, trophy = resolve(DOCUMENT, ours), resolve(TROPHY, theirs)
    problems = []
    my_types, trophy_types = types(DOCUMENT, mine), types(TROPHY, trophy)
    if answer:
        loose = my_types - trophy_types
        if "number" in trophy_types:
            loose.discard("integer")
        if trophy_types and loose:
            problems.append(f"{where}: {sorted(my_types)} where Trophy has {sorted(trophy_types)}")
    elif trophy_types and my_types and not my_types & trophy_types:
        problems.append(f"{where}: {sorted(my_types)} where Trophy has {sorted(trophy_types)}")
    if "array" in my_types and "items" in mine and "items" in trophy:
        problems += compare(mine["items"], trophy["items"], f"{where}[]", answer)
    if "properties" in mine and "properties" in trophy:
        required, trophy_required = set(mine.get("required", [])), set(trophy.get("required", []))
        if answer and not trophy_required <= required:
            problems.append(f"{where}: does not require {sorted(trophy_required - required)}")
        if not answer and required != trophy_required:
            problems.append(
                f"{where}: requires {sorted(required)}, Trophy {sorted(trophy_required)}"
            )
        for name in mine["properties"].keys() & trophy["properties"].keys():
            problems += compare(
                mine["properties"][name], trophy["properties"][name], f"{where}.{name}", answer
            )
    return problems


TROPHY_OPERATIONS = [
    (path, method, op)
    for path, item in TROPHY["paths"].items()
    for method, op in item.items()
    if method in METHODS and (template(path), method) in operations(DOCUMENT)
]


def test_studyxp_documents_every_trophy_path_it_routes():
    # Trophy's paths StudyXP does not document are the ones it does not route (the URL-map
    # test) or leaves out on purpose.
    documented = {(template(path), method) for path, method, _ in TROPHY_OPERATIONS}
    assert ("/metrics", "post") in documented and ("/points/{}/boosts", "patch") in documented
    assert not any(path.startswith(NOT_STUDYXP) for path, _ in operations(DOCUMENT))


@pytest.mark.parametrize(
    ("path", "method", "trophy_op"),
    TROPHY_OPERATIONS,
    ids=[f"{method.upper()} {path}" for path, method, _ in TROPHY_OPERATIONS],
)
def test_schemas_agree_with_trophy_on_required_fields_and_types(path, method, trophy_op):
    ours = next(
        op
        for our_path, item in DOCUMENT["paths"].items()
        for our_method, op in item.items()
        if (template(our_path), our_method) == (template(path), method)
    )
    problems = []
    trophy_body = trophy_op.get("requestBody", {}).get("content", {}).get("application/json")
    if trophy_body:
        our_body = ours["requestBody"]["content"]["application/json"]
        problems += compare(our_body["schema"], trophy_body["schema"], "request", answer=False)
    for status, response in ours["responses"].items():
        theirs = trophy_op["responses"].get(status, {}).get("content", {})
        if status.startswith("2") and "application/json" in theirs:
            schema = response["content"]["application/json"]["schema"]
            problems += compare(
                schema, theirs["application/json"]["schema"], f"{status} answer", answer=True
            )
    assert problems == []


# --- live answers satisfy the document ---------------------------------------------------


def test_live_metric_and_points_answers_satisfy_the_document(admin):
    created = admin("POST", "/metrics", json=[{"name": "Quizzes", "key": "quizzes"}, {"key": 1}])
    assert created.status_code == 201
    body = created.get_json()
    assert [issue["index"] for issue in body["issues"]] == [1]
    assert_matches_document(DOCUMENT, body, "admin_metrics_create", "201")
    metric_id = body["created"][0]["id"]
    listed = admin("GET", "/metrics", query_string={"limit": 5})
    assert_matches_document(DOCUMENT, listed.get_json(), "admin_metrics_list", "200")

    system = admin("POST", "/points", json=[{"name": "XP", "key": "xp", "maxPoints": None}])
    system_id = system.get_json()["created"][0]["id"]
    assert_matches_document(DOCUMENT, system.get_json(), "admin_points_systems_create", "201")
    trigger = admin(
        "POST",
        f"/points/{system_id}/triggers",
        json=[{"type": "metric", "points": 10, "metricId": metric_id, "metricThreshold": 5}],
    )
    assert trigger.status_code == 201
    assert_matches_document(DOCUMENT, trigger.get_json(), "admin_points_triggers_create", "201")
    trigger_id = trigger.get_json()["created"][0]["id"]
    one = admin("GET", f"/points/{system_id}/triggers/{trigger_id}")
    assert one.get_json()["metricThreshold"] == 5
    assert_matches_document(DOCUMENT, one.get_json(), "admin_points_triggers_get", "200")

    deleted = admin("DELETE", "/metrics", query_string={"ids": [metric_id, "nope"]})
    assert deleted.get_json()["deleted"] == [{"id": metric_id}]
    assert_matches_document(DOCUMENT, deleted.get_json(), "admin_metrics_delete", "200")


def test_live_events_batch_and_errors_satisfy_the_document(admin, client):
    admin("POST", "/metrics", json=[{"name": "Flips", "key": "flips"}])
    batch = admin(
        "POST",
        "/metrics/events",
        json=[
            {"key": "flips", "user": {"id": "ada"}, "value": 3},
            {"key": "flips", "user": {"id": "ada"}, "value": "three"},
        ],
    )
    assert batch.status_code == 202
    assert batch.get_json()["accepted"] == 1
    assert_matches_document(DOCUMENT, batch.get_json(), "admin_metrics_batch_events", "202")

    missing = admin("GET", "/points/550e8400-e29b-41d4-a716-446655440999")
    assert missing.status_code == 404
    assert_matches_document(DOCUMENT, missing.get_json(), "admin_points_systems_get", "404")
    no_key = client.get("/admin/v1/metrics")
    assert no_key.status_code == 401
    assert_matches_document(DOCUMENT, no_key.get_json(), "admin_metrics_list", "401")


def test_the_trophy_comparison_catches_a_missing_field_and_a_wrong_type():
    trophy = {"$ref": "#/components/schemas/DeletedResource"}  # {id: string}, id required
    agrees = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
    assert compare(agrees, trophy, "answer", answer=True) == []
    assert compare({**agrees, "required": []}, trophy, "answer", answer=True) == [
        "answer: does not require ['id']"
    ]
    wrong = {**agrees, "properties": {"id": {"type": "integer"}}}
    assert compare(wrong, trophy, "answer", answer=True) == [
        "answer.id: ['integer'] where Trophy has ['string']"
    ]


def test_live_streak_settings_attribute_and_environment_answers_satisfy_the_document(admin):
    settings = admin("GET", "/streaks/settings")
    assert settings.status_code == 200
    assert_matches_document(DOCUMENT, settings.get_json(), "admin_streaks_settings_get", "200")
    attribute = admin("POST", "/attributes", json=[{"name": "Plan", "key": "plan", "type": "user"}])
    assert attribute.status_code == 201
    assert attribute.get_json()["created"][0]["key"] == "plan"
    assert_matches_document(DOCUMENT, attribute.get_json(), "admin_attributes_create", "201")
    environments = admin("GET", "/environments")
    assert_matches_document(DOCUMENT, environments.get_json(), "admin_environments_list", "200")
    answer = admin("GET", "/settings")
    assert_matches_document(DOCUMENT, answer.get_json(), "admin_settings_get", "200")
    wrong = admin("POST", "/streaks/freezes", json=[])
    assert wrong.status_code == 400
    assert_matches_document(DOCUMENT, wrong.get_json(), "admin_streaks_freezes_create", "400")
