"""Users: create, identify, update; the field rules they share with an event's `user`."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.engine.users import create_user, identify_user, update_user
from app.xp.errors import BadRequest, NotFound, Unprocessable
from app.xp.inputs import MAX_ATTRIBUTES
from app.xp.models.metrics import MetricEvent
from app.xp.models.users import XpUser
from app.xp.queries.users import get_user
from tests.xp.contract import assert_matches


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded


def stored_user(external_id: str) -> XpUser | None:
    db.session.expire_all()
    return db.session.scalar(select(XpUser).where(XpUser.external_id == external_id))


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(XpUser))


def set_times(external_id: str, created: datetime, updated: datetime) -> None:
    """Move a user's timestamps into the past, so a later change is visible at second level."""
    user = stored_user(external_id)
    user.created, user.updated = created, updated
    db.session.commit()


PAST = datetime(2024, 1, 1, tzinfo=UTC)


# --- create -------------------------------------------------------------------------------


def test_create_stores_every_field_and_answers_with_the_user(ctx):
    body = create_user(
        {
            "id": "ana",
            "email": "ana@example.com",
            "name": "Ana",
            "tz": "Europe/Madrid",
            "subscribeToEmails": False,
            "attributes": {"plan": "pro", "team": "blue"},
        }
    )

    assert_matches(body, "User")
    assert {k: v for k, v in body.items() if k not in ("created", "updated")} == {
        "id": "ana",
        "email": "ana@example.com",
        "name": "Ana",
        "tz": "Europe/Madrid",
        "subscribeToEmails": False,
        "attributes": {"plan": "pro", "team": "blue"},
        "control": False,
    }
    assert body["created"] == body["updated"]
    user = stored_user("ana")
    assert (user.email, user.name, user.tz) == ("ana@example.com", "Ana", "Europe/Madrid")
    assert (user.subscribe_to_emails, user.attributes) == (False, {"plan": "pro", "team": "blue"})


def test_a_new_user_is_subscribed_with_no_attributes_and_null_fields(ctx):
    body = create_user({"id": "bo"})

    assert_matches(body, "User")
    assert (body["email"], body["name"], body["tz"]) == (None, None, None)
    assert (body["subscribeToEmails"], body["attributes"]) == (True, {})


def test_create_refuses_an_id_that_is_taken_and_changes_nothing(ctx):
    create_user({"id": "ana", "name": "Ana"})

    with pytest.raises(Unprocessable, match="User 'ana' already exists"):
        create_user({"id": "ana", "name": "Someone else"})
    assert stored_user("ana").name == "Ana"
    assert user_count() == 1


def test_a_user_made_by_an_event_cannot_be_created_again(ctx):
    record_event("flashcards-flipped", {"id": "ana"}, 1)

    with pytest.raises(Unprocessable, match="already exists"):
        create_user({"id": "ana"})


# --- identify (PUT) and update (PATCH) ----------------------------------------------------


def test_identify_creates_a_new_user(ctx):
    body = identify_user("ana", {"email": "ana@example.com", "attributes": {"a": "1"}})

    assert_matches(body, "User")
    assert (body["id"], body["email"], body["attributes"]) == ("ana", "ana@example.com", {"a": "1"})
    assert body["subscribeToEmails"] is True
    assert stored_user("ana").email == "ana@example.com"


@pytest.mark.parametrize("write", [identify_user, update_user])
def test_only_the_given_fields_change_and_null_keeps_the_stored_value(ctx, write):
    create_user({"id": "ana", "email": "ana@example.com", "name": "Ana", "tz": "Asia/Tokyo"})

    body = write("ana", {"name": "Ana B.", "email": None, "subscribeToEmails": False})

    assert_matches(body, "User")
    assert (body["email"], body["name"], body["tz"], body["subscribeToEmails"]) == (
        "ana@example.com",
        "Ana B.",
        "Asia/Tokyo",
        False,
    )
    user = stored_user("ana")
    assert (user.email, user.name, user.tz, user.subscribe_to_emails) == (
        "ana@example.com",
        "Ana B.",
        "Asia/Tokyo",
        False,
    )


