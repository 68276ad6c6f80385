"""What operators change: metrics, points systems, their triggers and their levels.

Each function validates, writes and commits, or raises FieldErrors (422) naming the fields
that are wrong, so the dashboard can show each message beside its field and nothing is
half-written. Triggers are never edited in place once they have paid: awards keep pointing
at the rules they were paid under.
"""

import re

from sqlalchemy import exists, select

from app.extensions import db
from app.xp.errors import Unprocessable
from app.xp.models import (
    METRIC_KEY_MAX,
    Metric,
    MetricEvent,
    PointsAward,
    PointsLevel,
    PointsSystem,
    PointsTrigger,
    now_utc,
)

KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NAME_MAX = 200
UNIT_MAX = 50
DESCRIPTION_MAX = 2000
URL_MAX = 2000
MAX_TRIGGER_POINTS = 1_000_000
MAX_THRESHOLD = 1_000_000_000
MAX_MAX_POINTS = 10**15
TRIGGER_TYPES = ("metric",)  # streak, achievement, time and user_creation come later
STATUSES = ("active", "inactive", "archived")


class FieldErrors(Unprocessable):
    """Invalid fields, each with the message to show beside it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def _text(errors: dict, field: str, value: str | None, limit: int, required=True) -> str | None:
    value = (value or "").strip()
    if not value:
        if required:
            errors[field] = "This field is required."
        return None
    if "\x00" in value:
        errors[field] = "This field cannot contain NUL characters."
    elif len(value) > limit:
        errors[field] = f"Use at most {limit} characters."
    return value


def _key(errors: dict, value: str | None, model, current=None) -> str | None:
    key = _text(errors, "key", value, METRIC_KEY_MAX)
    if key is None or "key" in errors:
        return key
    if not KEY_PATTERN.fullmatch(key):
        errors["key"] = "Use lower-case letters, digits and single hyphens, e.g. quiz-answered."
        return key
    taken = db.session.scalar(select(model.id).where(model.key == key))
    if taken is not None and (current is None or taken != current.id):
        errors["key"] = f"The key '{key}' is already used."
    return key


def _check(errors: dict) -> None:
    if errors:
        db.session.rollback()
        raise FieldErrors(errors)


# --- metrics -----------------------------------------------------------------------------


def metric_has_events(metric: Metric) -> bool:
    return db.session.scalar(select(exists().where(MetricEvent.metric_id == metric.id)))


def save_metric(metric: Metric | None, key: str, name: str, unit: str | None = None) -> Metric:
    """Create a metric (metric=None) or change one. Its key is fixed once events exist."""
    errors: dict[str, str] = {}
    if metric is not None and key != metric.key and metric_has_events(metric):
        errors["key"] = "This metric has events, so its key can no longer change."
    else:
        key = _key(errors, key, Metric, metric)
    name = _text(errors, "name", name, NAME_MAX)
    unit = _text(errors, "unit", unit, UNIT_MAX, required=False)
    _check(errors)
    if metric is None:
        metric = Metric(key=key)
        db.session.add(metric)
    metric.key, metric.name, metric.unit = key, name, unit
    db.session.commit()
    return metric


def set_metric_status(metric: Metric, status: str) -> None:
    """Archive a metric (it refuses new events) or restore it."""
    if status not in ("active", "archived"):
        raise FieldErrors({"status": "A metric is active or archived."})
    metric.status = status
    db.session.commit()


# --- points systems ----------------------------------------------------------------------


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
        key = _key(errors, key, PointsSystem, system)
    name = _text(errors, "name", name, NAME_MAX)
    description = _text(errors, "description", description, DESCRIPTION_MAX, required=False)
    badge_url = _text(errors, "badge_url", badge_url, URL_MAX, required=False)
    if badge_url and not re.match(r"(https?://|/)", badge_url):
        errors["badge_url"] = "Use an http(s) URL or upload an image."
    max_points = parse_max_points(errors, max_points)
    _check(errors)
    if system is None:
        system = PointsSystem(key=key)
        db.session.add(system)
    system.key, system.name, system.description = key, name, description
    system.badge_url, system.max_points = badge_url, max_points
    system.updated = now_utc()
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
    system.updated = now_utc()
    db.session.commit()


# --- triggers ----------------------------------------------------------------------------


def _whole_number(errors: dict, field: str, raw, low: int, high: int, message: str) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        errors[field] = message
        return None
    if not low <= value <= high:
        errors[field] = message
        return None
    return value


def _trigger_fields(errors: dict, type_: str, points, metric_id, threshold, current=None):
    if type_ not in TRIGGER_TYPES:
        errors["type"] = "Choose a trigger type."
    points = _whole_number(
        errors,
        "points",
        points,
        -MAX_TRIGGER_POINTS,
        MAX_TRIGGER_POINTS,
        f"Points are a whole number from -{MAX_TRIGGER_POINTS:,} to {MAX_TRIGGER_POINTS:,}.",
    )
    if points == 0:
        errors["points"] = "Points cannot be zero: use a positive award or a negative deduction."
    metric = None
    if type_ == "metric":
        metric = db.session.get(Metric, metric_id) if isinstance(metric_id, int) else None
        keeps_own = current is not None and metric is not None and metric.id == current.metric_id
        if metric is None or (metric.status != "active" and not keeps_own):
            errors["metric_id"] = "Choose an active metric."
        threshold = _whole_number(
            errors,
            "metric_threshold",
            threshold,
            1,
            MAX_THRESHOLD,
            "The threshold is a whole number of at least 1.",
        )
    return points, metric, threshold


def add_trigger(system: PointsSystem, type_: str, points, metric_id, threshold) -> PointsTrigger:
    """Add an active trigger to a points system."""
    errors: dict[str, str] = {}
    points, metric, threshold = _trigger_fields(errors, type_, points, metric_id, threshold)
    _check(errors)
    trigger = PointsTrigger(
        system_id=system.id,
        type=type_,
        points=points,
        metric_id=metric.id if metric else None,
        metric_threshold=threshold,
        status="active",
    )
    db.session.add(trigger)
    db.session.commit()
    return trigger


def trigger_has_awards(trigger: PointsTrigger) -> bool:
    return db.session.scalar(select(exists().where(PointsAward.trigger_id == trigger.id)))


def change_trigger(trigger: PointsTrigger, points, metric_id, threshold) -> PointsTrigger:
    """Change a trigger's rule. One that has paid is archived and replaced by a new one.

    Awards point at the trigger that paid them, so editing that row would change what past
    awards say they were for. The replacement starts paying from the learner's current
    total, never for multiples passed before.
    """
    errors: dict[str, str] = {}
    points, metric, threshold = _trigger_fields(
        errors, trigger.type, points, metric_id, threshold, current=trigger
    )
    _check(errors)
    same = (
        points == trigger.points
        and (metric.id if metric else None) == trigger.metric_id
        and threshold == trigger.metric_threshold
    )
    if same:
        return trigger
    if not trigger_has_awards(trigger):
        trigger.points, trigger.metric_threshold = points, threshold
        trigger.metric_id = metric.id if metric else None
        trigger.updated = now_utc()
        db.session.commit()
        return trigger
    replacement = PointsTrigger(
        system_id=trigger.system_id,
        type=trigger.type,
        points=points,
        metric_id=metric.id if metric else None,
        metric_threshold=threshold,
        status=trigger.status,
    )
    trigger.status = "archived"
    trigger.updated = now_utc()
    db.session.add(replacement)
    db.session.commit()
    return replacement


def set_trigger_status(trigger: PointsTrigger, status: str) -> None:
    """Activate, deactivate or archive a trigger. Archived triggers stay archived."""
    if status not in STATUSES:
        raise FieldErrors({"status": "A trigger is active, inactive or archived."})
    if trigger.status == "archived" and status != "archived":
        raise FieldErrors({"status": "An archived trigger cannot be reactivated: add a new one."})
    if status == "active" and trigger.status != "active":
        trigger.activation += 1
    trigger.status = status
    trigger.updated = now_utc()
    db.session.commit()


# --- levels ------------------------------------------------------------------------------


def _level_points(errors: dict, raw, system: PointsSystem, current=None) -> int | None:
    points = _whole_number(
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
    key = _text(errors, "key", key, METRIC_KEY_MAX)
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
    name = _text(errors, "name", name, NAME_MAX)
    description = _text(errors, "description", description, DESCRIPTION_MAX, required=False)
    badge_url = _text(errors, "badge_url", badge_url, URL_MAX, required=False)
    if badge_url and "badge_url" not in errors and not badge_url.startswith("https://"):
        errors["badge_url"] = "Use an https:// URL, or leave it empty."
    points = _level_points(errors, points, system, level)
    _check(errors)
    if level is None:
        level = PointsLevel(system_id=system.id)
        db.session.add(level)
    level.key, level.name, level.points = key, name, points
    level.description, level.badge_url = description or "", badge_url
    level.updated = now_utc()
    db.session.commit()
    return level


def delete_level(level: PointsLevel) -> None:
    """Remove a level: nothing refers to it, as users' levels are computed from totals."""
    db.session.delete(level)
    db.session.commit()
