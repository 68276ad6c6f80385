"""The study page (app/study/study.py): one card at a time; each flip is an XP event."""

import json
import re

import pytest

from app.study.models import CardFlip
from tests.support.databases import count
from tests.support.html import csrf_token_from
from tests.support.learners import (
    HTMX,
    create_deck,
    deck_info,
    flip,
    flip_many,
    flips_of,
    get_account,
    xp_points_of,
)


def shown_card(html: str) -> tuple[str, str, str]:
    """(position text, front, back) of the card on a study page or fragment."""
    position = re.search(r'<p class="card-position" data-testid="card-position">(.*?)</p>', html)[1]
    front = re.search(r'flashcard-front"><span class="face-label">Front</span><p>(.*?)</p>', html)
    back = re.search(r'flashcard-back"><span class="face-label">Back</span><p>(.*?)</p>', html)
    return position, front[1], back[1]


def xp_events(response) -> dict | None:
    header = response.headers.get("HX-Trigger")
    return json.loads(header) if header is not None else None


def header_xp_total(html: str) -> str:
    return re.search(r'data-testid="xp-total" data-value="(\d+)">(\d+)</span>', html)[2]


# The page and the card fragment


def test_study_page_shows_the_first_card_with_both_faces(learner, client, capitals):
    page = client.get(f"/decks/{capitals.id}/study/").text

    assert shown_card(page) == ("Card 1 of 28", "France", "Paris")
    assert f'data-card-id="{capitals.card_ids[0]}"' in page
    assert "Keys: <kbd>Space</kbd> flip · <kbd>→</kbd> next · <kbd>←</kbd> previous" in page
    assert f'data-flip-url="/decks/{capitals.id}/study/flip"' in page


def test_study_page_starts_at_the_position_asked_for(learner, client, capitals):
    page = client.get(f"/decks/{capitals.id}/study/?position=3").text

    assert shown_card(page) == ("Card 3 of 28", "Italy", "Rome")
    assert f'data-card-id="{capitals.card_ids[2]}"' in page


@pytest.mark.parametrize(
    ("position", "shown"),
    [
        ("0", ("Card 1 of 28", "France", "Paris")),
        ("-2", ("Card 1 of 28", "France", "Paris")),
        ("abc", ("Card 1 of 28", "France", "Paris")),
        ("", ("Card 1 of 28", "France", "Paris")),
        ("28", ("Card 28 of 28", "Slovenia", "Ljubljana")),
        ("29", ("Card 28 of 28", "Slovenia", "Ljubljana")),
        ("99999999999999999999999", ("Card 28 of 28", "Slovenia", "Ljubljana")),
    ],
)
def test_study_page_keeps_the_position_inside_the_deck(learner, client, capitals, position, shown):
    response = client.get(f"/decks/{capitals.id}/study/?position={position}")

    assert response.status_code == 200
    assert shown_card(response.text) == shown


def test_study_page_treats_a_non_ascii_digit_position_as_no_position(learner, client, capitals):
    response = client.get(f"/decks/{capitals.id}/study/?position=²")

    assert response.status_code == 200
    assert shown_card(response.text) == ("Card 1 of 28", "France", "Paris")


def test_previous_is_disabled_on_the_first_card_and_next_on_the_last(learner, client, capitals):
    first = client.get(f"/decks/{capitals.id}/study/?position=1").text
    last = client.get(f"/decks/{capitals.id}/study/?position=28").text

    prev_button = r'data-testid="prev-card"[^>]*?hx-swap="innerHTML"( disabled)?>'
    next_button = r'data-testid="next-card"[^>]*?hx-swap="innerHTML"( disabled)?>'
    assert re.search(prev_button, first, re.S)[1] == " disabled"
    assert re.search(next_button, first, re.S)[1] is None
    assert re.search(prev_button, last, re.S)[1] is None
    assert re.search(next_button, last, re.S)[1] == " disabled"


def test_study_page_shows_the_compact_xp_panel(learner, client, capitals):
    page = client.get(f"/decks/{capitals.id}/study/").text

    assert 'class="xp-panel compact"' in page
    assert 'data-history-length="10"' in page
    assert 'data-testid="xp-chart"' in page


