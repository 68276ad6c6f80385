"""What operators change about points systems and their levels.

Each function validates, writes and commits, or raises FieldErrors (422) naming the fields
that are wrong, so the dashboard can show each message beside its field and nothing is
half-written.
"""

import re

from sqlalchemy import exists, select

from app import clock
from app.extensions import db
from app.xp.admin import fields
from app.xp.admin.fields import (
    DESCRIPTION_MAX,
    KEY_PATTERN,
    NAME_MAX,
    URL_MAX,
    FieldErrors,
)
from app.xp.models.metrics import METRIC_KEY_MAX
from app.xp.models.points import PointsAward, PointsLevel, PointsSystem

MAX_MAX_POINTS = 10**15


def system_has_awards(system: PointsSystem) -> bool:
    return db.session.scalar(select(exists().where(PointsAward.system_id == system.id)))


def parse_max_points(errors: dict, raw) -> int | None:
    """Empty means no maximum; otherwise a whole number of at least 1."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        errors["max_points"] = "Enter a whole number, or leave it empty for no maximum."
        return None
    if not 1 <= value <= MAX_MAX_POINTS:
        errors["max_points"] = "The maximum must be at least 1."
        return None
    return value


def save_points_system(
    system: PointsSystem | None,
    key: str,
    name: str,
    description: str | None = None,
    badge_url: str | None = None,
    max_points=None,
) -> PointsSystem:
    """Create a points system (system=None) or change one. Its key is fixed once it paid."""
    errors: dict[str, str] = {}
    if system is not None and key != system.key and system_has_awards(system):
        errors["key"] = "This points system has awarded points, so its key can no longer change."
    else:
        key = fields.key(errors, key, PointsSystem, system)
    name = fields.text(errors, "name", name, NAME_MAX)
    description = fields.text(errors, "description", description, DESCRIPTION_MAX, required=False)
    badge_url = fields.text(errors, "badge_url", badge_url, URL_MAX, required=False)
    if badge_url and not re.match(r"(https?://|/)", badge_url):
        errors["badge_url"] = "Use an http(s) URL or upload an image."
    max_points = parse_max_points(errors, max_points)
    fields.check(errors)
    if system is None:
        system = PointsSystem(key=key)
        db.session.add(system)
    system.key, system.name, system.description = key, name, description
    system.badge_url, system.max_points = badge_url, max_points
    system.updated = clock.now()
    db.session.commit()
    return system


def set_points_system_status(system: PointsSystem, status: str) -> None:
    """Archive a points system (its triggers stop paying) or restore it."""
    if status not in ("active", "archived"):
        raise FieldErrors({"status": "A points system is active or archived."})
    if status == "active" and system.status != "active":
        # Restored: its triggers pay for what happens from now on, not while it was archived.
        for trigger in system.triggers:
            trigger.activation += 1
    system.status = status
    system.updated = clock.now()
    db.session.commit()


def _level_points(errors: dict, raw, system: PointsSystem, current=None) -> int | None:
    points = fields.whole_number(
        errors,
        "points",
        raw,
        0,
        MAX_MAX_POINTS,
        "Points are a whole number of at least 0.",
    )
    if points is None:
        return None
    taken = db.session.scalar(
        select(PointsLevel.name).where(
            PointsLevel.system_id == system.id,
            PointsLevel.points == points,
            PointsLevel.id != (current.id if current else None),
        )
    )
    if taken is not None:
        # A total then falls in exactly one level.
        errors["points"] = f"The level “{taken}” already starts at {points:,} points."
    return points


def save_level(
    system: PointsSystem,
    level: PointsLevel | None,
    key: str,
    name: str,
    points,
    description: str | None = None,
    badge_url: str | None = None,
) -> PointsLevel:
    """Add a level to a points system (level=None) or change one. Users' levels follow their
    totals, so a changed threshold applies to everyone at once."""
    errors: dict[str, str] = {}
    key = fields.text(errors, "key", key, METRIC_KEY_MAX)
    if key is not None and "key" not in errors:
        if not KEY_PATTERN.fullmatch(key):
            errors["key"] = "Use lower-case letters, digits and single hyphens, e.g. apprentice."
        elif db.session.scalar(
            select(PointsLevel.id).where(
                PointsLevel.system_id == system.id,
                PointsLevel.key == key,
                PointsLevel.id != (level.id if level else None),
            )
        ):
            errors["key"] = f"The key '{key}' is already used by a level of {system.name}."
    name = fields.text(errors, "name", name, NAME_MAX)
    description = fields.text(errors, "description", description, DESCRIPTION_MAX, required=False)
    badge_url = fields.text(errors, "badge_url", badge_url, URL_MAX, required=False)
    if badge_url and "badge_url" not in errors and not badge_url.startswith("https://"):
        errors["badge_url"] = "Use an https:// URL, or leave it empty."
    points = _level_points(errors, points, system, level)
    fields.check(errors)
    if level is None:
        level = PointsLevel(system_id=system.id)
        db.session.add(level)
    level.key, level.name, level.points = key, name, points
    level.description, level.badge_url = description or "", badge_url
    level.updated = clock.now()
    db.session.commit()
    return level


def delete_level(level: PointsLevel) -> None:
    """Remove a level: nothing refers to it, as users' levels are computed from totals."""
    db.session.delete(level)
    db.session.commit()
