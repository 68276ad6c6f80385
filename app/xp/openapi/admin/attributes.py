"""The declared attributes' admin paths and schemas (app/xp/admin_api/attributes.py)."""

from app.xp.admin.attributes import KEY_PATTERN
from app.xp.models.attributes import ATTRIBUTE_KEY_MAX, ATTRIBUTE_NAME_MAX, ATTRIBUTE_TYPES
from app.xp.openapi.admin.components import Bulk, request_item, uuid
from app.xp.openapi.fields import closed, text

NAME = text("Its name, as operators read it.", minLength=1, maxLength=ATTRIBUTE_NAME_MAX)
KEY = text(
    "The attribute's name in users' and events' attributes: letters, digits, - and _.",
    minLength=1,
    maxLength=ATTRIBUTE_KEY_MAX,
    pattern=f"^{KEY_PATTERN.pattern}$",
)
TYPE = {"type": "string", "enum": list(ATTRIBUTE_TYPES), "description": "Whose attribute."}

BULK = Bulk(
    tag="Attributes",
    path="/attributes",
    operation_id="admin_attributes",
    noun="attribute",
    plural="attributes",
    schema="Attributes",
    item="Attribute",
    answer="AdminAttribute",
    notes={
        "create": (
            "Declaring is optional: users, events and leaderboards take any attribute name."
        ),
        "update": "Only the name changes; key and type never do.",
        "delete": (
            "Deletes outright, but a user attribute that an unfinished leaderboard breaks "
            "down by is an issue."
        ),
    },
)

SCHEMAS = {
    "AdminAttribute": closed(
        {"id": uuid("The attribute's id."), "name": NAME, "key": KEY, "type": TYPE},
        "A declared attribute (Trophy's AdminAttribute).",
    ),
    **BULK.schemas(
        create_item=request_item(
            {"name": NAME, "key": KEY, "type": TYPE},
            "An attribute to declare; its key is unique per type.",
            required=["name", "key", "type"],
        ),
        update_item=request_item(
            {"id": uuid("The attribute to rename."), "name": NAME},
            "A new name for an attribute.",
            required=["id"],
        ),
    ),
}

PATHS = BULK.paths()
