"""The leaderboards' admin paths and schemas (app/xp/admin_api/leaderboards.py)."""

from app.xp.admin.leaderboards import MAX_BREAKDOWN_ATTRIBUTES, STATUSES
from app.xp.inputs import ATTRIBUTE_NAME_MAX
from app.xp.leaderboard_rules import MAX_PARTICIPANTS, RANK_BY, RUN_UNITS, TIME_OF_DAY
from app.xp.openapi.admin.components import Bulk, description, key, name, request_item, uuid
from app.xp.openapi.fields import closed, date_field

TIME = {
    "type": "string",
    "pattern": f"^{TIME_OF_DAY.pattern}$",
    "description": "HH:mm (or HH:mm:ss), UTC.",
}
STATUS = {
    "type": "string",
    "enum": list(STATUSES),
    "description": (
        "inactive (not fed), scheduled (starts later), active or finished. A board that was "
        "active never goes back to inactive."
    ),
}
RANK = {"type": "string", "enum": list(RANK_BY), "description": "What the board ranks by."}
MAX = {
    "type": "integer",
    "minimum": 1,
    "maximum": MAX_PARTICIPANTS,
    "description": "How many users a run ranks.",
}
BREAKDOWN = {
    "type": "array",
    "maxItems": MAX_BREAKDOWN_ATTRIBUTES,
    "items": {"type": "string", "minLength": 1, "maxLength": ATTRIBUTE_NAME_MAX},
    "description": "User attribute names (not ids) the board is split by.",
}
RUN_UNIT = {"type": "string", "enum": list(RUN_UNITS), "description": "How often it restarts."}
RUN_INTERVAL = {"type": "integer", "minimum": 1, "description": "Restarts every this many units."}
START = date_field("The first day (UTC), YYYY-MM-DD.")
END = date_field("The last day (UTC), YYYY-MM-DD, on or after start.")


def nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


BULK = Bulk(
    tag="Leaderboards",
    path="/leaderboards",
    operation_id="admin_leaderboards",
    noun="leaderboard",
    plural="leaderboards",
    schema="Leaderboards",
    item="Leaderboard",
    answer="AdminLeaderboard",
    notes={
        "update": (
            "Once a board has been active, what it ranks (key, rankBy, metric or system, "
            "start, times, runs, breakdown) is fixed."
        ),
        "delete": (
            "Deleting finishes the board: its rankings stay and it is still listed, with "
            "status finished. Deleting a finished board is an issue."
        ),
    },
)

SCHEMAS = {
    "AdminLeaderboard": closed(
        {
            "id": uuid("The board's id, the same as the application API's."),
            "name": name(),
            "key": key("The board's key."),
            "description": description("Its description, left out when there is none"),
            "status": STATUS,
            "rankBy": RANK,
            "metricId": uuid("The metric ranked by (rankBy metric)."),
            "pointsSystemId": uuid("The points system ranked by (rankBy points)."),
            "maxParticipants": MAX,
            "start": START,
            "end": {**END, "description": "The last day, left out for a board without end."},
            "startTime": TIME,
            "endTime": TIME,
            "breakdownAttributes": BREAKDOWN,
            "runUnit": RUN_UNIT,
            "runInterval": RUN_INTERVAL,
            "userAttributes": {
                "type": "array",
                "maxItems": 0,
                "description": "Always empty: every user can take part.",
            },
        },
        "A leaderboard (Trophy's AdminLeaderboard); fields without a value are left out.",
        required=[
            "id",
            "name",
            "key",
            "status",
            "rankBy",
            "maxParticipants",
            "start",
            "breakdownAttributes",
            "userAttributes",
        ],
    ),
    **BULK.schemas(
        create_item=request_item(
            {
                "name": name(),
                "key": key("A lower-case slug, unique among leaderboards."),
                "description": description("Its description"),
                "status": {**STATUS, "default": "inactive"},
                "rankBy": RANK,
                "metricId": uuid("The metric to rank by (rankBy metric)."),
                "pointsSystemId": uuid("The points system to rank by (rankBy points)."),
                "maxParticipants": {**nullable(MAX), "default": MAX_PARTICIPANTS},
                "start": START,
                "end": END,
                "startTime": TIME,
                "endTime": TIME,
                "breakdownAttributes": BREAKDOWN,
                "runUnit": RUN_UNIT,
                "runInterval": RUN_INTERVAL,
            },
            "A leaderboard to create.",
            required=["name", "key", "rankBy"],
        ),
        update_item=request_item(
            {
                "id": uuid("The board to change."),
                "name": name(),
                "key": key("A lower-case slug, unique among leaderboards."),
                "description": description("Its description"),
                "status": STATUS,
                "rankBy": RANK,
                "metricId": uuid("The metric to rank by."),
                "pointsSystemId": uuid("The points system to rank by."),
                "maxParticipants": nullable(MAX),
                "start": START,
                "end": nullable(END),
                "startTime": nullable(TIME),
                "endTime": nullable(TIME),
                "breakdownAttributes": BREAKDOWN,
                "runUnit": nullable(RUN_UNIT),
                "runInterval": RUN_INTERVAL,
            },
            "A change to a leaderboard; null clears end, times and runs.",
            required=["id"],
        ),
    ),
}

PATHS = BULK.paths()
