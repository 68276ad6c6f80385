"""Contract: /admin/v1/points and /admin/v1/points/{systemId}/levels answers, raw, match
Trophy's Admin API schemas (tests/xp/trophy-admin-api.openapi.json): every success shape, with
and without issues, and every error as AdminErrorBody. The requests sent are Trophy's own
request shapes."""

import pytest

from tests.xp.admin_support import UNKNOWN
from tests.xp.contract import assert_matches_admin

# Left out of the calendar sweep (.ci/run): points systems and levels read no date.
pytestmark = pytest.mark.calendar_free

URL = "/admin/v1/points"


def test_every_points_system_and_level_answer_matches_trophys_admin_schemas(
    client, admin_key, api_key
):
    headers = {"X-API-KEY": admin_key}

    def call(method, url=URL, **kwargs):
        return client.open(url, method=method, headers=headers, **kwargs)

    # The create requests are not checked: their key pattern ^[a-zA-Z\d-_]+$ is an ECMAScript
    # regular expression that Python's re refuses ("bad character range").
    created = call(
        "POST",
        json=[
            {"name": "XP", "key": "xp", "badge": {"url": "https://example.com/xp.png"}},
            {"name": "Gems", "key": "gems", "description": "Shiny", "maxPoints": 10},
            {"name": "Bad", "key": "Bad_Key"},
        ],
    )
    xp, gems = (item["id"] for item in created.get_json()["created"])
    levels_url = f"{URL}/{xp}/levels"
    new_level = call(
        "POST",
        levels_url,
        json=[
            {"name": "Bronze", "key": "bronze", "points": 0, "badge": {"url": "https://x.io/b"}},
            {"name": "Silver", "key": "silver", "points": 100, "description": "Halfway"},
            {"name": "Tin", "key": "tin", "points": 0},
        ],
    )
    bronze, silver = (item["id"] for item in new_level.get_json()["created"])
    system_update = [{"id": gems, "name": "Gemstones", "badge": None, "maxPoints": None}]
    system_update.append({"id": UNKNOWN})
    level_update = [{"id": silver, "points": 200, "badge": None}, {"id": UNKNOWN}]
    assert_matches_admin(system_update, "UpdatePointsSystemsRequest")
    assert_matches_admin(level_update, "PatchPointsLevelsRequest")

    answers = [
        (created, 201, "CreatePointsSystemsResponse"),
        (call("POST", json=[{"name": "Again", "key": "xp"}]), 200, "CreatePointsSystemsResponse"),
        (call("GET", query_string={"limit": 10, "skip": 0}), 200, "ListPointsSystemsResponse"),
        (call("GET", f"{URL}/{xp}"), 200, "AdminPointsSystem"),
        (call("PATCH", json=system_update), 200, "UpdatePointsSystemsResponse"),
        (new_level, 201, "CreatePointsLevelsResponse"),
        (
            call("POST", levels_url, json=[{"name": "T", "key": "t", "points": 0}]),
            200,
            "CreatePointsLevelsResponse",
        ),
        (call("GET", levels_url, query_string={"limit": 10}), 200, "ListPointsLevelsResponse"),
        (call("GET", f"{levels_url}/{bronze}"), 200, "AdminPointsLevel"),
        (call("PATCH", levels_url, json=level_update), 200, "PatchPointsLevelsResponse"),
        (
            call("PATCH", levels_url, json=[{"id": silver, "name": "Silver II"}]),
            200,
            "PatchPointsLevelsResponse",
        ),
        (
            call("DELETE", levels_url, query_string=[("ids", bronze), ("ids", "nope")]),
            200,
            "DeletePointsLevelsResponse",
        ),
        (
            call("DELETE", query_string=[("ids", gems), ("ids", "nope")]),
            200,
            "DeletePointsSystemsResponse",
        ),
        # Errors, each an AdminErrorBody.
        (call("GET", f"{URL}/{UNKNOWN}"), 404, "AdminErrorBody"),
        (call("GET", f"{URL}/42"), 422, "AdminErrorBody"),
        (call("GET", query_string={"limit": 0}), 422, "AdminErrorBody"),
        (call("POST", json=[]), 422, "AdminErrorBody"),
        (call("DELETE"), 422, "AdminErrorBody"),
        (call("GET", f"{URL}/{gems}/levels"), 404, "AdminErrorBody"),
        (call("GET", f"{levels_url}/{UNKNOWN}"), 404, "AdminErrorBody"),
        (call("PATCH", levels_url, json={}), 422, "AdminErrorBody"),
        (call("DELETE", levels_url), 422, "AdminErrorBody"),
        (client.get(URL), 401, "AdminErrorBody"),
        (client.get(levels_url, headers={"X-API-KEY": api_key}), 403, "AdminErrorBody"),
    ]
    for response, status, schema in answers:
        assert response.status_code == status, (response.request.path, response.get_json())
        assert_matches_admin(response.get_json(), schema)
    # Both kinds of answer were seen: with and without issues.
    bulk = [r.get_json() for r, _, schema in answers if "Response" in schema]
    assert any(b["issues"] for b in bulk if isinstance(b, dict))
    assert any(b["issues"] == [] for b in bulk if isinstance(b, dict))
