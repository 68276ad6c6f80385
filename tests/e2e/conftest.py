"""Browser tests: the real app served over HTTP from a thread, driven by Chromium.

The browser is Chromium at $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the one
Playwright installs itself (`playwright install chromium`). Without any of them the run fails
and says how to get one: a browser suite that silently skips proves nothing.

The whole browser session runs on one known date. The live server is built once and seeded
with about 60 days of demo history before "today", and every test shares it, so time cannot
jump back to a fresh start for each test: instead the clock starts once, at SESSION_INSTANT
(or the run's --clock instant), before the server is seeded, and ticks on until the session
ends. A test that depends on the moment takes the `clock` fixture, which freezes time where
the session clock stands; a test that moves it moves it forward, and only for learners it
made itself, since the session clock goes back to its course when the test ends.

Every browser context is in BROWSER_TIME_ZONE and BROWSER_LOCALE unless a test asks for
others with @pytest.mark.browser_context_args(timezone_id=..., locale=...). Contexts come
from pytest-playwright's `page`, `context` or `new_context` fixtures, never from
browser.new_context(), which would miss them.

SESSION_INSTANT, the zone and locale, the choice of Chromium and the page helpers every
browser test shares (the one `log_in` and `register`) are in tests/support/browser.py.

Only the app's clock is pinned: Chromium keeps the machine's. That is harmless because page
scripts read no "now" (dates come from the server), Flask's session cookie has no expiry, and
Chromium shifts a cookie's Expires by the difference between its clock and the response's
Date header, so the remember-me cookie, which expires 30 days after the server's pinned now,
lasts 30 days of the browser's time (test_browser_clock.py).

With `--base-url URL` (pytest-playwright's option) the journeys run against the deployment at
URL instead: no live server is built, the session clock is not pinned (the deployment runs at
its own real time), and the tests marked `needs_process` (they reach into the app's process:
its database, the XP engine or the `clock` fixture) skip with NEEDS_PROCESS_REASON (docs/qa.md).
"""

import threading

import flask_migrate
import pytest
import time_machine
from playwright.sync_api import expect
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from tests.support.browser import (
    BROWSER_LOCALE,
    BROWSER_TIME_ZONE,
    NEEDS_PROCESS_REASON,
    OFFLINE_CHROMIUM_ARGS,
    SESSION_INSTANT,
    LiveServer,
    chromium_executable,
    deployment_url,
)

# What a page must show within: 10 s rather than Playwright's 5 s. A passing check returns as
# soon as the page shows it; the margin is for a CI machine whose two cores also run the
# server, the other test process and Chromium.
expect.set_options(timeout=10_000)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "needs_process: reaches into the app's process (database, XP engine, clock fixture); "
        "skipped with --base-url",
    )
    config.addinivalue_line(
        "markers", "smoke: the few journeys run against a second server started from the README"
    )


def pytest_collection_modifyitems(config, items):
    """Against a deployment, the journeys that need the app's process skip and say why."""
    if deployment_url(config) is None:
        return
    skip = pytest.mark.skip(reason=NEEDS_PROCESS_REASON)
    for item in items:
        if item.get_closest_marker("needs_process") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def session_clock(pytestconfig):
    """The browser session's clock: from SESSION_INSTANT (or --clock), ticking on in real
    time until the session ends. Yields the instant it started at; against a deployment
    (--base-url) nothing is pinned and it yields None."""
    if deployment_url(pytestconfig) is not None:
        yield None
        return
    # With several --clock instants (a calendar sweep), the browser session takes the first.
    instant = pytestconfig.sweep[0] if pytestconfig.sweep else SESSION_INSTANT
    traveller = time_machine.travel(instant, tick=True)
    traveller.start()
    yield instant
    traveller.stop()


@pytest.fixture(autouse=True)
def run_clock(session_clock):
    """Overrides the per-test start at --clock (tests/conftest.py): under the shared live
    server, time only moves on from the session clock. The `clock` fixture freezes it where
    it stands; when the test ends, the session clock ticks on from where it would have been."""
    yield


@pytest.fixture(scope="session")
def live_server(pytestconfig, tmp_path_factory, session_clock):
    """The app with seed.py's demo data on 127.0.0.1 at a free port, on a temporary SQLite
    file, seeded at the session clock's date. With --base-url: that deployment, no app."""
    from seed import seed_all

    deployment = deployment_url(pytestconfig)
    if deployment is not None:
        yield LiveServer(url=deployment, app=None)
        return

    database = tmp_path_factory.mktemp("live-server") / "studyxp-e2e.sqlite3"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "e2e-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        }
    )
    with app.app_context():
        # The journeys run on a database built by the migrations, as a real install is.
        flask_migrate.upgrade()
        seed_all()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)

    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Every browser context in one zone and language, whatever the machine's."""
    return {**browser_context_args, "timezone_id": BROWSER_TIME_ZONE, "locale": BROWSER_LOCALE}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Lets pages open paths such as page.goto("/") on the live server (or the deployment)."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_type):
    """pytest-playwright's launch options, plus which Chromium to run and how."""
    if browser_type.name != "chromium":
        return browser_type_launch_args
    args = {**browser_type_launch_args}
    executable = chromium_executable(browser_type.executable_path)
    if executable is not None:
        args["executable_path"] = executable
    args["args"] = [*args.get("args", []), *OFFLINE_CHROMIUM_ARGS]
    return args
