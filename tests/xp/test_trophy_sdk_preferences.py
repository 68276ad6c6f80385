"""Trophy's official Python SDK (trophy 1.27, unchanged) against a StudyXP serving the API over
HTTP: users.get_preferences and users.update_preferences parse StudyXP's answers into the
SDK's own models, which hold everything StudyXP sent, and StudyXP's refusals raise the SDK's
own exceptions.

The service (tests/xp/live_service.py) holds the preference chapter's learner
(app/xp/openapi/examples/preferences.py), who never chose.
"""

import pytest
from trophy import NotificationPreferences, StreakPreferences
from trophy.errors import ForbiddenError, NotFoundError, UnprocessableEntityError

from app.xp.engine.users import create_user
from app.xp.models.preferences import NO_STREAK_PREFERENCES
from app.xp.openapi.examples import preferences as ex
from tests.xp.live_service import in_process
from tests.xp.test_trophy_sdk_leaderboards import sdk_for, sent

# Left out of the calendar sweep (.ci/run): preferences hold no date.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def service(database_url):
    from tests.xp.live_service import start_xp_service

    service = start_xp_service(database_url)
    with service.app.app_context():
        create_user({"id": ex.USER_ID})
    yield service
    service.close()


@pytest.fixture
def sdk(service):
    return sdk_for(service)


def test_the_sdk_reads_the_defaults_and_updates_type_by_type(service, sdk):
    before = sdk.users.get_preferences(id=ex.USER_ID)
    assert before.notifications.streak_reminder == ["email"]
    assert before.streak is None
    assert sent(before) == ex.DEFAULTS

    # As Trophy's own code sample sends it: a plain dict.
    updated = sdk.users.update_preferences(id=ex.USER_ID, notifications=ex.UPDATE["notifications"])
    assert updated.notifications.achievement_completed == ["email", "push"]
    assert sent(updated) == ex.UPDATED

    # And as the SDK's model, whose unset types it leaves out of the body.
    model = NotificationPreferences(recap=["push"], reactivation=[])
    again = sdk.users.update_preferences(id=ex.USER_ID, notifications=model)
    expected = {**ex.UPDATED["notifications"], "recap": ["push"], "reactivation": []}
    assert sent(again) == {"notifications": expected}
    assert sent(sdk.users.get_preferences(id=ex.USER_ID)) == {"notifications": expected}
    assert in_process(service, "user_preferences", ex.USER_ID) == {"notifications": expected}


def test_studyxps_refusals_raise_the_sdks_exceptions(service, sdk):
    with pytest.raises(NotFoundError) as unknown:
        sdk.users.get_preferences(id="nobody")
    with pytest.raises(NotFoundError):
        sdk.users.update_preferences(id="nobody", notifications={"recap": []})
    with pytest.raises(UnprocessableEntityError) as channel:
        sdk.users.update_preferences(id=ex.USER_ID, notifications={"recap": ["sms"]})
    with pytest.raises(ForbiddenError) as streak:
        sdk.users.update_preferences(
            id=ex.USER_ID, notifications={"recap": []}, streak=StreakPreferences(enabled=False)
        )

    assert unknown.value.body == {"error": "User 'nobody' not found"}
    assert channel.value.body == {
        "error": "Unknown channel 'sms' in 'notifications.recap': use email or push"
    }
    assert streak.value.body == {"error": NO_STREAK_PREFERENCES}
    assert sent(sdk.users.get_preferences(id=ex.USER_ID)) == ex.DEFAULTS
