"""What operators change about engagement: achievements, the streak settings and boosts.

Like app.xp.admin, each function takes plain values, validates, writes and commits, or raises
FieldErrors naming each wrong field. An achievement's key and type are fixed once anyone has
completed it, and an `achievement` achievement may not close a loop of prerequisites. The
streak settings are checked against what StreakSettings' check constraints (and
streaks.StreakRule) demand, so a wrong value is a message, never a database error.
"""

import math
import re
from datetime import date

from sqlalchemy import exists, or_, select

from app import clock
from app.extensions import db
from app.xp import admin_fields as fields
from app.xp.admin_fields import (
    DESCRIPTION_MAX,
    MAX_THRESHOLD,
    NAME_MAX,
    URL_MAX,
    FieldErrors,
)
from app.xp.models import Metric, PointsSystem, XpUser
from app.xp.models_engagement import (
    ACHIEVEMENT_TRIGGERS,
    BOOST_ROUNDINGS,
    Achievement,
    AchievementPrerequisite,
    PointsBoost,
    StreakSettings,
    UserAchievement,
)
from app.xp.streaks import FREQUENCIES

MAX_METRIC_VALUE = 1e15
BADGE_URL_STARTS = ("https://", "http://", "/")  # as for points systems; "/" is an upload
LOCKED = "Learners have completed this achievement, so its {} can no longer change."
MAX_FREEZES = 1000
MAX_EARN_INTERVAL = 3650  # days: ten years
MAX_MULTIPLIER = 1000
DATE_FORMAT = "Enter a date as YYYY-MM-DD."
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # what <input type=date> sends


# --- achievements ------------------------------------------------------------------------


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


# --- streak settings ---------------------------------------------------------------------


def streak_metrics() -> list[Metric]:
    """The metrics an operator may pick: the active ones and any that already count."""
    return db.session.scalars(
        select(Metric)
        .where(or_(Metric.status == "active", Metric.counts_for_streak.is_(True)))
        .order_by(Metric.name)
    ).all()


def save_streak_settings(
    frequency: str, max_freezes, starting_freezes, earn_interval, earn_amount, metric_ids
) -> StreakSettings:
    """Store the one StreakSettings row (id 1) and which metrics count for the streak."""
    errors: dict[str, str] = {}
    if frequency not in FREQUENCIES:
        errors["frequency"] = "Choose daily, weekly or monthly."
    most = fields.whole_number(
        errors,
        "max_freezes",
        max_freezes,
        0,
        MAX_FREEZES,
        f"The maximum is a whole number from 0 to {MAX_FREEZES:,}; 0 turns freezes off.",
    )
    starting = fields.whole_number(
        errors,
        "starting_freezes",
        starting_freezes,
        0,
        MAX_FREEZES,
        "Starting freezes are a whole number of at least 0.",
    )
    if most is not None and starting is not None and starting > most:
        errors["starting_freezes"] = (
            f"A new user cannot start with more freezes than the maximum ({most})."
        )
    interval = None
    if str(earn_interval or "").strip():
        interval = fields.whole_number(
            errors,
            "freeze_auto_earn_interval",
            earn_interval,
            1,
            MAX_EARN_INTERVAL,
            "Leave it empty to never earn freezes, or enter a whole number of days from 1 to "
            f"{MAX_EARN_INTERVAL:,}.",
        )
    amount = fields.whole_number(
        errors,
        "freeze_auto_earn_amount",
        earn_amount,
        1,
        MAX_FREEZES,
        "The amount is a whole number of at least 1.",
    )
    offered = {m.id: m for m in streak_metrics()}
    chosen = set(metric_ids or ())
    if not chosen <= set(offered):
        errors["metric_ids"] = "Choose among the metrics listed."
    fields.check(errors)
    settings = db.session.get(StreakSettings, 1)
    if settings is None:
        settings = StreakSettings(id=1)
        db.session.add(settings)
    settings.frequency, settings.max_freezes, settings.starting_freezes = frequency, most, starting
    settings.freeze_auto_earn_interval, settings.freeze_auto_earn_amount = interval, amount
    settings.updated = clock.now()
    for metric in offered.values():
        metric.counts_for_streak = metric.id in chosen
    db.session.commit()
    return settings


# --- boosts ------------------------------------------------------------------------------


def save_boost(
    system: PointsSystem, name, multiplier, rounding, start_date, end_date=None, user_id=None
) -> PointsBoost:
    """Add a boost to a points system: it multiplies the awards made on the local dates from
    its start to its end (both included). `user_id` is a user's external id, empty for
    everyone."""
    errors: dict[str, str] = {}
    name = fields.text(errors, "name", name, NAME_MAX)
    factor = _multiplier(errors, multiplier)
    if rounding not in BOOST_ROUNDINGS:
        errors["rounding"] = "Choose down, up or to the nearest."
    start = _date(errors, "start_date", start_date)
    if start is None and "start_date" not in errors:
        errors["start_date"] = "This field is required."
    end = _date(errors, "end_date", end_date)
    if start is not None and end is not None and end < start:
        errors["end_date"] = "The end date cannot be before the start date."
    user = None
    external_id = (user_id or "").strip()
    if external_id:
        user = db.session.scalar(select(XpUser).where(XpUser.external_id == external_id))
        if user is None:
            errors["user_id"] = f"No user has the id “{external_id}”."
    fields.check(errors)
    boost = PointsBoost(
        system_id=system.id,
        user_id=user.id if user else None,
        name=name,
        multiplier=factor,
        rounding=rounding,
        start_date=start,
        end_date=end,
    )
    db.session.add(boost)
    db.session.commit()
    return boost


def _multiplier(errors: dict, raw) -> float | None:
    try:
        value = float(str(raw).strip())
    except (TypeError, ValueError):
        value = math.nan
    if not 0 < value <= MAX_MULTIPLIER:  # also refuses nan
        errors["multiplier"] = (
            f"The multiplier is a number above 0 and up to {MAX_MULTIPLIER:,}, e.g. 2 or 1.5."
        )
        return None
    return value


def _date(errors: dict, field: str, raw) -> date | None:
    """A YYYY-MM-DD date, or None when empty."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        errors[field] = DATE_FORMAT
        return None


def archive_boost(boost: PointsBoost) -> None:
    """Archive a boost: awards made from now on are not multiplied by it; past ones keep it."""
    boost.archived = True
    boost.updated = clock.now()
    db.session.commit()
