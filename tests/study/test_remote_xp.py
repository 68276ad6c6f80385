"""The study app with HttpXpClient: XP from a second StudyXP over HTTP, and life without it.

`remote_app` is the study app configured by settings (XP_API_URL, XP_API_KEY) to reach an XP
service served by a werkzeug thread on its own database; `app` (tests/study/conftest.py) is
the same study app with the in-process client, for comparison.
"""

import json
import re
import time

import pytest

from app.extensions import db
from app.study.learning import XP_UNAVAILABLE
from app.study.models import CardFlip
from app.xp.client import xp_client
from app.xp.client.http import HttpXpClient
from app.xp.client.in_process import InProcessXpClient
from seed import seed_decks
from tests.support import build_app
from tests.support.databases import close_app, count
from tests.support.learners import AuthActions, deck_info, flip, get_account
from tests.xp.live_service import Sleep, start_xp_service

# Fields that differ between two databases for the same award: ids and clock times.
VOLATILE = {"id", "eventId", "metricId", "date", "created", "updated", "iso", "when"}


@pytest.fixture
def xp_service(tmp_path):
    service = start_xp_service(f"sqlite:///{tmp_path / 'xp-service.sqlite3'}")
    yield service
    service.close()


@pytest.fixture
def remote_app(tmp_path, template_cache, xp_service):
    """The study app on its own database, with no XP setup: XP lives in the service."""
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'study-app.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
            "XP_API_URL": xp_service.url,
            "XP_API_KEY": xp_service.api_key,
            "XP_API_TIMEOUT": 1,
            "XP_API_CONNECT_TIMEOUT": 0.5,
            "XP_API_RETRIES": 2,
        }
    )
    app.jinja_env.bytecode_cache = template_cache
    with app.app_context():
        seed_decks()
    yield app
    app.extensions["xp_client"].close()
    close_app(app)


@pytest.fixture
def remote_learner(remote_app):
    """Ana, registered and logged in on the study app that uses the remote XP service."""
    client = remote_app.test_client()
    assert AuthActions(client).register().status_code == 302
    return client


def hx_events(response) -> dict:
    return json.loads(response.headers.get("HX-Trigger", "{}"))