@pytest.mark.parametrize("write", [identify_user, update_user])
def test_attributes_are_merged_name_by_name(ctx, write):
    create_user({"id": "ana", "attributes": {"plan": "free", "team": "blue"}})

    body = write("ana", {"attributes": {"plan": "pro", "city": "Oslo"}})

    expected = {"plan": "pro", "team": "blue", "city": "Oslo"}
    assert body["attributes"] == expected
    assert stored_user("ana").attributes == expected


def test_update_of_an_unknown_user_is_not_found_and_creates_nothing(ctx):
    with pytest.raises(NotFound, match="User 'nobody' not found"):
        update_user("nobody", {"name": "No One"})
    assert user_count() == 0


def test_a_change_moves_updated_and_keeps_created(ctx):
    create_user({"id": "ana"})
    set_times("ana", PAST, PAST)

    body = update_user("ana", {"name": "Ana"})

    assert body["created"] == "2024-01-01T00:00:00Z"
    assert body["updated"] > "2025-01-01T00:00:00Z"
    assert stored_user("ana").updated > PAST


def test_an_update_that_changes_nothing_keeps_updated(ctx):
    create_user({"id": "ana", "name": "Ana", "attributes": {"plan": "pro"}})
    set_times("ana", PAST, PAST)

    body = identify_user("ana", {"name": "Ana", "attributes": {"plan": "pro"}})

    assert body["updated"] == "2024-01-01T00:00:00Z"
    assert stored_user("ana").updated == PAST


@pytest.mark.parametrize("write", [identify_user, update_user])
def test_an_id_in_the_body_must_be_the_one_in_the_url(ctx, write):
    create_user({"id": "ana"})

    with pytest.raises(Unprocessable, match="'id' in the body must match the user id in the URL"):
        write("ana", {"id": "bo", "name": "Bo"})
    assert write("ana", {"id": "ana", "name": "Ana"})["name"] == "Ana"
    assert stored_user("bo") is None


def test_attributes_beyond_the_limit_after_merging_are_refused_and_nothing_changes(ctx):
    first = {f"a{i}": "x" for i in range(MAX_ATTRIBUTES)}
    create_user({"id": "ana", "name": "Ana", "attributes": first})

    with pytest.raises(
        Unprocessable, match="A user has at most 50 attributes: these would make 51"
    ):
        update_user("ana", {"name": "Changed", "attributes": {"one-more": "x"}})
    user = stored_user("ana")
    assert (user.name, user.attributes) == ("Ana", first)
    # Overwriting names already stored stays within the limit.
    assert update_user("ana", {"attributes": {"a0": "y"}})["attributes"]["a0"] == "y"


def test_get_user_answers_the_stored_fields_and_404s_an_unknown_id(ctx):
    create_user({"id": "ana", "name": "Ana", "attributes": {"plan": "pro"}})

    body = get_user("ana")
    assert_matches(body, "User")
    assert (body["id"], body["name"], body["attributes"]) == ("ana", "Ana", {"plan": "pro"})
    with pytest.raises(NotFound, match="User 'bo' not found"):
        get_user("bo")


