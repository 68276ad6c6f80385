"""Study app fixtures: a seeded app (CSRF off unless asked for), a learner's auth actions.

Shared decks come from seed.py in DECKS order, so on a fresh database European capitals is
deck 1 (cards 1-28), Chemical element symbols deck 2 (29 cards) and Basic Spanish words
deck 3 (28 cards). Tests look them up by slug rather than trusting that.
"""

import re
from dataclasses import dataclass
from functools import partial

import pytest
from jinja2 import FileSystemBytecodeCache
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.study import models
from app.study.models import Account, Card, CardFlip, Deck
from app.xp.client import xp_client
from seed import seed_decks, seed_xp
from tests.support import build_app

HTMX = {"HX-Request": "true"}
PASSWORD = "correct-horse"


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """One PBKDF2 round instead of scrypt: the same code path, without 0.1 s per account."""
    monkeypatch.setattr(
        models, "generate_password_hash", partial(generate_password_hash, method="pbkdf2:sha256:1")
    )


@pytest.fixture
def real_password_hashing(monkeypatch):
    """Production's password hashing, for the tests about how passwords are stored."""
    monkeypatch.setattr(models, "generate_password_hash", generate_password_hash)


@pytest.fixture(scope="session")
def template_cache(tmp_path_factory) -> FileSystemBytecodeCache:
    """Compiled templates shared by every test's app; each app would otherwise compile its own."""
    return FileSystemBytecodeCache(str(tmp_path_factory.mktemp("jinja-bytecode")))


def seed_xp_and_decks() -> None:
    seed_xp()
    seed_decks()


def make_app(database_url: str, csrf: bool, template_cache=None):
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": csrf,
        },
        prepare=seed_xp_and_decks,
    )
    app.jinja_env.bytecode_cache = template_cache
    return app


def close_app(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(database_url, template_cache):
    """The seeded app with CSRF off, so tests post forms without scraping tokens."""
    app = make_app(database_url, csrf=False, template_cache=template_cache)
    yield app
    close_app(app)


@pytest.fixture
def csrf_app(database_url, template_cache):
    """The seeded app as it runs for real: every POST needs a CSRF token."""
    app = make_app(database_url, csrf=True, template_cache=template_cache)
    yield app
    close_app(app)


class AuthActions:
    def __init__(self, client):
        self.client = client

    def register(
        self,
        email="ana@example.com",
        password=PASSWORD,
        display_name="Ana",
        confirm=None,
        tz="",
        **extra,
    ):
        data = {
            "email": email,
            "display_name": display_name,
            "password": password,
            "confirm": password if confirm is None else confirm,
            "tz": tz,
            **extra,
        }
        return self.client.post("/register", data=data)

    def login(self, email="ana@example.com", password=PASSWORD, remember=False, tz="", next=None):
        data = {"email": email, "password": password, "tz": tz}
        if remember:
            data["remember"] = "y"
        url = "/login" if next is None else f"/login?next={next}"
        return self.client.post(url, data=data)

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


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


@dataclass(frozen=True)
class DeckInfo:
    id: int
    title: str
    card_ids: list[int]


def deck_info(app, slug: str) -> DeckInfo:
    with app.app_context():
        deck = db.session.scalar(select(Deck).where(Deck.slug == slug))
        return DeckInfo(deck.id, deck.title, [card.id for card in deck.cards])


@pytest.fixture
def capitals(app) -> DeckInfo:
    """The shared European capitals deck: 28 cards, France/Paris first."""
    return deck_info(app, "european-capitals")


@pytest.fixture
def elements(app) -> DeckInfo:
    """The shared Chemical element symbols deck: 29 cards."""
    return deck_info(app, "element-symbols")


def create_deck(client, title="Verbs", description="", cards=()) -> int:
    """A deck of the client's learner, with (front, back) cards; returns its id."""
    response = client.post("/decks/new", data={"title": title, "description": description})
    assert response.status_code == 302, response.text
    deck_id = int(re.search(r"/decks/(\d+)/cards/new", response.headers["Location"])[1])
    for front, back in cards:
        added = client.post(f"/decks/{deck_id}/cards/new", data={"front": front, "back": back})
        assert added.status_code == 302, added.text
    return deck_id


def flip(client, deck_id: int, card_id, key: str, tz: str | None = None, headers=HTMX):
    """What study.js posts when a card turns to its back."""
    data = {"card_id": card_id, "idempotency_key": key}
    if tz is not None:
        data["tz"] = tz
    return client.post(f"/decks/{deck_id}/study/flip", data=data, headers=headers)


def flip_many(client, deck_id: int, card_ids, prefix="flip"):
    responses = [
        flip(client, deck_id, card_id, f"{prefix}-{n}") for n, card_id in enumerate(card_ids)
    ]
    assert [r.status_code for r in responses] == [200] * len(responses)
    return responses


def get_account(app, email="ana@example.com") -> Account | None:
    """The account row, loaded and detached (its columns stay readable)."""
    with app.app_context():
        return db.session.scalar(select(Account).where(Account.email == email))


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def card_ids_of(app, deck_id: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Card.id).where(Card.deck_id == deck_id)))


def flips_of(app, email="ana@example.com") -> int:
    account = get_account(app, email)
    return count(app, CardFlip, CardFlip.account_id == account.id)


def xp_points_of(app, email="ana@example.com") -> dict:
    """The learner's GetUserPointsResponse from the XP service, by their xp_user_id."""
    account = get_account(app, email)
    with app.app_context():
        return xp_client().user_points(account.xp_user_id, "xp", awards=10)


def field_errors(html: str, field: str) -> list[str]:
    """The inline error messages shown under a form field."""
    block = re.search(rf'<ul class="field-error" id="{field}-errors">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", block[1]) if block else []


@pytest.fixture
def csrf_client(csrf_app):
    return csrf_app.test_client()


@pytest.fixture
def csrf_learner(csrf_client):
    """Ana, registered and logged in on the CSRF-checking app."""
    token = csrf_token_from(csrf_client.get("/register").text)
    assert csrf_client.post("/register", data=register_form(token)).status_code == 302
    return csrf_client


CSRF_REFUSED = "This form has expired or did not come from StudyXP."


def register_form(token=None) -> dict:
    form = {
        "email": "ana@example.com",
        "display_name": "Ana",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    return form if token is None else {**form, "csrf_token": token}


def csrf_token_from(html: str) -> str:
    """The token a page carries, in a form's hidden input or in the body's hx-headers."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match[1]
