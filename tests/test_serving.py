"""app/serving.py: gunicorn started, waited for and stopped for the load tests and benchmarks.

The load itself is tested in tests/xp/test_gunicorn_load.py; these tests check the harness:
it never leaves a process behind, it says why gunicorn did not start, and it finds another
port when the free one it picked was taken.
"""

import os
import socket

import flask_migrate
import pytest
import requests

from app import create_app, serving
from app.extensions import db
from app.serving import ServerError, serve

# Left out of the calendar sweep (.ci/run): starting and stopping gunicorn: no calendar.
pytestmark = pytest.mark.calendar_free

ENV = {"SECRET_KEY": "serving-test"}


@pytest.fixture
def migrated_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'serving.sqlite3'}"
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "serving-test", "SQLALCHEMY_DATABASE_URI": url}
    )
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_serve_answers_on_every_worker_and_stops_them_all_even_after_an_error(migrated_url):
    with pytest.raises(RuntimeError, match="a test failed"):
        with serve(migrated_url, workers=2, env=ENV) as server:
            assert requests.get(server.base_url + "/healthz", timeout=10).json()["status"] == "ok"
            workers = server.worker_pids()
            # Ready means both workers answered: a load can reach each of them.
            assert sorted(server.requests_per_worker("/healthz", status=200)) == sorted(workers)
            assert len(workers) == 2
            raise RuntimeError("a test failed")

    assert not alive(server.master_pid)
    assert not any(alive(pid) for pid in workers)


def test_serve_shows_gunicorn_log_when_the_app_cannot_start(tmp_path):
    with pytest.raises(ServerError) as failure:
        with serve("nosuchdb://nowhere", env=ENV):
            pass  # pragma: no cover

    message = str(failure.value)
    assert message.startswith("gunicorn exited with status ")
    assert "--- gunicorn log ---" in message
    assert "Can't load plugin: sqlalchemy.dialects:nosuchdb" in message


def test_serve_moves_to_another_port_when_its_port_was_taken(migrated_url, monkeypatch):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        ports = iter([taken, serving._free_port()])
        monkeypatch.setattr(serving, "_free_port", lambda: next(ports))

        with serve(migrated_url, workers=1, env=ENV) as server:
            assert not server.base_url.endswith(f":{taken}")
            assert requests.get(server.base_url + "/healthz", timeout=10).status_code == 200
