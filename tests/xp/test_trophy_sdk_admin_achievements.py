"""Trophy's official Python SDK (trophy 1.27, unchanged) drives /admin/v1/achievements on a
StudyXP serving it over HTTP: its admin client (trophy.admin.achievements) parses every answer
into the SDK's own models, per-item issues included, and a missing achievement raises the
SDK's NotFoundError."""

import pytest
from trophy.errors import NotFoundError

from app.xp.admin.api_keys import create_api_key
from tests.xp.admin_support import UNKNOWN, admin_sdk

# Left out of the calendar sweep (.ci/run): the clock is pinned and no answer holds a date.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def achievements(database_url, clock):
    from tests.xp.live_service import start_xp_service

    service = start_xp_service(database_url)
    with service.app.app_context():
        admin_key = create_api_key("operations", "admin")[1]
    yield admin_sdk(service, admin_key).admin.achievements
    service.close()


def test_the_sdk_creates_lists_gets_updates_and_deletes_achievements(achievements):
    created = achievements.create(
        request=[
            {"name": "Invited", "key": "invited", "trigger": "api"},
            {"name": "Week", "key": "week", "trigger": "streak", "streakLength": 7},
            {"name": "Year", "key": "year", "trigger": "anniversary", "anniversaryYears": 1},
        ]
    )
    assert [(a.name, a.key, a.trigger, a.status) for a in created.created] == [
        ("Invited", "invited", "api", "active"),
        ("Week", "week", "streak", "active"),
    ]
    [issue] = created.issues
    assert (issue.index, issue.severity) == (2, "error")
    assert issue.message == (
        "trigger 'anniversary' is not supported: StudyXP has no anniversary achievements"
    )
    invited, week = (a.id for a in created.created)

    assert [a.key for a in achievements.list(limit=100, skip=0)] == ["invited", "week"]
    assert achievements.get(week).streak_length == 7

    updated = achievements.update(
        request=[
            {"id": week, "trigger": "achievement", "achievementIds": [invited]},
            {"id": UNKNOWN, "name": "Gone"},
        ]
    )
    [both] = updated.updated
    assert (both.trigger, both.achievement_ids, both.streak_length) == (
        "achievement",
        [invited],
        None,
    )
    assert [(i.id, i.message) for i in updated.issues] == [(UNKNOWN, "Achievement not found by ID")]

    deleted = achievements.delete(ids=[invited, "not-a-uuid"])
    assert [d.id for d in deleted.deleted] == [invited]
    assert [(i.id, i.message) for i in deleted.issues] == [
        ("not-a-uuid", "id must be a valid UUID")
    ]
    with pytest.raises(NotFoundError) as missing:
        achievements.get(invited)
    assert missing.value.body == {"error": "Achievement not found by ID"}
