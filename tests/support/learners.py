"""A learner through the Flask test client: the study app, logging in, decks, flips, their XP.

`log_in` is the one way a test-client test logs in (the dashboard's operators too);
`AuthActions` wraps it, registering and logging out for one client.

Shared decks come from seed.py in DECKS order, so on a fresh database European capitals is
deck 1 (cards 1-28), Chemical element symbols deck 2 (29 cards) and Basic Spanish words
deck 3 (28 cards). Tests look them up by slug rather than trusting that.
"""

import re
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.study.models import Card, CardFlip, Deck
from app.xp.client import xp_client
from seed import seed_decks, seed_xp
from tests.support import build_app
from tests.support.databases import count

HTMX = {"HX-Request": "true"}
ANA = "ana@example.com"
PASSWORD = "correct-horse"


def seed_xp_and_decks() -> None:
    seed_xp()
    seed_decks()


def make_study_app(database_url: str, csrf: bool, template_cache=None) -> Flask:
    """The app with seed.py's XP setup and shared decks; CSRF checked only when `csrf`."""
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


def log_in(
    client,
    email: str = ANA,
    password: str = PASSWORD,
    *,
    remember: bool = False,
    tz: str = "",
    next: str | None = None,
    csrf_token: str | None = None,
):
    """Post the login form as a browser does; the response (302 when it worked).

    `remember` ticks "Remember me", `tz` is the browser's time zone the form sends, `next` the
    page to return to (a query parameter, encoded here), `csrf_token` the form's token for an
    app that checks it.
    """
    data = {"email": email, "password": password, "tz": tz}
    if remember:
        data["remember"] = "y"
    if csrf_token is not None:
        data["csrf_token"] = csrf_token
    query = {} if next is None else {"next": next}
    return client.post("/login", data=data, query_string=query)


class AuthActions:
    """Registering, logging in and out on one test client."""

    def __init__(self, client):
        self.client = client

    def register(
        self,
        email=ANA,
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

    def login(self, email=ANA, password=PASSWORD, remember=False, tz="", next=None):
        return log_in(self.client, email, password, remember=remember, tz=tz, next=next)

    def logout(self):
        return self.client.post("/logout")


def with_copied_cookie(client, name: str):
    """Another browser holding only a copy of `client`'s cookie `name`: what someone who
    copied it (from a shared computer, a proxy log) would have."""
    cookie = client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie to copy"
    other = client.application.test_client()
    other.set_cookie(name, cookie.value)
    return other


def register_form(token=None) -> dict:
    """Ana's registration form, with the CSRF token when given."""
    form = {
        "email": ANA,
        "display_name": "Ana",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    return form if token is None else {**form, "csrf_token": token}


@dataclass(frozen=True)
class DeckInfo:
    id: int
    title: str
    card_ids: list[int]


def deck_info(app, slug: str) -> DeckInfo:
    with app.app_context():
        deck = db.session.scalar(select(Deck).where(Deck.slug == slug))
        return DeckInfo(deck.id, deck.title, [card.id for card in deck.cards])


def create_deck(client, title="Verbs", description="", cards=()) -> int:
    """A deck of the client's learner, with (front, back) cards; returns its id."""
    response = client.post("/decks/new", data={"title": title, "description": description})
    assert response.status_code == 302, response.text
    deck_id = int(re.search(r"/decks/(\d+)/cards/new", response.headers["Location"])[1])
    for front, back in cards:
        added = client.post(f"/decks/{deck_id}/cards/new", data={"front": front, "back": back})
        assert added.status_code == 302, added.text
    return deck_id


def card_ids_of(app, deck_id: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Card.id).where(Card.deck_id == deck_id)))


def flip(client, deck_id: int, card_id, key: str, tz: str | None = None, headers=HTMX):
    """What study.js posts when a card turns to its back (see flip_many for the limits)."""
    data = {"card_id": card_id, "idempotency_key": key}
    if tz is not None:
        data["tz"] = tz
    return client.post(f"/decks/{deck_id}/study/flip", data=data, headers=headers)


def flip_many(client, deck_id: int, card_ids, prefix="flip", clock=None):
    """Flip each card in turn (keys `<prefix>-<n>`); every flip must be answered 200.

    At the test client's speed the learner's flip rate limit (FLIP_RATE_LIMIT, 20 flips in 10
    seconds) lets 20 through; with `clock` (the `clock` fixture) a second passes before each
    flip, a learner's pace, and any number fit. A card counts once an hour
    (FLIP_REPEAT_MINUTES): to count a card again, move the clock on an hour in between.
    """
    responses = []
    for n, card_id in enumerate(card_ids):
        if clock is not None:
            clock.shift(seconds=1)
        responses.append(flip(client, deck_id, card_id, f"{prefix}-{n}"))
    assert [r.status_code for r in responses] == [200] * len(responses)
    return responses


def get_account(app, email=ANA) -> Account | None:
    """The account row, loaded and detached (its columns stay readable)."""
    with app.app_context():
        return db.session.scalar(select(Account).where(Account.email == email))


def flips_of(app, email=ANA) -> int:
    account = get_account(app, email)
    return count(app, CardFlip, CardFlip.account_id == account.id)


def xp_points_of(app, email=ANA) -> dict:
    """The learner's GetUserPointsResponse from the XP service, by their xp_user_id."""
    account = get_account(app, email)
    with app.app_context():
        return xp_client().user_points(account.xp_user_id, "xp", awards=10)
