"""The review page through the test client: the page, grading, undo, limits, errors, CSRF and
who may review which deck (app/study/review.py)."""

import json
import re

import pytest

from tests.support.html import csrf_token_from, field_errors, flashes, text_of_testid
from tests.support.learners import HTMX, create_deck, flip

# The clock is moved on by the tests that need it; nothing here depends on the date.
pytestmark = pytest.mark.calendar_free


@pytest.fixture(autouse=True)
def exact_schedule(app):
    app.config["REVIEW_FUZZING"] = False


def shown(html: str) -> dict:
    """The card the review slot shows: its id and review number."""
    match = re.search(r'data-card-id="(\d+)"\s+data-review-number="(\d+)"', html)
    assert match, "no card shown"
    return {"card_id": match[1], "review_number": match[2]}


def post_grade(client, deck_id, card, grade="good", **extra):
    data = {**card, "grade": grade, "duration_ms": "1200", **extra}
    return client.post(f"/decks/{deck_id}/review/grade", data=data, headers=HTMX)


def events(response) -> dict:
    return json.loads(response.headers.get("HX-Trigger") or "{}")


def test_the_deck_page_links_to_its_review(client, learner, capitals):
    page = client.get(f"/decks/{capitals.id}").text
    assert f'data-testid="review-deck" href="/decks/{capitals.id}/review/"' in page


def test_the_review_page_shows_a_card_and_each_grade_with_its_interval(client, learner, capitals):
    page = client.get(f"/decks/{capitals.id}/review/")

    assert page.status_code == 200
    assert shown(page.text) == {"card_id": str(capitals.card_ids[0]), "review_number": "1"}
    for testid, interval in (("again", "1 min"), ("hard", "6 min"), ("good", "10 min")):
        button = re.search(rf'data-testid="grade-{testid}".*?</button>', page.text, re.S)[0]
        assert interval in button
    assert 'data-testid="show-answer"' in page.text
    assert 'data-testid="undo-review"' not in page.text  # nothing graded yet


def test_ten_grades_swap_in_the_next_cards_and_bring_the_xp_toast(client, learner, capitals, clock):
    html = client.get(f"/decks/{capitals.id}/review/").text
    answers = []
    for _ in range(10):
        clock.shift(seconds=2)
        answers.append(post_grade(client, capitals.id, shown(html)))
        html = answers[-1].text
    assert [a.status_code for a in answers] == [200] * 10
    assert shown(html)["card_id"] == str(capitals.card_ids[10])
    news = events(answers[-1])["xp-news"]
    assert news["toasts"][0]["title"] == "You gained 10 XP"
    assert news["toasts"][0]["lines"] == ["+10 XP for 10 cards reviewed"]
    assert events(answers[-1])["xp-changed"] == {"xpTotal": 10}
    assert "xp-news" not in events(answers[0])
    assert 'data-testid="undo-review"' in html


def test_a_grade_already_made_in_another_tab_is_409_with_the_next_card(client, learner, capitals):
    first = shown(client.get(f"/decks/{capitals.id}/review/").text)
    assert post_grade(client, capitals.id, first).status_code == 200

    again = post_grade(client, capitals.id, first, grade="easy")

    assert again.status_code == 409
    assert "already graded" in text_of_testid(again.text, "review-notice")
    assert shown(again.text)["card_id"] == str(capitals.card_ids[1])
    assert events(again) == {}


@pytest.mark.parametrize(
    ("change", "status", "error"),
    [
        ({"grade": "perfect"}, 400, "Grade a card Again, Hard, Good or Easy."),
        ({"review_number": "0"}, 400, "review number"),
        ({"review_number": "7"}, 400, "not the card's next review"),
        ({"duration_ms": "-5"}, 400, "milliseconds"),
    ],
)
def test_a_bad_grade_is_refused_with_a_reason(client, learner, capitals, change, status, error):
    card = shown(client.get(f"/decks/{capitals.id}/review/").text)
    grade = change.pop("grade", "good")
    response = post_grade(client, capitals.id, card, grade=grade, **change)
    assert response.status_code == status
    assert error in response.json["error"]


def test_a_card_of_another_deck_is_404(client, learner, capitals, elements):
    card = {"card_id": str(elements.card_ids[0]), "review_number": "1"}
    assert post_grade(client, capitals.id, card).status_code == 404


