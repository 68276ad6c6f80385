"""Study app fixtures: a seeded app (CSRF off unless asked for), a learner's auth actions.

The helpers the study tests share (logging in, decks, flips, reading pages) are in
tests/support/learners.py and tests/support/html.py.
"""

import pytest

from tests.support.databases import close_app
from tests.support.html import csrf_token_from
from tests.support.learners import AuthActions, DeckInfo, deck_info, make_study_app, register_form


@pytest.fixture
def app(database_url, template_cache):
    """The seeded app with CSRF off, so tests post forms without scraping tokens."""
    app = make_study_app(database_url, csrf=False, template_cache=template_cache)
    yield app
    close_app(app)


@pytest.fixture
def csrf_app(database_url, template_cache):
    """The seeded app as it runs for real: every POST needs a CSRF token."""
    app = make_study_app(database_url, csrf=True, template_cache=template_cache)
    yield app
    close_app(app)


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def registered(learner):
    """Ana's account exists and nobody is logged in (AuthActions on `client`)."""
    learner.logout()
    return learner


@pytest.fixture
def learner(auth):
    """Ana, registered and logged in on `client` (registering logs in)."""
    response = auth.register()
    assert response.status_code == 302
    return auth


@pytest.fixture
def other_client(app):
    """A second browser, logged in as Bob."""
    other = app.test_client()
    response = AuthActions(other).register(email="bob@example.com", display_name="Bob")
    assert response.status_code == 302
    return other


@pytest.fixture
def capitals(app) -> DeckInfo:
    """The shared European capitals deck: 28 cards, France/Paris first."""
    return deck_info(app, "european-capitals")


@pytest.fixture
def elements(app) -> DeckInfo:
    """The shared Chemical element symbols deck: 29 cards."""
    return deck_info(app, "element-symbols")


@pytest.fixture
def csrf_client(csrf_app):
    return csrf_app.test_client()


@pytest.fixture
def csrf_learner(csrf_client):
    """Ana, registered and logged in on the CSRF-checking app."""
    token = csrf_token_from(csrf_client.get("/register").text)
    assert csrf_client.post("/register", data=register_form(token)).status_code == 302
    return csrf_client
