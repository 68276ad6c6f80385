"""HttpXpClient's leaderboard methods answer what InProcessXpClient answers, and raise the same
exceptions with the same messages (the service as in test_http_client.py)."""

from datetime import timedelta

import pytest

from app.xp.errors import NotFound, Unprocessable
from tests.xp.leaderboard_setup import board
from tests.xp.live_service import in_process
from tests.xp.test_http_client import METRIC

# Left out of the calendar sweep (.ci/run): every test sets the clock it runs at.
pytestmark = pytest.mark.calendar_free

START = "2027-03-10T12:00:00Z"  # a Wednesday


@pytest.fixture
def service(database_url, clock):
    """The XP service with a weekly board, a board by city and a finished one, and events."""
    from tests.xp.live_service import start_xp_service

    clock.set(START)
    service = start_xp_service(database_url)
    with service.app.app_context():
        from seed import seed_xp

        seed_xp()
        today = clock.today()
        board("weekly", start=today - timedelta(days=2), run_unit="day", run_interval=7)
        board("by-city", rank_by="points", start=today, breakdown_attributes=["city"])
        board("sprint", start=today - timedelta(days=30), end=today - timedelta(days=20))
    yield service
    service.close()


def send(service, user: str, value: int, city: str = "London"):
    body = {"id": user, "name": user.title(), "attributes": {"city": city}}
    return in_process(service, "record_event", METRIC, body, value)


def test_leaderboard_reads_answer_what_the_in_process_client_answers(service, remote, clock):
    for n, city in enumerate(["London", "Paris", "London", "London"], start=1):
        send(service, f"user-{n}", 5 * n, city)
    clock.shift(days=1)
    send(service, "user-1", 30)

    every = remote.leaderboards(include_finished=True)
    assert every == in_process(service, "leaderboards", include_finished=True)
    assert [(b["key"], b["status"]) for b in every] == [
        ("weekly", "active"),
        ("by-city", "active"),
        ("sprint", "finished"),
    ]
    assert remote.leaderboards() == in_process(service, "leaderboards") == every[:2]

    top = remote.leaderboard("weekly", limit=3)
    assert top == in_process(service, "leaderboard", "weekly", limit=3)
    assert [(r["userId"], r["rank"], r["value"]) for r in top["rankings"]] == [
        ("user-1", 1, 35),
        ("user-4", 2, 20),
        ("user-3", 3, 15),
    ]
    around = {"offset": 1, "limit": 2, "user_id": "user-4"}
    assert remote.leaderboard("weekly", **around) == in_process(
        service, "leaderboard", "weekly", **around
    )
    assert [r["userId"] for r in remote.leaderboard("weekly", **around)["rankings"]] == [
        "user-3",
        "user-2",
    ]
    london = {"user_attributes": "city:London", "run": clock.today()}
    assert remote.leaderboard("by-city", **london) == in_process(
        service, "leaderboard", "by-city", **london
    )
    assert [r["userId"] for r in remote.leaderboard("by-city", **london)["rankings"]] == [
        "user-1",
        "user-4",
        "user-3",
    ]
    assert remote.leaderboard("sprint") == in_process(service, "leaderboard", "sprint")

    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    mine = remote.user_leaderboard("user-1", "weekly", run=yesterday, num_events=5)
    assert mine == in_process(
        service, "user_leaderboard", "user-1", "weekly", run=yesterday, num_events=5
    )
    assert (mine["rank"], mine["value"], len(mine["history"])) == (1, 35, 2)
    assert remote.user_leaderboard("user-2", "by-city") == in_process(
        service, "user_leaderboard", "user-2", "by-city"
    )


def test_an_event_answers_the_boards_it_moved_as_in_process(service, remote):
    send(service, "user-2", 3)

    event = remote.record_event(METRIC, {"id": "user-1", "attributes": {"city": "London"}}, 5)
    replay = in_process(service, "record_event", METRIC, {"id": "user-9"}, 0)

    assert sorted(event["leaderboards"]) == ["by-city", "weekly"]
    assert event["leaderboards"]["weekly"]["rank"] == 1
    assert event["leaderboards"]["weekly"]["previousRank"] is None
    assert event["leaderboards"]["by-city"]["breakdownAttributeValue"] == "London"
    assert list(event) == list(replay)


ERROR_CASES = {
    "unknown board": ("leaderboard", ("monthly",), NotFound),
    "empty board key": ("leaderboard", ("",), NotFound),
    "limit over maxParticipants": ("leaderboard", ("weekly", 0, 1001), Unprocessable),
    "negative offset": ("leaderboard", ("weekly", -1), Unprocessable),
    "offset not a number": ("leaderboard", ("weekly", "ten"), Unprocessable),
    "run not a date": ("leaderboard", ("weekly",), Unprocessable, {"run": "10/03/2027"}),
    "run before the board": ("leaderboard", ("weekly",), Unprocessable, {"run": "2027-01-01"}),
    "unknown user id": ("leaderboard", ("weekly",), NotFound, {"user_id": "ghost"}),
    "user attributes missing": ("leaderboard", ("by-city",), Unprocessable),
    "user attributes wrong": (
        "leaderboard",
        ("by-city",),
        Unprocessable,
        {"user_attributes": "town:Paris"},
    ),
    "user attributes on a plain board": (
        "leaderboard",
        ("weekly",),
        Unprocessable,
        {"user_attributes": "city:Paris"},
    ),
    "unknown user's place": ("user_leaderboard", ("ghost", "weekly"), NotFound),
    "empty user id": ("user_leaderboard", ("", "weekly"), NotFound),
    "unknown board's place": ("user_leaderboard", ("user-1", "monthly"), NotFound),
    "numEvents 101": ("user_leaderboard", ("user-1", "weekly", None, 101), Unprocessable),
    "numEvents -1": ("user_leaderboard", ("user-1", "weekly", None, -1), Unprocessable),
}


@pytest.mark.parametrize("case", ERROR_CASES, ids=list(ERROR_CASES))
def test_errors_are_the_in_process_exceptions_with_the_service_message(service, remote, case):
    method, args, expected, *rest = ERROR_CASES[case]
    kwargs = rest[0] if rest else {}
    send(service, "user-1", 1)
    with pytest.raises(expected) as local:
        in_process(service, method, *args, **kwargs)

    with pytest.raises(expected) as over_http:
        getattr(remote, method)(*args, **kwargs)

    assert over_http.value.message == local.value.message
    assert type(over_http.value) is type(local.value)
