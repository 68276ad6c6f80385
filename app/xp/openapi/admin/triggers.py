"""The points triggers' admin paths and schemas (app/xp/admin_api/triggers.py)."""

from app.xp.admin.fields import MAX_THRESHOLD
from app.xp.admin.triggers import MAX_TRIGGER_POINTS, TRIGGER_TYPES
from app.xp.admin_api.triggers import RULE_FIELDS, TIME_UNITS
from app.xp.openapi.admin.components import Bulk, request_item, uuid
from app.xp.openapi.fields import closed

# The statuses an admin call may set or see (archived triggers are gone from /admin/v1).
STATUSES = ["active", "inactive"]

TYPE = {"type": "string", "enum": list(TRIGGER_TYPES), "description": "What pays the points."}
POINTS = {
    "type": "integer",
    "minimum": -MAX_TRIGGER_POINTS,
    "maximum": MAX_TRIGGER_POINTS,
    "not": {"const": 0},
    "description": "Points per award; a negative number deducts.",
}
STATUS = {"type": "string", "enum": STATUSES, "description": "Only an active trigger pays."}


def whole(description: str) -> dict:
    return {"type": "integer", "minimum": 1, "maximum": MAX_THRESHOLD, "description": description}


def no_filters(field: str, nullable: bool) -> dict:
    return {
        "type": ["array", "null"] if nullable else "array",
        "maxItems": 0,
        "description": f"Always empty: StudyXP's triggers have no {field} filters.",
    }


def only_for(field: str) -> str:
    return f"Only for {RULE_FIELDS[field][0]} triggers."


RULES = {
    "metricId": uuid(f"The metric counted. {only_for('metricId')}"),
    "metricThreshold": whole(f"Pays every this many units. {only_for('metricThreshold')}"),
    "achievementId": uuid(f"The achievement completed. {only_for('achievementId')}"),
    "streakLength": whole(f"Pays at this streak length. {only_for('streakLength')}"),
    "timeUnit": {
        "type": "string",
        "enum": list(TIME_UNITS),
        "description": f"The unit of timeInterval. {only_for('timeUnit')}",
    },
    "timeInterval": whole(f"Pays every this many units of time. {only_for('timeInterval')}"),
}
BLOCK = "Always false: StudyXP never blocks an event for lack of points."

BULK = Bulk(
    tag="Points triggers",
    path="/points/{systemId}/triggers",
    operation_id="admin_points_triggers",
    noun="points trigger",
    plural="points triggers",
    schema="PointsTriggers",
    item="PointsTrigger",
    answer="AdminPointsTrigger",
    update="Patch",
    parent=("SystemId",),
    notes={
        "create": "A new trigger is inactive unless status says active.",
        "update": (
            "The type never changes. A trigger that has paid is archived with its awards and "
            "answered by its replacement under a NEW id, with a warning issue naming the old id."
        ),
        "delete": "Deleting archives the trigger (awards point at it); it is gone from here.",
    },
)


def request_fields(points: dict) -> dict:
    return {
        "type": TYPE,
        "points": points,
        "status": {**STATUS, "default": "inactive"},
        "userAttributes": no_filters("user attribute", nullable=True),
        **RULES,
        "eventAttributes": no_filters("event attribute", nullable=True),
        "blockIfOutOfPoints": {
            "type": ["boolean", "null"],
            "enum": [False, None],
            "description": BLOCK,
        },
    }


SCHEMAS = {
    "AdminPointsTrigger": closed(
        {
            "id": uuid("The trigger's id, the same as in the application API's awards."),
            "type": TYPE,
            "points": POINTS,
            "status": STATUS,
            "userAttributes": no_filters("user attribute", nullable=False),
            **RULES,
            "eventAttributes": no_filters("event attribute", nullable=False),
            "blockIfOutOfPoints": {"type": "boolean", "const": False, "description": BLOCK},
        },
        "A points trigger (Trophy's AdminPointsTrigger): its type's own fields only.",
        required=["id", "type", "points", "status", "userAttributes", "blockIfOutOfPoints"],
    ),
    **BULK.schemas(
        create_item=request_item(
            request_fields(POINTS), "A trigger to create.", required=["type", "points"]
        ),
        update_item=request_item(
            {"id": uuid("The trigger to change."), **request_fields(POINTS)},
            "A change to a trigger; type, when sent, is its own.",
            required=["id"],
        ),
    ),
}

PATHS = BULK.paths()
