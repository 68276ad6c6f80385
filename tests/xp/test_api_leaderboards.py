"""The leaderboard API (/api/v1/leaderboards, /leaderboards/{key}, /users/{id}/leaderboards/
{key}) through HTTP: exact ranks, values and pages, the parameters and their errors. Every
answer is checked against Trophy's schema and StudyXP's document too."""

from datetime import timedelta

import pytest

from app.xp.admin.leaderboards import finish_leaderboard
from tests.xp.contract import assert_contract
from tests.xp.leaderboard_setup import board, event

# Left out of the calendar sweep (.ci/run): every test sets the clock it runs at.
pytestmark = pytest.mark.calendar_free

START = "2027-03-10T12:00:00Z"  # a Wednesday


@pytest.fixture
def ctx(seeded, clock):
    clock.set(START)
    with seeded.app_context():
        yield clock


@pytest.fixture
def get(client, api_key):
    """GET an API path with the key: (status, JSON), the JSON checked against both schemas."""

    def call(path: str, operation_id: str, **query):
        response = client.get(f"/api/v1{path}", headers={"X-API-KEY": api_key}, query_string=query)
        return response.status_code, assert_contract(response, operation_id)

    return call


def rankings(get, key: str, **query) -> list[tuple[str, int, int]]:
    status, body = get(f"/leaderboards/{key}", "leaderboards_get", **query)
    assert status == 200, body
    return [(r["userId"], r["rank"], r["value"]) for r in body["rankings"]]


def refused(get, path: str, operation_id: str, **query) -> tuple[int, str]:
    status, body = get(path, operation_id, **query)
    return status, body["error"]


SEVEN = [(f"user-{n}", 8 - n, n) for n in range(7, 0, -1)]  # (user, rank, value): user-7 1st


def test_every_leaderboard_call_needs_an_api_key(client, ctx):
    board("weekly", start=ctx.today())
    event("ann", 1)
    for path in ("/leaderboards", "/leaderboards/weekly", "/users/ann/leaderboards/weekly"):
        for headers in ({}, {"X-API-KEY": "sxp_not-a-key"}):
            response = client.get(f"/api/v1{path}", headers=headers)
            assert response.status_code == 401, (path, headers)
            assert response.get_json()["error"]


def test_rankings_page_by_offset_and_limit(get, ctx):
    board("weekly", start=ctx.today())
    for n in range(1, 8):
        event(f"user-{n}", n)

    assert rankings(get, "weekly") == SEVEN
    assert rankings(get, "weekly", offset=2, limit=3) == SEVEN[2:5]
    assert rankings(get, "weekly", offset=6, limit=5) == [("user-1", 7, 1)]
    assert rankings(get, "weekly", offset=7) == []
    assert rankings(get, "weekly", limit=0) == []
    assert rankings(get, "weekly", offset="002", limit="2") == SEVEN[2:4]


def test_offset_is_relative_to_a_users_rank_with_user_id(get, ctx):
    board("weekly", start=ctx.today())
    for n in range(1, 8):
        event(f"user-{n}", n)

    # user-4 is 4th: offset 0 starts at them, offset 1 at the one after.
    assert rankings(get, "weekly", userId="user-4", limit=2) == [("user-4", 4, 4), ("user-3", 5, 3)]
    assert rankings(get, "weekly", userId="user-4", offset=1, limit=2) == SEVEN[4:6]
    assert rankings(get, "weekly", userId="user-2", offset=1, limit=5) == [("user-1", 7, 1)]
    assert rankings(get, "weekly", userId="user-7", limit=1) == [("user-7", 1, 7)]
    assert refused(get, "/leaderboards/weekly", "leaderboards_get", userId="nobody") == (
        404,
        "User 'nobody' not found",
    )