# --- the field rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"id": "a", "email": "not-an-email"}, Unprocessable, "'email' is not a valid email"),
        ({"id": "a", "email": "ana@"}, Unprocessable, "'email' is not a valid email"),
        ({"id": "a", "email": 5}, BadRequest, "'email' must be a string"),
        ({"id": "a", "name": "n" * 201}, Unprocessable, "'name' must be at most 200 characters"),
        ({"id": "a", "tz": "Mars/Olympus"}, BadRequest, "Unknown time zone 'Mars/Olympus'"),
        ({"id": "a", "subscribeToEmails": "yes"}, BadRequest, "'subscribeToEmails' must be true"),
        ({"id": "a", "subscribeToEmails": 1}, BadRequest, "'subscribeToEmails' must be true"),
        ({"id": "a", "attributes": ["plan"]}, BadRequest, "'attributes' must be an object"),
        ({"id": "a", "attributes": "plan=pro"}, BadRequest, "'attributes' must be an object"),
        ({"id": "a", "attributes": {"plan": 1}}, BadRequest, "'attributes.plan' must be a string"),
        ({"id": "a", "attributes": {"plan": None}}, BadRequest, "'attributes.plan' must be a str"),
        ({"id": "a", "attributes": {"p": "a\x00b"}}, BadRequest, "must not contain NUL"),
        ({"id": "a", "attributes": {"p\x00": "x"}}, BadRequest, "must not contain NUL"),
        ({"id": "a", "attributes": {"": "x"}}, Unprocessable, "names must be 1 to 100 characters"),
        ({"id": "a", "attributes": {" ": "x"}}, Unprocessable, "names must be 1 to 100"),
        ({"id": "a", "attributes": {"n" * 101: "x"}}, Unprocessable, "names must be 1 to 100"),
        ({"id": "a", "attributes": {"p": "v" * 1001}}, Unprocessable, "at most 1000 characters"),
        (
            {"id": "a", "attributes": {f"a{i}": "x" for i in range(51)}},
            Unprocessable,
            "'attributes' must have at most 50 names",
        ),
        ({"email": "ana@example.com"}, BadRequest, "'id' is required"),
        ({"id": "i" * 256}, Unprocessable, "'id' must be at most 255 characters"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_stored(ctx, fields, error, message):
    with pytest.raises(error, match=message):
        create_user(fields)
    assert user_count() == 0


def test_the_limits_themselves_are_accepted(ctx):
    attributes = {f"{i:03d}" + "n" * 97: "v" * 1000 for i in range(MAX_ATTRIBUTES)}
    body = create_user(
        {"id": "i" * 255, "email": "a.b+c@sub.example.org", "name": "n" * 200, "attributes": {}}
    )
    assert body["email"] == "a.b+c@sub.example.org"

    body = update_user("i" * 255, {"attributes": attributes})
    assert len(body["attributes"]) == 50
    assert stored_user("i" * 255).attributes == attributes


def test_an_email_is_stored_as_given(ctx):
    body = create_user({"id": "ana", "email": "Ana.Lopez@Example.COM"})
    assert body["email"] == "Ana.Lopez@Example.COM"


# --- events carry the same user fields, and attributes of their own ------------------------


def test_an_event_stores_its_attributes_on_the_event_row(ctx):
    record_event(
        "flashcards-flipped", {"id": "ana"}, 1, attributes={"deck": "capitals", "side": "back"}
    )
    record_event("flashcards-flipped", {"id": "ana"}, 1)

    stored = db.session.scalars(select(MetricEvent.attributes).order_by(MetricEvent.id)).all()
    assert stored == [{"deck": "capitals", "side": "back"}, {}]


def test_an_events_user_object_sets_subscription_and_merges_attributes(ctx):
    record_event("flashcards-flipped", {"id": "ana", "attributes": {"plan": "free"}}, 1)
    record_event(
        "flashcards-flipped",
        {"id": "ana", "subscribeToEmails": False, "attributes": {"team": "blue"}},
        1,
    )

    user = stored_user("ana")
    assert (user.subscribe_to_emails, user.attributes) == (False, {"plan": "free", "team": "blue"})


@pytest.mark.parametrize(
    ("user", "attributes", "error", "message"),
    [
        ({"id": "ana"}, {"deck": 7}, BadRequest, "'attributes.deck' must be a string"),
        ({"id": "ana"}, ["deck"], BadRequest, "'attributes' must be an object"),
        ({"id": "ana"}, {"d": "x" * 1001}, Unprocessable, "'attributes.d' must be at most 1000"),
        ({"id": "ana", "attributes": {"a": 1}}, None, BadRequest, "'user.attributes.a' must be a"),
        ({"id": "ana", "email": "nope"}, None, Unprocessable, "'user.email' is not a valid email"),
        ({"id": "ana", "subscribeToEmails": "no"}, None, BadRequest, "'user.subscribeToEmails'"),
    ],
)
def test_an_event_with_bad_attributes_or_user_fields_stores_nothing(
    ctx, user, attributes, error, message
):
    with pytest.raises(error, match=message):
        record_event("flashcards-flipped", user, 1, attributes=attributes)
    assert user_count() == 0
    assert db.session.scalar(select(func.count()).select_from(MetricEvent)) == 0
