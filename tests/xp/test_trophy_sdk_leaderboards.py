"""Trophy's official Python SDK (trophy 1.27, unchanged) against a StudyXP serving the API over
HTTP: its leaderboard calls, and an event that moves boards, parse StudyXP's answers into the
SDK's own models, which hold everything StudyXP sent, and StudyXP's errors raise the SDK's own
exceptions.

The service (tests/xp/live_service.py) tells the document's leaderboard chapter
(app/xp/openapi/examples/leaderboards.py) up to its last event, which the SDK sends.
"""

import pytest
from trophy import TrophyApi, TrophyApiEnvironment, UpsertedUser
from trophy.errors import NotFoundError, UnauthorizedError, UnprocessableEntityError

from app.xp.openapi.examples import leaderboards as ex
from tests.xp.leaderboard_setup import tell_the_leaderboard_chapter
from tests.xp.live_service import in_process
from tests.xp.test_openapi import masked

# Left out of the calendar sweep (.ci/run): the chapter sets every date it reads.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def service(database_url, clock):
    from seed import seed_xp
    from tests.xp.live_service import start_xp_service

    service = start_xp_service(database_url)
    with service.app.app_context():
        seed_xp()
        tell_the_leaderboard_chapter(clock)
    yield service
    service.close()


def sdk_for(service, api_key: str | None = None) -> TrophyApi:
    environment = TrophyApiEnvironment(api=service.url, admin=service.url)
    return TrophyApi(api_key=api_key or service.api_key, environment=environment, max_retries=0)


@pytest.fixture
def sdk(service):
    return sdk_for(service)


def sent(model) -> dict:
    """An SDK model as the JSON it was parsed from (Trophy's field names, dates as text)."""
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


def test_an_event_that_moves_boards_parses_into_the_sdks_event_response(service, sdk, clock):
    user, at, value = ex.LAST_EVENT
    clock.set(at)

    event = sdk.metrics.event(
        "flashcards-flipped",
        user=UpsertedUser(id=user["id"], tz=user["tz"], attributes=user["attributes"]),
        value=value,
    )

    weekly, by_city = event.leaderboards["weekly-flips"], event.leaderboards["xp-by-city"]
    assert (weekly.rank, weekly.previous_rank, weekly.threshold) == (1, 2, 0)
    assert (weekly.start, weekly.end, weekly.user_attributes) == ("2026-11-23", "2026-11-29", [])
    assert by_city.breakdown_attribute_value == "London"
    assert [(v.key, v.value) for v in by_city.breakdown_attribute_values] == [("city", "London")]
    assert masked(sent(event)) == masked(ex.EVENT)


def test_the_sdks_leaderboard_calls_parse_studyxps_answers(service, sdk, clock):
    user, at, value = ex.LAST_EVENT
    clock.set(at)
    in_process(service, "record_event", "flashcards-flipped", user, value)
    clock.set(ex.NOW)

    boards = sdk.leaderboards.all_(include_finished=True)
    assert [(b.key, b.status, b.rank_by) for b in boards] == [
        ("weekly-flips", "active", "metric"),
        ("xp-by-city", "active", "points"),
        ("first-week", "finished", "metric"),
        ("december-streaks", "scheduled", "streak"),
    ]
    assert [masked(sent(b)) for b in boards] == masked(ex.LEADERBOARDS)
    assert [b.key for b in sdk.leaderboards.all_()] == [
        "weekly-flips",
        "xp-by-city",
        "december-streaks",
    ]

    top = sdk.leaderboards.get("weekly-flips", offset=0, limit=3, run="2026-11-25")
    assert [(r.user_id, r.user_name, r.rank, r.value) for r in top.rankings] == [
        ("42", "Ana", 1, 16),
        ("7", "Sam", 2, 12),
        ("5", "Kai", 3, 11),
    ]
    assert masked(sent(top)) == masked(ex.RANKINGS)
    around = sdk.leaderboards.get("weekly-flips", user_id="5", offset=0, limit=2)
    assert [(r.user_id, r.rank) for r in around.rankings] == [("5", 3), ("18", 4)]
    london = sdk.leaderboards.get("xp-by-city", user_attributes="city:London")
    assert [(r.user_id, r.value) for r in london.rankings] == [("42", 140), ("18", 10)]
    assert london.breakdown_attributes == ["city"]
    past = sdk.leaderboards.get("weekly-flips", run="2026-11-17")
    assert [(r.user_id, r.rank, r.value) for r in past.rankings] == [("7", 1, 30), ("42", 2, 20)]

    place = sdk.users.leaderboard("42", "weekly-flips", run="2026-11-25", num_events=5)
    assert (place.rank, place.value) == (1, 16)
    assert [(h.date, h.previous_rank, h.rank) for h in place.history] == [
        ("2026-11-23", None, 1),
        ("2026-11-24", 1, 1),
        ("2026-11-26", 2, 1),
    ]
    assert place.history[0].timestamp.isoformat() == "2026-11-23T00:00:00+00:00"
    assert masked(sent(place)) == masked(ex.USER_PLACE)
    off = sdk.users.leaderboard("7", "december-streaks")
    assert (off.rank, off.value, off.history, off.status) == (None, None, [], "scheduled")


def test_studyxps_errors_raise_the_sdks_exceptions(service, sdk):
    with pytest.raises(NotFoundError) as unknown:
        sdk.leaderboards.get("monthly")
    with pytest.raises(NotFoundError):
        sdk.users.leaderboard("nobody", "weekly-flips")
    with pytest.raises(UnprocessableEntityError) as too_many:
        sdk.leaderboards.get("weekly-flips", limit=101)
    with pytest.raises(UnprocessableEntityError):
        sdk.leaderboards.get("xp-by-city")  # userAttributes is required there
    with pytest.raises(UnprocessableEntityError):
        sdk.users.leaderboard("42", "weekly-flips", num_events=101)
    with pytest.raises(UnauthorizedError):
        sdk_for(service, "sxp_not-a-key").leaderboards.all_()

    assert unknown.value.body == {"error": "Leaderboard 'monthly' not found"}
    assert too_many.value.body == {"error": "'limit' must be at most 100"}
