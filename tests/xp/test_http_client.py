"""HttpXpClient (app/xp/client/http.py) against a second StudyXP serving the API over HTTP.

The service runs in a werkzeug thread at a free port on its own database (SQLite and
PostgreSQL, like every XP test) with its own API key; tests/xp/live_service.py records each
request it gets and can answer with faults first.
"""

import socket
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import func, select

from app import config
from app.extensions import db
from app.xp.client import xp_client
from app.xp.client.http import HttpXpClient, retry_after_seconds
from app.xp.client.in_process import InProcessXpClient
from app.xp.errors import BadRequest, NotFound, Unprocessable, XpUnavailable
from app.xp.models.metrics import MetricEvent
from app.xp.models.points import PointsAward
from tests.support import build_app
from tests.xp.live_service import Sleep, Status, in_process, make_client, start_xp_service

# Left out of the calendar sweep (.ci/run): retries, timeouts and the wire: no calendar.
pytestmark = pytest.mark.calendar_free

METRIC = "flashcards-flipped"


@pytest.fixture
def service(database_url):
    service = start_xp_service(database_url)
    yield service
    service.close()


def ledger(service, user_id: str) -> dict:
    """The service's stored events, awards and XP total for one user."""
    with service.app.app_context():
        events = db.session.scalar(select(func.count()).select_from(MetricEvent))
        awards = sorted(db.session.scalars(select(PointsAward.awarded)))
    points = in_process(service, "user_points", user_id, "xp")
    return {"events": events, "awards": list(awards), "xp": points["total"]}


