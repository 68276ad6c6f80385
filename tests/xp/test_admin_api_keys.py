"""Admin API keys: their own kind of key. An admin key calls /admin/v1 only and an
application key /api/v1 only (403 naming the other kind); both share the X-API-KEY header,
the 401 answers and the per-key rate limit."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.ratelimit import API_KEY, Rate
from app.xp.admin.api_keys import create_api_key, revoke_api_key
from app.xp.errors import Unprocessable
from app.xp.models.api_keys import ApiKey
from tests.test_ratelimit import START

# Left out of the calendar sweep (.ci/run): keys and their checks read no date.
pytestmark = pytest.mark.calendar_free

METRICS_URL = "/admin/v1/metrics"
POINTS_URL = "/api/v1/points/xp"
ADMIN_KEY_ON_API = (
    "This is an admin API key: it calls /admin/v1 only. Call /api/v1 with an application API key."
)
APPLICATION_KEY_ON_ADMIN = (
    "This is an application API key: it calls /api/v1 only. Call /admin/v1 with an admin API "
    "key (flask --app app xp create-api-key NAME --admin)."
)


def test_keys_are_application_keys_unless_made_admin(app):
    with app.app_context():
        application, _ = create_api_key("app")
        admin, _ = create_api_key("ops", "admin")
        assert (application.kind, admin.kind) == ("application", "admin")


def test_a_key_of_another_kind_is_refused(app):
    with app.app_context(), pytest.raises(Unprocessable) as refused:
        create_api_key("ops", "superuser")
        assert db.session.scalar(select(ApiKey)) is None
    assert refused.value.message == "An API key is an application key or an admin key"


def test_an_admin_key_calls_the_admin_api(client, admin_key):
    response = client.get(METRICS_URL, headers={"X-API-KEY": admin_key})
    assert (response.status_code, response.get_json()) == (200, [])


def test_an_application_key_gets_403_from_the_admin_api(client, api_key):
    for method in ("GET", "POST", "PATCH", "DELETE"):
        response = client.open(METRICS_URL, method=method, headers={"X-API-KEY": api_key})
        assert response.status_code == 403, method
        assert response.get_json() == {"error": APPLICATION_KEY_ON_ADMIN}


def test_an_admin_key_gets_403_from_the_application_api(seeded, client, admin_key):
    response = client.get(POINTS_URL, headers={"X-API-KEY": admin_key})
    assert response.status_code == 403
    assert response.get_json() == {"error": ADMIN_KEY_ON_API}


def test_the_admin_api_wants_a_live_key_in_x_api_key(app, client, admin_key):
    missing = client.get(METRICS_URL)
    wrong = client.get(METRICS_URL, headers={"X-API-KEY": "sxp_wrong"})
    with app.app_context():
        revoke_api_key("admin tests")
    revoked = client.get(METRICS_URL, headers={"X-API-KEY": admin_key})

    assert (missing.status_code, missing.get_json()) == (
        401,
        {"error": "Missing API key: send it in the X-API-KEY header"},
    )
    for response in (wrong, revoked):
        assert (response.status_code, response.get_json()) == (
            401,
            {"error": "Invalid or revoked API key"},
        )


def test_an_unknown_admin_path_answers_json_404(client, admin_key):
    response = client.get("/admin/v1/tenants", headers={"X-API-KEY": admin_key})
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.get_json()["error"].startswith("The requested URL was not found")


def test_admin_keys_have_the_same_rate_limit_per_key(app, client, admin_key, clock):
    clock.set(START)
    app.extensions["rate_limits"].rates[API_KEY] = Rate.parse("2/minute")
    headers = {"X-API-KEY": admin_key}

    statuses = [client.get(METRICS_URL, headers=headers).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    last = client.get(METRICS_URL, headers=headers)
    assert last.get_json() == {
        "error": "Rate limit exceeded: 2 requests per minute per API key. Retry after 60 seconds."
    }
    assert last.headers["X-RateLimit-Limit"] == "2"


def test_the_admin_api_takes_no_body_over_the_api_limit(app, client, admin_key):
    limit = app.config["API_MAX_CONTENT_LENGTH"]
    body = "[" + " " * limit + "]"

    response = client.post(
        METRICS_URL, data=body, content_type="application/json", headers={"X-API-KEY": admin_key}
    )

    assert response.status_code == 413
    assert response.get_json() == {"error": f"The request body must be at most {limit} bytes"}
