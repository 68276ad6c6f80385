"""What operators change about achievements: add one, change it, archive it.

Like the other admin modules, each function takes plain values, validates, writes and
commits, or raises FieldErrors naming each wrong field. An achievement's key and type are
fixed once anyone has completed it, and an `achievement` achievement may not close a loop of
prerequisites.
"""

import math

from sqlalchemy import exists, select

from app import clock
from app.extensions import db
from app.xp.admin import fields
from app.xp.admin.fields import (
    DESCRIPTION_MAX,
    MAX_THRESHOLD,
    NAME_MAX,
    URL_MAX,
    FieldErrors,
)
from app.xp.models.achievements import (
    ACHIEVEMENT_TRIGGERS,
    Achievement,
    AchievementPrerequisite,
    UserAchievement,
)
from app.xp.models.metrics import Metric

MAX_METRIC_VALUE = 1e15
BADGE_URL_STARTS = ("https://", "http://", "/")  # as for points systems; "/" is an upload
LOCKED = "Learners have completed this achievement, so its {} can no longer change."


def has_completions(achievement: Achievement) -> bool:
    return db.session.scalar(
        select(exists().where(UserAchievement.achievement_id == achievement.id))
    )


def save_achievement(
    achievement: Achievement | None,
    key: str,
    name: str,
    description: str | None,
    badge_url: str | None,
    trigger: str,
    metric_id=None,
    metric_value=None,
    streak_length=None,
    prerequisite_ids=(),
) -> Achievement:
    """Create an achievement (achievement=None) or change one; only its type's fields are
    kept. Raises FieldErrors naming each wrong field."""
    errors: dict[str, str] = {}
    locked = achievement is not None and has_completions(achievement)
    if locked and key != achievement.key:
        errors["key"] = LOCKED.format("key")
    else:
        key = fields.key(errors, key, Achievement, achievement)
    if locked and trigger != achievement.trigger:
        errors["trigger"] = LOCKED.format("type")
    elif trigger not in ACHIEVEMENT_TRIGGERS:
        errors["trigger"] = "Choose how the achievement is completed."
    name = fields.text(errors, "name", name, NAME_MAX)
    description = fields.text(errors, "description", description, DESCRIPTION_MAX, required=False)
    badge_url = fields.text(errors, "badge_url", badge_url, URL_MAX, required=False)
    if badge_url and "badge_url" not in errors and not badge_url.startswith(BADGE_URL_STARTS):
        errors["badge_url"] = "Use an http(s) URL or upload an image."
    value = length = None
    prerequisites: list[Achievement] = []
    if trigger == "metric":
        metric_id = fields.active_choice(
            errors, "metric_id", Metric, metric_id, achievement, "Choose an active metric."
        )
        value = _metric_value(errors, metric_value)
    else:
        metric_id = None
    if trigger == "streak":
        length = fields.whole_number(
            errors,
            "streak_length",
            streak_length,
            1,
            MAX_THRESHOLD,
            "The streak length is a whole number of at least 1.",
        )
    if trigger == "achievement":
        prerequisites = _prerequisites(errors, achievement, prerequisite_ids)
    fields.check(errors)
    if achievement is None:
        achievement = Achievement(key=key)
        db.session.add(achievement)
    achievement.key, achievement.name, achievement.description = key, name, description
    achievement.badge_url, achievement.trigger = badge_url, trigger
    achievement.metric_id, achievement.metric_value = metric_id, value
    achievement.streak_length, achievement.prerequisites = length, prerequisites
    achievement.updated = clock.now()
    db.session.commit()
    return achievement


def _metric_value(errors: dict, raw) -> float | None:
    try:
        value = float(str(raw).strip())
    except (TypeError, ValueError):
        value = math.nan
    if not 0 < value <= MAX_METRIC_VALUE:  # also refuses nan
        errors["metric_value"] = "The total is a number above 0, e.g. 10 or 2.5."
        return None
    return value


def _prerequisites(errors: dict, achievement: Achievement | None, ids) -> list[Achievement]:
    """The chosen achievements: at least one, active (or already required), none of them
    needing `achievement` back, directly or through others."""
    chosen = sorted({i for i in ids or () if isinstance(i, int)})
    field = "prerequisite_ids"
    if not chosen:
        errors[field] = "Choose at least one achievement to complete first."
        return []
    if achievement is not None and achievement.id in chosen:
        errors[field] = "An achievement cannot require itself."
        return []
    rows = db.session.scalars(select(Achievement).where(Achievement.id.in_(chosen))).all()
    own = {p.id for p in achievement.prerequisites} if achievement is not None else set()
    if len(rows) != len(chosen) or any(r.status != "active" and r.id not in own for r in rows):
        errors[field] = "Choose active achievements."
        return []
    loop = _loop(achievement, rows) if achievement is not None else None
    if loop:
        first, *rest = loop
        errors[field] = f"That would make a loop: {first} needs {', which needs '.join(rest)}."
        return []
    return list(rows)


def _loop(achievement: Achievement, chosen: list[Achievement]) -> list[str] | None:
    """The names along a chain from `achievement` through a chosen prerequisite back to
    `achievement`, if there is one; its current prerequisites are being replaced."""
    needs: dict[int, list[int]] = {}
    for holder, needed in db.session.execute(
        select(AchievementPrerequisite.achievement_id, AchievementPrerequisite.prerequisite_id)
    ):
        if holder != achievement.id:
            needs.setdefault(holder, []).append(needed)
    for start in chosen:
        stack, seen = [[start.id]], set()
        while stack:
            path = stack.pop()
            if path[-1] == achievement.id:
                names = dict(
                    db.session.execute(
                        select(Achievement.id, Achievement.name).where(Achievement.id.in_(path))
                    ).all()
                )
                return [achievement.name, *(names[i] for i in path)]
            if path[-1] not in seen:
                seen.add(path[-1])
                stack.extend([*path, after] for after in needs.get(path[-1], ()))
    return None


def set_achievement_status(achievement: Achievement, status: str) -> None:
    """Archive an achievement (it can no longer be completed) or restore it."""
    if status not in ("active", "archived"):
        raise FieldErrors({"status": "An achievement is active or archived."})
    achievement.status = status
    achievement.updated = clock.now()
    db.session.commit()
