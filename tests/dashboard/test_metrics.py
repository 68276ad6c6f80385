"""The metrics pages: list with events and users, create, edit, the key rule, archive."""

import pytest

from app.xp.models.metrics import Metric
from tests.support.databases import count
from tests.support.html import element, field_errors, flashes, row_starting
from tests.support.operators import metric_by_key, send_event

SLUG_MESSAGE = "Use lower-case letters, digits and single hyphens, e.g. quiz-answered."


def create(client, key="quiz-answered", name="Quiz Answered", unit="answers"):
    return client.post("/dashboard/metrics/new", data={"key": key, "name": name, "unit": unit})


def test_metrics_list_shows_events_recorded_and_users_per_metric(app, operator):
    create(operator)
    send_event(app, 1, user="ana")
    send_event(app, 2, user="ana")
    send_event(app, 1, user="ben")

    page = operator.get("/dashboard/metrics/").text

    flips = row_starting(page, "metric-row", "flashcards-flipped")
    assert flips[:6] == ["flashcards-flipped", "Flashcards Flipped", "cards", "3", "2", "active"]
    quiz = row_starting(page, "metric-row", "quiz-answered")
    assert quiz[:6] == ["quiz-answered", "Quiz Answered", "answers", "0", "0", "active"]


def test_create_metric_saves_it_and_returns_to_the_list(app, operator):
    response = create(operator, key="  quiz-answered ", name=" Quiz Answered ", unit="")

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard/metrics/"
    metric = metric_by_key(app, "quiz-answered")
    assert (metric.name, metric.unit, metric.status) == ("Quiz Answered", None, "active")
    page = operator.get("/dashboard/metrics/").text
    assert flashes(page) == ["Metric “Quiz Answered” saved."]


def test_a_created_metric_accepts_events_at_once(app, operator, client, api_key):
    create(operator)
    response = client.post(
        "/api/v1/metrics/quiz-answered/event",
        json={"user": {"id": "ana"}, "value": 3},
        headers={"X-API-KEY": api_key},
    )
    assert response.status_code == 201
    assert response.json["total"] == 3


def invalid(field: str, value: str, message: str):
    return pytest.param({field: value}, field, message, id=f"{field}={value[:12]!r}")


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        invalid("key", "flashcards-flipped", "The key 'flashcards-flipped' is already used."),
        invalid("key", "Quiz Answered", SLUG_MESSAGE),
        invalid("key", "Quiz-Answered", SLUG_MESSAGE),
        invalid("key", "quiz--x", SLUG_MESSAGE),
        invalid("key", "-a", SLUG_MESSAGE),
        invalid("key", "a-", SLUG_MESSAGE),
        invalid("key", "quiz_answered", SLUG_MESSAGE),
        invalid("key", "ÄÖ", SLUG_MESSAGE),
        invalid("key", "", "This field is required."),
        invalid("key", "a" * 101, "Use at most 100 characters."),
        invalid("name", "", "This field is required."),
        invalid("name", "   ", "This field is required."),
        invalid("name", "N" * 201, "Use at most 200 characters."),
        invalid("name", "Quiz\x00", "This field cannot contain NUL characters."),
        invalid("unit", "u" * 51, "Use at most 50 characters."),
    ],
)
def test_create_metric_shows_what_is_wrong_beside_the_field(app, operator, form, field, message):
    data = {"key": "quiz-answered", "name": "Quiz Answered", "unit": "answers", **form}

    response = operator.post("/dashboard/metrics/new", data=data)

    assert response.status_code == 200
    assert field_errors(response.text, field) == [message]
    assert element(response.text, field)["aria-invalid"] == "true"
    assert count(app, Metric) == 2  # the seeded two


def test_create_metric_reports_every_wrong_field_at_once(app, operator):
    response = create(operator, key="Bad Key", name="", unit="u" * 51)

    assert field_errors(response.text, "key") == [SLUG_MESSAGE]
    assert field_errors(response.text, "name") == ["This field is required."]
    assert field_errors(response.text, "unit") == ["Use at most 50 characters."]


def test_metric_names_are_shown_as_text_never_as_markup(app, operator, seeded_ids):
    name = '<img src=x onerror="alert(1)">'
    create(operator, name=name)
    quiz = metric_by_key(app, "quiz-answered")

    pages = [
        operator.get("/dashboard/metrics/").text,
        operator.get(f"/dashboard/metrics/{quiz.id}/edit").text,
        operator.get(f"/dashboard/points/{seeded_ids.system_id}/configure").text,
    ]

    for page in pages:
        assert "<img src=x" not in page
        assert "&lt;img src=x" in page
    assert row_starting(pages[0], "metric-row", "quiz-answered")[1] == name


def test_create_metric_accepts_fields_at_their_longest(app, operator):
    response = create(operator, key="a" * 100, name="N" * 200, unit="u" * 50)

    assert response.status_code == 302
    assert metric_by_key(app, "a" * 100).name == "N" * 200


def test_edit_metric_changes_its_name_and_unit(app, operator, seeded_ids):
    response = operator.post(
        f"/dashboard/metrics/{seeded_ids.metric_id}/edit",
        data={"key": "flashcards-flipped", "name": "Cards Turned", "unit": "turns"},
    )

    assert response.status_code == 302
    metric = metric_by_key(app, "flashcards-flipped")
    assert (metric.name, metric.unit) == ("Cards Turned", "turns")