def test_a_user_below_max_participants_has_no_rank_and_no_page_around_them(get, ctx):
    board("top3", start=ctx.today(), max_participants=3)
    for n in range(1, 6):
        event(f"user-{n}", n)

    top = [("user-5", 1, 5), ("user-4", 2, 4), ("user-3", 3, 3)]
    assert rankings(get, "top3", limit=3) == top
    assert rankings(get, "top3") == top  # no limit: 10, or maxParticipants when fewer
    assert rankings(get, "top3", offset=2, limit=3) == [("user-3", 3, 3)]
    assert rankings(get, "top3", userId="user-2") == []
    status, place = get("/users/user-2/leaderboards/top3", "users_leaderboard")
    assert (status, place["rank"], place["value"]) == (200, None, None)
    assert refused(get, "/leaderboards/top3", "leaderboards_get", limit=4) == (
        422,
        "'limit' must be at most 3",
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"offset": "-1"}, "'offset' must be a whole number of at least 0"),
        ({"offset": "one"}, "'offset' must be a whole number of at least 0"),
        ({"offset": "1.5"}, "'offset' must be a whole number of at least 0"),
        ({"limit": "-3"}, "'limit' must be a whole number of at least 0"),
        ({"limit": ""}, "'limit' must be a whole number of at least 0"),
        ({"limit": "1001"}, "'limit' must be at most 1000"),
        ({"run": "2027-3-10"}, "'run' must be a date as YYYY-MM-DD"),
        ({"run": "20270310"}, "'run' must be a date as YYYY-MM-DD"),
        ({"run": "2027-02-30"}, "'run' must be a date as YYYY-MM-DD"),
        ({"run": "2027-03-09"}, "'run' is outside the leaderboard's dates"),
        ({"userAttributes": "city:London"}, "'userAttributes' is only valid for a leaderboard"),
    ],
)
def test_invalid_ranking_parameters_are_422(get, ctx, query, message):
    board("weekly", start=ctx.today())
    event("ann", 1)

    status, error = refused(get, "/leaderboards/weekly", "leaderboards_get", **query)
    assert (status, error[: len(message)]) == (422, message)


def test_breakdown_boards_rank_each_group_named_by_user_attributes(get, ctx):
    board("by-city", start=ctx.today(), breakdown_attributes=["city", "plan"])
    event("ann", 5, attributes={"city": "London", "plan": "pro"})
    event("bob", 7, attributes={"city": "Paris", "plan": "pro"})
    event("cat", 3, attributes={"city": "London", "plan": "pro"})
    event("dan", 9, attributes={"city": "London", "plan": "free"})
    event("eve", 4, attributes={"city": "London"})  # no plan: on no group

    london_pro = [("ann", 1, 5), ("cat", 2, 3)]
    assert rankings(get, "by-city", userAttributes="city:London,plan:pro") == london_pro
    assert rankings(get, "by-city", userAttributes="plan:pro,city:London") == london_pro
    assert rankings(get, "by-city", userAttributes="city:London,plan:free") == [("dan", 1, 9)]
    assert rankings(get, "by-city", userAttributes="city:Paris,plan:pro") == [("bob", 1, 7)]
    assert rankings(get, "by-city", userAttributes="city:Rome,plan:pro") == []
    assert rankings(get, "by-city", userAttributes="city:London,plan:pro", userId="cat") == [
        ("cat", 2, 3)
    ]
    status, place = get("/users/cat/leaderboards/by-city", "users_leaderboard")
    assert (status, place["rank"], place["value"]) == (200, 2, 3)
    status, place = get("/users/eve/leaderboards/by-city", "users_leaderboard")
    assert (status, place["rank"], place["value"], place["history"]) == (200, None, None, [])

    path = "/leaderboards/by-city"
    for query, message in [
        ({}, "'userAttributes' is required: give city, plan"),
        ({"userAttributes": ""}, "'userAttributes' is required: give city, plan"),
        ({"userAttributes": "city:London"}, "'userAttributes' names exactly: city, plan"),
        ({"userAttributes": "city:London,plan:pro,tier:1"}, "'userAttributes' names exactly"),
        ({"userAttributes": "city"}, "'userAttributes' is key:value pairs separated by commas"),
        ({"userAttributes": "city:a,city:b"}, "'userAttributes' is key:value pairs separated"),
    ]:
        status, error = refused(get, path, "leaderboards_get", **query)
        assert (status, error[: len(message)]) == (422, message), query


def test_a_past_run_by_date_for_the_board_and_for_a_user(get, ctx):
    board("daily", start=ctx.today(), run_unit="day", run_interval=1)
    event("ann", 3)
    event("bob", 5)
    ctx.shift(days=1)
    event("ann", 4)

    yesterday = (ctx.today() - timedelta(days=1)).isoformat()
    assert rankings(get, "daily") == [("ann", 1, 4)]
    assert rankings(get, "daily", run=yesterday) == [("bob", 1, 5), ("ann", 2, 3)]
    status, past = get("/users/ann/leaderboards/daily", "users_leaderboard", run=yesterday)
    assert (status, past["rank"], past["value"]) == (200, 2, 3)
    # As of ann's own event: bob passing her later that day wrote nothing.
    assert [(h["date"], h["rank"], h["value"]) for h in past["history"]] == [(yesterday, 1, 3)]
    status, today = get("/users/ann/leaderboards/daily", "users_leaderboard")
    assert (today["rank"], today["value"], len(today["history"])) == (1, 4, 1)
    tomorrow = (ctx.today() + timedelta(days=1)).isoformat()
    assert rankings(get, "daily", run=tomorrow) == []


