"""The rate limiter (app/ratelimit.py): rates, counting, windows, and one counter per subject
shared by every engine and process on the database. Runs on SQLite and PostgreSQL.
"""

import hashlib
import multiprocessing

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.ratelimit import (
    API_KEY,
    CLEANUP_INTERVAL,
    Rate,
    RateLimitCounter,
    RateLimiter,
    block_size,
)
from tests.support.databases import database_for

START = 1_800_000_000  # a Unix time, so window ends are easy to read


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    return database_for(request.param, tmp_path)


@pytest.fixture
def limiter(app, clock) -> RateLimiter:
    """A limiter whose clock stands at START until the test moves it."""
    clock.set(START)
    with app.app_context():
        yield RateLimiter(db.engine)


def counter_rows(app) -> list[tuple]:
    with app.app_context(), db.engine.connect() as conn:
        table = RateLimitCounter.__table__
        return conn.execute(sa.select(table.c.scope, table.c.hits, table.c.window_end)).all()


@pytest.mark.parametrize(
    ("text", "limit", "period", "written"),
    [
        ("6000/minute", 6000, 60, "6000/minute"),
        ("1000000/minute", 1_000_000, 60, "1000000/minute"),
        ("1/second", 1, 1, "1/second"),
        ("30/hour", 30, 3600, "30/hour"),
        ("5/15 minutes", 5, 900, "5/15 minutes"),
        ("5/15minutes", 5, 900, "5/15 minutes"),
        ("100/2 hours", 100, 7200, "100/2 hours"),
        ("10/30 seconds", 10, 30, "10/30 seconds"),
    ],
)
def test_rate_parses_hits_per_period(text, limit, period, written):
    rate = Rate.parse(text)

    assert (rate.limit, rate.period, str(rate)) == (limit, period, written)


@pytest.mark.parametrize(
    "text",
    [
        "6000/min",
        "6000 / minute",
        " 6000/minute",
        "6000/minute ",
        "6000",
        "6000/day",
        "0/minute",
        "-5/minute",
        "06000/minute",
        "5/0 minutes",
        "1.5/second",
        "6000/MINUTE",
        "",
        "off",
    ],
)
def test_rate_refuses_anything_else_and_says_how_to_write_one(text):
    with pytest.raises(ValueError) as error:
        Rate.parse(text)

    assert str(error.value) == (
        f"{text!r} is not a rate: write N/second, N/minute, N/hour or N/M minutes "
        "(or seconds, hours), such as 6000/minute or 5/15 minutes"
    )


def test_rate_refuses_a_limit_past_a_billion():
    with pytest.raises(ValueError, match="at most 1000000000 per period"):
        Rate.parse("1000000001/second")


def test_hits_are_counted_up_to_the_limit_and_past_it(limiter):
    rate = Rate.parse("3/minute")

    usages = [limiter.hit(API_KEY, "key-1", rate) for _ in range(5)]

    assert [u.hits for u in usages] == [1, 2, 3, 4, 5]
    assert [u.exceeded for u in usages] == [False, False, False, True, True]
    assert [u.remaining for u in usages] == [2, 1, 0, 0, 0]


def test_subjects_and_scopes_count_separately(limiter):
    rate = Rate.parse("3/minute")
    for _ in range(4):
        limiter.hit(API_KEY, "key-1", rate)

    assert limiter.hit(API_KEY, "key-2", rate).hits == 1
    assert limiter.hit("login-ip", "key-1", rate).hits == 1
    assert limiter.hit(API_KEY, "key-1", rate).hits == 5


def test_retry_after_counts_down_to_the_end_of_the_window_opened_by_the_first_hit(limiter, clock):
    rate = Rate.parse("2/minute")
    first = limiter.hit(API_KEY, "key-1", rate)
    clock.set(START + 10.7)
    second = limiter.hit(API_KEY, "key-1", rate)
    clock.set(START + 45)
    refused = limiter.hit(API_KEY, "key-1", rate)
    clock.set(START + 59.9)
    last_second = limiter.hit(API_KEY, "key-1", rate)

    assert [u.window_end for u in (first, second, refused, last_second)] == [START + 60] * 4
    assert [u.retry_after for u in (first, second, refused, last_second)] == [60, 50, 15, 1]
    assert refused.retry_in_minutes() == "1 minute"


