"""Decks and cards (app/study/decks.py): the list with progress, own decks, who may change what."""

import re

import pytest
from fsrs import Rating
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.study import reviews
from app.study.models import Card, CardFlip, Deck, FlipCredit
from tests.support.databases import count
from tests.support.html import CSRF_REFUSED, csrf_token_from, field_errors, text_of_testid
from tests.support.learners import (
    card_ids_of,
    create_deck,
    deck_info,
    flip_many,
    get_account,
    xp_points_of,
)

SHARED_READ_ONLY = "Shared decks are read-only. Create your own deck to add cards."


def deck_links(html: str) -> list[str]:
    return re.findall(r'<a data-testid="deck-link" href="/decks/\d+">(.*?)</a>', html)


def progress_texts(html: str) -> list[str]:
    return re.findall(r'data-testid="deck-progress">(.*?)</p>', html)


def card_rows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr data-testid="card-row">\s*<td>(.*?)</td>\s*<td>(.*?)</td>', html)


def get_deck(app, deck_id: int) -> Deck | None:
    with app.app_context():
        return db.session.get(Deck, deck_id)


def cards_of(app, deck_id: int) -> list[tuple[str, str, int]]:
    with app.app_context():
        return [
            (card.front, card.back, card.position)
            for card in db.session.scalars(
                select(Card).where(Card.deck_id == deck_id).order_by(Card.position)
            )
        ]


# The deck list


def test_deck_list_shows_the_three_shared_decks_with_no_progress(learner, client):
    page = client.get("/decks/").text

    assert deck_links(page) == [
        "Basic Spanish words",
        "Chemical element symbols",
        "European capitals",
    ]
    assert progress_texts(page) == [
        "0 / 28 cards flipped",
        "0 / 29 cards flipped",
        "0 / 28 cards flipped",
    ]
    assert page.count('<span class="deck-badge">Shared</span>') == 3


def test_deck_list_shows_own_decks_after_the_shared_ones(learner, client):
    create_deck(client, "Aardvark facts", cards=[("a", "b")])

    page = client.get("/decks/").text

    assert deck_links(page)[-1] == "Aardvark facts"
    assert progress_texts(page)[-1] == "0 / 1 cards flipped"
    assert page.count('<span class="deck-badge">Yours</span>') == 1


def test_deck_progress_counts_distinct_cards_flipped(app, learner, client, capitals, clock):
    first, second = capitals.card_ids[:2]
    flip_many(client, capitals.id, [first], prefix="before")
    clock.shift(hours=1)  # so the first card counts again (FLIP_REPEAT_MINUTES)
    flip_many(client, capitals.id, [first, second])
    assert count(app, CardFlip) == 3

    listing = client.get("/decks/").text
    deck_page = client.get(f"/decks/{capitals.id}").text

    assert progress_texts(listing) == [
        "0 / 28 cards flipped",
        "0 / 29 cards flipped",
        "2 / 28 cards flipped",
    ]
    assert progress_texts(deck_page) == ["2 / 28 cards flipped"]


def test_deck_progress_is_each_learners_own(learner, client, other_client, capitals):
    flip_many(client, capitals.id, capitals.card_ids[:3])

    assert progress_texts(other_client.get(f"/decks/{capitals.id}").text) == [
        "0 / 28 cards flipped"
    ]


def test_shared_deck_page_lists_its_cards_read_only(learner, client, capitals):
    page = client.get(f"/decks/{capitals.id}").text

    rows = card_rows(page)
    assert len(rows) == 28
    assert rows[:2] == [("France", "Paris"), ("Germany", "Berlin")]
    assert "A shared deck: read-only." in page
    assert "Delete deck" not in page
    assert f'href="/decks/{capitals.id}/study/"' in page


def test_unknown_deck_is_404(learner, client):
    assert client.get("/decks/999").status_code == 404


def test_deck_id_too_big_for_the_database_is_404(learner, client):
    response = client.get("/decks/99999999999999999999")

    assert response.status_code == 404