def closed_port() -> int:
    """A local port nothing listens on: connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Same answers as the in-process client


def test_every_method_answers_what_the_in_process_client_answers(service, remote):
    event = remote.record_event(METRIC, {"id": "18", "tz": "Europe/London"}, 5, idempotency_key="a")

    replay = in_process(service, "record_event", METRIC, {"id": "18"}, 5, idempotency_key="a")
    assert event == {**replay, "idempotentReplayed": False}
    assert event["points"]["xp"]["added"] == 10
    assert event["idempotencyKey"] == "a"

    points = remote.user_points("18", "xp", awards=5)
    assert points == in_process(service, "user_points", "18", "xp", awards=5)
    assert (points["total"], len(points["awards"])) == (10, 1)

    today = date.fromisoformat(event["points"]["xp"]["awards"][0]["date"][:10])
    summary = remote.points_event_summary("18", "xp", "daily", today - timedelta(days=1), today)
    assert summary == in_process(
        service, "points_event_summary", "18", "xp", "daily", today - timedelta(days=1), today
    )
    yesterday = (today - timedelta(days=1)).isoformat()
    assert summary == [
        {"date": yesterday, "total": 0, "change": 0},
        {"date": today.isoformat(), "total": 10, "change": 10},
    ]

    system = remote.points_system("xp")
    assert system == in_process(service, "points_system", "xp")
    assert [t["metricThreshold"] for t in system["triggers"]] == [5, 25, 10]

    levels = remote.points_levels("xp")
    assert levels == in_process(service, "points_levels", "xp")
    assert [(lv["name"], lv["points"]) for lv in levels][:2] == [("Novice", 0), ("Apprentice", 100)]


def test_an_event_without_a_key_answers_as_in_process_and_sends_a_key_of_its_own(service, remote):
    event = remote.record_event(METRIC, {"id": "19"}, 25)
    local = in_process(service, "record_event", METRIC, {"id": "20"}, 25)

    assert list(event) == list(local)
    assert "idempotencyKey" not in event
    assert event["points"]["xp"]["added"] == 100  # 5 x 10 + 1 x 50
    sent = service.wsgi.attempts[-1].idempotency_key
    assert uuid.UUID(sent).version == 4


def test_user_ids_with_slashes_dots_and_query_characters_reach_their_user(service, remote):
    for user_id in ("team/a b?c#d%", "..", "/lead"):
        remote.record_event(METRIC, {"id": user_id}, 5)

        assert remote.user_points(user_id, "xp") == in_process(
            service, "user_points", user_id, "xp"
        )
        assert remote.user_points(user_id, "xp")["total"] == 10


# Errors: the same exceptions and messages as in-process


ERROR_CASES = {
    "unknown metric": ("record_event", ("nope", {"id": "18"}, 1), NotFound),
    "unknown time zone": (
        "record_event",
        (METRIC, {"id": "18", "tz": "Nowhere/City"}, 1),
        BadRequest,
    ),
    "user without id": ("record_event", (METRIC, {}, 1), BadRequest),
    "value not a number": ("record_event", (METRIC, {"id": "18"}, "1"), BadRequest),
    "value out of range": ("record_event", (METRIC, {"id": "18"}, 2e9), Unprocessable),
    "unknown user": ("user_points", ("ghost", "xp"), NotFound),
    "empty user id": ("user_points", ("", "xp"), NotFound),
    "unknown points system": ("user_points", ("18", "gold"), NotFound),
    "awards 0": ("user_points", ("18", "xp", 0), Unprocessable),
    "awards 101": ("user_points", ("18", "xp", 101), Unprocessable),
    "bad aggregation": (
        "points_event_summary",
        ("18", "xp", "hourly", date(2026, 1, 1), date(2026, 1, 2)),
        Unprocessable,
    ),
    "range over 400 days": (
        "points_event_summary",
        ("18", "xp", "daily", date(2025, 1, 1), date(2026, 2, 6)),
        Unprocessable,
    ),
    "start after end": (
        "points_event_summary",
        ("18", "xp", "daily", date(2026, 1, 2), date(2026, 1, 1)),
        Unprocessable,
    ),
    "no such system": ("points_system", ("gold",), NotFound),
    "no such system's levels": ("points_levels", ("gold",), NotFound),
}


@pytest.mark.parametrize("case", ERROR_CASES, ids=list(ERROR_CASES))
def test_errors_are_the_in_process_exceptions_with_the_service_message(service, remote, case):
    method, args, expected = ERROR_CASES[case]
    in_process(service, "record_event", METRIC, {"id": "18"}, 1)
    with pytest.raises(expected) as local:
        in_process(service, method, *args)

    with pytest.raises(expected) as over_http:
        getattr(remote, method)(*args)

    assert over_http.value.message == local.value.message
    assert type(over_http.value) is type(local.value)


@pytest.mark.parametrize(
    ("key", "expected", "message"),
    [
        ("", BadRequest, "Idempotency-Key must not be empty"),
        ("k" * 256, Unprocessable, "Idempotency-Key must be at most 255 characters"),
    ],
)
def test_a_bad_idempotency_key_gets_the_service_answer(service, remote, key, expected, message):
    with pytest.raises(expected, match=message):
        remote.record_event(METRIC, {"id": "18"}, 1, idempotency_key=key)

    assert [a.idempotency_key for a in service.wsgi.attempts] == [key]  # sent once, no retry
    with pytest.raises(NotFound):
        in_process(service, "user_points", "18", "xp")  # nothing was recorded


def test_a_key_that_cannot_travel_in_a_header_is_refused_before_sending(service, remote):
    with pytest.raises(BadRequest, match="Idempotency-Key must be printable ASCII"):
        remote.record_event(METRIC, {"id": "18"}, 1, idempotency_key=" späť ")

    assert service.wsgi.attempts == []


# Retries


def test_429_with_retry_after_seconds_is_waited_out_then_awards_once(service, remote):
    service.wsgi.play(Status(429, {"Retry-After": "1"}))

    event = remote.record_event(METRIC, {"id": "18"}, 5, idempotency_key="r1")

    first, second = service.wsgi.attempts
    assert 1.0 <= second.at - first.at < 2.0
    assert [first.idempotency_key, second.idempotency_key] == ["r1", "r1"]
    assert event["points"]["xp"]["added"] == 10
    assert event["idempotentReplayed"] is False
    assert ledger(service, "18") == {"events": 1, "awards": [10], "xp": 10}


def test_429_with_an_http_date_retry_after_is_waited_out(service, remote, clock):
    when = clock.now.replace(microsecond=0) + timedelta(seconds=2)
    service.wsgi.play(Status(429, {"Retry-After": format_datetime(when, usegmt=True)}))

    remote.record_event(METRIC, {"id": "18"}, 5)

    first, second = service.wsgi.attempts
    # The date has whole seconds: 2 s ahead of a clock that was up to 1 s further on.
    assert 1.0 <= second.at - first.at < 3.0
    assert ledger(service, "18")["xp"] == 10


def test_retry_after_is_read_as_seconds_or_an_http_date():
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)

    assert retry_after_seconds("3", now) == 3.0
    assert retry_after_seconds("Sun, 01 Mar 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Sun, 01 Mar 2026 11:00:00 GMT", now) == 0.0  # already past
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds("-1", now) is None
    assert retry_after_seconds("", now) is None
    assert retry_after_seconds(None, now) is None


def test_a_retry_after_longer_than_the_call_limit_fails_at_once_and_pauses_calls(service):
    remote = make_client(service, max_call_seconds=3)
    service.wsgi.play(Status(429, {"Retry-After": "30"}))

    started = time.monotonic()
    with pytest.raises(XpUnavailable) as error:
        remote.record_event(METRIC, {"id": "18"}, 1)
    assert time.monotonic() - started < 0.5
    assert error.value.message == (
        f"The XP service at {service.url} answered 429 and asked to retry after 30 s; "
        "retrying would take over 3 s (after 1 attempt)"
    )
    assert error.value.status_code == 503

    # The service asked for 30 s: this worker does not call it again before then.
    with pytest.raises(XpUnavailable, match=r"was unavailable moments ago; trying again in 30 s"):
        remote.user_points("18", "xp")
    assert len(service.wsgi.attempts) == 1


def test_5xx_answers_are_retried_with_backoff_and_the_same_key(service):
    remote = make_client(service, backoff=0.2)
    service.wsgi.play(Status(503), Status(502, body="<html>Bad Gateway</html>"))

    event = remote.record_event(METRIC, {"id": "18"}, 5, idempotency_key="s1")

    first, second, third = service.wsgi.attempts
    assert {first.idempotency_key, second.idempotency_key, third.idempotency_key} == {"s1"}
    # Exponential with jitter: the n-th wait is between half and all of 0.2 s x 2^(n-1).
    assert 0.1 <= second.at - first.at < 0.2 + 0.3
    assert 0.2 <= third.at - second.at < 0.4 + 0.3
    assert event["points"]["xp"]["added"] == 10
    assert ledger(service, "18") == {"events": 1, "awards": [10], "xp": 10}


def test_a_5xx_that_outlasts_the_retries_is_xp_unavailable(service):
    remote = make_client(service, retries=2)
    service.wsgi.play(Status(500), Status(500), Status(500))

    with pytest.raises(XpUnavailable) as error:
        remote.points_system("xp")

    assert error.value.message == f"The XP service at {service.url} answered 500, after 3 attempts"
    assert len(service.wsgi.attempts) == 3


@pytest.mark.parametrize("caller_key", ["t1", None], ids=["caller's key", "client's own key"])
@pytest.mark.parametrize("lost", ["answer", "request"])
def test_a_retry_after_a_read_timeout_awards_once(service, caller_key, lost):
    """The first attempt outlives the read timeout: applied with its answer lost, or late."""
    remote = make_client(service, timeout=1.0)
    service.wsgi.play(Sleep(2.0, after=lost == "answer"))

    event = remote.record_event(METRIC, {"id": "18"}, 5, idempotency_key=caller_key)
    service.wsgi.wait_until_finished(len(service.wsgi.attempts))

    # Another attempt may follow on a busy machine; each carries the same key.
    first, second, *_ = service.wsgi.attempts
    assert second.at - first.at >= 0.95
    assert len({a.idempotency_key for a in service.wsgi.attempts}) == 1
    assert ledger(service, "18") == {"events": 1, "awards": [10], "xp": 10}
    # The caller sees the event it caused, not a replay of its own lost attempt.
    assert event["points"]["xp"]["added"] == 10
    assert event.get("idempotentReplayed", False) is False
    assert remote.user_points("18", "xp")["total"] == 10


def test_a_repeated_key_is_still_reported_as_a_replay(service, remote):
    remote.record_event(METRIC, {"id": "18"}, 5, idempotency_key="twice")

    again = remote.record_event(METRIC, {"id": "18"}, 5, idempotency_key="twice")

    assert again["idempotentReplayed"] is True
    assert ledger(service, "18") == {"events": 1, "awards": [10], "xp": 10}


# The service down, slow or misconfigured


def test_a_stopped_service_is_xp_unavailable_fast(service):
    url = service.url
    service.stop()
    remote = HttpXpClient(
        url, service.api_key, timeout=0.5, connect_timeout=0.5, retries=2, backoff=0.05
    )

    started = time.monotonic()
    with pytest.raises(XpUnavailable) as error:
        remote.record_event(METRIC, {"id": "18"}, 1, idempotency_key="down")
    elapsed = time.monotonic() - started

    assert elapsed < 0.6  # refused at once; only the two short backoffs are waited
    assert error.value.message == (
        f"The XP service at {url} could not be reached (ConnectionError), after 3 attempts"
    )


def test_a_service_that_never_answers_times_out_within_the_configured_timeouts():
    with socket.socket() as silent:  # accepts connections (the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/api/v1"
        remote = HttpXpClient(url, "sxp_key", timeout=0.3, connect_timeout=0.3, retries=1)

        started = time.monotonic()
        with pytest.raises(XpUnavailable) as error:
            remote.points_system("xp")
        elapsed = time.monotonic() - started

    assert 0.6 <= elapsed < 1.2  # two attempts of 0.3 s and one backoff of at most 0.25 s
    assert error.value.message == (
        f"The XP service at {url} did not answer within 0.3 s, after 2 attempts"
    )


def test_retries_end_at_the_call_time_limit():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/api/v1"
        remote = HttpXpClient(url, "sxp_key", timeout=0.4, retries=10, max_call_seconds=1.0)

        started = time.monotonic()
        with pytest.raises(XpUnavailable, match="did not answer within"):
            remote.points_system("xp")
        elapsed = time.monotonic() - started

    assert 0.8 <= elapsed < 1.3


def test_after_a_failure_calls_fail_at_once_until_the_cooldown_ends(service):
    seconds = [1000.0]  # the client's monotonic clock, moved by the test
    remote = make_client(service, retries=0, cooldown=30, monotonic=lambda: seconds[0])
    service.wsgi.play(Status(503))

    with pytest.raises(XpUnavailable, match="answered 503, after 1 attempt$"):
        remote.points_system("xp")
    with pytest.raises(XpUnavailable, match="was unavailable moments ago; trying again in 30 s"):
        remote.points_system("xp")
    seconds[0] += 29.5
    with pytest.raises(XpUnavailable, match="trying again in 1 s"):
        remote.points_system("xp")
    assert len(service.wsgi.attempts) == 1

    seconds[0] += 0.5
    assert remote.points_system("xp")["key"] == "xp"
    assert len(service.wsgi.attempts) == 2


def test_a_wrong_api_key_is_xp_unavailable_without_retrying(service):
    remote = HttpXpClient(service.url, "sxp_wrong", backoff=0.01)

    with pytest.raises(XpUnavailable) as error:
        remote.user_points("18", "xp")

    assert error.value.message == (
        f"The XP service at {service.url} refused the API key "
        "(401: Invalid or revoked API key); check XP_API_KEY"
    )
    assert len(service.wsgi.attempts) == 1


def test_an_answer_that_is_not_json_is_xp_unavailable(service, remote):
    service.wsgi.play(Status(200, body="<html>Welcome to nginx</html>"))

    with pytest.raises(XpUnavailable) as error:
        remote.points_system("xp")

    assert error.value.message == (
        f"The XP service at {service.url} answered 200 with something other than JSON"
    )


def test_a_url_without_the_api_path_is_xp_unavailable_not_a_missing_user(service):
    root = service.url.removesuffix("/api/v1")
    remote = HttpXpClient(root, service.api_key, backoff=0.01)

    with pytest.raises(XpUnavailable) as error:
        remote.user_points("18", "xp")

    assert error.value.message == (
        f"The XP service at {root} answered 404 without an XP error; check XP_API_URL"
    )


def test_threads_share_a_client_and_every_event_counts_once(service, remote):
    def flip_five(worker: int):
        for n in range(5):
            remote.record_event(METRIC, {"id": "18"}, 1, idempotency_key=f"{worker}-{n}")

    threads = [threading.Thread(target=flip_five, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # 30 flips: six +10 awards (every 5) and one +50 (every 25).
    assert ledger(service, "18") == {"events": 30, "awards": sorted([10] * 6 + [50]), "xp": 110}


# Settings


def test_xp_api_url_selects_the_http_client_with_the_configured_timeouts(tmp_path):
    app = build_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'study.sqlite3'}",
            "XP_API_URL": "http://xp.internal:8000/api/v1/",
            "XP_API_KEY": "sxp_secret",
            "XP_API_TIMEOUT": 3,
            "XP_API_CONNECT_TIMEOUT": 0.5,
            "XP_API_RETRIES": 4,
        }
    )
    with app.app_context():
        client = xp_client()

    assert isinstance(client, HttpXpClient)
    assert (client.base_url, client.api_key) == ("http://xp.internal:8000/api/v1", "sxp_secret")
    assert (client.timeout, client.connect_timeout, client.retries) == (3, 0.5, 4)


def test_in_process_stays_the_default(tmp_path):
    app = build_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 's.db'}"})
    with app.app_context():
        assert isinstance(xp_client(), InProcessXpClient)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"XP_API_URL": "http://xp.internal/api/v1"},
            "XP_API_URL is set but XP_API_KEY is not: create a key on the XP service with "
            "`flask --app app xp create-api-key NAME` and set XP_API_KEY to it",
        ),
        (
            {"XP_API_URL": "xp.internal/api/v1", "XP_API_KEY": "k"},
            "XP_API_URL must be the XP service's API base URL, such as "
            "http://xp.internal:8000/api/v1, not 'xp.internal/api/v1'",
        ),
        (
            {"XP_API_URL": "http://xp", "XP_API_KEY": "k", "XP_API_TIMEOUT": 0},
            "XP_API_TIMEOUT must be a number of seconds above 0 and at most 10, not 0",
        ),
        (
            {"XP_API_URL": "http://xp", "XP_API_KEY": "k", "XP_API_CONNECT_TIMEOUT": 30},
            "XP_API_CONNECT_TIMEOUT must be a number of seconds above 0 and at most 10, not 30",
        ),
        (
            {"XP_API_URL": "http://xp", "XP_API_KEY": "k", "XP_API_RETRIES": -1},
            "XP_API_RETRIES must be a whole number from 0 to 10, not -1",
        ),
    ],
    ids=["no key", "no scheme", "zero timeout", "long connect timeout", "negative retries"],
)
def test_settings_that_cannot_work_stop_startup_with_a_message(tmp_path, settings, message):
    base = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 's.db'}"}

    with pytest.raises(ValueError) as error:
        build_app({**base, **settings})

    assert str(error.value) == message


def test_xp_api_settings_are_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "env-secret")
    monkeypatch.setenv("XP_API_URL", "http://xp.internal:8000/api/v1")
    monkeypatch.setenv("XP_API_KEY", "sxp_from_env")
    monkeypatch.setenv("XP_API_TIMEOUT", "2.5")
    monkeypatch.setenv("XP_API_CONNECT_TIMEOUT", "1")
    monkeypatch.setenv("XP_API_RETRIES", "3")

    settings = config.from_environment(str(tmp_path))

    assert {k: v for k, v in settings.items() if k.startswith("XP_API_")} == {
        "XP_API_URL": "http://xp.internal:8000/api/v1",
        "XP_API_KEY": "sxp_from_env",
        "XP_API_TIMEOUT": 2.5,
        "XP_API_CONNECT_TIMEOUT": 1.0,
        "XP_API_RETRIES": 3,
    }


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("XP_API_TIMEOUT", "soon", "XP_API_TIMEOUT must be seconds, not 'soon'"),
        ("XP_API_RETRIES", "2.5", "XP_API_RETRIES must be a whole number, not '2.5'"),
    ],
)
def test_unreadable_xp_api_numbers_in_the_environment_stop_startup(
    monkeypatch, tmp_path, name, raw, message
):
    monkeypatch.setenv("SECRET_KEY", "env-secret")
    monkeypatch.setenv(name, raw)

    with pytest.raises(ValueError) as error:
        config.from_environment(str(tmp_path))

    assert str(error.value) == message