def test_hits_while_limited_do_not_push_the_window_back(limiter, clock):
    rate = Rate.parse("1/minute")
    for second in range(0, 60, 5):
        clock.set(START + second)
        usage = limiter.hit(API_KEY, "key-1", rate)

    assert (usage.hits, usage.window_end) == (12, START + 60)


def test_the_first_hit_after_the_window_ends_opens_a_new_one(limiter, clock):
    rate = Rate.parse("2/minute")
    for _ in range(3):
        limiter.hit(API_KEY, "key-1", rate)

    clock.set(START + 60)
    usage = limiter.hit(API_KEY, "key-1", rate)

    assert (usage.hits, usage.exceeded, usage.window_end) == (1, False, START + 120)
    assert usage.retry_after == 60


def test_retry_in_minutes_rounds_up(limiter, clock):
    rate = Rate.parse("5/15 minutes")
    limiter.hit("login-email", "ana@example.com", rate)

    clock.set(START + 1)
    assert limiter.hit("login-email", "ana@example.com", rate).retry_in_minutes() == "15 minutes"
    clock.set(START + 841)
    assert limiter.hit("login-email", "ana@example.com", rate).retry_in_minutes() == "1 minute"


def test_reset_forgets_one_subject_only(limiter):
    rate = Rate.parse("5/15 minutes")
    for _ in range(3):
        limiter.hit("login-email", "ana@example.com", rate)
        limiter.hit("login-email", "bob@example.com", rate)

    limiter.reset("login-email", "ana@example.com")

    assert limiter.hit("login-email", "ana@example.com", rate).hits == 1
    assert limiter.hit("login-email", "bob@example.com", rate).hits == 4


def test_subjects_are_stored_as_digests_not_in_the_clear(app, limiter):
    limiter.hit("login-email", "ana@example.com", Rate.parse("5/15 minutes"))

    with app.app_context():
        stored = db.session.scalars(sa.select(RateLimitCounter.subject)).all()
    assert stored == [hashlib.sha256(b"ana@example.com").hexdigest()]


def test_ended_windows_are_deleted_at_most_once_a_cleanup_interval(app, limiter, clock):
    short, long = Rate.parse("5/10 seconds"), Rate.parse("5/hour")
    limiter.hit(API_KEY, "short-lived", short)  # the first hit of a process cleans up
    limiter.hit(API_KEY, "long-lived", long)

    clock.set(START + CLEANUP_INTERVAL - 1)  # "short-lived" has ended, no cleanup due yet
    limiter.hit(API_KEY, "another", long)
    assert len(counter_rows(app)) == 3

    clock.set(START + CLEANUP_INTERVAL)
    limiter.hit(API_KEY, "long-lived", long)
    assert sorted(hits for _, hits, _ in counter_rows(app)) == [1, 2]


def test_delete_ended_keeps_running_windows(app, limiter, clock):
    limiter.hit(API_KEY, "ends-at-10", Rate.parse("5/10 seconds"))
    limiter.hit(API_KEY, "ends-at-11", Rate.parse("5/11 seconds"))
    clock.set(START + 10)

    assert limiter.delete_ended() == 1
    assert counter_rows(app) == [(API_KEY, 1, START + 11)]


def test_a_count_is_committed_at_once_outside_the_callers_transaction(app, limiter):
    rate = Rate.parse("3/minute")
    with app.app_context():
        db.session.execute(sa.select(RateLimitCounter))  # the request's own transaction
        limiter.hit(API_KEY, "key-1", rate)
        db.session.rollback()

    assert counter_rows(app) == [(API_KEY, 1, START + 60)]