# Creating and editing decks


def test_create_deck_makes_an_own_deck_and_asks_for_its_first_card(app, learner, client):
    response = client.post("/decks/new", data={"title": " Verbs ", "description": "ser, estar"})

    deck = get_deck(app, 4)
    assert response.status_code == 302
    assert response.headers["Location"] == "/decks/4/cards/new"
    assert (deck.title, deck.description) == ("Verbs", "ser, estar")
    assert deck.owner_id == get_account(app).id
    assert "Deck “Verbs” created. Add its first card." in client.get("/decks/4/cards/new").text


def test_create_deck_accepts_a_title_of_120_characters(app, learner, client):
    response = client.post("/decks/new", data={"title": "t" * 120})

    assert response.status_code == 302
    assert get_deck(app, 4).title == "t" * 120


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "t" * 121}, "title", "Field cannot be longer than 120 characters."),
        (
            {"title": "Verbs", "description": "d" * 501},
            "description",
            "Field cannot be longer than 500 characters.",
        ),
    ],
)
def test_create_deck_shows_validation_errors_inline(app, learner, client, form, field, message):
    response = client.post("/decks/new", data=form)

    assert response.status_code == 200
    assert field_errors(response.text, field) == [message]
    assert count(app, Deck) == 3


def test_create_deck_refuses_a_title_of_only_spaces(app, learner, client):
    response = client.post("/decks/new", data={"title": "   "})

    assert response.status_code == 200
    assert field_errors(response.text, "title") != []
    assert count(app, Deck) == 3


def test_edit_deck_saves_title_and_description(app, learner, client):
    deck_id = create_deck(client, "Verbs")

    response = client.post(
        f"/decks/{deck_id}/edit", data={"title": "Spanish verbs", "description": "irregular"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/decks/{deck_id}"
    deck = get_deck(app, deck_id)
    assert (deck.title, deck.description) == ("Spanish verbs", "irregular")
    assert "Deck saved." in client.get(f"/decks/{deck_id}").text


def test_edit_deck_form_starts_with_the_current_values(learner, client):
    deck_id = create_deck(client, "Verbs", description="ser, estar")

    page = client.get(f"/decks/{deck_id}/edit").text

    assert 'value="Verbs"' in page
    assert re.search(r'<textarea id="description"[^>]*>\s*ser, estar</textarea>', page)


def test_edit_deck_with_an_invalid_title_keeps_the_old_one(app, learner, client):
    deck_id = create_deck(client, "Verbs")

    response = client.post(f"/decks/{deck_id}/edit", data={"title": ""})

    assert response.status_code == 200
    assert field_errors(response.text, "title") == ["This field is required."]
    assert get_deck(app, deck_id).title == "Verbs"


# Cards


def test_add_card_appends_cards_in_order(app, learner, client):
    deck_id = create_deck(client, "Verbs")

    first = client.post(f"/decks/{deck_id}/cards/new", data={"front": " to be ", "back": "ser"})
    client.post(f"/decks/{deck_id}/cards/new", data={"front": "to have", "back": "tener"})

    assert first.status_code == 302
    assert first.headers["Location"] == f"/decks/{deck_id}/cards/new"
    assert cards_of(app, deck_id) == [("to be", "ser", 1), ("to have", "tener", 2)]
    page = client.get(f"/decks/{deck_id}").text
    assert card_rows(page) == [("to be", "ser"), ("to have", "tener")]
    assert progress_texts(page) == ["0 / 2 cards flipped"]


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"front": "", "back": "ser"}, "front", "This field is required."),
        ({"front": "   ", "back": "ser"}, "front", "This field cannot be blank."),
        (
            {"front": "f" * 501, "back": "ser"},
            "front",
            "Field cannot be longer than 500 characters.",
        ),
        ({"front": "to be", "back": ""}, "back", "This field is required."),
        ({"front": "to be", "back": " \n "}, "back", "This field cannot be blank."),
        (
            {"front": "to be", "back": "b" * 501},
            "back",
            "Field cannot be longer than 500 characters.",
        ),
    ],
)
def test_add_card_shows_validation_errors_inline(app, learner, client, form, field, message):
    deck_id = create_deck(client, "Verbs")

    response = client.post(f"/decks/{deck_id}/cards/new", data=form)

    assert response.status_code == 200
    assert field_errors(response.text, field) == [message]
    assert cards_of(app, deck_id) == []