def without_volatile(value):
    if isinstance(value, dict):
        return {k: "*" if k in VOLATILE else without_volatile(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_volatile(v) for v in value]
    return value


def flip_cards(client, deck, count: int, prefix: str):
    return [
        flip(client, deck.id, card_id, f"{prefix}-{n}")
        for n, card_id in enumerate(deck.card_ids[:count])
    ]


def xp_user_id(app) -> str:
    return get_account(app).xp_user_id


def test_the_study_app_uses_the_http_client_it_was_configured_with(remote_app, xp_service):
    with remote_app.app_context():
        client = xp_client()
    assert isinstance(client, HttpXpClient)
    assert client.base_url == xp_service.url


def test_a_flip_brings_the_same_toast_payload_as_in_process(
    remote_app, remote_learner, xp_service, app, learner, client
):
    remote_deck = deck_info(remote_app, "european-capitals")
    local_deck = deck_info(app, "european-capitals")

    remote = flip_cards(remote_learner, remote_deck, 5, "remote")
    local = flip_cards(client, local_deck, 5, "local")

    assert [r.status_code for r in remote + local] == [200] * 10
    assert [hx_events(r) for r in remote[:4]] == [{}] * 4
    remote_events, local_events = hx_events(remote[4]), hx_events(local[4])
    assert without_volatile(remote_events) == without_volatile(local_events)
    progress = without_volatile(remote_events.pop("xp-progress"))
    assert progress["awards"] == [
        {
            "iso": "*",
            "when": "*",
            "points": "+10 XP",
            "total": "total 10",
            "reason": "for 5 flashcards flipped",
        }
    ]
    assert progress["chart"] == {"date": "*", "added": 10}
    assert remote_events == {
        "xp-news": {
            "toasts": [
                {
                    "kind": "xp",
                    "title": "You gained 10 XP",
                    "lines": ["+10 XP for 5 flashcards flipped"],
                }
            ],
            "sound": "xp",
        },
        "xp-changed": {"xpTotal": 10},
    }
    # The award is the XP service's, stored in its database.
    with xp_service.app.app_context():
        stored = InProcessXpClient().user_points(xp_user_id(remote_app), "xp")
    assert [(a["awarded"], a["total"]) for a in stored["awards"]] == [(10, 10)]
    assert stored["total"] == 10


def test_pages_show_the_remote_xp(remote_app, remote_learner, xp_service):
    deck = deck_info(remote_app, "european-capitals")
    flip_cards(remote_learner, deck, 5, "f")

    study = remote_learner.get(f"/decks/{deck.id}/study/").text
    progress = remote_learner.get("/progress/").text
    chart = remote_learner.get("/progress/chart-data?aggregation=daily&range=7d").json

    assert re.search(r'data-testid="xp-total" data-value="10">10</span>', study)
    assert '<span data-testid="panel-xp-total">10</span>' in study
    assert study.count('data-testid="award-item"') == 1
    assert re.search(r'data-testid="xp-unavailable" role="status" hidden></p>', study)
    assert "Every 5 flashcards flipped: +10 XP" in progress
    assert chart["changes"][-1] == 10


# A timeout or a stopped service is handled the same on any day.
@pytest.mark.calendar_free
def test_a_retried_flip_after_a_timeout_awards_once_and_still_shows_the_toast(
    remote_app, remote_learner, xp_service
):
    deck = deck_info(remote_app, "european-capitals")
    flip_cards(remote_learner, deck, 4, "f")
    # The fifth flip's event is applied, but its answer comes after the 1 s read timeout.
    xp_service.wsgi.play(Sleep(2, after=True))

    fifth = flip(remote_learner, deck.id, deck.card_ids[4], "f-4")
    xp_service.wsgi.wait_until_finished(len(xp_service.wsgi.attempts))

    assert fifth.status_code == 200
    assert hx_events(fifth)["xp-news"]["toasts"][0]["title"] == "You gained 10 XP"
    attempts = [a for a in xp_service.wsgi.attempts if a.idempotency_key == "f-4"]
    assert len(attempts) >= 2  # the lost one and its retry (another, on a busy machine)
    with xp_service.app.app_context():
        stored = InProcessXpClient().user_points(xp_user_id(remote_app), "xp")
    assert (stored["total"], len(stored["awards"])) == (10, 1)
    assert count(remote_app, CardFlip) == 5


# A timeout or a stopped service is handled the same on any day.
@pytest.mark.calendar_free
def test_with_the_xp_service_stopped_a_flip_is_saved_and_reported(
    remote_app, remote_learner, xp_service
):
    deck = deck_info(remote_app, "european-capitals")
    flip_cards(remote_learner, deck, 5, "f")
    xp_service.stop()

    started = time.monotonic()
    response = flip(remote_learner, deck.id, deck.card_ids[5], "while-down")
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert hx_events(response) == {"xp-unavailable": {"message": XP_UNAVAILABLE}}
    assert elapsed < 2  # connection refused: three attempts and two short backoffs
    with remote_app.app_context():
        saved = db.session.query(CardFlip).filter_by(idempotency_key="while-down").one()
        assert saved.card_id == deck.card_ids[5]
    assert count(remote_app, CardFlip) == 6
    decks = remote_learner.get("/decks/").text
    assert "6 / 28 cards flipped" in decks


# A timeout or a stopped service is handled the same on any day.
@pytest.mark.calendar_free
def test_with_the_xp_service_stopped_the_pages_say_xp_is_unavailable(
    remote_app, remote_learner, xp_service
):
    deck = deck_info(remote_app, "european-capitals")
    flip_cards(remote_learner, deck, 5, "f")
    xp_service.stop()

    study = remote_learner.get(f"/decks/{deck.id}/study/")
    progress = remote_learner.get("/progress/")
    panel = remote_learner.get("/progress/panel?compact=1")
    chart = remote_learner.get("/progress/chart-data?aggregation=daily&range=7d")

    notice = (
        f'<p class="xp-unavailable" data-testid="xp-unavailable" role="status">{XP_UNAVAILABLE}</p>'
    )
    assert (study.status_code, progress.status_code, panel.status_code) == (200, 200, 200)
    assert notice in study.text
    assert notice in progress.text
    assert XP_UNAVAILABLE == (
        "XP is unavailable right now. Your flips are saved to your deck progress "
        "but earn no XP until it is back."
    )
    for page in (study.text, progress.text):
        assert 'data-testid="xp-total" data-value="–">–</span>' in page
        assert '<span data-testid="panel-xp-total">–</span>' in page
        assert "Your awards cannot be shown while XP is unavailable." in page
        assert 'data-testid="award-item"' not in page
    assert "The ways to earn XP cannot be shown while XP is unavailable." in progress.text
    assert "Your awards cannot be shown while XP is unavailable." in panel.text
    assert (chart.status_code, chart.json) == (503, {"error": XP_UNAVAILABLE})
    # The deck pages do not depend on XP at all.
    assert "5 / 28 cards flipped" in remote_learner.get("/decks/").text


def test_a_flip_key_that_cannot_travel_in_a_header_is_a_400_not_a_500(
    remote_app, remote_learner, xp_service
):
    deck = deck_info(remote_app, "european-capitals")

    response = flip(remote_learner, deck.id, deck.card_ids[0], "schlüssel-日本")

    assert response.status_code == 400
    assert "Idempotency-Key must be printable ASCII" in response.text
    assert count(remote_app, CardFlip) == 0
    assert [a for a in xp_service.wsgi.attempts if a.method == "POST"] == []
