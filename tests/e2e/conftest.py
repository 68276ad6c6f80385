"""Browser tests: the real app served over HTTP from a thread, driven by Chromium.

The browser is Chromium at $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the one
Playwright installs itself (`playwright install chromium`). Without any of them the run fails
and says how to get one: a browser suite that silently skips proves nothing.
"""

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
# Nothing outside this machine answers, so keep Chromium from trying to reach it.
OFFLINE_CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@dataclass
class LiveServer:
    url: str
    app: Flask


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app with seed.py's demo data on 127.0.0.1 at a free port, on a temporary SQLite file."""
    from seed import seed_all

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
def base_url(live_server):
    """Lets pages open paths such as page.goto("/") on the live server."""
    return live_server.url


def chromium_executable(playwright_default: str) -> str | None:
    """The Chromium to launch; None means Playwright's own build at `playwright_default`."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if not Path(configured).is_file():
            pytest.fail(
                f"CHROMIUM_PATH is {configured!r}, which is not a file. Point it at a Chromium "
                "binary, or unset it to use /usr/bin/chromium (apt-get install -y chromium).",
                pytrace=False,
            )
        return configured
    if SYSTEM_CHROMIUM.is_file():
        return str(SYSTEM_CHROMIUM)
    if Path(playwright_default).is_file():
        return None
    pytest.fail(
        "The browser tests need Chromium and none was found. Install it with "
        "`apt-get install -y chromium` (bash .ci/run does), set CHROMIUM_PATH to a Chromium "
        "binary, or run `playwright install chromium`.",
        pytrace=False,
    )


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
