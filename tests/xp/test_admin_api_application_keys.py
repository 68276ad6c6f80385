"""/admin/v1/application-api-keys: Trophy's user-scoped application keys. Made for a known
user, shown once, stored as a digest; on /api/v1 such a key acts for its user only
(api/auth.py out_of_scope: 403 otherwise), reads what every learner may read, and stops at
once when deleted. StudyXP's own application keys still act for every user."""

import pytest
from sqlalchemy import select
from trophy.core.api_error import ApiError
from trophy.errors import UnauthorizedError

from app.extensions import db
from app.xp.admin.api_keys import create_api_key
from app.xp.models.api_keys import ApiKey, digest
from app.xp.models.users import XpUser
from tests.support.databases import close_app
from tests.support.learners import log_in
from tests.support.operators import OPERATOR_EMAIL, make_dashboard_app
from tests.xp.admin_support import UNKNOWN, admin_sdk, admin_service
from tests.xp.contract import assert_matches_admin

# Left out of the calendar sweep (.ci/run): keys and their checks read no date.
pytestmark = pytest.mark.calendar_free

URL = "/admin/v1/application-api-keys"
EVENT_URL = "/api/v1/metrics/flashcards-flipped/event"
ANA_ONLY = "This application API key acts for user 'ana' only"


@pytest.fixture
def admin(client, admin_key):
    def call(method, url=URL, **kwargs):
        return client.open(url, method=method, headers={"X-API-KEY": admin_key}, **kwargs)

    return call


@pytest.fixture
def users(seeded, client, api_key):
    """ana and bob, made through /api/v1 with StudyXP's own (unscoped) application key."""
    for user in ("ana", "bob"):
        made = client.post("/api/v1/users", json={"id": user}, headers={"X-API-KEY": api_key})
        assert made.status_code == 201


@pytest.fixture
def ana_key(users, admin):
    """The secret of a key made for ana."""
    return admin("POST", json=[{"userId": "ana"}]).get_json()["created"][0]["key"]


def test_create_makes_a_key_per_known_user_shown_once_and_stored_hashed(app, users, admin):
    response = admin("POST", json=[{"userId": "ana"}, {"userId": "nobody"}, {}, {"userId": 5}])

    body = response.get_json()
    assert response.status_code == 201
    [created] = body["created"]
    assert created["userId"] == "ana"
    assert created["key"].startswith("sxp_") and len(created["key"]) == 47
    assert created["prefix"] == created["key"][:10]
    assert body["issues"] == [
        {
            "index": 1,
            "userId": "nobody",
            "severity": "error",
            "message": "User not found by ID: a key is made for a user StudyXP already knows",
        },
        {
            "index": 2,
            "severity": "error",
            "message": "userId is required, as a string of 1 to 255 characters",
        },
        {
            "index": 3,
            "severity": "error",
            "message": "userId is required, as a string of 1 to 255 characters",
        },
    ]
    assert_matches_admin(body, "CreateApplicationKeysResponse")
    with app.app_context():
        key = db.session.scalar(select(ApiKey).where(ApiKey.uuid == created["id"]))
        assert (key.kind, key.user.external_id, key.name) == (
            "application",
            "ana",
            f"User key {created['id']}",
        )
        assert key.key_hash == digest(created["key"])


def test_a_create_for_unknown_users_only_answers_200(users, admin):
    response = admin("POST", json=[{"userId": "nobody"}])

    assert (response.status_code, response.get_json()["created"]) == (200, [])


def test_a_scoped_key_records_events_for_its_user_only(client, ana_key):
    headers = {"X-API-KEY": ana_key}

    own = client.post(EVENT_URL, json={"user": {"id": "ana"}, "value": 1}, headers=headers)
    other = client.post(EVENT_URL, json={"user": {"id": "bob"}, "value": 1}, headers=headers)
    # The routes read a body whatever its Content-Type; so does the scope check.
    disguised = client.post(
        EVENT_URL,
        data='{"user": {"id": "bob"}, "value": 1}',
        content_type="text/plain",
        headers=headers,
    )
    malformed = client.post(EVENT_URL, json={"user": "ana", "value": 1}, headers=headers)

    assert (own.status_code, own.get_json()["total"]) == (201, 1.0)
    for refused in (other, disguised):
        assert (refused.status_code, refused.get_json()) == (403, {"error": ANA_ONLY})
    assert (malformed.status_code, malformed.get_json()) == (
        400,
        {"error": "'user' must be an object with at least an 'id'"},
    )


def test_a_scoped_key_reads_its_users_points_only(client, ana_key):
    headers = {"X-API-KEY": ana_key}

    own = client.get("/api/v1/users/ana/points/xp", headers=headers)
    other = client.get("/api/v1/users/bob/points/xp", headers=headers)

    assert (own.status_code, own.get_json()["total"]) == (200, 0)
    assert (other.status_code, other.get_json()) == (403, {"error": ANA_ONLY})


