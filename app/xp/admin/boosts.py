"""What operators change about boosts: add one (for everyone or one user), edit it, archive it.

Like the other admin modules, each function validates, writes and commits, or raises
FieldErrors naming each wrong field.
"""

import math
import re
from datetime import date

from sqlalchemy import select

from app import clock
from app.extensions import db
from app.xp.admin import fields
from app.xp.admin.fields import (
    NAME_MAX,
)
from app.xp.models.boosts import BOOST_ROUNDINGS, PointsBoost
from app.xp.models.points import PointsSystem
from app.xp.models.users import XpUser

MAX_MULTIPLIER = 1000
DATE_FORMAT = "Enter a date as YYYY-MM-DD."
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # what <input type=date> sends


def save_boost(
    system: PointsSystem,
    name,
    multiplier,
    rounding,
    start_date,
    end_date=None,
    user_id=None,
    boost: PointsBoost | None = None,
) -> PointsBoost:
    """Add a boost to a points system, or change `boost` (one of its boosts) when given: it
    multiplies the awards made on the local dates from its start to its end (both included).
    `user_id` is a user's external id, empty for everyone. Awards already made keep the
    multiplier they got."""
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
    if boost is None:
        boost = PointsBoost(system_id=system.id)
        db.session.add(boost)
    boost.user_id = user.id if user else None
    boost.name = name
    boost.multiplier = factor
    boost.rounding = rounding
    boost.start_date = start
    boost.end_date = end
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
