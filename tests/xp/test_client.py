"""XpClient: the in-process client answers exactly what /api/v1 answers."""

from datetime import date

import pytest

from app.xp.client import xp_client
from app.xp.client.in_process import InProcessXpClient
from app.xp.errors import BadRequest, NotFound


def test_the_default_client_is_in_process(seeded):
    with seeded.app_context():
        assert isinstance(xp_client(), InProcessXpClient)


def test_a_configured_client_replaces_the_default(database_url):
    from tests.support import build_app

    custom = object()
    app = build_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "XP_CLIENT": custom})
    with app.app_context():
        assert xp_client() is custom


def test_client_answers_match_the_http_api(seeded, client, api_key):
    headers = {"X-API-KEY": api_key}
    with seeded.app_context():
        event = xp_client().record_event(
            "flashcards-flipped", {"id": "18", "tz": "Europe/London"}, 5, idempotency_key="a"
        )
        points = xp_client().user_points("18", "xp", awards=5)
        today = date.fromisoformat(event["points"]["xp"]["awards"][0]["date"][:10])
        summary = xp_client().points_event_summary("18", "xp", "daily", today, today)

    assert event["points"]["xp"]["added"] == 10
    replay = client.post(
        "/api/v1/metrics/flashcards-flipped/event",
        json={"user": {"id": "18"}, "value": 5},
        headers={**headers, "Idempotency-Key": "a"},
    )
    assert replay.status_code == 202
    assert {**replay.json, "idempotentReplayed": False} == event
    assert client.get("/api/v1/users/18/points/xp?awards=5", headers=headers).json == points
    query = f"aggregation=daily&startDate={today}&endDate={today}"
    assert client.get(
        f"/api/v1/users/18/points/xp/event-summary?{query}", headers=headers
    ).json == (summary)
    assert summary == [{"date": today.isoformat(), "total": 10, "change": 10}]
    with seeded.app_context():
        system = xp_client().points_system("xp")
    assert client.get("/api/v1/points/xp", headers=headers).json == system
    assert [t["metricThreshold"] for t in system["triggers"]] == [5, 25, 10]


def test_client_raises_the_api_errors(seeded):
    with seeded.app_context():
        with pytest.raises(BadRequest, match="Unknown time zone"):
            xp_client().record_event("flashcards-flipped", {"id": "x", "tz": "Nowhere/City"}, 1)
        with pytest.raises(NotFound, match="User 'ghost' not found"):
            xp_client().user_points("ghost", "xp")