@pytest.mark.parametrize(
    ("method", "url", "body", "status"),
    [
        ("GET", "/api/v1/leaderboards", None, 200),
        ("GET", "/api/v1/points/xp", None, 200),
        ("GET", "/api/v1/achievements", None, 200),
        ("GET", "/api/v1/streaks?userIds=ana,ana", None, 200),
        ("GET", "/api/v1/streaks?userIds=ana&userIds=bob", None, 403),
        ("GET", "/api/v1/streaks", None, 422),
        ("PATCH", "/api/v1/users/ana", {"name": "Ana"}, 200),
        ("PATCH", "/api/v1/users/bob", {"name": "Bob"}, 403),
        ("POST", "/api/v1/users", {"id": "carl"}, 403),
        ("POST", "/api/v1/achievements/none/complete", {"user": {"id": "bob"}}, 403),
    ],
)
def test_a_scoped_key_reads_shared_data_and_acts_for_no_one_else(
    client, ana_key, method, url, body, status
):
    response = client.open(url, method=method, json=body, headers={"X-API-KEY": ana_key})

    assert response.status_code == status, response.get_json()
    if status == 403:
        assert response.get_json() == {"error": ANA_ONLY}


def test_studyxps_own_application_keys_still_act_for_every_user(client, users, api_key):
    for user in ("ana", "bob"):
        response = client.post(
            EVENT_URL, json={"user": {"id": user}, "value": 1}, headers={"X-API-KEY": api_key}
        )
        assert response.status_code == 201


def test_delete_revokes_a_scoped_key_at_once(app, client, admin, ana_key, api_key):
    created_id = admin("POST", json=[{"userId": "bob"}]).get_json()["created"][0]["id"]
    with app.app_context():
        ana_id = db.session.scalar(select(ApiKey.uuid).where(ApiKey.name.like("User key %")))

    response = admin("DELETE", query_string=[("ids", f"{ana_id},not-a-uuid"), ("ids", UNKNOWN)])
    again = admin("DELETE", query_string={"ids": ana_id})
    revoked = client.get("/api/v1/users/ana/points/xp", headers={"X-API-KEY": ana_key})

    assert response.get_json() == {
        "deleted": [{"id": ana_id}],
        "issues": [
            {"id": "not-a-uuid", "severity": "error", "message": "id must be a valid UUID"},
            {"id": UNKNOWN, "severity": "error", "message": "Application API key not found by ID"},
        ],
    }
    assert_matches_admin(response.get_json(), "DeleteApplicationKeysResponse")
    assert again.get_json()["issues"][0]["message"] == "Application API key not found by ID"
    assert (revoked.status_code, revoked.get_json()) == (
        401,
        {"error": "Invalid or revoked API key"},
    )
    assert created_id != ana_id
    # StudyXP's own key is no user-scoped key: it keeps working.
    ok = client.get("/api/v1/users/ana/points/xp", headers={"X-API-KEY": api_key})
    assert ok.status_code == 200


def test_an_admin_key_is_still_refused_on_the_application_api(client, users, admin_key):
    response = client.get("/api/v1/users/ana/points/xp", headers={"X-API-KEY": admin_key})

    assert response.status_code == 403
    assert response.get_json()["error"].startswith("This is an admin API key")


def test_whole_request_errors_answer_admin_error_bodies(admin, client, ana_key):
    errors = [
        admin("POST", json={"userId": "ana"}),
        admin("POST", json=[{"userId": "ana"}] * 101),
        admin("DELETE"),
        client.post(URL, json=[{"userId": "ana"}]),
        client.post(URL, json=[{"userId": "ana"}], headers={"X-API-KEY": ana_key}),
    ]

    assert [e.status_code for e in errors] == [422, 422, 422, 401, 403]
    for error in errors:
        assert_matches_admin(error.get_json(), "AdminErrorBody")


def test_the_dashboard_lists_a_scoped_keys_user(database_url, tmp_path, template_cache):
    app = make_dashboard_app(
        database_url, tmp_path / "i", csrf=False, template_cache=template_cache
    )
    try:
        client = app.test_client()
        with app.app_context():
            ana = XpUser(external_id="ana")
            db.session.add(ana)
            db.session.commit()
            create_api_key(None, user=ana)
        log_in(client, OPERATOR_EMAIL)

        page = client.get("/dashboard/api-keys/").text

        assert 'data-testid="api-key-user">for user ana only</span>' in page
    finally:
        close_app(app)


@pytest.fixture
def service(database_url):
    with admin_service(database_url) as service:
        yield service


def test_the_sdk_makes_a_key_that_acts_for_its_user_and_deletes_it(service):
    sdk = admin_sdk(service, service.api_key)
    sdk.users.create(id="ana")
    keys = admin_sdk(service, service.admin_key).admin.application_api_keys

    made = keys.create(request=[{"userId": "ana"}])
    [key] = made.created
    as_ana = admin_sdk(service, key.key)

    assert (key.user_id, key.prefix, made.issues) == ("ana", key.key[:10], [])
    assert as_ana.metrics.event("flashcards-flipped", user={"id": "ana"}, value=5).total == 5
    with pytest.raises(ApiError) as other:
        as_ana.metrics.event("flashcards-flipped", user={"id": "bob"}, value=1)
    assert (other.value.status_code, other.value.body) == (403, {"error": ANA_ONLY})

    deleted = keys.delete(ids=[key.id])
    assert [d.id for d in deleted.deleted] == [key.id]
    with pytest.raises(UnauthorizedError):
        as_ana.users.points("ana", "xp")
