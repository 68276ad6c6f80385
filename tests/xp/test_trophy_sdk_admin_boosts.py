"""Trophy's official Python SDK (trophy 1.27, unchanged) drives /admin/v1/points/{systemId}/
boosts on a StudyXP serving it over HTTP: its admin client (trophy.admin.points.boosts) parses
every answer into the SDK's own models, per-item issues included."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.points import PointsSystem
from app.xp.models.users import XpUser
from tests.xp.admin_support import UNKNOWN, admin_sdk, admin_service

# Left out of the calendar sweep (.ci/run): every date read is pinned by `clock`.
pytestmark = pytest.mark.calendar_free


@pytest.fixture
def service(database_url, clock):
    clock.set("2027-01-05T10:00:00Z")
    with admin_service(database_url) as service:
        with service.app.app_context():
            service.system = db.session.scalar(
                select(PointsSystem.uuid).where(PointsSystem.key == "xp")
            )
            db.session.add(XpUser(external_id="lena"))
            db.session.commit()
        yield service


def test_the_sdk_creates_lists_gets_updates_and_deletes_boosts(service):
    boosts = admin_sdk(service, service.admin_key).admin.points.boosts
    system = service.system

    created = boosts.create(
        system,
        request=[
            {"name": "Double XP", "start": "2027-01-01", "end": "2027-01-10", "multiplier": 2},
            {"userId": "lena", "name": "Lena's", "start": "2027-02-01", "multiplier": 1.5},
            {"name": "Huge", "start": "2027-01-01", "multiplier": 5000},
        ],
    )
    double, lena = created.created
    assert (double.name, double.status, double.end, double.multiplier, double.user_id) == (
        "Double XP",
        "active",
        "2027-01-10",
        2,
        None,
    )
    assert double.user_attributes == []
    assert (lena.status, lena.user_id, lena.rounding) == ("scheduled", "lena", "down")
    [issue] = created.issues
    assert (issue.index, issue.severity, issue.message) == (
        2,
        "error",
        "multiplier: The multiplier is a number above 0 and up to 1,000, e.g. 2 or 1.5.",
    )

    assert [b.name for b in boosts.list(system, limit=10, skip=0)] == ["Double XP", "Lena's"]
    assert boosts.get(system, lena.id).start == "2027-02-01"

    updated = boosts.update(
        system, request=[{"id": double.id, "multiplier": 3, "end": None}, {"id": UNKNOWN}]
    )
    assert [(b.id, b.multiplier, b.end) for b in updated.updated] == [(double.id, 3, None)]
    assert [(i.id, i.message) for i in updated.issues] == [
        (UNKNOWN, "Points boost not found by ID")
    ]

    deleted = boosts.delete(system, ids=[double.id, "not-a-uuid"])
    assert [d.id for d in deleted.deleted] == [double.id]
    assert [(i.id, i.message) for i in deleted.issues] == [
        ("not-a-uuid", "id must be a valid UUID")
    ]
    assert [b.id for b in boosts.list(system)] == [lena.id]