def test_card_fragment_is_just_the_card_and_replaces_the_url(learner, client, capitals):
    response = client.get(f"/decks/{capitals.id}/study/card?position=2", headers=HTMX)

    assert response.status_code == 200
    assert shown_card(response.text) == ("Card 2 of 28", "Germany", "Berlin")
    assert "<html" not in response.text
    assert "xp-panel" not in response.text
    assert response.headers["HX-Replace-Url"] == f"/decks/{capitals.id}/study/?position=2"


def test_card_fragment_replaces_the_url_with_the_clamped_position(learner, client, capitals):
    response = client.get(f"/decks/{capitals.id}/study/card?position=40", headers=HTMX)

    assert shown_card(response.text)[0] == "Card 28 of 28"
    assert response.headers["HX-Replace-Url"] == f"/decks/{capitals.id}/study/?position=28"


@pytest.mark.parametrize("path", ["/decks/{deck}/study/", "/decks/{deck}/study/card"])
def test_studying_a_deck_without_cards_does_not_fail(learner, client, path):
    deck_id = create_deck(client, "Still empty")

    response = client.get(path.format(deck=deck_id))

    # Either an empty state or a redirect back to the deck page, never a server error.
    assert response.status_code in (200, 302)


def test_study_page_escapes_card_text(learner, client):
    deck_id = create_deck(
        client, "<img src=x onerror=alert(1)>", cards=[("<script>alert(1)</script>", "<b>b</b>")]
    )

    page = client.get(f"/decks/{deck_id}/study/").text

    assert shown_card(page) == (
        "Card 1 of 1",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;b&gt;b&lt;/b&gt;",
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page
    assert "<script>alert" not in page


# Flips and the XP they earn


def test_fifth_flip_carries_the_award_in_hx_trigger(learner, client, capitals):
    responses = flip_many(client, capitals.id, capitals.card_ids[:5])

    assert [xp_events(r) for r in responses[:4]] == [None] * 4
    events = xp_events(responses[4])
    assert events["xp-news"] == {
        "toasts": [
            {
                "kind": "xp",
                "title": "You gained 10 XP",
                "lines": ["+10 XP for 5 flashcards flipped"],
            }
        ],
        "sound": "xp",
    }
    assert events["xp-changed"] == {"xpTotal": 10}


def test_flip_answers_200_with_an_empty_body(learner, client, capitals):
    response = flip(client, capitals.id, capitals.card_ids[0], "only")

    assert response.status_code == 200
    assert response.data == b""


def test_twenty_fifth_flip_awards_both_triggers_at_once(learner, client, capitals, clock):
    responses = flip_many(client, capitals.id, capitals.card_ids[:25], clock=clock)

    awarded = [r for r in responses if xp_events(r)]
    assert len(awarded) == 5
    toast, level = xp_events(responses[24])["xp-news"]["toasts"]
    assert level["title"] == "Level up: Apprentice"
    assert (toast["title"], sorted(toast["lines"])) == (
        "You gained 60 XP",
        ["+10 XP for 5 flashcards flipped", "+50 XP for 25 flashcards flipped"],
    )
    assert xp_events(responses[24])["xp-changed"] == {"xpTotal": 100}


def test_replayed_idempotency_key_awards_once(app, learner, client, capitals):
    flip_many(client, capitals.id, capitals.card_ids[:4])
    fifth = flip(client, capitals.id, capitals.card_ids[4], "fifth")

    replay = flip(client, capitals.id, capitals.card_ids[4], "fifth")

    assert xp_events(fifth)["xp-changed"] == {"xpTotal": 10}
    assert replay.status_code == 200
    assert "HX-Trigger" not in replay.headers
    assert xp_points_of(app)["total"] == 10
    assert len(xp_points_of(app)["awards"]) == 1
    assert count(app, CardFlip, CardFlip.idempotency_key == "fifth") == 1
    assert flips_of(app) == 5


def test_replayed_key_with_another_card_adds_no_flip(app, learner, client, capitals):
    flip(client, capitals.id, capitals.card_ids[0], "same")

    flip(client, capitals.id, capitals.card_ids[1], "same")

    assert flips_of(app) == 1
    assert "1 / 28 cards flipped" in client.get(f"/decks/{capitals.id}").text


def test_flip_of_a_card_from_another_deck_is_404(app, learner, client, capitals, elements):
    response = flip(client, capitals.id, elements.card_ids[0], "wrong-deck")

    assert response.status_code == 404
    assert "That card is not in this deck." in response.text
    assert flips_of(app) == 0


@pytest.mark.parametrize("card_id", ["", "abc", "-1", "99999", "99999999999999999999", "²"])
def test_flip_of_a_missing_or_malformed_card_is_404(app, learner, client, capitals, card_id):
    response = flip(client, capitals.id, card_id, "k")

    assert response.status_code == 404
    assert flips_of(app) == 0


@pytest.mark.parametrize(
    ("key", "status"),
    [("", 400), ("   ", 400), ("k" * 256, 400), ("k" * 255, 200), ("k", 200)],
)
def test_flip_needs_an_idempotency_key_of_1_to_255_characters(
    app, learner, client, capitals, key, status
):
    response = flip(client, capitals.id, capitals.card_ids[0], key)

    assert response.status_code == status
    assert flips_of(app) == (1 if status == 200 else 0)
    if status == 400:
        assert "Each flip needs an idempotency_key of 1 to 255 characters." in response.text


def test_flip_without_an_idempotency_key_is_400(app, learner, client, capitals):
    response = client.post(
        f"/decks/{capitals.id}/study/flip", data={"card_id": capitals.card_ids[0]}, headers=HTMX
    )

    assert response.status_code == 400
    assert flips_of(app) == 0


def test_flip_stores_the_browsers_time_zone(app, learner, client, capitals):
    flip(client, capitals.id, capitals.card_ids[0], "k", tz="America/New_York")

    assert get_account(app).tz == "America/New_York"


def test_flip_ignores_an_invalid_time_zone_but_still_counts(app, learner, client, capitals):
    response = flip(client, capitals.id, capitals.card_ids[0], "k", tz="Atlantis/Capital")

    assert response.status_code == 200
    assert get_account(app).tz is None
    assert flips_of(app) == 1


def test_flips_are_xp_events_of_the_accounts_xp_user(app, learner, client, capitals):
    flip_many(client, capitals.id, capitals.card_ids[:5])

    account = get_account(app)
    points = xp_points_of(app)
    assert len(account.xp_user_id) == 36
    assert account.xp_user_id != str(account.id)
    assert points["total"] == 10
    assert [award["awarded"] for award in points["awards"]] == [10]


def test_header_shows_the_new_xp_total_on_the_next_page(learner, client, capitals):
    assert header_xp_total(client.get("/decks/").text) == "0"

    flip_many(client, capitals.id, capitals.card_ids[:5])

    assert header_xp_total(client.get("/decks/").text) == "10"


def test_learners_earn_xp_separately(app, learner, client, other_client, capitals):
    flip_many(client, capitals.id, capitals.card_ids[:5])
    flip_many(other_client, capitals.id, capitals.card_ids[:4], prefix="bob")

    assert xp_points_of(app)["total"] == 10
    assert xp_points_of(app, "bob@example.com")["total"] == 0
    assert header_xp_total(other_client.get("/decks/").text) == "0"


# CSRF: a flip needs the token htmx sends from the body's hx-headers


def test_flip_without_csrf_token_is_refused(csrf_app, csrf_learner):
    deck = deck_info(csrf_app, "european-capitals")

    response = flip(csrf_learner, deck.id, deck.card_ids[0], "no-token")

    assert response.status_code == 400
    assert count(csrf_app, CardFlip) == 0
    assert header_xp_total(csrf_learner.get("/decks/").text) == "0"


def test_flip_with_the_hx_headers_csrf_token_succeeds(csrf_app, csrf_learner):
    deck = deck_info(csrf_app, "european-capitals")
    page = csrf_learner.get(f"/decks/{deck.id}/study/").text
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", page)[1]

    response = flip(
        csrf_learner,
        deck.id,
        deck.card_ids[0],
        "with-token",
        headers={**HTMX, "X-CSRFToken": token},
    )

    assert response.status_code == 200
    assert count(csrf_app, CardFlip) == 1
    assert token == csrf_token_from(page)
