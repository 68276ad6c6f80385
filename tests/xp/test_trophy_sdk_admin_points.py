"""Trophy's official Python SDK (trophy 1.27, unchanged) drives /admin/v1/points,
/admin/v1/points/{systemId}/levels and .../triggers on a StudyXP serving it over HTTP: its
admin clients (trophy.admin.points.systems, .levels and .triggers) parse every answer into the
SDK's own models, per-item issues included, and StudyXP's errors raise the SDK's exceptions."""

import pytest
from sqlalchemy import select
from trophy.errors import NotFoundError, UnprocessableEntityError

from app.extensions import db
from app.xp.models.metrics import Metric
from tests.xp.admin_support import UNKNOWN, admin_sdk, admin_service

# Left out of the calendar sweep (.ci/run): points systems, levels and triggers read no date.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def service(database_url):
    with admin_service(database_url) as service:
        yield service


@pytest.fixture
def points(service):
    return admin_sdk(service, service.admin_key).admin.points


def test_the_sdk_creates_lists_gets_updates_and_deletes_points_systems(points):
    systems = points.systems
    created = systems.create(
        request=[
            {"name": "Gems", "key": "gems", "badge": {"url": "https://example.com/g.png"}},
            {"name": "Coins", "key": "Coins_1"},
        ]
    )
    [gems] = created.created
    assert (gems.name, gems.key, gems.status, gems.badge.url, gems.max_points) == (
        "Gems",
        "gems",
        "active",
        "https://example.com/g.png",
        None,
    )
    [issue] = created.issues
    assert (issue.index, issue.severity, issue.message) == (
        1,
        "error",
        "key: Use lower-case letters, digits and single hyphens, e.g. quiz-answered.",
    )

    # The seeded XP system comes first: it is older.
    assert [s.key for s in systems.list(limit=100, skip=0)] == ["xp", "gems"]
    assert [s.key for s in systems.list(limit=1, skip=1)] == ["gems"]
    assert systems.get(gems.id).description == ""

    updated = systems.update(
        request=[{"id": gems.id, "maxPoints": 1000, "badge": None}, {"id": UNKNOWN}]
    )
    assert [(s.id, s.max_points, s.badge) for s in updated.updated] == [(gems.id, 1000, None)]
    assert [(i.id, i.message) for i in updated.issues] == [
        (UNKNOWN, "Points system not found by ID")
    ]

    deleted = systems.delete(ids=[gems.id, "nope"])
    assert [d.id for d in deleted.deleted] == [gems.id]
    assert [(i.id, i.message) for i in deleted.issues] == [("nope", "id must be a valid UUID")]
    with pytest.raises(NotFoundError) as missing:
        systems.get(gems.id)
    assert missing.value.body == {"error": "Points system not found by ID"}


def test_the_sdk_creates_lists_gets_updates_and_deletes_points_levels(points):
    system = points.systems.create(request=[{"name": "Gems", "key": "gems"}]).created[0].id
    levels = points.levels
    created = levels.create(
        system,
        request=[
            {"name": "Silver", "key": "silver", "points": 100, "description": "Halfway"},
            {"name": "Bronze", "key": "bronze", "points": 0},
            {"name": "Tin", "key": "tin", "points": 0},
        ],
    )
    silver, bronze = created.created
    assert (silver.name, silver.key, silver.points, silver.description, silver.badge) == (
        "Silver",
        "silver",
        100,
        "Halfway",
        None,
    )
    assert [(i.index, i.message) for i in created.issues] == [
        (2, "points: The level “Bronze” already starts at 0 points.")
    ]

    assert [lv.key for lv in levels.list(system, limit=100)] == ["bronze", "silver"]
    assert [lv.key for lv in levels.list(system, limit=1, skip=1)] == ["silver"]
    assert levels.get(system, silver.id).points == 100

    updated = levels.update(
        system,
        request=[
            {"id": silver.id, "points": 250, "badge": {"url": "https://example.com/s.png"}},
            {"id": UNKNOWN, "name": "Nobody"},
        ],
    )
    [changed] = updated.updated
    assert (changed.id, changed.points, changed.badge.url) == (
        silver.id,
        250,
        "https://example.com/s.png",
    )
    assert [(i.id, i.message) for i in updated.issues] == [
        (UNKNOWN, "Points level not found by ID")
    ]

    deleted = levels.delete(system, ids=[bronze.id, UNKNOWN])
    assert [d.id for d in deleted.deleted] == [bronze.id]
    assert [(i.id, i.message) for i in deleted.issues] == [
        (UNKNOWN, "Points level not found by ID")
    ]
    with pytest.raises(NotFoundError):
        levels.get(system, bronze.id)
    with pytest.raises(UnprocessableEntityError) as bad_limit:
        levels.list(system, limit=0)
    assert bad_limit.value.body == {
        "error": "'limit' must be a whole number from 1 to 100, not '0'"
    }


def test_the_sdk_creates_lists_gets_updates_and_deletes_points_triggers(service, points):
    with service.app.app_context():
        flips = db.session.scalar(select(Metric.uuid).where(Metric.key == "flashcards-flipped"))
    system = points.systems.create(request=[{"name": "Gems", "key": "gems"}]).created[0].id
    triggers = points.triggers
    created = triggers.create(
        system,
        request=[
            {"type": "metric", "points": 5, "metricId": flips, "metricThreshold": 10},
            {"type": "time", "points": 1, "timeUnit": "days", "timeInterval": 7},
            {"type": "streak", "points": 0, "streakLength": 3},
        ],
    )
    metric, time = created.created
    assert (metric.type, metric.points, metric.status, metric.metric_id) == (
        "metric",
        5,
        "inactive",
        flips,
    )
    assert (metric.metric_threshold, metric.event_attributes, metric.user_attributes) == (
        10,
        [],
        [],
    )
    assert (time.time_unit, time.time_interval, time.block_if_out_of_points) == ("days", 7, False)
    assert [(i.index, i.message) for i in created.issues] == [
        (2, "points: Points cannot be zero: use a positive award or a negative deduction.")
    ]

    assert [t.id for t in triggers.list(system, limit=100)] == [metric.id, time.id]
    assert [t.id for t in triggers.list(system, limit=1, skip=1)] == [time.id]
    assert triggers.get(system, time.id).time_unit == "days"

    updated = triggers.update(
        system,
        request=[
            {"id": metric.id, "status": "active", "metricThreshold": 20},
            {"id": UNKNOWN, "points": 3},
        ],
    )
    [changed] = updated.updated
    assert (changed.id, changed.status, changed.metric_threshold) == (metric.id, "active", 20)
    assert [(i.id, i.severity, i.message) for i in updated.issues] == [
        (UNKNOWN, "error", "Points trigger not found by ID")
    ]

    deleted = triggers.delete(system, ids=[time.id, "nope"])
    assert [d.id for d in deleted.deleted] == [time.id]
    assert [(i.id, i.message) for i in deleted.issues] == [("nope", "id must be a valid UUID")]
    with pytest.raises(NotFoundError) as missing:
        triggers.get(system, time.id)
    assert missing.value.body == {"error": "Points trigger not found by ID"}
