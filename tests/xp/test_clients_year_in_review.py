"""GET /streaks and GET /users/{id}/wrapped through every client, against a StudyXP serving
the API over HTTP (tests/xp/live_service.py) that told the leaderboard chapter: HttpXpClient
answers what InProcessXpClient answers and raises the same errors with the same messages, and
Trophy's official Python SDK (trophy 1.27, unchanged) parses the answers into its own models
(client.streaks.list, client.users.wrapped), StudyXP's errors into its own exceptions."""

import pytest
from trophy import TrophyApi, TrophyApiEnvironment
from trophy.errors import NotFoundError, UnprocessableEntityError

from app.xp.errors import NotFound, Unprocessable
from app.xp.openapi.examples import leaderboards as chapter
from tests.xp.engagement_setup import streaks_on
from tests.xp.leaderboard_setup import tell_the_leaderboard_chapter
from tests.xp.live_service import in_process

# Left out of the calendar sweep (.ci/run): the chapter sets every date it reads.
pytestmark = pytest.mark.calendar_free

IDS = ["42", "7", "5", "18", "nobody"]


@pytest.fixture
def service(database_url, clock):
    """seed.py's demo set-up with daily streaks of flips, the chapter, read at its "now"."""
    from seed import seed_xp
    from tests.xp.live_service import start_xp_service

    service = start_xp_service(database_url)
    with service.app.app_context():
        seed_xp()
        streaks_on()
        tell_the_leaderboard_chapter(clock)
    clock.set(chapter.NOW)
    yield service
    service.close()


def test_both_clients_answer_the_same_streaks_and_year(service, remote):
    streaks = remote.streaks(IDS)

    assert streaks == in_process(service, "streaks", IDS)
    assert [(s["userId"], s["streakLength"], s["extended"]) for s in streaks] == [
        ("5", 1, "2026-11-25T01:00:00Z"),
        ("18", 0, None),
        ("42", 0, None),
        ("7", 0, None),
        ("nobody", 0, None),
    ]
    assert remote.streaks("5,7") == in_process(service, "streaks", "5,7")
    wrapped = remote.user_wrapped("42", year=2026)
    assert wrapped == in_process(service, "user_wrapped", "42", year=2026)
    assert remote.user_wrapped("42") == wrapped  # the default: 2026 in London
    activity = wrapped["activity"]
    assert (activity["daysActive"], activity["weeksActive"], activity["monthsActive"]) == (4, 3, 1)
    assert activity["mostActiveWeek"]["start"] == "2026-11-23"


def test_both_clients_refuse_the_same_input_with_the_same_message(service, remote):
    for error, method, args, kwargs in (
        (Unprocessable, "streaks", ([],), {}),
        (Unprocessable, "streaks", ([f"u{n}" for n in range(101)],), {}),
        (Unprocessable, "user_wrapped", ("42",), {"year": 2027}),
        (Unprocessable, "user_wrapped", ("42",), {"year": 0}),
        (NotFound, "user_wrapped", ("nobody",), {}),
    ):
        with pytest.raises(error) as over_http:
            getattr(remote, method)(*args, **kwargs)
        with pytest.raises(error) as in_proc:
            in_process(service, method, *args, **kwargs)
        assert str(over_http.value) == str(in_proc.value), (method, args, kwargs)


def test_the_trophy_sdk_parses_both_answers_and_raises_its_own_errors(service):
    environment = TrophyApiEnvironment(api=service.url, admin=service.url)
    sdk = TrophyApi(api_key=service.api_key, environment=environment, max_retries=0)

    streaks = sdk.streaks.list(user_ids=IDS)  # sent as userIds=42&userIds=7&...
    assert [(s.user_id, s.streak_length) for s in streaks][:2] == [("5", 1), ("18", 0)]
    assert [s.user_id for s in sdk.streaks.list(user_ids="7,42")] == ["42", "7"]
    wrapped = sdk.users.wrapped(id="5", year=2026)
    assert wrapped.user.id == "5"
    assert wrapped.activity.most_active_day.date == "2026-11-25"
    assert wrapped.activity.most_active_month.month == 10
    assert wrapped.activity.entire_year.longest_streak.length == 1
    assert wrapped.activity.entire_year.points["xp"].current_total == 20
    assert wrapped.activity.most_active_week.leaderboards["weekly-flips"].rank == 3
    assert wrapped == sdk.users.wrapped(id="5")

    with pytest.raises(UnprocessableEntityError) as refused:
        sdk.streaks.list(user_ids=[])
    assert refused.value.body == {
        "error": "'userIds' is required: 1 to 100 user ids separated by commas"
    }
    with pytest.raises(UnprocessableEntityError):
        sdk.users.wrapped(id="5", year=2027)
    with pytest.raises(NotFoundError):
        sdk.users.wrapped(id="nobody")
