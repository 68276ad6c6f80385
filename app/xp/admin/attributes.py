"""What operators change about declared attributes (Trophy's admin /attributes): declare one,
rename it, delete it. Its key and type are fixed once declared.

Declaring is a catalogue, not a gate: StudyXP users and events carry any attribute names,
and leaderboards split by any user attribute name, declared or not (boards made before
attributes could be declared keep working). What declaring adds is a name for the key and a
guard: a user attribute a leaderboard still splits by cannot be deleted.

Like the other admin modules, each function validates, writes and commits, or raises
FieldErrors (422) naming the fields that are wrong (Unprocessable for a refused delete).
"""

import re

from sqlalchemy import select

from app.extensions import db
from app.xp.admin import fields
from app.xp.errors import Unprocessable
from app.xp.models.attributes import (
    ATTRIBUTE_KEY_MAX,
    ATTRIBUTE_NAME_MAX,
    ATTRIBUTE_TYPES,
    Attribute,
)
from app.xp.models.leaderboards import Leaderboard

# Trophy's ^[a-zA-Z\d-_]+$: letters, digits, hyphens and underscores.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
KEY_TAKEN = "Key already in use by another attribute of this type"


def declare_attribute(key: str, name: str, type_: str) -> Attribute:
    """Declare a user or event attribute; its key is unique among attributes of its type."""
    errors: dict[str, str] = {}
    if type_ not in ATTRIBUTE_TYPES:
        errors["type"] = "An attribute is a user attribute or an event attribute."
    key = (key or "").strip()
    if not key or len(key) > ATTRIBUTE_KEY_MAX or not KEY_PATTERN.fullmatch(key):
        errors["key"] = (
            f"Use 1 to {ATTRIBUTE_KEY_MAX} letters, digits, hyphens and underscores, e.g. plan."
        )
    elif "type" not in errors and attribute_keyed(key, type_) is not None:
        errors["key"] = KEY_TAKEN
    name = fields.text(errors, "name", name, ATTRIBUTE_NAME_MAX)
    fields.check(errors)
    attribute = Attribute(key=key, name=name, type=type_)
    db.session.add(attribute)
    db.session.commit()
    return attribute


def rename_attribute(attribute: Attribute, name: str) -> Attribute:
    """Change what an attribute is called (its key and type stay)."""
    errors: dict[str, str] = {}
    name = fields.text(errors, "name", name, ATTRIBUTE_NAME_MAX)
    fields.check(errors)
    attribute.name = name
    db.session.commit()
    return attribute


def delete_attribute(attribute: Attribute) -> None:
    """Delete a declaration, unless a leaderboard that has not finished splits by it."""
    board = leaderboard_splitting_by(attribute)
    if board is not None:
        raise Unprocessable(
            f"Attribute is a breakdown attribute of leaderboard '{board.key}': finish that "
            "leaderboard first"
        )
    db.session.delete(attribute)
    db.session.commit()


def leaderboard_splitting_by(attribute: Attribute) -> Leaderboard | None:
    """The first leaderboard, not finished, whose breakdown attributes name this user attribute
    (a finished board counts nothing more, so its breakdown no longer needs the declaration)."""
    if attribute.type != "user":
        return None
    boards = db.session.scalars(
        select(Leaderboard).where(Leaderboard.status != "finished").order_by(Leaderboard.id)
    )
    # breakdown_attributes is a JSON list, queried alike on SQLite and PostgreSQL by reading it.
    return next((b for b in boards if attribute.key in (b.breakdown_attributes or [])), None)


def attribute_keyed(key: str, type_: str) -> Attribute | None:
    return db.session.scalar(select(Attribute).where(Attribute.key == key, Attribute.type == type_))


def attribute_by_uuid(attribute_uuid: str) -> Attribute | None:
    return db.session.scalar(select(Attribute).where(Attribute.uuid == attribute_uuid))
