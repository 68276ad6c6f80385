"""GET /users/{id}/metrics, /metrics/{key} and /metrics/{key}/event-summary over HTTP."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.metrics import Metric
from tests.xp.contract import assert_matches
from tests.xp.test_api import assert_error

FLIPPED = "flashcards-flipped"
REVIEWED = "cards-reviewed"  # seed.py's second metric, first by key


@pytest.fixture
def get(client, seeded, api_key):
    """GET an /api/v1 path with the test API key and query parameters."""

    def get(path: str, **params):
        return client.get(f"/api/v1{path}", query_string=params, headers={"X-API-KEY": api_key})

    return get


@pytest.fixture
def metrics(seeded):
    """Two more metrics next to flashcards-flipped and cards-reviewed: one active, one
    archived."""
    with seeded.app_context():
        db.session.add(Metric(key="minutes-studied", name="Minutes Studied", unit="minutes"))
        db.session.add(Metric(key="old-metric", name="Old Metric", status="archived"))
        db.session.commit()
    return seeded


def event(app, value, at=None, metric=FLIPPED, user="ana", tz="UTC"):
    with app.app_context():
        return record_event(metric, {"id": user, "tz": tz}, value, at=at)


def archive(app, key: str) -> None:
    with app.app_context():
        db.session.scalar(select(Metric).where(Metric.key == key)).status = "archived"
        db.session.commit()


def metric_uuid(app, key: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Metric.uuid).where(Metric.key == key))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def rows(response) -> list[tuple]:
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert_matches(body, "UsersMetricEventSummaryResponse")
    return [(row["date"], row["total"], row["change"]) for row in body]


# --- GET /users/{id}/metrics --------------------------------------------------------------


def test_all_metrics_lists_every_active_metric_by_key_with_the_users_total(metrics, get):
    event(metrics, 7)
    event(metrics, 2.5, metric="minutes-studied")
    event(metrics, 1.5, metric="minutes-studied")

    response = get("/users/ana/metrics")

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "UsersAllMetricsResponse")
    assert body == [
        {
            "id": metric_uuid(metrics, REVIEWED),
            "key": REVIEWED,
            "name": "Cards Reviewed",
            "current": 0,
            "achievements": [],
        },
        {
            "id": metric_uuid(metrics, FLIPPED),
            "key": FLIPPED,
            "name": "Flashcards Flipped",
            "current": 7,
            "achievements": [],
        },
        {
            "id": metric_uuid(metrics, "minutes-studied"),
            "key": "minutes-studied",
            "name": "Minutes Studied",
            "current": 4,
            "achievements": [],
        },
    ]


def test_all_metrics_shows_zero_for_metrics_without_events(metrics, get):
    event(metrics, 3)

    body = get("/users/ana/metrics").get_json()

    assert [(m["key"], m["current"]) for m in body] == [
        (REVIEWED, 0),
        (FLIPPED, 3),
        ("minutes-studied", 0),
    ]


def test_all_metrics_leaves_out_archived_metrics(metrics, get):
    event(metrics, 3, metric="minutes-studied")
    archive(metrics, "minutes-studied")

    assert [m["key"] for m in get("/users/ana/metrics").get_json()] == [REVIEWED, FLIPPED]


def test_all_metrics_of_an_unknown_user_is_404(metrics, get):
    assert_error(get("/users/nobody/metrics"), 404, "User 'nobody' not found")


def test_metrics_of_a_user_whose_id_has_slashes(metrics, get):
    event(metrics, 4, user="team/ana")

    body = get("/users/team/ana/metrics").get_json()

    assert [(m["key"], m["current"]) for m in body] == [
        (REVIEWED, 0),
        (FLIPPED, 4),
        ("minutes-studied", 0),
    ]


# --- GET /users/{id}/metrics/{key} --------------------------------------------------------


def test_one_metric_answers_the_current_total(metrics, get):
    event(metrics, 0.1, metric="minutes-studied")
    event(metrics, 0.2, metric="minutes-studied")
    event(metrics, -1, metric="minutes-studied")

    response = get("/users/ana/metrics/minutes-studied")

    assert response.status_code == 200
    body = response.get_json()
    assert_matches(body, "MetricResponse")
    assert body == {
        "id": metric_uuid(metrics, "minutes-studied"),
        "key": "minutes-studied",
        "name": "Minutes Studied",
        "current": -0.7,
        "achievements": [],
    }


def test_one_metric_without_events_is_zero(metrics, get):
    event(metrics, 1)

    assert get("/users/ana/metrics/minutes-studied").get_json()["current"] == 0


def test_an_archived_metric_can_still_be_read_by_key(metrics, get):
    event(metrics, 6, metric="minutes-studied")
    archive(metrics, "minutes-studied")

    assert get("/users/ana/metrics/minutes-studied").get_json()["current"] == 6


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/users/ana/metrics/no-such-metric", "Metric 'no-such-metric' not found"),
        ("/users/nobody/metrics/flashcards-flipped", "User 'nobody' not found"),
    ],
)
def test_one_metric_of_an_unknown_user_or_metric_is_404(metrics, get, path, message):
    event(metrics, 1)
    assert_error(get(path), 404, message)


# --- GET /users/{id}/metrics/{key}/event-summary ------------------------------------------


def summary(get, aggregation, start, end, user="ana", metric=FLIPPED):
    return get(
        f"/users/{user}/metrics/{metric}/event-summary",
        aggregation=aggregation,
        startDate=start,
        endDate=end,
    )


def test_daily_summary_sums_values_per_day_with_a_running_total(metrics, get):
    event(metrics, 10, utc(2023, 12, 31, 12))  # before the range: the starting total
    event(metrics, 2.5, utc(2024, 1, 1, 9))
    event(metrics, 0.1, utc(2024, 1, 3, 9))
    event(metrics, 0.2, utc(2024, 1, 3, 10))
    event(metrics, -3, utc(2024, 1, 4, 9))

    assert rows(summary(get, "daily", "2024-01-01", "2024-01-05")) == [
        ("2024-01-01", 12.5, 2.5),
        ("2024-01-02", 12.5, 0),
        ("2024-01-03", 12.8, 0.3),
        ("2024-01-04", 9.8, -3),
        ("2024-01-05", 9.8, 0),
    ]


def test_summary_periods_are_the_users_local_dates(metrics, get):
    # 23:30 UTC on Jan 1 is 08:30 on Jan 2 in Tokyo.
    event(metrics, 4, utc(2024, 1, 1, 23, 30), tz="Asia/Tokyo")

    assert rows(summary(get, "daily", "2024-01-01", "2024-01-02")) == [
        ("2024-01-01", 0, 0),
        ("2024-01-02", 4, 4),
    ]


def test_weekly_and_monthly_summaries_use_whole_periods(metrics, get):
    event(metrics, 1, utc(2024, 1, 1, 12))  # Monday
    event(metrics, 2, utc(2024, 1, 7, 12))  # Sunday, same week
    event(metrics, 4, utc(2024, 1, 8, 12))  # next Monday
    event(metrics, 8, utc(2024, 2, 29, 12))

    assert rows(summary(get, "weekly", "2024-01-03", "2024-01-10")) == [
        ("2024-01-01", 3, 3),
        ("2024-01-08", 7, 4),
    ]
    assert rows(summary(get, "monthly", "2024-01-15", "2024-03-01")) == [
        ("2024-01-01", 7, 7),
        ("2024-02-01", 15, 8),
        ("2024-03-01", 15, 0),
    ]


def test_summary_counts_only_this_metric_and_this_user(metrics, get):
    event(metrics, 5, utc(2024, 1, 1, 12))
    event(metrics, 50, utc(2024, 1, 1, 12), metric="minutes-studied")
    event(metrics, 500, utc(2024, 1, 1, 12), user="bo")

    assert rows(summary(get, "daily", "2024-01-01", "2024-01-01")) == [("2024-01-01", 5, 5)]
    assert rows(summary(get, "daily", "2024-01-01", "2024-01-01", metric="minutes-studied")) == [
        ("2024-01-01", 50, 50)
    ]


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"startDate": "2024-01-01", "endDate": "2024-01-02"}, 422, "'aggregation' is required"),
        (
            {"aggregation": "yearly", "startDate": "2024-01-01", "endDate": "2024-01-02"},
            422,
            "'aggregation' must be one of daily, weekly, monthly",
        ),
        ({"aggregation": "daily", "endDate": "2024-01-02"}, 422, "'startDate' is required"),
        (
            {"aggregation": "daily", "startDate": "2024-1-1", "endDate": "2024-01-02"},
            422,
            "'startDate' must be a date as YYYY-MM-DD",
        ),
        (
            {"aggregation": "daily", "startDate": "2024-01-03", "endDate": "2024-01-02"},
            422,
            "'startDate' must not be after 'endDate'",
        ),
        (
            {"aggregation": "daily", "startDate": "2024-01-01", "endDate": "2025-02-05"},
            422,
            "The date range must not exceed 400 days",
        ),
    ],
)
def test_summary_with_bad_parameters_is_422(metrics, get, params, status, message):
    event(metrics, 1)
    assert_error(get(f"/users/ana/metrics/{FLIPPED}/event-summary", **params), status, message)


@pytest.mark.parametrize(
    ("user", "metric", "message"),
    [
        ("nobody", FLIPPED, "User 'nobody' not found"),
        ("ana", "no-such-metric", "Metric 'no-such-metric' not found"),
    ],
)
def test_summary_of_an_unknown_user_or_metric_is_404(metrics, get, user, metric, message):
    event(metrics, 1)
    response = summary(get, "daily", "2024-01-01", "2024-01-02", user=user, metric=metric)
    assert_error(response, 404, message)


def test_summary_of_401_days_is_the_longest_allowed(metrics, get):
    event(metrics, 1, utc(2024, 6, 1, 12))

    result = rows(summary(get, "daily", "2024-01-01", "2025-02-04"))

    assert len(result) == 401
    assert result[-1] == ("2025-02-04", 1, 0)


def test_a_metric_lists_its_achievements_with_the_users_progress(get, metrics):
    with metrics.app_context():
        from app.xp.models.achievements import Achievement

        flipped = db.session.scalar(select(Metric).where(Metric.key == FLIPPED))
        for value, name, status in (
            (25, "Quarter", "active"),
            (10, "Ten", "active"),
            (5, "Gone", "archived"),
        ):
            db.session.add(
                Achievement(
                    key=f"a{value}",
                    name=name,
                    trigger="metric",
                    metric_id=flipped.id,
                    metric_value=value,
                    status=status,
                )
            )
        db.session.add(Achievement(key="api", name="By API", trigger="api"))
        db.session.commit()
    event(metrics, 12, at=utc(2026, 11, 20, 9))
    one = get(f"/users/ana/metrics/{FLIPPED}").get_json()
    assert_matches(one, "MetricResponse")
    assert [(a["name"], a["metricValue"], a["achievedAt"]) for a in one["achievements"]] == [
        ("Ten", 10, "2026-11-20T09:00:00Z"),
        ("Quarter", 25, None),
    ]
    every = {m["key"]: m["achievements"] for m in get("/users/ana/metrics").get_json()}
    assert every[FLIPPED] == one["achievements"]
    assert every["minutes-studied"] == []
