"""Contract: /admin/v1/metrics answers, raw, match Trophy's Admin API schemas
(tests/xp/trophy-admin-api.openapi.json): every success shape, with and without issues, and
every error as AdminErrorBody. The requests sent are Trophy's own request shapes."""

import pytest

from tests.xp.admin_support import UNKNOWN
from tests.xp.contract import assert_matches_admin

# Left out of the calendar sweep (.ci/run): metrics read no date.
pytestmark = pytest.mark.calendar_free

URL = "/admin/v1/metrics"


def test_every_metrics_answer_matches_trophys_admin_schemas(client, admin_key, api_key):
    headers = {"X-API-KEY": admin_key}

    def call(method, url=URL, **kwargs):
        return client.open(url, method=method, headers=headers, **kwargs)

    create_body = [
        {"name": "Invites Sent", "key": "invites-sent"},
        {"name": "Minutes", "key": "minutes", "unitType": "number", "units": "min"},
        {"name": "Revenue", "key": "revenue", "unitType": "currency", "units": "USD"},
    ]
    # CreateMetricsRequest is not checked: its key pattern ^[a-zA-Z\d-_]+$ is an ECMAScript
    # regular expression that Python's re refuses ("bad character range").
    created = call("POST", json=create_body)
    assert created.status_code == 201
    assert_matches_admin(created.get_json(), "CreateMetricsResponse")
    assert len(created.get_json()["issues"]) == 1
    first, second = (item["id"] for item in created.get_json()["created"])

    none_created = call("POST", json=[{"name": "Again", "key": "invites-sent"}])
    assert none_created.status_code == 200
    assert_matches_admin(none_created.get_json(), "CreateMetricsResponse")

    listed = call("GET", query_string={"limit": 10, "skip": 0})
    assert_matches_admin(listed.get_json(), "ListMetricsResponse")
    assert len(listed.get_json()) == 2
    assert_matches_admin(call("GET", f"{URL}/{first}").get_json(), "CreatedMetric")

    update_body = [{"id": first, "name": "Invites Completed", "units": "invites"}, {"id": UNKNOWN}]
    assert_matches_admin(update_body, "UpdateMetricsRequest")
    updated = call("PATCH", json=update_body)
    assert_matches_admin(updated.get_json(), "UpdateMetricsResponse")
    assert (len(updated.get_json()["updated"]), len(updated.get_json()["issues"])) == (1, 1)

    deleted = call("DELETE", query_string=[("ids", second), ("ids", "not-a-uuid")])
    assert_matches_admin(deleted.get_json(), "DeleteMetricsResponse")
    assert (len(deleted.get_json()["deleted"]), len(deleted.get_json()["issues"])) == (1, 1)

    errors = [
        call("GET", f"{URL}/{UNKNOWN}"),
        call("GET", f"{URL}/42"),
        call("GET", query_string={"limit": 0}),
        call("POST", json=[]),
        call("DELETE"),
        client.get(URL),
        client.get(URL, headers={"X-API-KEY": api_key}),
    ]
    assert [e.status_code for e in errors] == [404, 422, 422, 422, 422, 401, 403]
    for error in errors:
        assert_matches_admin(error.get_json(), "AdminErrorBody")