def test_someone_elses_deck_is_404_and_logged_out_learners_log_in(
    app, client, learner, other_client
):
    bobs = create_deck(other_client, "Bob's", cards=[("a", "b")])
    assert client.get(f"/decks/{bobs}/review/").status_code == 404
    card = {"card_id": "1", "review_number": "1"}
    assert post_grade(client, bobs, card).status_code == 404
    assert client.post(f"/decks/{bobs}/review/undo").status_code == 404
    learner.logout()
    assert client.get(f"/decks/{bobs}/review/").status_code == 302


def test_undo_brings_the_card_back(client, learner, capitals):
    first = shown(client.get(f"/decks/{capitals.id}/review/").text)
    post_grade(client, capitals.id, first)

    undone = client.post(f"/decks/{capitals.id}/review/undo", headers=HTMX)

    assert undone.status_code == 200
    assert text_of_testid(undone.text, "review-notice") == "Grade undone."
    assert shown(undone.text) == first
    nothing = client.post(f"/decks/{capitals.id}/review/undo", headers=HTMX)
    assert text_of_testid(nothing.text, "review-notice") == "Nothing to undo."


def test_limits_are_saved_or_refused_with_a_readable_error(client, learner, capitals):
    url = f"/decks/{capitals.id}/review/limits"
    wrong = client.post(url, data={"new_per_day": "10000", "reviews_per_day": "x"})
    assert wrong.status_code == 400
    assert field_errors(wrong.text, "new_per_day") == [
        "New cards a day: a whole number from 0 to 9999."
    ]
    assert field_errors(wrong.text, "reviews_per_day")

    saved = client.post(url, data={"new_per_day": "0", "reviews_per_day": "0"})
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"]).text
    assert flashes(page) == ["Daily limits saved."]
    assert text_of_testid(page, "review-done").startswith("Nothing due. The next card is due")


def test_grades_faster_than_anyone_reads_are_429(clock, client, learner, capitals):
    limits = {"new_per_day": "100", "reviews_per_day": "200"}
    assert client.post(f"/decks/{capitals.id}/review/limits", data=limits).status_code == 302
    html = client.get(f"/decks/{capitals.id}/review/").text
    statuses = []
    for _ in range(21):
        answer = post_grade(client, capitals.id, shown(html))
        statuses.append(answer.status_code)
        html = answer.text if answer.status_code == 200 else html
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    assert "Grades count again in" in answer.json["error"]
    undo = client.post(f"/decks/{capitals.id}/review/undo", headers=HTMX)  # the same budget
    assert undo.status_code == 429 and int(undo.headers["Retry-After"]) == 10


def test_flips_and_grades_have_budgets_of_their_own(client, learner, capitals):
    flips = [
        flip(client, capitals.id, capitals.card_ids[0], f"k{n}").status_code for n in range(21)
    ]
    assert flips[-2:] == [200, 429]  # the flips' 20 in 10 seconds are spent

    html = client.get(f"/decks/{capitals.id}/review/").text
    assert post_grade(client, capitals.id, shown(html)).status_code == 200
    assert client.post(f"/decks/{capitals.id}/review/undo", headers=HTMX).status_code == 200


def test_every_post_needs_the_csrf_token(csrf_client, csrf_learner, csrf_app):
    from tests.support.learners import deck_info

    capitals = deck_info(csrf_app, "european-capitals")
    page = csrf_client.get(f"/decks/{capitals.id}/review/").text
    card = shown(page)
    assert post_grade(csrf_client, capitals.id, card).status_code == 400
    assert csrf_client.post(f"/decks/{capitals.id}/review/undo").status_code == 400
    token = csrf_token_from(page)
    with_token = csrf_client.post(
        f"/decks/{capitals.id}/review/grade",
        data={**card, "grade": "good"},
        headers={**HTMX, "X-CSRFToken": token},
    )
    assert with_token.status_code == 200


def test_the_benchmark_grades_with_one_xp_call_each():
    from app import create_app
    from app.bench_reviews import bench

    lines = []
    ms = bench(create_app, 3, lines.append)

    assert [len(values) for values in ms.values()] == [3, 3]
    assert lines[-1].startswith("XP calls per grade: 1;")
