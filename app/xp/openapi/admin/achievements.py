"""The achievements' admin paths and schemas (app/xp/admin_api/achievements.py), as Trophy's
SDK 1.27 defines them (its published spec has no admin achievements)."""

from app.xp.admin.achievements import MAX_METRIC_VALUE
from app.xp.admin.fields import MAX_THRESHOLD
from app.xp.admin_api.achievements import TRIGGER_FIELDS, TRIGGERS
from app.xp.openapi.admin.components import (
    UUID,
    Bulk,
    badge,
    description,
    key,
    name,
    request_item,
    uuid,
)
from app.xp.openapi.fields import closed

# What StudyXP can build: Trophy's triggers less those it refuses as an issue.
BUILT_TRIGGERS = [trigger for trigger in TRIGGERS if trigger != "anniversary"]
TRIGGER = {"type": "string", "enum": BUILT_TRIGGERS, "description": "What completes it."}
REQUESTED_TRIGGER = {
    "type": "string",
    "enum": list(TRIGGERS),
    "description": "What completes it; anniversary is an issue (StudyXP has none).",
}
STATUS = {
    "type": "string",
    "enum": ["active"],
    "description": "Always active: StudyXP achievements stay active until deleted.",
}
NO_FILTERS = {
    "type": ["array", "null"],
    "maxItems": 0,
    "description": "Empty or null: StudyXP achievements have no attribute filters.",
}


def only_for(field: str) -> str:
    return f"Only for {TRIGGER_FIELDS[field]} achievements."


RULES = {
    "metricId": uuid(f"The metric whose total completes it. {only_for('metricId')}"),
    "metricValue": {
        "type": "number",
        "exclusiveMinimum": 0,
        "maximum": MAX_METRIC_VALUE,
        "description": f"The total that completes it. {only_for('metricValue')}",
    },
    "streakLength": {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_THRESHOLD,
        "description": f"The streak length that completes it. {only_for('streakLength')}",
    },
    "achievementIds": {
        "type": "array",
        "items": UUID,
        "description": f"The achievements that complete it. {only_for('achievementIds')}",
    },
}

BULK = Bulk(
    tag="Achievements",
    path="/achievements",
    operation_id="admin_achievements",
    noun="achievement",
    plural="achievements",
    schema="Achievements",
    item="Achievement",
    answer="AdminAchievement",
    notes={
        "list": "Active achievements only, oldest first.",
        "update": "Key and trigger are fixed once anyone completed it.",
        "delete": (
            "Deleting archives the achievement: completions stay, and it is gone from "
            "/admin/v1 (only the dashboard restores it)."
        ),
    },
)


def request_fields() -> dict:
    return {
        "name": name(),
        "key": key("A lower-case slug, unique among achievements (every trigger needs one)."),
        "trigger": REQUESTED_TRIGGER,
        "description": {**description("Its description"), "type": ["string", "null"]},
        "status": STATUS,
        "badge": badge(),
        "userAttributes": NO_FILTERS,
        "eventAttributes": NO_FILTERS,
        **RULES,
    }


SCHEMAS = {
    "AdminAchievement": closed(
        {
            "id": uuid("The achievement's id, the same as the application API's."),
            "name": name(),
            "description": {**description("Its description"), "type": ["string", "null"]},
            "trigger": TRIGGER,
            "status": STATUS,
            "badge": badge(),
            "userAttributes": {**NO_FILTERS, "type": "array"},
            "key": key("The achievement's key."),
            **RULES,
            "eventAttributes": {**NO_FILTERS, "type": "array", "description": "Metric only."},
        },
        "An achievement (the SDK's AdminAchievement): its trigger's own fields only.",
        required=["id", "name", "description", "trigger", "status", "badge"]
        + ["userAttributes", "key"],
    ),
    **BULK.schemas(
        create_item=request_item(
            request_fields(), "An achievement to create.", required=["name", "trigger", "key"]
        ),
        update_item=request_item(
            {"id": uuid("The achievement to change."), **request_fields()},
            "A change to an achievement; fields left out keep their value.",
            required=["id"],
        ),
    ),
}

PATHS = BULK.paths()
