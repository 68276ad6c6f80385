"""Shared fixtures: an app on a fresh database per test, its clients, and the seeded XP setup.

Tests run on a temporary SQLite file by default. Where a test package overrides
`database_url` with the "postgresql" parameter, it also runs against the PostgreSQL server
named by STUDYXP_TEST_POSTGRES_URL (bash .ci/run starts one and sets it).

Conftest files hold fixtures and hooks only; the helpers they and the tests share are
modules of tests/support/ (the databases: tests/support/databases.py).
"""

import gc
from functools import partial
from pathlib import Path

import pytest
from jinja2 import FileSystemBytecodeCache
from werkzeug.security import generate_password_hash

from app import clock as app_clock
from app.accounts import models as account_models
from app.xp.admin.api_keys import create_api_key
from tests.support import build_app, seed, template_bytecode_cache
from tests.support.clock import Clock, parse_instant, running_from, start_run
from tests.support.databases import DEFAULT_DATABASE, close_app, database_for, drop_postgres_schema
from tests.support.url_rules import builders_compiled_once


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="INSTANT",
        action="append",
        default=[],
        help="Run every test as if it started at this ISO 8601 instant, e.g. "
        "2027-12-31T23:59:00Z; given several times, every test runs once at each (the "
        "calendar sweep). Default: the real time.",
    )


def pytest_configure(config):
    try:
        config.sweep = [parse_instant(value) for value in config.getoption("--clock")]
    except ValueError as error:
        raise pytest.UsageError(f"--clock: {error}") from None
    start_run(config.sweep[0] if config.sweep else app_clock.now())


def pytest_collection_modifyitems(session, config, items):
    """The browser tests run last. Their session clock (tests/e2e/conftest.py) travels to one
    known date until the session ends; run before the others, it would stand in for "the
    real time" of every test after them."""
    e2e = Path(__file__).parent / "e2e"
    items.sort(key=lambda item: item.path.is_relative_to(e2e))


def pytest_collection_finish(session):
    """Tests build thousands of short-lived apps, and Python's cyclic garbage collector, at
    its default thresholds, rescans everything the run has imported again and again: a
    quarter of the suite's time. Set the imported modules aside and collect less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def pytest_report_header(config):
    if config.sweep:
        return "clock: every test starts at " + ", ".join(i.isoformat() for i in config.sweep)
    return None


def pytest_generate_tests(metafunc):
    """With several --clock instants, every test runs once at each: test_x[...-<instant>]."""
    if len(metafunc.config.sweep) > 1:
        metafunc.fixturenames.append("sweep_instant")
        metafunc.parametrize(
            "sweep_instant",
            metafunc.config.sweep,
            ids=[f"{i:%Y-%m-%dT%H:%MZ}" for i in metafunc.config.sweep],
        )


@pytest.fixture(scope="session")
def template_cache() -> FileSystemBytecodeCache:
    """Compiled templates shared by every test's app (build_app gives each app this cache)."""
    return template_bytecode_cache()


@pytest.fixture(autouse=True, scope="session")
def url_builders_compiled_once():
    """Each app's URL rules reuse the builders compiled for the first app's (see the module)."""
    with builders_compiled_once():
        yield


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """One PBKDF2 round instead of scrypt, for the whole run (the browser tests' live server
    and its seeded class included): the same code path, without 0.1 s per account."""
    with pytest.MonkeyPatch.context() as patch:
        fast = partial(generate_password_hash, method="pbkdf2:sha256:1")
        patch.setattr(account_models, "generate_password_hash", fast)
        yield


@pytest.fixture
def real_password_hashing(monkeypatch):
    """Production's password hashing, for the tests about how passwords are stored."""
    monkeypatch.setattr(account_models, "generate_password_hash", generate_password_hash)


@pytest.fixture(autouse=True)
def run_clock(request):
    """Every test starts at the run's --clock instant, ticking on; without it, the real time."""
    sweep = request.config.sweep
    if not sweep:
        yield
        return
    callspec = getattr(request.node, "callspec", None)
    instant = callspec.params["sweep_instant"] if len(sweep) > 1 else sweep[0]
    start_run(instant)  # run_date() and run_instant() answer for this test's instant
    with running_from(instant):
        yield


@pytest.fixture
def clock(run_clock):
    """A frozen clock for a test that depends on the date, moved with clock.set(...) and
    clock.shift(...). It stops where the test's clock stands (the run's --clock instant, else
    the real time), never behind a fixture that ran before it."""
    pinned = Clock(app_clock.now())
    yield pinned
    pinned.stop()


def pytest_sessionfinish(session, exitstatus):
    drop_postgres_schema()


@pytest.fixture
def database_url(tmp_path):
    return database_for(DEFAULT_DATABASE, tmp_path)


@pytest.fixture
def app(database_url):
    app = build_app(
        {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url}
    )
    yield app
    close_app(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def seeded(app):
    """The demo XP setup from seed.py: flashcards-flipped and cards-reviewed; XP with +10/5
    and +50/25 flips and +10/10 cards reviewed."""
    seed(app)
    return app


@pytest.fixture
def api_key(app):
    """The secret of a fresh, active API key."""
    with app.app_context():
        _, secret = create_api_key("tests")
    return secret
