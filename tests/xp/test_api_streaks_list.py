"""GET /api/v1/streaks (Trophy's streaks_list): the streak lengths of up to 100 users as of now,
longest first, with the tie rule, unknown users, the userIds forms and their errors. Every
answer is checked against Trophy's schema and StudyXP's document too."""

import pytest
from sqlalchemy import event as sa_event

from app.extensions import db
from app.xp.errors import Unprocessable
from app.xp.queries.streaks import streak_lengths
from tests.xp.contract import assert_contract
from tests.xp.engagement_setup import streaks_on
from tests.xp.leaderboard_setup import event

# Left out of the calendar sweep (.ci/run): every test sets the clock it runs at.
pytestmark = pytest.mark.calendar_free

NOW = "2027-01-05T10:00:00Z"


@pytest.fixture
def ctx(seeded, clock):
    """Daily streaks of flashcards-flipped as of NOW, in London (UTC in January)."""
    with seeded.app_context():
        streaks_on()
        for day, users in (("03", "ana ben eve"), ("04", "ana ben cal eve"), ("02", "dee")):
            clock.set(f"2027-01-{day}T12:00:00Z")
            for user in users.split():
                event(user, 1, tz="Europe/London")
        clock.set("2027-01-05T09:00:00Z")
        event("ben", 1, tz="Europe/London")
        clock.set("2027-01-05T09:30:00Z")
        event("cal", 1, tz="Europe/London")
        clock.set(NOW)
        event("ana", 1, tz="Europe/London")
        event("eve", 1, tz="Europe/London")
        event("ana", 1, tz="Europe/London")  # the same day: extends nothing
        yield clock


@pytest.fixture
def get(client, api_key):
    """GET /api/v1/streaks with the key: (status, JSON), checked against both schemas."""

    def call(query=None):
        response = client.get("/api/v1/streaks", headers={"X-API-KEY": api_key}, query_string=query)
        return response.status_code, assert_contract(response, "streaks_list")

    return call


def test_longest_first_then_who_extended_first_then_the_user_id(ctx, get):
    status, body = get({"userIds": "zed,dee,eve,cal,ana,ben"})

    assert status == 200
    assert body == [
        {"userId": "ben", "streakLength": 3, "extended": "2027-01-05T09:00:00Z"},
        {"userId": "ana", "streakLength": 3, "extended": "2027-01-05T10:00:00Z"},
        {"userId": "eve", "streakLength": 3, "extended": "2027-01-05T10:00:00Z"},
        {"userId": "cal", "streakLength": 2, "extended": "2027-01-05T09:30:00Z"},
        # dee's streak lapsed on January 4 (nothing stored yet: the read settles it); zed is
        # unknown to the service: a user without a streak.
        {"userId": "dee", "streakLength": 0, "extended": None},
        {"userId": "zed", "streakLength": 0, "extended": None},
    ]


def test_the_streak_is_settled_to_now_in_each_users_zone(ctx, get):
    ctx.set("2027-01-05T16:00:00Z")  # January 6, 01:00 in Tokyo
    event("kai", 1, tz="Asia/Tokyo")

    ctx.set("2027-01-06T12:00:00Z")  # January 6 in London and (21:00) in Tokyo: all hold
    assert get({"userIds": "ana,kai"})[1] == [
        {"userId": "ana", "streakLength": 3, "extended": "2027-01-05T10:00:00Z"},
        {"userId": "kai", "streakLength": 1, "extended": "2027-01-05T16:00:00Z"},
    ]
    ctx.set("2027-01-07T12:00:00Z")  # ana missed January 6; kai's January 7 is not over
    assert get({"userIds": "ana,kai"})[1] == [
        {"userId": "kai", "streakLength": 1, "extended": "2027-01-05T16:00:00Z"},
        {"userId": "ana", "streakLength": 0, "extended": None},
    ]
    ctx.set("2027-01-07T15:00:00Z")  # January 8 in Tokyo: kai missed January 7
    assert get({"userIds": "ana,kai"})[1] == [
        {"userId": "ana", "streakLength": 0, "extended": None},
        {"userId": "kai", "streakLength": 0, "extended": None},
    ]


def test_user_ids_repeated_or_separated_by_commas_repeats_and_empty_pieces(ctx, get):
    expected = [
        {"userId": "ben", "streakLength": 3, "extended": "2027-01-05T09:00:00Z"},
        {"userId": "cal", "streakLength": 2, "extended": "2027-01-05T09:30:00Z"},
    ]

    assert get({"userIds": ["cal", "ben"]}) == (200, expected)  # userIds=cal&userIds=ben
    assert get({"userIds": ["cal,ben", "cal"]}) == (200, expected)
    assert get({"userIds": ",cal,,ben,ben,"}) == (200, expected)
    assert get({"userIds": "ana/with slash"}) == (
        200,
        [{"userId": "ana/with slash", "streakLength": 0, "extended": None}],
    )


def test_missing_empty_and_too_many_user_ids_are_refused_with_422(ctx, get):
    required = "'userIds' is required: 1 to 100 user ids separated by commas"

    assert get() == (422, {"error": required})
    assert get({"userIds": ""}) == (422, {"error": required})
    assert get({"userIds": ",,"}) == (422, {"error": required})
    many = ",".join(f"user-{n}" for n in range(101))
    assert get({"userIds": many}) == (
        422,
        {"error": "'userIds' must name at most 100 users, not 101"},
    )
    # 100 distinct ids, one of them twice: allowed.
    hundred = ",".join(f"user-{n}" for n in range(100)) + ",user-0"
    status, body = get({"userIds": hundred})
    assert (status, len(body)) == (200, 100)
    assert [item["userId"] for item in body[:3]] == ["user-0", "user-1", "user-10"]


def test_the_in_process_read_refuses_the_same_input_with_the_same_message(ctx):
    for bad, message in (
        ([], "'userIds' is required: 1 to 100 user ids separated by commas"),
        (None, "'userIds' must be user ids separated by commas"),
        ([7], "'userIds' must be user ids separated by commas"),
    ):
        with pytest.raises(Unprocessable) as refused:
            streak_lengths(bad)
        assert str(refused.value) == message
    assert streak_lengths("cal") == [
        {"userId": "cal", "streakLength": 2, "extended": "2027-01-05T09:30:00Z"}
    ]


def test_a_hundred_users_cost_two_statements(ctx):
    ids = [f"user-{n}" for n in range(97)] + ["ana", "ben", "cal"]
    statements = []

    def count(*_):
        statements.append(1)

    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        body = streak_lengths(ids)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)

    assert len(statements) == 2
    assert [item["userId"] for item in body[:3]] == ["ben", "ana", "cal"]


def test_the_call_needs_an_api_key(ctx, client):
    response = client.get("/api/v1/streaks?userIds=ana")

    assert response.status_code == 401
    assert response.get_json() == {"error": "Missing API key: send it in the X-API-KEY header"}
