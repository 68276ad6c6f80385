"""The metrics' admin paths and schemas (app/xp/admin_api/metrics.py)."""

from app.xp.admin.fields import UNIT_MAX
from app.xp.admin_api.metrics import UNIT_TYPES
from app.xp.openapi.admin.components import Bulk, key, name, request_item, uuid
from app.xp.openapi.fields import closed, text

UNITS = text(f"The unit shown after a total, at most {UNIT_MAX} characters.", maxLength=UNIT_MAX)
UNIT_TYPE = {
    "type": "string",
    "enum": list(UNIT_TYPES),
    "default": UNIT_TYPES[0],
    "description": "StudyXP metrics count numbers: currency is an issue.",
}

BULK = Bulk(
    tag="Metrics",
    path="/metrics",
    operation_id="admin_metrics",
    noun="metric",
    plural="metrics",
    schema="Metrics",
    item="Metric",
    answer="CreatedMetric",
    notes={
        "list": "Active metrics only, oldest first.",
        "update": "The key never changes here.",
        "delete": (
            "Deleting archives the metric: its events, totals and awards stay, its key stays "
            "taken, and it is gone from /admin/v1 (only the dashboard restores it)."
        ),
    },
)

SCHEMAS = {
    "CreatedMetric": closed(
        {
            "id": uuid("The metric's id, the same as the application API's metricId."),
            "name": name(),
            "key": key("The metric's key, used in event paths."),
            "unitType": {**UNIT_TYPE, "enum": [UNIT_TYPES[0]], "description": "Always number."},
            "units": {**UNITS, "description": 'The unit, "" when there is none.'},
        },
        "A metric (Trophy's CreatedMetric).",
    ),
    **BULK.schemas(
        create_item=request_item(
            {
                "name": name(),
                "key": key("A lower-case slug, unique among metrics."),
                "unitType": UNIT_TYPE,
                "units": UNITS,
            },
            "A metric to create.",
            required=["name", "key"],
        ),
        update_item=request_item(
            {
                "id": uuid("The metric to change."),
                "name": name(),
                "unitType": UNIT_TYPE,
                "units": UNITS,
            },
            "A change to a metric.",
            required=["id"],
        ),
    ),
}

PATHS = BULK.paths()
