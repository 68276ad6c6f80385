"""Trophy's AdminAttribute: a declared attribute as the admin API answers it."""

from app.xp.models.attributes import Attribute


def attribute(row: Attribute) -> dict:
    """AdminAttribute: the attribute's UUID, name, key and type ("user" or "event")."""
    return {"id": row.uuid, "name": row.name, "key": row.key, "type": row.type}
