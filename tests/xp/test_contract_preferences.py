"""The preference operations: every documented answer is real and matches Trophy's schema and
StudyXP's document, and every example is what StudyXP answers.

The answers are the preference chapter of the document's story
(app/xp/openapi/examples/preferences.py); test_contract.py leaves these operations to this
file.
"""

import pytest

from app.api_docs import example_call
from app.xp.models.preferences import NO_STREAK_PREFERENCES
from app.xp.openapi.document import PREFERENCE_OPERATIONS
from app.xp.openapi.examples import preferences as ex
from tests.xp.contract import (
    Api,
    assert_contract,
    assert_matches,
    find_operation,
    studyxp_document,
)
from tests.xp.test_contract import OVERSIZED, check_documented_answer

# Left out of the calendar sweep (.ci/run): preferences hold no date.
pytestmark = pytest.mark.calendar_free

DOCUMENT = studyxp_document()
UNKNOWN_USER = {"id": "nobody"}


@pytest.fixture
def chapter(client, api_key):
    """The story's learner, known to the XP service and with no preferences chosen yet."""
    assert Api(client, api_key).call("users_create", body={"id": ex.USER_ID}).status_code == 201


@pytest.fixture
def api(client, chapter, api_key):
    return Api(client, api_key)


def example_of(operation_id: str, status: str):
    _, _, op = find_operation(DOCUMENT, operation_id)
    examples = op["responses"][status]["content"]["application/json"]["examples"]
    return next(iter(examples.values()))["value"]


def test_the_story_covers_every_preference_success_example():
    with_examples = set()
    for operation_id in PREFERENCE_OPERATIONS:
        _, _, op = find_operation(DOCUMENT, operation_id)
        with_examples |= {(operation_id, s) for s in op["responses"] if s.startswith("2")}
    assert set(ex.STORY) == with_examples


def test_every_preference_example_is_what_studyxp_answers(client, chapter, api_key):
    for operation_id, status in ex.STORY:
        path, method, op = find_operation(DOCUMENT, operation_id)
        call = example_call(DOCUMENT, method, path, op)  # every example, as curl would send
        response = client.open(
            "/api/v1" + call.path,
            method=call.method,
            headers={"X-API-KEY": api_key, **call.headers},
            json=call.body,
        )
        assert response.status_code == int(status), (operation_id, response.get_json())
        assert assert_contract(response, operation_id) == example_of(operation_id, status)


def test_the_documented_request_example_is_trophys_update_request():
    _, _, op = find_operation(DOCUMENT, "users_update_preferences")
    example = op["requestBody"]["content"]["application/json"]["examples"]["example"]["value"]

    assert example == ex.UPDATE
    assert_matches(example, "UpdateUserPreferencesRequest")


# --- every documented answer, for real --------------------------------------------------------

DOCUMENTED = sorted(
    (op["operationId"], status)
    for item in DOCUMENT["paths"].values()
    for op in item.values()
    if op.get("operationId") in PREFERENCE_OPERATIONS
    for status in op["responses"]
)
UPDATE = "users_update_preferences"
# (operationId, status): (the call, the start of its error message).
RECIPES = {
    ("users_get_preferences", "404"): (
        lambda api: api.call("users_get_preferences", path=UNKNOWN_USER),
        "User 'nobody' not found",
    ),
    (UPDATE, "400"): (
        lambda api: api.call(UPDATE, body={"notifications": {"recap": "email"}}),
        "'notifications.recap' must be a list of channels, such as [\"email\"]",
    ),
    (UPDATE, "403"): (
        lambda api: api.call(UPDATE, body={"streak": {"enabled": False}}),
        NO_STREAK_PREFERENCES,
    ),
    (UPDATE, "404"): (
        lambda api: api.call(UPDATE, path=UNKNOWN_USER),
        "User 'nobody' not found",
    ),
    (UPDATE, "413"): (
        lambda api: api.call(UPDATE, raw=OVERSIZED),
        "The request body must be at most 65536 bytes",
    ),
    (UPDATE, "422"): (
        lambda api: api.call(UPDATE, body={"notifications": {"recap": ["sms"]}}),
        "Unknown channel 'sms' in 'notifications.recap': use email or push",
    ),
}


def test_the_recipes_cover_every_documented_error():
    errors = {(o, s) for o, s in DOCUMENTED if s not in ("200", "401", "429")}
    assert errors == set(RECIPES)


@pytest.mark.parametrize(
    ("operation_id", "status"), DOCUMENTED, ids=[f"{o}-{s}" for o, s in DOCUMENTED]
)
def test_every_documented_preference_answer_is_real_and_matches_both_schemas(
    database_url, client, chapter, api_key, operation_id, status
):
    check_documented_answer(database_url, client, api_key, operation_id, status, RECIPES)
