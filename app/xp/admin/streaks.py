"""What operators change about streaks: the one row of streak settings, which metrics count,
and the pauses of users' streaks.

The settings are checked against what StreakSettings' check constraints (and
streak_rules.StreakRule) demand, so a wrong value is a message, never a database error.
A pause covers local dates from today on in the user's zone; archiving one goes through the
engine (engine/streaks.archive_pause), which settles the streak first under the user's lock.
"""

import re
from datetime import date

from sqlalchemy import or_, select

from app import clock
from app.extensions import db
from app.xp.admin import fields
from app.xp.engine import dating
from app.xp.engine import streaks as engine
from app.xp.models.metrics import Metric
from app.xp.models.streaks import StreakPause, StreakSettings
from app.xp.models.users import XpUser
from app.xp.streak_rules import FREQUENCIES

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_FORMAT = "Enter a date as YYYY-MM-DD."

MAX_FREEZES = 1000
MAX_EARN_INTERVAL = 3650  # days: ten years


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


def add_pause(user: XpUser, start, end) -> StreakPause:
    """Pause `user`'s streak on the local dates from `start` to `end` (YYYY-MM-DD, both
    included): never before today in the user's zone, and `end` not before `start`."""
    errors: dict[str, str] = {}
    first = _date(errors, "start", start)
    last = _date(errors, "end", end)
    today = dating.date_of(user, clock.now())
    if first is not None and first < today:
        errors["start"] = f"The pause cannot start before today in the user's time zone ({today})."
    if first is not None and last is not None and last < first:
        errors["end"] = "The end date cannot be before the start date."
    fields.check(errors)
    pause = StreakPause(user_id=user.id, start=first, end=last, status="active")
    db.session.add(pause)
    db.session.commit()
    return pause


def archive_pause(pause: StreakPause) -> None:
    """Archive a pause: the dates it already covered stay covered, the rest count again."""
    db.session.commit()  # the engine locks the user on a connection of its own
    engine.archive_pause(pause.id, clock.now())
    db.session.refresh(pause)


def _date(errors: dict, field: str, raw) -> date | None:
    text = raw.strip() if isinstance(raw, str) else ""
    if not ISO_DATE.fullmatch(text):
        errors[field] = DATE_FORMAT
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[field] = DATE_FORMAT
        return None
