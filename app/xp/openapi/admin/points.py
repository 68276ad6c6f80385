"""The points systems' admin paths and schemas (app/xp/admin_api/points.py)."""

from app.xp.admin.points import MAX_MAX_POINTS
from app.xp.openapi.admin.components import Bulk, badge, description, key, name, request_item, uuid
from app.xp.openapi.fields import closed

MAX_POINTS = {
    "type": ["integer", "null"],
    "minimum": 1,
    "maximum": MAX_MAX_POINTS,
    "description": "The most points a user can hold in the system; null for no cap.",
}


def not_here(what: str) -> dict:
    return {
        "type": "array",
        "maxItems": 0,
        "description": f"Always empty: create {what} with their own endpoint afterwards.",
    }


BULK = Bulk(
    tag="Points",
    path="/points",
    operation_id="admin_points_systems",
    noun="points system",
    plural="points systems",
    schema="PointsSystems",
    item="PointsSystem",
    answer="AdminPointsSystem",
    notes={
        "list": "Active systems only, oldest first.",
        "create": "Levels, triggers and boosts are created with their own endpoints.",
        "update": "The key never changes here.",
        "delete": (
            "Deleting archives the system: its triggers stop paying, its awards, totals and "
            "levels stay, its key stays taken, and it is gone from /admin/v1."
        ),
    },
)

SCHEMAS = {
    "AdminPointsSystem": closed(
        {
            "id": uuid("The system's id, the same as the application API's."),
            "name": name(),
            "key": key("The system's key."),
            "description": description('Its description, "" when there is none'),
            "status": {
                "type": "string",
                "enum": ["active"],
                "description": "Always active: archived systems are gone from /admin/v1.",
            },
            "badge": badge(),
            "maxPoints": MAX_POINTS,
        },
        "A points system (Trophy's AdminPointsSystem).",
    ),
    **BULK.schemas(
        create_item=request_item(
            {
                "name": name(),
                "key": key("A lower-case slug, unique among points systems."),
                "description": description("Its description"),
                "badge": badge(),
                "maxPoints": MAX_POINTS,
                "levels": not_here("levels"),
                "boosts": not_here("boosts"),
                "triggers": not_here("triggers"),
            },
            "A points system to create.",
            required=["name", "key"],
        ),
        update_item=request_item(
            {
                "id": uuid("The system to change."),
                "name": name(),
                "description": description("Its description"),
                "badge": badge(),
                "maxPoints": MAX_POINTS,
            },
            "A change to a points system.",
            required=["id"],
        ),
    ),
}

PATHS = BULK.paths()
