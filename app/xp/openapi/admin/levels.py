"""The points levels' admin paths and schemas (app/xp/admin_api/levels.py)."""

from app.xp.admin.points import MAX_MAX_POINTS
from app.xp.openapi.admin.components import Bulk, badge, description, key, name, request_item, uuid
from app.xp.openapi.fields import closed

POINTS = {
    "type": "integer",
    "minimum": 0,
    "maximum": MAX_MAX_POINTS,
    "description": "The total at which the level starts; no two levels of a system share it.",
}

BULK = Bulk(
    tag="Points levels",
    path="/points/{systemId}/levels",
    operation_id="admin_points_levels",
    noun="points level",
    plural="points levels",
    schema="PointsLevels",
    item="PointsLevel",
    answer="AdminPointsLevel",
    update="Patch",
    parent=("SystemId",),
    notes={
        "list": "Lowest points first, as the application API lists them.",
        "update": "The key never changes here.",
        "delete": "Deleting really deletes the level: users' levels follow their totals.",
    },
)

SCHEMAS = {
    "AdminPointsLevel": closed(
        {
            "id": uuid("The level's id, the same as the application API's."),
            "name": name(),
            "key": key("The level's key, unique in its system."),
            "points": POINTS,
            "description": description('Its description, "" when there is none'),
            "badge": badge(),
        },
        "A points level (Trophy's AdminPointsLevel).",
    ),
    **BULK.schemas(
        create_item=request_item(
            {
                "name": name(),
                "key": key("A lower-case slug, unique in the system."),
                "points": POINTS,
                "description": description("Its description"),
                "badge": badge(),
            },
            "A level to create. Badge URLs are https:// only.",
            required=["name", "key", "points"],
        ),
        update_item=request_item(
            {
                "id": uuid("The level to change."),
                "name": name(),
                "points": POINTS,
                "description": description("Its description"),
                "badge": badge(),
            },
            "A change to a level.",
            required=["id"],
        ),
    ),
}

PATHS = BULK.paths()