def test_on_postgresql_a_count_skips_the_wal_flush_of_its_own_commit_only(app, limiter):
    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            pytest.skip("synchronous_commit is PostgreSQL's")
        values = {"scope": API_KEY, "subject": "k", "now": START, "window_end": START + 60}
        values["step"] = 1
        # Inside a transaction, to see the setting the count's own transaction commits with.
        assert conn.execute(limiter._count, values).one() == (1, START + 60)
        assert conn.scalar(sa.text("SHOW synchronous_commit")) == "off"
        conn.rollback()
        assert conn.scalar(sa.text("SHOW synchronous_commit")) == "on"

    limiter.hit(API_KEY, "key-1", Rate.parse("3/minute"))
    with app.app_context(), limiter.engine.connect() as conn:
        assert conn.scalar(sa.text("SHOW synchronous_commit")) == "on"
    assert counter_rows(app) == [(API_KEY, 1, START + 60)]


def test_two_engines_on_one_database_share_each_counter(app, database_url, clock):
    rate = Rate.parse("4/minute")
    engines = [sa.create_engine(database_url) for _ in range(2)]
    try:
        first, second = (RateLimiter(engine) for engine in engines)
        usages = [limiter.hit(API_KEY, "key-1", rate) for limiter in (first, second) * 3]
    finally:
        for engine in engines:
            engine.dispose()

    assert [u.hits for u in usages] == [1, 2, 3, 4, 5, 6]
    assert [u.exceeded for u in usages] == [False] * 4 + [True] * 2


def test_a_large_limit_is_counted_a_block_at_a_time(app, limiter):
    rate = Rate.parse("2000/minute")  # blocks of 2000 // BLOCK_SHARE = 10 hits
    assert block_size(rate) == 10

    usages = [limiter.hit(API_KEY, "key-1", rate) for _ in range(25)]

    assert [u.hits for u in usages] == list(range(1, 26))
    assert {u.window_end for u in usages} == {START + 60}
    # Three upserts of 10 hits each: the stored count is what this process reserved.
    assert counter_rows(app) == [(API_KEY, 30, START + 60)]


def test_blocks_make_a_client_refused_early_by_what_another_process_holds_never_late(
    app, database_url, clock
):
    rate = Rate.parse("400/minute")  # blocks of 2
    engines = [sa.create_engine(database_url) for _ in range(2)]
    try:
        first, second = (RateLimiter(engine) for engine in engines)
        assert first.hit(API_KEY, "key-1", rate).hits == 1  # holds counts 1 and 2
        usages = [second.hit(API_KEY, "key-1", rate) for _ in range(399)]
    finally:
        for engine in engines:
            engine.dispose()

    assert [u.hits for u in usages] == list(range(3, 402))
    # The 400th request in all is refused: one early, the count the first process holds.
    assert [u.exceeded for u in usages].index(True) == 398


def test_a_block_ends_with_its_window_and_with_a_reset(app, limiter, clock):
    rate = Rate.parse("2000/minute")
    assert limiter.hit(API_KEY, "key-1", rate).hits == 1
    clock.shift(seconds=60)
    assert [limiter.hit(API_KEY, "key-1", rate).hits for _ in range(2)] == [1, 2]
    limiter.reset(API_KEY, "key-1")
    assert limiter.hit(API_KEY, "key-1", rate).hits == 1
    assert counter_rows(app) == [(API_KEY, 10, START + 120)]