def test_edit_page_shows_the_metrics_fields(operator, seeded_ids):
    page = operator.get(f"/dashboard/metrics/{seeded_ids.metric_id}/edit").text

    assert element(page, "key")["value"] == "flashcards-flipped"
    assert element(page, "name")["value"] == "Flashcards Flipped"
    assert element(page, "unit")["value"] == "cards"


def test_key_of_a_metric_without_events_can_change(app, operator, seeded_ids):
    page = operator.get(f"/dashboard/metrics/{seeded_ids.metric_id}/edit").text
    assert "readonly" not in element(page, "key")

    response = operator.post(
        f"/dashboard/metrics/{seeded_ids.metric_id}/edit",
        data={"key": "cards-flipped", "name": "Flashcards Flipped", "unit": "cards"},
    )

    assert response.status_code == 302
    assert metric_by_key(app, "flashcards-flipped") is None
    assert metric_by_key(app, "cards-flipped").id == seeded_ids.metric_id


def test_key_of_a_metric_with_events_cannot_change(app, operator, seeded_ids):
    send_event(app, 1)

    response = operator.post(
        f"/dashboard/metrics/{seeded_ids.metric_id}/edit",
        data={"key": "cards-flipped", "name": "Cards", "unit": "cards"},
    )

    assert response.status_code == 200
    assert field_errors(response.text, "key") == [
        "This metric has events, so its key can no longer change."
    ]
    assert "readonly" in element(response.text, "key")
    metric = metric_by_key(app, "flashcards-flipped")
    assert (metric.id, metric.name) == (seeded_ids.metric_id, "Flashcards Flipped")


def test_refused_key_change_shows_the_metrics_real_key_in_the_readonly_field(
    app, operator, seeded_ids
):
    """The readonly field is sent again with the next save: it must hold the key that stays."""
    send_event(app, 1)

    response = operator.post(
        f"/dashboard/metrics/{seeded_ids.metric_id}/edit",
        data={"key": "cards-flipped", "name": "Cards", "unit": "cards"},
    )

    assert element(response.text, "key")["value"] == "flashcards-flipped"


def test_edit_page_of_a_metric_with_events_shows_its_key_readonly(app, operator, seeded_ids):
    send_event(app, 1)

    page = operator.get(f"/dashboard/metrics/{seeded_ids.metric_id}/edit").text

    key = element(page, "key")
    assert "readonly" in key
    assert key["value"] == "flashcards-flipped"
    assert "This metric has events, so its key is fixed." in page


def test_metric_with_events_can_still_be_renamed(app, operator, seeded_ids):
    send_event(app, 1)

    response = operator.post(
        f"/dashboard/metrics/{seeded_ids.metric_id}/edit",
        data={"key": "flashcards-flipped", "name": "Cards Turned", "unit": "cards"},
    )

    assert response.status_code == 302
    assert metric_by_key(app, "flashcards-flipped").name == "Cards Turned"


def test_edit_metric_cannot_take_another_metrics_key(app, operator):
    create(operator)
    quiz = metric_by_key(app, "quiz-answered")

    response = operator.post(
        f"/dashboard/metrics/{quiz.id}/edit",
        data={"key": "flashcards-flipped", "name": "Quiz Answered"},
    )

    assert field_errors(response.text, "key") == ["The key 'flashcards-flipped' is already used."]
    assert metric_by_key(app, "quiz-answered") is not None


def test_edit_unknown_metric_is_404(operator):
    assert operator.get("/dashboard/metrics/999/edit").status_code == 404


def archive(client, metric_id, status="archived"):
    return client.post(f"/dashboard/metrics/{metric_id}/status", data={"status": status})


def test_archived_metric_is_listed_as_archived_with_a_restore_button(app, operator, seeded_ids):
    response = archive(operator, seeded_ids.metric_id)

    assert response.headers["Location"] == "/dashboard/metrics/"
    assert metric_by_key(app, "flashcards-flipped").status == "archived"
    page = operator.get("/dashboard/metrics/").text
    assert flashes(page) == ["Metric “Flashcards Flipped” is now archived."]
    row = row_starting(page, "metric-row", "flashcards-flipped")
    assert row[5:] == ["archived", "Edit Restore"]


def test_archived_metric_refuses_events_from_the_api(app, client, operator, seeded_ids, api_key):
    archive(operator, seeded_ids.metric_id)

    response = client.post(
        "/api/v1/metrics/flashcards-flipped/event",
        json={"user": {"id": "ana"}, "value": 1},
        headers={"X-API-KEY": api_key},
    )

    assert response.status_code == 422
    assert response.json == {
        "error": "Metric 'flashcards-flipped' is archived and accepts no events"
    }


def test_restored_metric_accepts_events_again(app, client, operator, seeded_ids, api_key):
    archive(operator, seeded_ids.metric_id)
    archive(operator, seeded_ids.metric_id, status="active")

    response = client.post(
        "/api/v1/metrics/flashcards-flipped/event",
        json={"user": {"id": "ana"}, "value": 5},
        headers={"X-API-KEY": api_key},
    )

    assert metric_by_key(app, "flashcards-flipped").status == "active"
    assert response.status_code == 201
    assert response.json["points"]["xp"]["added"] == 10


def test_metric_status_other_than_active_or_archived_is_400(app, operator, seeded_ids):
    response = archive(operator, seeded_ids.metric_id, status="deleted")

    assert response.status_code == 400
    assert metric_by_key(app, "flashcards-flipped").status == "active"