def test_the_listing_hides_finished_boards_unless_include_finished(get, ctx):
    board("draft", start=ctx.today(), status="inactive")
    board("now", start=ctx.today())
    board("soon", start=ctx.today() + timedelta(days=3))
    finish_leaderboard(board("done", start=ctx.today()))

    status, listed = get("/leaderboards", "leaderboards_all")
    assert (status, [(b["key"], b["status"]) for b in listed]) == (
        200,
        [("now", "active"), ("soon", "scheduled")],
    )
    status, every = get("/leaderboards", "leaderboards_all", includeFinished="true")
    assert [(b["key"], b["status"]) for b in every] == [
        ("now", "active"),
        ("soon", "scheduled"),
        ("done", "finished"),
    ]
    assert get("/leaderboards", "leaderboards_all", includeFinished="false")[1] == listed
    assert refused(get, "/leaderboards", "leaderboards_all", includeFinished="TRUE") == (
        422,
        "'includeFinished' must be true or false, not 'TRUE'",
    )
    # A finished board still answers its rankings; an inactive one is unknown.
    assert rankings(get, "done") == []
    assert refused(get, "/leaderboards/draft", "leaderboards_get") == (
        404,
        "Leaderboard 'draft' not found",
    )


def test_a_users_history_keeps_num_events_days(get, ctx):
    board("weekly", start=ctx.today(), run_unit="day", run_interval=7)
    for day in range(4):
        event("ann", day + 1)
        ctx.shift(days=1)

    path = "/users/ann/leaderboards/weekly"
    status, body = get(path, "users_leaderboard")
    assert (status, body["rank"], body["value"]) == (200, 1, 10)
    assert [h["value"] for h in body["history"]] == [1, 3, 6, 10]
    assert [h["value"] for h in get(path, "users_leaderboard", numEvents=2)[1]["history"]] == [
        6,
        10,
    ]
    assert get(path, "users_leaderboard", numEvents=0)[1]["history"] == []
    assert len(get(path, "users_leaderboard", numEvents=100)[1]["history"]) == 4
    for raw, message in [
        ("101", "'numEvents' must be at most 100"),
        ("-1", "'numEvents' must be a whole number of at least 0"),
        ("ten", "'numEvents' must be a whole number of at least 0"),
    ]:
        assert refused(get, path, "users_leaderboard", numEvents=raw) == (422, message)


def test_unknown_boards_and_users_are_404_and_user_ids_may_hold_slashes(get, ctx):
    board("weekly", start=ctx.today())
    event("team/ana", 2)

    status, body = get("/users/team/ana/leaderboards/weekly", "users_leaderboard")
    assert (status, body["rank"], body["value"]) == (200, 1, 2)
    status, body = get("/users/team%2Fana/leaderboards/weekly", "users_leaderboard")
    assert (status, body["rank"]) == (200, 1)
    assert rankings(get, "weekly") == [("team/ana", 1, 2)]
    assert refused(get, "/users/nobody/leaderboards/weekly", "users_leaderboard") == (
        404,
        "User 'nobody' not found",
    )
    assert refused(get, "/users/team/ana/leaderboards/monthly", "users_leaderboard") == (
        404,
        "Leaderboard 'monthly' not found",
    )
    assert refused(get, "/leaderboards/monthly", "leaderboards_get") == (
        404,
        "Leaderboard 'monthly' not found",
    )


def test_nul_characters_anywhere_are_answers_not_database_errors(get, ctx):
    board("by-city", start=ctx.today(), breakdown_attributes=["city"])
    event("ann", 1, attributes={"city": "London"})

    assert refused(get, "/leaderboards/by%00city", "leaderboards_get")[0] == 404
    assert refused(get, "/users/a%00n/leaderboards/by-city", "users_leaderboard")[0] == 404
    query = {"userAttributes": "city:London", "userId": "a\x00n"}
    assert refused(get, "/leaderboards/by-city", "leaderboards_get", **query)[0] == 404
    assert rankings(get, "by-city", userAttributes="city:Lon\x00don") == []
    query = {"userAttributes": "city:London", "run": "2027-03-1\x00"}
    assert refused(get, "/leaderboards/by-city", "leaderboards_get", **query)[0] == 422
