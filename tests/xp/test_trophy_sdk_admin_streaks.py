"""Trophy's official Python SDK (trophy 1.27, unchanged) drives /admin/v1/streaks on a StudyXP
serving it over HTTP: freezes, pauses, restore, reset and settings, each answer parsed into
the SDK's own models."""

import pytest

from tests.xp.admin_support import UNKNOWN, admin_sdk, admin_service
from tests.xp.engagement_setup import at, flip, streaks_on

# Left out of the calendar sweep (.ci/run): every date read is pinned by `clock`.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def service(database_url, clock):
    clock.set("2026-11-05T09:00:00Z")
    with admin_service(database_url) as service:
        with service.app.app_context():
            streaks_on(max_freezes=2)
            for day in range(1, 11):
                flip(user="lena", when=at(f"2026-10-{day:02d}"))  # 10 days, lost since
            flip(user="lena", when=at("2026-11-04"))
        yield service


def test_the_sdk_drives_freezes_pauses_restore_reset_and_settings(service):
    streaks = admin_sdk(service, service.admin_key).admin.streaks

    settings = streaks.settings.get()
    assert (settings.frequency, settings.freezes.max_count, settings.freezes.start_count) == (
        "daily",
        2,
        0,
    )
    assert [(m.key, m.threshold) for m in settings.metrics] == [("flashcards-flipped", 1)]
    changed = streaks.settings.update(freezes={"startCount": 0, "maxCount": 3})
    assert (changed.freezes.max_count, changed.freezes.auto_earn_interval) == (3, None)

    frozen = streaks.freezes.create(freezes=[{"userId": "lena"}, {"userId": "ghost"}])
    assert [(i.user_id, i.severity, i.message) for i in frozen.issues] == [
        ("ghost", "error", "User does not exist")
    ]

    restored = streaks.restore(users=[{"id": "lena"}])
    assert (restored.restored_users, restored.issues) == (["lena"], [])

    paused = streaks.pauses.create(
        pauses=[{"userId": "lena", "start": "2026-11-06", "end": "2026-11-08"}]
    )
    [pause] = paused.created
    assert (pause.user_id, pause.start, pause.end, pause.status) == (
        "lena",
        "2026-11-06",
        "2026-11-08",
        "active",
    )
    deleted = streaks.pauses.delete(ids=[pause.id, UNKNOWN])
    assert [d.id for d in deleted.deleted] == [pause.id]
    assert [i.message for i in deleted.issues] == ["Streak pause not found by ID"]

    reset = streaks.reset(users=[{"id": "lena"}])
    assert (reset.reset_users, reset.issues) == (["lena"], [])
