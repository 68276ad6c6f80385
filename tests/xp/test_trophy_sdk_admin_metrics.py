"""Trophy's official Python SDK (trophy 1.27, unchanged) drives /admin/v1/metrics on a StudyXP
serving it over HTTP: its admin client (trophy.admin.metrics) parses every answer into the
SDK's own models, per-item issues included, and StudyXP's errors raise the SDK's exceptions.
The admin environment is the service's /admin/v1; the key is an admin key."""

import pytest
from trophy.core.api_error import ApiError
from trophy.errors import NotFoundError, UnauthorizedError, UnprocessableEntityError

from tests.xp.admin_support import UNKNOWN, admin_sdk, admin_service

# Left out of the calendar sweep (.ci/run): metrics read no date.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def service(database_url):
    with admin_service(database_url) as service:
        yield service


@pytest.fixture
def metrics(service):
    return admin_sdk(service, service.admin_key).admin.metrics


def test_the_sdk_creates_lists_gets_updates_and_deletes_metrics(metrics):
    created = metrics.create(
        request=[
            {"name": "Invites Sent", "key": "invites-sent"},
            {"name": "Revenue", "key": "revenue", "unitType": "currency", "units": "USD"},
        ]
    )
    assert [(m.name, m.key, m.unit_type, m.units) for m in created.created] == [
        ("Invites Sent", "invites-sent", "number", "")
    ]
    [issue] = created.issues
    assert (issue.index, issue.severity, issue.id) == (1, "error", None)
    assert issue.message == "unitType 'currency' is not supported: StudyXP metrics count numbers"
    invites = created.created[0].id

    # The seeded metrics (flashcards-flipped, cards-reviewed) come first: they are older.
    listed = metrics.list(limit=100, skip=0)
    assert [m.key for m in listed] == ["flashcards-flipped", "cards-reviewed", "invites-sent"]
    assert [m.key for m in metrics.list(limit=1, skip=2)] == ["invites-sent"]
    assert metrics.get(invites).name == "Invites Sent"

    updated = metrics.update(
        request=[{"id": invites, "name": "Invites Completed", "units": "invites"}, {"id": UNKNOWN}]
    )
    assert [(m.id, m.name, m.units) for m in updated.updated] == [
        (invites, "Invites Completed", "invites")
    ]
    assert [(i.id, i.message) for i in updated.issues] == [(UNKNOWN, "Metric not found by ID")]

    deleted = metrics.delete(ids=[invites, "not-a-uuid"])
    assert [d.id for d in deleted.deleted] == [invites]
    assert [(i.id, i.message) for i in deleted.issues] == [
        ("not-a-uuid", "id must be a valid UUID")
    ]
    with pytest.raises(NotFoundError) as missing:
        metrics.get(invites)
    assert missing.value.body == {"error": "Metric not found by ID"}


def test_studyxps_errors_raise_the_sdks_exceptions(service, metrics):
    with pytest.raises(UnprocessableEntityError) as bad_limit:
        metrics.list(limit=101)
    assert bad_limit.value.body == {
        "error": "'limit' must be a whole number from 1 to 100, not '101'"
    }
    with pytest.raises(UnauthorizedError):
        admin_sdk(service, "sxp_wrong").admin.metrics.list()
    with pytest.raises(ApiError) as wrong_kind:
        admin_sdk(service, service.api_key).admin.metrics.list()
    assert wrong_kind.value.status_code == 403
    assert wrong_kind.value.body["error"].startswith("This is an application API key")


def test_the_sdk_backfills_a_batch_of_metric_events(metrics):
    batch = [
        {
            "key": "flashcards-flipped",
            "user": {"id": "sdk-user"},
            "value": 5,
            "idempotencyKey": "s1",
        },
        {"key": "no-such-metric", "user": {"id": "sdk-user"}, "value": 1},
    ]
    answer = metrics.batch_events(request=batch)
    assert answer.accepted == 1
    assert answer.issues == [
        {"index": 1, "severity": "error", "message": "Metric 'no-such-metric' not found"}
    ]
    assert metrics.batch_events(request=batch[:1]).accepted == 1  # a resend: ignored
