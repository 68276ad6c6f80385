"""Finding what a request names by its key or id: a user, a metric, a points system (404 if none).

PostgreSQL text cannot hold NUL, so a name with one is simply not found.
"""

from sqlalchemy import select

from app.extensions import db
from app.xp.errors import NotFound
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem
from app.xp.models.users import XpUser


def find_user(external_id: str) -> XpUser:
    user = None
    if "\x00" not in external_id:  # PostgreSQL text cannot hold NUL: no such user
        user = db.session.scalar(select(XpUser).where(XpUser.external_id == external_id))
    if user is None:
        raise NotFound(f"User '{external_id[:255]}' not found")
    return user


def find_points_system(key: str) -> PointsSystem:
    system = None
    if "\x00" not in key:
        system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == key))
    if system is None:
        raise NotFound(f"Points system '{key[:100]}' not found")
    return system


def find_metric(key: str) -> Metric:
    """A metric by key, active or archived (an archived one still has its history)."""
    metric = None
    if "\x00" not in key:
        metric = db.session.scalar(select(Metric).where(Metric.key == key))
    if metric is None:
        raise NotFound(f"Metric '{key[:100]}' not found")
    return metric
