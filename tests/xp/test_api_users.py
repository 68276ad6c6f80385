"""POST /users, GET, PUT and PATCH /users/{id}, and attributes on events, over HTTP."""

from urllib.parse import quote

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.metrics import MetricEvent
from app.xp.models.users import XpUser
from tests.xp.contract import assert_matches
from tests.xp.test_api import EVENT_URL, NOTHING_STORED, assert_error, stored_rows

USERS_URL = "/api/v1/users"


class UsersApi:
    """Calls to /api/v1/users with the test API key."""

    def __init__(self, client, key: str):
        self.client = client
        self.headers = {"X-API-KEY": key}

    def url(self, user_id: str) -> str:
        return f"{USERS_URL}/{quote(user_id, safe='/')}"

    def create(self, body):
        return self.client.post(USERS_URL, json=body, headers=self.headers)

    def get(self, user_id: str):
        return self.client.get(self.url(user_id), headers=self.headers)

    def identify(self, user_id: str, body):
        return self.client.put(self.url(user_id), json=body, headers=self.headers)

    def update(self, user_id: str, body):
        return self.client.patch(self.url(user_id), json=body, headers=self.headers)

    def raw(self, method: str, url: str, data: bytes):
        return self.client.open(
            url, method=method, data=data, content_type="application/json", headers=self.headers
        )

    def event(self, body):
        return self.client.post(EVENT_URL, json=body, headers=self.headers)


@pytest.fixture
def api(client, seeded, api_key):
    return UsersApi(client, api_key)


def stored_user(app, external_id: str) -> XpUser | None:
    with app.app_context():
        return db.session.scalar(select(XpUser).where(XpUser.external_id == external_id))


ANA = {
    "id": "ana",
    "email": "ana@example.com",
    "name": "Ana",
    "tz": "Europe/London",
    "subscribeToEmails": True,
    "attributes": {"department": "engineering", "role": "developer"},
}


# --- POST /users --------------------------------------------------------------------------


def test_post_creates_a_user_and_answers_201_with_trophys_user(api, app):
    response = api.create(ANA)

    assert response.status_code == 201
    body = response.get_json()
    assert_matches(body, "User")
    assert {k: body[k] for k in ANA} == ANA
    assert body["control"] is False
    assert body["created"] == body["updated"]
    assert stored_user(app, "ana").attributes == ANA["attributes"]


def test_post_with_a_taken_id_is_422_and_changes_nothing(api, app):
    api.create({"id": "ana", "name": "Ana"})

    response = api.create({"id": "ana", "name": "Impostor"})

    assert_error(response, 422, "User 'ana' already exists")
    assert stored_user(app, "ana").name == "Ana"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"", 400, "The body must be a JSON object"),
        (b"[]", 400, "The body must be a JSON object"),
        (b'{"email": "ana@example.com"}', 400, "'id' is required"),
        (b'{"id": 18}', 400, "'id' is required and must be a non-empty string"),
        (b'{"id": "ana", "attributes": []}', 400, "'attributes' must be an object"),
        (b'{"id": "ana", "attributes": {"a": 1}}', 400, "'attributes.a' must be a string"),
        (b'{"id": "ana", "subscribeToEmails": "true"}', 400, "'subscribeToEmails' must be true"),
        (b'{"id": "ana", "tz": "Nowhere/City"}', 400, "Unknown time zone 'Nowhere/City'"),
        (b'{"id": "ana", "email": "ana.example.com"}', 422, "'email' is not a valid email"),
        (b'{"id": "ana", "attributes": {"a": "' + b"v" * 1001 + b'"}}', 422, "at most 1000"),
    ],
)
def test_post_with_a_bad_body_is_refused_and_stores_nothing(api, app, body, status, message):
    assert_error(api.raw("POST", USERS_URL, body), status, message)
    assert stored_rows(app) == NOTHING_STORED


# --- GET /users/{id} ----------------------------------------------------------------------


def test_get_answers_the_stored_user(api):
    created = api.create(ANA).get_json()

    response = api.get("ana")

    assert response.status_code == 200
    assert_matches(response.get_json(), "User")
    assert response.get_json() == created


def test_get_of_an_unknown_user_is_404(api):
    assert_error(api.get("nobody"), 404, "User 'nobody' not found")


def test_user_ids_keep_their_slashes(api):
    assert api.identify("team/ana", {"name": "Ana"}).status_code == 200

    response = api.get("team/ana")

    assert response.status_code == 200
    assert (response.get_json()["id"], response.get_json()["name"]) == ("team/ana", "Ana")


