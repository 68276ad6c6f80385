"""The points boosts' admin paths and schemas (app/xp/admin_api/boosts.py)."""

from app.xp.admin.boosts import MAX_MULTIPLIER
from app.xp.models.boosts import BOOST_ROUNDINGS
from app.xp.openapi.admin.components import Bulk, name, request_item, uuid
from app.xp.openapi.fields import USER_ID, closed, date_field, nullable_date

MULTIPLIER = {
    "type": "number",
    "exclusiveMinimum": 0,
    "maximum": MAX_MULTIPLIER,
    "description": "What awards are multiplied by while the boost runs.",
}
ROUNDING = {
    "type": "string",
    "enum": list(BOOST_ROUNDINGS),
    "description": "How a multiplied award is rounded to whole points.",
}
START = date_field("The first day it runs (UTC), YYYY-MM-DD.")
END = nullable_date("The last day it runs (UTC), or null for no end.")
USER = {
    **USER_ID,
    "type": ["string", "null"],
    "description": "The user it is for (a user StudyXP knows), or null for everyone.",
}
NO_ATTRIBUTES = {
    "type": ["array", "null"],
    "maxItems": 0,
    "description": "Empty or null: boosts are for everyone or for one user (userId).",
}

BULK = Bulk(
    tag="Points boosts",
    path="/points/{systemId}/boosts",
    operation_id="admin_points_boosts",
    noun="points boost",
    plural="points boosts",
    schema="PointsBoosts",
    item="PointsBoost",
    answer="AdminPointsBoost",
    update="Patch",
    parent=("SystemId",),
    notes={
        "list": "By start date, then in the order they were added.",
        "update": "userId never changes here.",
        "delete": (
            "Deleting archives the boost: awards from then on are not multiplied by it, past "
            "ones keep it, and it is gone from /admin/v1."
        ),
    },
)

SCHEMAS = {
    "AdminPointsBoost": closed(
        {
            "id": uuid("The boost's id, the same as the application API's."),
            "name": name(),
            "status": {
                "type": "string",
                "enum": ["active", "scheduled", "finished"],
                "description": "As of today's UTC date.",
            },
            "start": START,
            "end": END,
            "multiplier": MULTIPLIER,
            "rounding": ROUNDING,
            "userId": USER,
            "userAttributes": {
                "type": "array",
                "maxItems": 0,
                "description": "Sent, always empty, for a boost for everyone.",
            },
        },
        "A points boost (Trophy's AdminPointsBoost).",
        required=["id", "name", "status", "start", "end", "multiplier", "rounding", "userId"],
    ),
    **BULK.schemas(
        create_item=request_item(
            {
                "userId": USER,
                "name": name(),
                "start": START,
                "end": END,
                "multiplier": MULTIPLIER,
                "rounding": {**ROUNDING, "default": BOOST_ROUNDINGS[0]},
                "userAttributes": NO_ATTRIBUTES,
            },
            "A boost to create.",
            required=["name", "start", "multiplier"],
        ),
        update_item=request_item(
            {
                "id": uuid("The boost to change."),
                "name": name(),
                "start": START,
                "end": END,
                "multiplier": MULTIPLIER,
                "rounding": ROUNDING,
            },
            "A change to a boost.",
            required=["id"],
        ),
    ),
}

PATHS = BULK.paths()