def test_edit_card_saves_front_and_back(app, learner, client):
    deck_id = create_deck(client, "Verbs", cards=[("to be", "ser")])
    [card_id] = card_ids_of(app, deck_id)

    response = client.post(
        f"/decks/{deck_id}/cards/{card_id}/edit", data={"front": "to be (trait)", "back": "ser"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/decks/{deck_id}"
    assert cards_of(app, deck_id) == [("to be (trait)", "ser", 1)]


def test_edit_card_of_another_deck_through_own_deck_is_404(app, learner, client, capitals):
    deck_id = create_deck(client, "Verbs", cards=[("to be", "ser")])

    response = client.post(
        f"/decks/{deck_id}/cards/{capitals.card_ids[0]}/edit", data={"front": "x", "back": "y"}
    )

    assert response.status_code == 404
    assert cards_of(app, capitals.id)[0] == ("France", "Paris", 1)


def test_delete_card_removes_it_and_its_flips(app, learner, client):
    deck_id = create_deck(client, "Verbs", cards=[("to be", "ser"), ("to have", "tener")])
    first, second = card_ids_of(app, deck_id)
    flip_many(client, deck_id, [first, second])

    response = client.post(f"/decks/{deck_id}/cards/{first}/delete")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/decks/{deck_id}"
    assert cards_of(app, deck_id) == [("to have", "tener", 2)]
    assert count(app, CardFlip, CardFlip.card_id == first) == 0
    assert count(app, FlipCredit, FlipCredit.card_id == first) == 0
    assert count(app, FlipCredit, FlipCredit.card_id == second) == 1
    assert progress_texts(client.get(f"/decks/{deck_id}").text) == ["1 / 1 cards flipped"]


def test_delete_deck_removes_its_cards_and_flips_but_keeps_the_xp(app, learner, client, clock):
    deck_id = create_deck(client, "Verbs", cards=[("to be", "ser"), ("to have", "tener")])
    first, second = card_ids_of(app, deck_id)
    # A card counts once an hour (FLIP_REPEAT_MINUTES): five flips of two cards in three hours.
    for hour, cards in enumerate([[first, second], [first, second], [first]]):
        flip_many(client, deck_id, cards, prefix=f"hour-{hour}")
        clock.shift(hours=1)
    assert count(app, CardFlip) == 5

    response = client.post(f"/decks/{deck_id}/delete")

    assert response.status_code == 302
    assert response.headers["Location"] == "/decks/"
    assert get_deck(app, deck_id) is None
    assert count(app, Card, Card.deck_id == deck_id) == 0
    assert count(app, CardFlip) == 0
    assert count(app, FlipCredit) == 0
    assert xp_points_of(app)["total"] == 10
    page = client.get("/decks/").text
    assert "Deck “Verbs” deleted." in page
    assert "Verbs" not in deck_links(page)


# Another learner's deck is invisible; a shared deck is read-only

OTHER_LEARNERS_DECK = [
    ("GET", "/decks/{deck}"),
    ("GET", "/decks/{deck}/study/"),
    ("GET", "/decks/{deck}/study/card?position=1"),
    ("POST", "/decks/{deck}/study/flip"),
    ("GET", "/decks/{deck}/edit"),
    ("POST", "/decks/{deck}/edit"),
    ("GET", "/decks/{deck}/cards/new"),
    ("POST", "/decks/{deck}/cards/new"),
    ("GET", "/decks/{deck}/cards/{card}/edit"),
    ("POST", "/decks/{deck}/cards/{card}/edit"),
    ("POST", "/decks/{deck}/cards/{card}/delete"),
    ("POST", "/decks/{deck}/delete"),
]
# Everything any of these forms could carry, so a missing field never hides the check.
EVERY_FIELD = {"title": "Taken over", "front": "x", "back": "y", "idempotency_key": "k"}


@pytest.mark.parametrize(("method", "path"), OTHER_LEARNERS_DECK)
def test_another_learners_deck_is_404_and_unchanged(
    app, learner, client, other_client, method, path
):
    deck_id = create_deck(client, "Ana's verbs", cards=[("to be", "ser")])
    [card_id] = card_ids_of(app, deck_id)

    response = other_client.open(
        path.format(deck=deck_id, card=card_id),
        method=method,
        data={**EVERY_FIELD, "card_id": card_id} if method == "POST" else None,
    )

    assert response.status_code == 404
    assert get_deck(app, deck_id).title == "Ana's verbs"
    assert cards_of(app, deck_id) == [("to be", "ser", 1)]
    assert count(app, CardFlip) == 0


def test_another_learners_deck_is_not_in_the_list(learner, client, other_client):
    create_deck(client, "Ana's verbs")

    page = other_client.get("/decks/").text

    assert "Ana's verbs" not in page
    assert len(deck_links(page)) == 3


SHARED_DECK_CHANGES = [
    ("GET", "/decks/{deck}/edit"),
    ("POST", "/decks/{deck}/edit"),
    ("GET", "/decks/{deck}/cards/new"),
    ("POST", "/decks/{deck}/cards/new"),
    ("GET", "/decks/{deck}/cards/{card}/edit"),
    ("POST", "/decks/{deck}/cards/{card}/edit"),
    ("POST", "/decks/{deck}/cards/{card}/delete"),
    ("POST", "/decks/{deck}/delete"),
]


@pytest.mark.parametrize(("method", "path"), SHARED_DECK_CHANGES)
def test_shared_deck_is_read_only(app, learner, client, capitals, method, path):
    response = client.open(
        path.format(deck=capitals.id, card=capitals.card_ids[0]),
        method=method,
        data=EVERY_FIELD if method == "POST" else None,
    )

    assert response.status_code == 403
    assert SHARED_READ_ONLY in response.text
    assert get_deck(app, capitals.id).title == "European capitals"
    assert card_ids_of(app, capitals.id) == capitals.card_ids
    assert cards_of(app, capitals.id)[0] == ("France", "Paris", 1)


# What learners type is shown as text, never as markup

HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_FRONT = "<script>alert(1)</script>"


@pytest.mark.parametrize("path", ["/decks/", "/decks/{deck}", "/decks/{deck}/edit"])
def test_deck_title_and_card_text_are_escaped(learner, client, path):
    deck_id = create_deck(client, HOSTILE_TITLE, cards=[(HOSTILE_FRONT, "<b>bold</b>")])

    html = client.get(path.format(deck=deck_id)).text

    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html
    assert "<script>alert" not in html
    if path == "/decks/{deck}":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;b&gt;bold&lt;/b&gt;" in html


# CSRF: the real app refuses deck changes that did not come from its own pages


def test_create_deck_without_csrf_token_is_refused(csrf_app, csrf_learner):
    response = csrf_learner.post("/decks/new", data={"title": "Verbs"})

    assert response.status_code == 400
    assert CSRF_REFUSED in response.text
    assert count(csrf_app, Deck) == 3


def test_create_deck_with_csrf_token_succeeds(csrf_app, csrf_learner):
    token = csrf_token_from(csrf_learner.get("/decks/new").text)

    response = csrf_learner.post("/decks/new", data={"title": "Verbs", "csrf_token": token})

    assert response.status_code == 302
    assert count(csrf_app, Deck) == 4


@pytest.fixture
def csrf_own_card(csrf_app, csrf_learner) -> tuple[int, int]:
    """(deck id, card id) of a one-card deck Ana made on the CSRF-checking app."""
    token = csrf_token_from(csrf_learner.get("/decks/new").text)
    created = csrf_learner.post("/decks/new", data={"title": "Verbs", "csrf_token": token})
    deck_id = int(created.headers["Location"].split("/")[2])
    token = csrf_token_from(csrf_learner.get(f"/decks/{deck_id}/cards/new").text)
    form = {"front": "to be", "back": "ser", "csrf_token": token}
    assert csrf_learner.post(f"/decks/{deck_id}/cards/new", data=form).status_code == 302
    [card_id] = card_ids_of(csrf_app, deck_id)
    return deck_id, card_id


def test_delete_card_without_csrf_token_is_refused(csrf_app, csrf_learner, csrf_own_card):
    deck_id, card_id = csrf_own_card

    response = csrf_learner.post(f"/decks/{deck_id}/cards/{card_id}/delete")

    assert response.status_code == 400
    assert card_ids_of(csrf_app, deck_id) == [card_id]


def test_delete_card_with_csrf_token_succeeds(csrf_app, csrf_learner, csrf_own_card):
    deck_id, card_id = csrf_own_card
    token = csrf_token_from(csrf_learner.get(f"/decks/{deck_id}").text)

    response = csrf_learner.post(
        f"/decks/{deck_id}/cards/{card_id}/delete", data={"csrf_token": token}
    )

    assert response.status_code == 302
    assert card_ids_of(csrf_app, deck_id) == []


# --- What is left to review today (app/study/reviews.py:counts) ---------------------------


def review_counts(html: str) -> list[tuple[int, int, int]]:
    """(new, learning, due) of each deck on a page, in page order."""
    found = re.findall(
        r'data-testid="new-count">(\d+)<.*?data-testid="learning-count">(\d+)<'
        r'.*?data-testid="due-count">(\d+)<',
        html,
        re.S,
    )
    return [tuple(int(n) for n in counts) for counts in found]


def grade_cards(app, email: str, card_ids: list[int], rating) -> None:
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == email))
        for card_id in card_ids:
            reviews.grade(account, db.session.get(Card, card_id), rating, 1, 1500)


