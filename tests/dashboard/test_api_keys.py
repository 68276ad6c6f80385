"""The API keys page: create (the secret shown once), list with last use, revoke."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.api_keys import ApiKey
from tests.support.html import field_errors, flashes, table_rows, text_of_testid

WHEN = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC"


def create(client, name="production server", kind="application"):
    return client.post("/dashboard/api-keys/", data={"name": name, "kind": kind})


def api_key_row(client, name: str) -> list[str]:
    rows = [row for row in table_rows(client.get("/dashboard/api-keys/").text, "api-key-row")]
    matching = [row for row in rows if row[0] == name]
    assert len(matching) == 1, rows
    return matching[0]


def key_named(app, name: str) -> ApiKey:
    with app.app_context():
        return db.session.scalar(select(ApiKey).where(ApiKey.name == name))


def call_api(client, secret: str):
    return client.get("/api/v1/points/xp", headers={"X-API-KEY": secret})


def test_created_key_is_shown_once_and_not_cached(app, operator):
    response = create(operator)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = text_of_testid(response.text, "new-api-key")
    assert re.fullmatch(r"sxp_[A-Za-z0-9_-]{43}", secret)
    assert flashes(response.text) == [
        "API key “production server” created. Copy it now: it is not shown again."
    ]
    key = key_named(app, "production server")
    assert secret.startswith(key.prefix)
    assert secret not in key.key_hash


def test_created_key_works_with_the_api(operator, client):
    secret = text_of_testid(create(operator).text, "new-api-key")
    assert call_api(client, secret).status_code == 200


def test_secret_is_not_on_the_page_again(operator):
    secret = text_of_testid(create(operator).text, "new-api-key")

    page = operator.get("/dashboard/api-keys/")

    assert secret not in page.text
    assert 'data-testid="new-api-key"' not in page.text
    assert page.headers["Cache-Control"] == "no-store"


def test_create_form_is_empty_after_a_key_is_made(operator):
    page = create(operator, name="ci").text
    assert re.search(
        r'<input id="name" name="name" placeholder="[^"]*" type="text" value="">', page
    )


def test_key_list_shows_name_prefix_created_and_never_used(app, operator, clock):
    secret = text_of_testid(create(operator).text, "new-api-key")

    row = api_key_row(operator, "production server")
    name, kind, prefix, created, last_used, status, actions = row

    assert (name, kind) == ("production server", "application")
    assert prefix == secret[:10] + "…"
    assert created == clock.now.strftime("%Y-%m-%d %H:%M UTC")
    assert (last_used, status, actions) == ("never", "active", "Revoke")


def test_key_list_shows_when_a_key_was_last_used(app, operator, client, clock):
    secret = text_of_testid(create(operator).text, "new-api-key")
    used = clock.shift(minutes=5)

    call_api(client, secret)

    last_used = api_key_row(operator, "production server")[4]
    assert re.fullmatch(WHEN, last_used)
    assert last_used == used.strftime("%Y-%m-%d %H:%M UTC")
    assert key_named(app, "production server").last_used is not None


def test_a_failed_call_does_not_count_as_use(app, operator, client):
    create(operator)
    call_api(client, "sxp_wrong")
    assert api_key_row(operator, "production server")[4] == "never"


def test_duplicate_active_key_name_is_refused(app, operator):
    create(operator)

    response = create(operator, name="  production server ")

    assert response.status_code == 200
    assert field_errors(response.text, "name") == [
        "An active API key named 'production server' already exists"
    ]
    assert 'data-testid="new-api-key"' not in response.text
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ApiKey)) == 1


@pytest.mark.parametrize("name", ["", "   ", "n" * 101])
def test_key_name_must_be_1_to_100_characters(app, operator, name):
    response = create(operator, name=name)

    assert field_errors(response.text, "name") == ["An API key name must be 1 to 100 characters"]
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ApiKey)) == 0


def revoke(client, app, name="production server"):
    return client.post(f"/dashboard/api-keys/{key_named(app, name).id}/revoke")


def test_revoked_key_gets_401_from_the_api(app, operator, client):
    secret = text_of_testid(create(operator).text, "new-api-key")
    assert call_api(client, secret).status_code == 200

    response = revoke(operator, app)

    assert response.headers["Location"] == "/dashboard/api-keys/"
    answer = call_api(client, secret)
    assert answer.status_code == 401
    assert answer.json == {"error": "Invalid or revoked API key"}


def test_revoked_key_is_listed_as_revoked_without_a_button(app, operator):
    create(operator)
    revoke(operator, app)

    page = operator.get("/dashboard/api-keys/").text

    assert flashes(page) == ["API key “production server” revoked."]
    assert api_key_row(operator, "production server")[5:] == ["revoked", ""]


def test_revoking_twice_keeps_the_first_revocation_time(app, operator):
    create(operator)
    revoke(operator, app)
    first = key_named(app, "production server").revoked

    revoke(operator, app)

    assert key_named(app, "production server").revoked == first


def test_a_revoked_keys_name_can_be_used_again(app, operator, client):
    create(operator)
    revoke(operator, app)

    secret = text_of_testid(create(operator).text, "new-api-key")

    assert call_api(client, secret).status_code == 200
    rows = table_rows(operator.get("/dashboard/api-keys/").text, "api-key-row")
    assert [(row[0], row[5]) for row in rows] == [
        ("production server", "active"),
        ("production server", "revoked"),
    ]


def test_revoke_unknown_key_is_404(operator):
    assert operator.post("/dashboard/api-keys/999/revoke").status_code == 404


def test_last_used_is_written_at_most_once_a_minute(app, operator, client, clock):
    secret = text_of_testid(create(operator).text, "new-api-key")
    first = clock.now
    call_api(client, secret)
    clock.shift(seconds=60)
    call_api(client, secret)
    assert key_named(app, "production server").last_used == first  # a minute is not over it

    later = clock.shift(seconds=1)
    call_api(client, secret)
    assert key_named(app, "production server").last_used == later


def test_an_admin_key_is_made_for_the_admin_api_and_listed_as_admin(app, operator, client):
    response = create(operator, name="ops", kind="admin")

    assert flashes(response.text) == [
        "Admin API key “ops” created. Copy it now: it is not shown again."
    ]
    secret = text_of_testid(response.text, "new-api-key")
    assert key_named(app, "ops").kind == "admin"
    assert api_key_row(operator, "ops")[:2] == ["ops", "admin"]
    assert client.get("/admin/v1/metrics", headers={"X-API-KEY": secret}).status_code == 200
    assert call_api(client, secret).status_code == 403


def test_the_create_form_offers_both_kinds_application_first(operator):
    page = operator.get("/dashboard/api-keys/").text
    assert re.search(
        r'<select id="kind" name="kind"><option selected value="application">'
        r"Application key \(/api/v1\)</option><option value=\"admin\">Admin key \(/admin/v1\)"
        r"</option></select>",
        page,
    ), page


def test_a_key_of_an_unknown_kind_is_refused(app, operator):
    response = create(operator, kind="superuser")

    assert field_errors(response.text, "kind") == ["Not a valid choice."]
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ApiKey)) == 0