def hit_from_another_process(database_url: str, barrier, rounds: int, hits: int) -> list[int]:
    """Run in a child process: an app of its own on the database, counting `rounds` bursts of
    `hits` hits, each burst started together with the other process's (at `barrier`)."""
    app = create_app({"SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url})
    counts = []
    with app.app_context():
        limiter = app.extensions["rate_limits"].limiter
        rate = Rate.parse("1000/minute")
        for _ in range(rounds):
            barrier.wait(timeout=60)
            counts += [limiter.hit(API_KEY, "shared", rate).hits for _ in range(hits)]
        db.engine.dispose()
    return counts


# The child processes read the real time, which the calendar sweep does not move.
@pytest.mark.calendar_free
def test_processes_counting_at_the_same_time_share_one_counter_and_lose_no_hit(app, database_url):
    context = multiprocessing.get_context("spawn")
    rounds, hits = 5, 30
    with context.Manager() as manager, context.Pool(2) as pool:
        barrier = manager.Barrier(2)
        results = [
            pool.apply_async(hit_from_another_process, (database_url, barrier, rounds, hits))
            for _ in range(2)
        ]
        counts = [result.get(timeout=120) for result in results]

    # Every hit saw a count of its own: 300 hits, counted 1 to 300 with no gap or repeat
    # (1000/minute is counted in blocks of 5, which each burst of 30 uses up).
    assert sorted(counts[0] + counts[1]) == list(range(1, 301))
    # Each burst of 60 hits started in both processes at once, whatever the machine's load
    # (a busy database may still let one process through first within a burst): burst n's
    # counts are exactly 60n-59 to 60n, shared between the two processes.
    for n in range(rounds):
        burst = sorted(counts[0][n * hits : (n + 1) * hits] + counts[1][n * hits : (n + 1) * hits])
        assert burst == list(range(n * 2 * hits + 1, (n + 1) * 2 * hits + 1))


@pytest.fixture
def env(monkeypatch, tmp_path):
    """What create_app() reads from the environment, on a scratch SQLite file."""
    monkeypatch.setenv("SECRET_KEY", "s")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    for name in (
        "STUDYXP_RATE_LIMITS",
        "STUDYXP_API_RATE_LIMIT",
        "STUDYXP_LOGIN_RATE_LIMIT",
        "STUDYXP_LOGIN_IP_RATE_LIMIT",
        "STUDYXP_REGISTER_RATE_LIMIT",
        "STUDYXP_FLIP_RATE_LIMIT",
        "STUDYXP_REVIEW_RATE_LIMIT",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_when_the_environment_says_nothing(env):
    limits = create_app().extensions["rate_limits"]

    assert limits.enabled is True
    assert {scope: str(rate) for scope, rate in limits.rates.items()} == {
        "api-key": "6000/minute",
        "login-email": "5/15 minutes",
        "login-ip": "30/minute",
        "register-ip": "60/hour",
        "flip-account": "20/10 seconds",
        "review-account": "20/10 seconds",
    }


def test_rates_come_from_the_environment(env):
    env.setenv("STUDYXP_API_RATE_LIMIT", "1000000/minute")
    env.setenv("STUDYXP_LOGIN_RATE_LIMIT", "10/hour")
    env.setenv("STUDYXP_LOGIN_IP_RATE_LIMIT", "100/minute")
    env.setenv("STUDYXP_REGISTER_RATE_LIMIT", "5/10 minutes")
    env.setenv("STUDYXP_FLIP_RATE_LIMIT", "50/30 seconds")
    env.setenv("STUDYXP_REVIEW_RATE_LIMIT", "30/20 seconds")

    rates = create_app().extensions["rate_limits"].rates

    assert (rates["api-key"].limit, rates["api-key"].period) == (1_000_000, 60)
    assert (rates["login-email"].limit, rates["login-email"].period) == (10, 3600)
    assert (rates["login-ip"].limit, rates["login-ip"].period) == (100, 60)
    assert (rates["register-ip"].limit, rates["register-ip"].period) == (5, 600)
    assert (rates["flip-account"].limit, rates["flip-account"].period) == (50, 30)
    assert (rates["review-account"].limit, rates["review-account"].period) == (30, 20)


@pytest.mark.parametrize(("value", "enabled"), [("off", False), ("OFF", False), ("on", True)])
def test_rate_limits_switch_off_and_on(env, value, enabled):
    env.setenv("STUDYXP_RATE_LIMITS", value)

    assert create_app().extensions["rate_limits"].enabled is enabled


def test_a_malformed_rate_stops_the_app_from_starting_and_names_the_variable(env):
    env.setenv("STUDYXP_API_RATE_LIMIT", "6000/min")

    with pytest.raises(ValueError) as error:
        create_app()

    assert str(error.value) == (
        "API_RATE_LIMIT (environment: STUDYXP_API_RATE_LIMIT): '6000/min' is not a rate: "
        "write N/second, N/minute, N/hour or N/M minutes (or seconds, hours), "
        "such as 6000/minute or 5/15 minutes"
    )


def test_an_unknown_switch_value_stops_the_app_from_starting(env):
    env.setenv("STUDYXP_RATE_LIMITS", "disabled")

    with pytest.raises(ValueError) as error:
        create_app()

    assert str(error.value) == "STUDYXP_RATE_LIMITS must be 'on' or 'off', not 'disabled'"
