"""HttpXpClient's achievement, streak and boost methods answer what InProcessXpClient answers,
and raise the same exceptions with the same messages (the service as in test_http_client.py)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.errors import BadRequest, NotFound, Unprocessable
from app.xp.models.achievements import Achievement
from app.xp.models.boosts import PointsBoost
from app.xp.models.points import PointsSystem
from tests.xp.live_service import in_process
from tests.xp.test_http_client import METRIC


@pytest.fixture
def service(database_url, clock):
    """The XP service with seed.py's engagement set, an `api` achievement and three boosts."""
    from seed import seed_engagement
    from tests.xp.live_service import start_xp_service

    service = start_xp_service(database_url)
    today = clock.today()
    with service.app.app_context():
        seed_engagement()
        xp = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
        db.session.add(Achievement(key="onboarded", name="Onboarded", trigger="api"))
        for name, start, end in (
            ("Last week", today - timedelta(days=9), today - timedelta(days=3)),
            ("Today", today, today),
            ("Next month", today + timedelta(days=30), None),
        ):
            db.session.add(
                PointsBoost(
                    system_id=xp.id, name=name, start_date=start, end_date=end, multiplier=2
                )
            )
        db.session.commit()
    yield service
    service.close()


def test_engagement_reads_answer_what_the_in_process_client_answers(service, remote, clock):
    for day in range(3, 0, -1):  # three days in a row, up to today: a 3-day streak
        with service.app.app_context():
            record_event(METRIC, {"id": "18"}, 5, at=clock.now - timedelta(days=day - 1))
    in_process(service, "record_event", METRIC, {"id": "19"}, 1)

    badges = remote.achievements()
    assert badges == in_process(service, "achievements")
    assert [(a["key"], a["completions"], a["rarity"]) for a in badges][:2] == [
        ("flips-10", 1, 50.0),
        ("flips-50", 0, 0.0),
    ]

    mine = remote.user_achievements("18")
    assert mine == in_process(service, "user_achievements", "18")
    assert [a["key"] for a in mine] == ["flips-10"]
    every = remote.user_achievements("18", include_incomplete=True)
    assert every == in_process(service, "user_achievements", "18", include_incomplete=True)
    assert len(every) == 7 and [a["achievedAt"] is None for a in every].count(True) == 6

    streak = remote.user_streak("18", history_periods=4)
    assert streak == in_process(service, "user_streak", "18", history_periods=4)
    assert streak["length"] == 3
    assert [p["length"] for p in streak["streakHistory"]] == [0, 1, 2, 3]
    assert remote.user_streak("18") == in_process(service, "user_streak", "18")
    assert len(remote.user_streak("18")["streakHistory"]) == 7

    boosts = remote.points_boosts("xp")
    assert boosts == in_process(service, "points_boosts", "xp")
    assert [(b["name"], b["status"]) for b in boosts] == [
        ("Today", "active"),
        ("Next month", "scheduled"),
    ]


def test_complete_achievement_answers_as_in_process_and_once(service, remote):
    first = remote.complete_achievement("onboarded", {"id": "ana", "tz": "Europe/Paris"})
    again = in_process(service, "complete_achievement", "onboarded", {"id": "ana"})

    assert first == again  # no trigger pays for it: points {} both times
    assert first["points"] == {}
    assert first["achievement"]["key"] == "onboarded"
    assert remote.complete_achievement("onboarded", {"id": "ana"}) == again
    assert [a.path for a in service.wsgi.attempts] == [
        "/api/v1/achievements/onboarded/complete"
    ] * 2


ERROR_CASES = {
    "unknown user's achievements": ("user_achievements", ("ghost",), NotFound),
    "empty user id": ("user_achievements", ("",), NotFound),
    "unknown user's streak": ("user_streak", ("ghost",), NotFound),
    "history 0": ("user_streak", ("18", 0), Unprocessable),
    "history 101": ("user_streak", ("18", 101), Unprocessable),
    "no such system's boosts": ("points_boosts", ("gold",), NotFound),
    "no such achievement": ("complete_achievement", ("gold-star", {"id": "18"}), NotFound),
    "empty achievement key": ("complete_achievement", ("", {"id": "18"}), NotFound),
    "metric achievement": ("complete_achievement", ("flips-10", {"id": "18"}), Unprocessable),
    "user without id": ("complete_achievement", ("onboarded", {}), BadRequest),
    "unknown time zone": (
        "complete_achievement",
        ("onboarded", {"id": "18", "tz": "Nowhere/City"}),
        BadRequest,
    ),
}


# Which error a bad call gets does not depend on the day.
@pytest.mark.calendar_free
@pytest.mark.parametrize("case", ERROR_CASES, ids=list(ERROR_CASES))
def test_errors_are_the_in_process_exceptions_with_the_service_message(service, remote, case):
    method, args, expected = ERROR_CASES[case]
    in_process(service, "record_event", METRIC, {"id": "18"}, 1)
    with pytest.raises(expected) as local:
        in_process(service, method, *args)

    with pytest.raises(expected) as over_http:
        getattr(remote, method)(*args)

    assert over_http.value.message == local.value.message
    assert type(over_http.value) is type(local.value)


def test_a_user_that_is_not_json_is_refused_before_sending(service, remote):
    with pytest.raises(BadRequest, match="'user' must be a JSON object"):
        remote.complete_achievement("onboarded", {"id": date(2026, 1, 1)})

    assert service.wsgi.attempts == []
