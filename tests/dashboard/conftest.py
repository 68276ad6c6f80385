"""Dashboard fixtures: a seeded app (CSRF off unless asked for), an operator and a learner.

Every app holds seed.py's XP setup (metric flashcards-flipped; points system xp paying +10
every 5 and +50 every 25), an operator account and a learner account, and the test's own
instance folder, never the repository's. The helpers the dashboard tests share are in
tests/support/operators.py and tests/support/html.py.
"""

import pytest

from tests.support.databases import close_app
from tests.support.html import csrf_token_from
from tests.support.learners import log_in
from tests.support.operators import (
    LEARNER_EMAIL,
    OPERATOR_EMAIL,
    Seeded,
    make_dashboard_app,
    seeded_rows,
)


@pytest.fixture
def app(database_url, tmp_path, template_cache):
    """The seeded app with CSRF off, so tests post forms without scraping tokens."""
    app = make_dashboard_app(
        database_url, tmp_path / "instance", csrf=False, template_cache=template_cache
    )
    yield app
    close_app(app)


@pytest.fixture
def csrf_app(database_url, tmp_path, template_cache):
    """The seeded app as it runs for real: every POST needs a CSRF token."""
    app = make_dashboard_app(
        database_url, tmp_path / "instance", csrf=True, template_cache=template_cache
    )
    yield app
    close_app(app)


@pytest.fixture
def operator(client):
    """`client`, logged in as the operator."""
    response = log_in(client, OPERATOR_EMAIL)
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def learner(client):
    """`client`, logged in as the learner."""
    response = log_in(client, LEARNER_EMAIL)
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def csrf_operator(csrf_app):
    """A client of the CSRF-checking app, logged in as the operator."""
    client = csrf_app.test_client()
    response = log_in(client, OPERATOR_EMAIL, csrf_token=csrf_token_from(client.get("/login").text))
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def seeded_ids(app) -> Seeded:
    with app.app_context():
        return seeded_rows()


@pytest.fixture
def csrf_seeded_ids(csrf_app) -> Seeded:
    with csrf_app.app_context():
        return seeded_rows()