# --- PUT /users/{id} (identify) -----------------------------------------------------------


def test_put_creates_an_unknown_user_with_200(api, app):
    response = api.identify("bo", {"email": "bo@example.com", "attributes": {"plan": "free"}})

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "User")
    assert (body["id"], body["email"], body["subscribeToEmails"]) == ("bo", "bo@example.com", True)
    assert stored_user(app, "bo").attributes == {"plan": "free"}


def test_put_updates_the_given_fields_and_merges_attributes(api):
    api.create(ANA)

    response = api.identify("ana", {"tz": "Asia/Tokyo", "attributes": {"role": "lead"}})

    assert response.status_code == 200
    body = response.get_json()
    assert (body["email"], body["name"], body["tz"]) == ("ana@example.com", "Ana", "Asia/Tokyo")
    assert body["attributes"] == {"department": "engineering", "role": "lead"}


# --- PATCH /users/{id} (update) -----------------------------------------------------------


def test_patch_updates_an_existing_user(api, app):
    api.create(ANA)

    response = api.update("ana", {"name": "Ana B.", "subscribeToEmails": False})

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "User")
    assert (body["name"], body["subscribeToEmails"], body["email"]) == (
        "Ana B.",
        False,
        "ana@example.com",
    )
    assert stored_user(app, "ana").subscribe_to_emails is False


def test_patch_of_an_unknown_user_is_404_and_creates_nothing(api, app):
    assert_error(api.update("nobody", {"name": "No One"}), 404, "User 'nobody' not found")
    assert stored_rows(app) == NOTHING_STORED


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_put_and_patch_refuse_a_body_id_other_than_the_urls(api, app, method):
    api.create({"id": "ana", "name": "Ana"})

    response = api.raw(method, api.url("ana"), b'{"id": "bo", "name": "Bo"}')

    assert_error(response, 422, "'id' in the body must match the user id in the URL")
    assert stored_user(app, "ana").name == "Ana"
    assert stored_user(app, "bo") is None


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"not json", 400, "The body must be a JSON object"),
        (b'{"email": "@"}', 422, "'email' is not a valid email"),
        (b'{"name": "' + b"n" * 201 + b'"}', 422, "'name' must be at most 200 characters"),
        (b'{"attributes": {"": "x"}}', 422, "names must be 1 to 100 characters"),
    ],
)
def test_put_and_patch_with_a_bad_body_change_nothing(api, app, method, body, status, message):
    api.create({"id": "ana", "name": "Ana"})

    assert_error(api.raw(method, api.url("ana"), body), status, message)
    user = stored_user(app, "ana")
    assert (user.email, user.name, user.attributes) == (None, "Ana", {})


def test_delete_is_not_a_method_of_a_user(api):
    response = api.client.delete(api.url("ana"), headers=api.headers)
    assert_error(response, 405)
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "PUT", "PATCH"}


# --- attributes on events -----------------------------------------------------------------


def test_event_attributes_and_user_fields_in_an_event_body_are_stored(api, app):
    response = api.event(
        {
            "user": {"id": "ana", "subscribeToEmails": False, "attributes": {"plan": "pro"}},
            "value": 1,
            "attributes": {"deck": "capitals"},
        }
    )

    assert response.status_code == 201
    assert_matches(response.get_json(), "EventResponse")
    with app.app_context():
        assert db.session.scalars(select(MetricEvent.attributes)).all() == [{"deck": "capitals"}]
    user = api.get("ana").get_json()
    assert (user["subscribeToEmails"], user["attributes"]) == (False, {"plan": "pro"})


@pytest.mark.parametrize(
    ("attributes", "status", "message"),
    [
        ("deck", 400, "'attributes' must be an object"),
        ({"deck": ["a"]}, 400, "'attributes.deck' must be a string"),
        ({f"a{i}": "x" for i in range(51)}, 422, "'attributes' must have at most 50 names"),
        ({"n" * 101: "x"}, 422, "'attributes' names must be 1 to 100 characters"),
    ],
)
def test_an_event_with_bad_attributes_stores_nothing(api, app, attributes, status, message):
    response = api.event({"user": {"id": "ana"}, "value": 5, "attributes": attributes})

    assert_error(response, status, message)
    assert stored_rows(app) == NOTHING_STORED


def test_an_event_with_null_attributes_is_an_event_without_attributes(api, app):
    response = api.event({"user": {"id": "ana"}, "value": 1, "attributes": None})

    assert response.status_code == 201
    with app.app_context():
        assert db.session.scalars(select(MetricEvent.attributes)).all() == [{}]
