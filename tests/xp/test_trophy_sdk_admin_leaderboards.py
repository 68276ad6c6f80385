"""Trophy's official Python SDK (trophy 1.27, unchanged) drives /admin/v1/leaderboards on a
StudyXP serving it over HTTP: its admin client (trophy.admin.leaderboards) parses every
answer into the SDK's own models, per-item issues included."""

import pytest

from tests.xp.admin_support import UNKNOWN, admin_sdk, admin_service

# Left out of the calendar sweep (.ci/run): every date read is pinned by `clock`.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def service(database_url, clock):
    clock.set("2027-01-05T10:00:00Z")
    with admin_service(database_url) as service:
        yield service


def test_the_sdk_creates_lists_gets_updates_and_deletes_leaderboards(service):
    leaderboards = admin_sdk(service, service.admin_key).admin.leaderboards

    created = leaderboards.create(
        request=[
            {
                "name": "Streak Legends",
                "key": "streak-legends",
                "rankBy": "streak",
                "status": "scheduled",
                "start": "2027-02-01",
            },
            {
                "name": "Weekly",
                "key": "weekly",
                "rankBy": "streak",
                "runUnit": "day",
                "runInterval": 7,
            },
        ]
    )
    [board] = created.created
    assert (board.key, board.status, board.rank_by, board.start, board.max_participants) == (
        "streak-legends",
        "scheduled",
        "streak",
        "2027-02-01",
        1000,
    )
    [issue] = created.issues
    assert (issue.index, issue.severity, issue.message) == (
        1,
        "error",
        "runUnit: Streak leaderboards cannot repeat.",
    )

    assert [b.key for b in leaderboards.list(limit=10, skip=0)] == ["streak-legends"]
    assert leaderboards.get(board.id).name == "Streak Legends"

    updated = leaderboards.update(
        request=[{"id": board.id, "name": "Legends", "maxParticipants": 10}, {"id": UNKNOWN}]
    )
    assert [(b.id, b.name, b.max_participants) for b in updated.updated] == [
        (board.id, "Legends", 10)
    ]
    assert [(i.id, i.message) for i in updated.issues] == [(UNKNOWN, "Leaderboard not found by ID")]

    deleted = leaderboards.delete(ids=[board.id, "not-a-uuid"])
    assert [d.id for d in deleted.deleted] == [board.id]
    assert [(i.id, i.message) for i in deleted.issues] == [
        ("not-a-uuid", "id must be a valid UUID")
    ]
    assert leaderboards.get(board.id).status == "finished"
