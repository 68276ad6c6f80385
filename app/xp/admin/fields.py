"""How the admin modules check a field: each helper records what is wrong in `errors`
(field name → message) and returns the cleaned value, so one save can report every wrong
field at once; check() then raises them together before anything is written.
"""

import re

from sqlalchemy import select

from app.extensions import db
from app.xp.errors import Unprocessable
from app.xp.models.metrics import METRIC_KEY_MAX

KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NAME_MAX = 200
UNIT_MAX = 50
DESCRIPTION_MAX = 2000
URL_MAX = 2000
MAX_THRESHOLD = 1_000_000_000


class FieldErrors(Unprocessable):
    """Invalid fields, each with the message to show beside it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def text(errors: dict, field: str, value: str | None, limit: int, required=True) -> str | None:
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


def key(errors: dict, value: str | None, model, current=None) -> str | None:
    """A slug no other row of `model` (than `current`) uses."""
    slug = text(errors, "key", value, METRIC_KEY_MAX)
    if slug is None or "key" in errors:
        return slug
    if not KEY_PATTERN.fullmatch(slug):
        errors["key"] = "Use lower-case letters, digits and single hyphens, e.g. quiz-answered."
        return slug
    taken = db.session.scalar(select(model.id).where(model.key == slug))
    if taken is not None and (current is None or taken != current.id):
        errors["key"] = f"The key '{slug}' is already used."
    return slug


def whole_number(errors: dict, field: str, raw, low: int, high: int, message: str) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        errors[field] = message
        return None
    if not low <= value <= high:
        errors[field] = message
        return None
    return value


def active_choice(errors: dict, field: str, model, chosen, current, message: str) -> int | None:
    """The id of an active row of `model`; an archived one only if `current` already has it."""
    row = db.session.get(model, chosen) if isinstance(chosen, int) else None
    keeps_own = current is not None and row is not None and getattr(current, field) == row.id
    if row is None or (row.status != "active" and not keeps_own):
        errors[field] = message
        return None
    return row.id


def check(errors: dict) -> None:
    """Raise every recorded error at once, leaving the session as it was."""
    if errors:
        db.session.rollback()
        raise FieldErrors(errors)
