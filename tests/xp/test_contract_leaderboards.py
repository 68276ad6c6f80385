"""The leaderboard operations: every documented answer is real and matches Trophy's schema and
StudyXP's document, every example is what StudyXP answers, and answers whose shape depends on
the data (breakdowns, off the board, scheduled, finished, an event moving boards) match both.

The answers are the third chapter of the document's story
(app/xp/openapi/examples/leaderboards.py), replayed at its fixed "now"; test_contract.py
leaves these operations to this file.
"""

import pytest

from app.api_docs import example_call
from app.xp.openapi.document import THIRD_CHAPTER_OPERATIONS
from app.xp.openapi.examples import leaderboards as ex
from tests.xp.contract import Api, assert_contract, find_operation, studyxp_document
from tests.xp.leaderboard_setup import tell_the_leaderboard_chapter
from tests.xp.test_contract import check_documented_answer
from tests.xp.test_openapi import masked

# Left out of the calendar sweep (.ci/run): every test sets the clock it runs at.
pytestmark = pytest.mark.calendar_free

DOCUMENT = studyxp_document()
STORY = ex.STORY
# The event answer that carries `leaderboards`: a second example of the event's 201.
EVENT_EXAMPLE = ("metrics_event", "201", "movedLeaderboards")


@pytest.fixture
def chapter(app, seeded, clock, client, api_key):
    """The third chapter up to its reads; its last event sent through the API (the answer)."""
    with app.app_context():
        tell_the_leaderboard_chapter(clock)
    user, at, value = ex.LAST_EVENT
    clock.set(at)
    answer = Api(client, api_key).call(
        "metrics_event", body={"user": user, "value": value}, headers={}
    )
    clock.set(ex.NOW)
    return answer


@pytest.fixture
def api(client, chapter, api_key):
    return Api(client, api_key)


def example_of(operation_id: str, status: str, name: str | None = None):
    _, _, op = find_operation(DOCUMENT, operation_id)
    examples = op["responses"][status]["content"]["application/json"]["examples"]
    return examples[name]["value"] if name else next(iter(examples.values()))["value"]


def test_the_story_covers_every_leaderboard_success_example():
    with_examples = set()
    for operation_id in THIRD_CHAPTER_OPERATIONS:
        _, _, op = find_operation(DOCUMENT, operation_id)
        with_examples |= {(operation_id, s) for s in op["responses"] if s.startswith("2")}
    assert set(STORY) == with_examples


def test_every_leaderboard_example_is_what_studyxp_answers(client, chapter, api_key):
    for operation_id, status in STORY:
        path, method, op = find_operation(DOCUMENT, operation_id)
        call = example_call(DOCUMENT, method, path, op)  # every parameter's example, as curl
        response = client.open(
            "/api/v1" + call.path, method=call.method, headers={"X-API-KEY": api_key}
        )
        assert response.status_code == int(status), (operation_id, response.get_json())
        body = assert_contract(response, operation_id)
        assert masked(body) == masked(example_of(operation_id, status)), operation_id

    assert chapter.status_code == 201
    event = assert_contract(chapter, "metrics_event")
    assert masked(event) == masked(example_of(*EVENT_EXAMPLE))


# --- every documented answer, for real --------------------------------------------------------

DOCUMENTED = sorted(
    (op["operationId"], status)
    for item in DOCUMENT["paths"].values()
    for op in item.values()
    if op.get("operationId") in THIRD_CHAPTER_OPERATIONS
    for status in op["responses"]
)
# (operationId, status): (the call, the start of its error message).
RECIPES = {
    ("leaderboards_all", "422"): (
        lambda api: api.call("leaderboards_all", query={"includeFinished": "yes"}),
        "'includeFinished' must be true or false, not 'yes'",
    ),
    ("leaderboards_get", "404"): (
        lambda api: api.call("leaderboards_get", path={"key": "no-such"}),
        "Leaderboard 'no-such' not found",
    ),
    ("leaderboards_get", "422"): (
        lambda api: api.call("leaderboards_get", query={"limit": 101}),
        "'limit' must be at most 100",
    ),
    ("users_leaderboard", "404"): (
        lambda api: api.call("users_leaderboard", path={"id": "nobody"}),
        "User 'nobody' not found",
    ),
    ("users_leaderboard", "422"): (
        lambda api: api.call("users_leaderboard", query={"numEvents": 101}),
        "'numEvents' must be at most 100",
    ),
}


@pytest.mark.parametrize(
    ("operation_id", "status"), DOCUMENTED, ids=[f"{o}-{s}" for o, s in DOCUMENTED]
)
def test_every_documented_leaderboard_answer_is_real_and_matches_both_schemas(
    database_url, client, chapter, api_key, operation_id, status
):
    check_documented_answer(database_url, client, api_key, operation_id, status, RECIPES)


# --- answers whose shape depends on the data -------------------------------------------------


def standings(body: dict) -> list[tuple[str, int, int]]:
    return [(r["userId"], r["rank"], r["value"]) for r in body["rankings"]]


def test_breakdown_past_finished_and_scheduled_rankings_match_both_schemas(api):
    def rankings(key: str, **query) -> dict:
        response = api.call("leaderboards_get", path={"key": key}, query=query)
        assert response.status_code == 200, response.get_json()
        return assert_contract(response, "leaderboards_get")

    london = rankings("xp-by-city", userAttributes="city:London")
    assert standings(london) == [("42", 1, 140), ("18", 2, 10)]
    assert london["breakdownAttributes"] == ["city"]
    assert standings(rankings("xp-by-city", userAttributes="city:Paris")) == []
    assert standings(rankings("weekly-flips", run="2026-11-17")) == [("7", 1, 30), ("42", 2, 20)]
    assert standings(rankings("weekly-flips", userId="5", limit=2)) == [("5", 3, 11), ("18", 4, 8)]
    sprint = rankings("first-week")  # finished: its last run
    assert (sprint["status"], standings(sprint)) == ("finished", [("7", 1, 15), ("42", 2, 10)])
    december = rankings("december-streaks")
    assert (december["status"], december["rankings"]) == ("scheduled", [])


def test_a_user_off_the_board_or_before_it_starts_matches_both_schemas(api):
    assert api.call("users_create", body={"id": "fresh"}).status_code == 201

    def place(user_id: str, key: str) -> dict:
        response = api.call("users_leaderboard", path={"id": user_id, "key": key})
        assert response.status_code == 200, response.get_json()
        return assert_contract(response, "users_leaderboard")

    fresh = place("fresh", "weekly-flips")
    assert (fresh["rank"], fresh["value"], fresh["history"]) == (None, None, [])
    # No city: not on any group of the breakdown board.
    assert place("fresh", "xp-by-city")["rank"] is None
    ben = place("18", "xp-by-city")
    assert (ben["rank"], ben["value"], len(ben["history"])) == (2, 10, 1)
    assert place("42", "december-streaks")["rank"] is None


def test_listing_without_finished_boards_matches_both_schemas(api):
    listed = assert_contract(api.call("leaderboards_all"), "leaderboards_all")

    assert [(b["key"], b["status"]) for b in listed] == [
        ("weekly-flips", "active"),
        ("xp-by-city", "active"),
        ("december-streaks", "scheduled"),
    ]