def test_each_deck_shows_its_new_learning_and_due_cards(app, learner, client, capitals):
    own = create_deck(client, cards=[("ser", "to be"), ("ir", "to go")])
    grade_cards(app, "ana@example.com", capitals.card_ids[:3], Rating.Good)  # 10 min away
    grade_cards(app, "ana@example.com", capitals.card_ids[3:5], Rating.Easy)  # days away

    page = client.get("/decks/").text

    # Spanish, elements, capitals, then Ana's own. Capitals: 5 graded today, so 15 of the 20
    # new a day are left, and the 3 graded Good come back in 10 minutes.
    assert review_counts(page) == [(20, 0, 0), (20, 0, 0), (15, 3, 0), (2, 0, 0)]
    # The total links to the review of the deck with the most left (the first of a tie).
    spanish = deck_info(app, "spanish-basics").id
    assert re.search(
        r'data-testid="due-today">\s*<a href="/decks/(\d+)/review/">60 cards to review today</a>',
        page,
    )[1] == str(spanish)
    assert review_counts(client.get(f"/decks/{own}").text) == [(2, 0, 0)]


def test_with_nothing_left_the_deck_list_says_so(app, learner, client):
    own = create_deck(client, cards=[("ser", "to be")])
    with app.app_context():
        for deck in db.session.scalars(select(Deck).where(Deck.owner_id.is_(None))):
            db.session.delete(deck)
        db.session.commit()
    grade_cards(app, "ana@example.com", card_ids_of(app, own), Rating.Easy)

    page = client.get("/decks/").text

    assert review_counts(page) == [(0, 0, 0)]
    assert text_of_testid(page, "due-today").strip() == "Nothing to review today."
