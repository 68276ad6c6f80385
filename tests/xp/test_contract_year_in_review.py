"""GET /streaks and GET /users/{id}/wrapped: every documented answer is real and matches
Trophy's schema and StudyXP's document, and every example is what StudyXP answers.

The answers are the story's year in review (app/xp/openapi/examples/year_in_review.py): the
third chapter told again with streaks on, read at its fixed "now"; test_contract.py leaves
these operations to this file.
"""

import pytest

from app.api_docs import example_call
from app.xp.engine.events import record_event
from app.xp.openapi.document import YEAR_IN_REVIEW_OPERATIONS
from app.xp.openapi.examples import year_in_review as ex
from app.xp.openapi.examples.leaderboards import LAST_EVENT
from tests.xp.contract import Api, assert_contract, find_operation, studyxp_document
from tests.xp.engagement_setup import FLIPPED, streaks_on
from tests.xp.leaderboard_setup import tell_the_leaderboard_chapter
from tests.xp.test_contract import check_documented_answer
from tests.xp.test_openapi import masked

# Left out of the calendar sweep (.ci/run): every test sets the clock it runs at.
pytestmark = pytest.mark.calendar_free

DOCUMENT = studyxp_document()


@pytest.fixture
def chapter(app, seeded, clock):
    """The third chapter with streaks on, read at its "now"."""
    with app.app_context():
        streaks_on()
        tell_the_leaderboard_chapter(clock)
        user, at, value = LAST_EVENT
        clock.set(at)
        record_event(FLIPPED, user, value)
    clock.set(ex.READ_AT)


def test_the_story_covers_every_success_example():
    with_examples = set()
    for operation_id in YEAR_IN_REVIEW_OPERATIONS:
        _, _, op = find_operation(DOCUMENT, operation_id)
        with_examples |= {(operation_id, s) for s in op["responses"] if s.startswith("2")}
    assert set(ex.STORY) == with_examples


def test_every_example_is_what_studyxp_answers(client, chapter, api_key):
    for operation_id, status in ex.STORY:
        path, method, op = find_operation(DOCUMENT, operation_id)
        call = example_call(DOCUMENT, method, path, op)  # every parameter's example
        response = client.open(
            "/api/v1" + call.path, method=call.method, headers={"X-API-KEY": api_key}
        )
        assert response.status_code == int(status), (operation_id, response.get_json())
        body = assert_contract(response, operation_id)
        examples = op["responses"][status]["content"]["application/json"]["examples"]
        assert masked(body) == masked(next(iter(examples.values()))["value"]), operation_id


DOCUMENTED = sorted(
    (op["operationId"], status)
    for item in DOCUMENT["paths"].values()
    for op in item.values()
    if op.get("operationId") in YEAR_IN_REVIEW_OPERATIONS
    for status in op["responses"]
)
RECIPES = {
    ("streaks_list", "422"): (
        lambda api: api.call("streaks_list", query={"userIds": ""}),
        "'userIds' is required: 1 to 100 user ids separated by commas",
    ),
    ("users_wrapped", "404"): (
        lambda api: api.call("users_wrapped", path={"id": "nobody"}),
        "User 'nobody' not found",
    ),
    ("users_wrapped", "422"): (
        lambda api: api.call("users_wrapped", path={"id": "5"}, query={"year": 2027}),
        "'year' must be a whole number from 1 to 2026, not '2027'",
    ),
}


@pytest.mark.parametrize(
    ("operation_id", "status"), DOCUMENTED, ids=[f"{o}-{s}" for o, s in DOCUMENTED]
)
def test_every_documented_answer_is_real_and_matches_both_schemas(
    database_url, client, chapter, api_key, operation_id, status
):
    check_documented_answer(database_url, client, api_key, operation_id, status, RECIPES)


def test_a_year_without_events_matches_both_schemas(client, chapter, api_key):
    response = Api(client, api_key).call("users_wrapped", path={"id": "5"}, query={"year": 2025})

    body = assert_contract(response, "users_wrapped")
    activity = body["activity"]
    assert (activity["daysActive"], activity["weeksActive"], activity["monthsActive"]) == (0, 0, 0)
    assert activity["mostActiveDay"]["date"] == "2025-01-01"
    assert (activity["mostActiveWeek"]["start"], activity["mostActiveWeek"]["end"]) == (
        "2025-01-01",
        "2025-01-05",
    )
    assert activity["entireYear"]["longestStreak"] == {
        "length": 0,
        "frequency": "daily",
        "periodStart": None,
        "periodEnd": None,
        "started": None,
    }
