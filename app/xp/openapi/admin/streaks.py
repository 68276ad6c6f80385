"""The streaks' admin paths and schemas (app/xp/admin_api/streaks.py): freezes, pauses,
restore, reset and the streak settings, as Trophy's SDK 1.27 calls them."""

from app.xp.admin.streaks import MAX_EARN_INTERVAL, MAX_FREEZES
from app.xp.admin_api.bulk import MAX_ITEMS
from app.xp.models.metrics import METRIC_KEY_MAX
from app.xp.openapi.admin.components import errors, ok, params, request_body, uuid
from app.xp.openapi.fields import closed, date_field, ref, text
from app.xp.streak_rules import FREQUENCIES

USER = text("The user's id in your system.", minLength=1)
ISSUES = {"type": "array", "items": ref("AdminIssue"), "description": "By user (or index)."}


def users_body(key: str, item: dict, what: str) -> dict:
    """Trophy's streak requests: an object holding 1 to MAX_ITEMS items under `key`."""
    return {
        "type": "object",
        "description": f"{what}, under {key}.",
        "properties": {
            key: {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_ITEMS,
                "items": item,
                "description": f"1 to {MAX_ITEMS} items.",
            }
        },
        "required": [key],
    }


def by_id(field: str) -> dict:
    return {"type": "object", "properties": {field: USER}, "required": [field]}


def done_users(field: str, what: str) -> dict:
    return closed(
        {field: {"type": "array", "items": USER, "description": what}, "issues": ISSUES},
        f"{what}, and the issues.",
    )


def post(operation_id: str, summary: str, description: str, request: str, answer: str, *ok_codes):
    return {
        "operationId": operation_id,
        "tags": ["Streaks"],
        "summary": summary,
        "description": description,
        "requestBody": request_body(request),
        "responses": {
            **{code: ok(text_, answer) for code, text_ in ok_codes},
            **errors(400, 413, 422),
        },
    }


FREEZES = {
    "type": ["object", "null"],
    "description": "Streak freezes; null when they are off.",
    "properties": {
        "startCount": {"type": "integer", "minimum": 0, "maximum": MAX_FREEZES},
        "maxCount": {"type": "integer", "minimum": 0, "maximum": MAX_FREEZES},
        "autoEarnInterval": {
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": MAX_EARN_INTERVAL,
            "description": "Days between earned freezes; null: none are earned.",
        },
        "autoEarnAmount": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_FREEZES},
    },
    "required": ["startCount", "maxCount", "autoEarnInterval", "autoEarnAmount"],
    "additionalProperties": False,
}
METRIC = closed(
    {
        "key": text("A metric's key.", minLength=1, maxLength=METRIC_KEY_MAX),
        "threshold": {"type": "integer", "const": 1, "description": "Always 1."},
    },
    "A metric whose positive events extend streaks.",
)
SETTINGS = {
    "frequency": {"type": "string", "enum": list(FREQUENCIES)},
    "evaluationMode": {"type": "string", "enum": ["OR"], "description": "Any streak metric."},
    "customizationEnabled": {"type": "boolean", "const": False},
    "daysOff": {"type": "array", "maxItems": 0, "description": "Always empty."},
    "metrics": {"type": "array", "items": METRIC},
    "freezes": FREEZES,
}

PATHS = {
    "/streaks/freezes": {
        "post": post(
            "admin_streaks_freezes_create",
            "Give streak freezes",
            "One freeze per item, up to the settings' maximum.",
            "CreateStreakFreezesRequest",
            "CreateStreakFreezesResponse",
            ("201", "At least one freeze was given."),
            ("200", "None was given: every item is an issue."),
        )
    },
    "/streaks/pauses": {
        "post": post(
            "admin_streaks_pauses_create",
            "Pause streaks",
            "Pause each user's streak on the local dates from start to end.",
            "CreateStreakPausesRequest",
            "CreateStreakPausesResponse",
            ("201", "At least one pause was created."),
            ("200", "None was created: every item is an issue."),
        ),
        "delete": {
            "operationId": "admin_streaks_pauses_delete",
            "tags": ["Streaks"],
            "summary": "End streak pauses",
            "description": "Archive each active pause in `ids`: dates it covered stay covered.",
            "parameters": params("Ids"),
            "responses": {
                "200": ok("The pauses archived, and the issues.", "DeleteStreakPausesResponse"),
                **errors(422),
            },
        },
    },
    "/streaks/restore": {
        "post": post(
            "admin_streaks_restore",
            "Restore streaks",
            "Restore each user's longest streak of the restore window.",
            "RestoreStreaksRequest",
            "RestoreStreaksResponse",
            ("201", "At least one streak was restored."),
            ("200", "None was restored: every item is an issue."),
        )
    },
    "/streaks/reset": {
        "post": post(
            "admin_streaks_reset",
            "Reset streaks",
            "End each user's current streak (length 0; freezes are kept).",
            "ResetStreaksRequest",
            "ResetStreaksResponse",
            ("200", "The users whose streaks ended, and the issues."),
        )
    },
    "/streaks/settings": {
        "get": {
            "operationId": "admin_streaks_settings_get",
            "tags": ["Streaks"],
            "summary": "Get the streak settings",
            "description": "The streak rules every user's streak follows.",
            "responses": {"200": ok("The settings.", "StreakSettings"), **errors()},
        },
        "patch": {
            "operationId": "admin_streaks_settings_update",
            "tags": ["Streaks"],
            "summary": "Change the streak settings",
            "description": (
                "The fields given change, the others stay. evaluationMode other than OR, "
                "customizationEnabled true, days off and thresholds other than 1 are 422."
            ),
            "requestBody": request_body("UpdateStreakSettingsRequest"),
            "responses": {"200": ok("The settings now.", "StreakSettings"), **errors(400, 422)},
        },
    },
}

SCHEMAS = {
    "CreateStreakFreezesRequest": users_body("freezes", by_id("userId"), "Users to give a freeze"),
    "CreateStreakFreezesResponse": closed({"issues": ISSUES}, "The items not done."),
    "CreateStreakPausesRequest": users_body(
        "pauses",
        {
            "type": "object",
            "properties": {
                "userId": USER,
                "start": date_field("The first local date paused, not before today."),
                "end": date_field("The last local date paused, on or after start."),
            },
            "required": ["userId", "start", "end"],
        },
        "Pauses to create",
    ),
    "AdminStreakPause": closed(
        {
            "id": uuid("The pause's id."),
            "userId": USER,
            "start": date_field("The first local date paused."),
            "end": date_field("The last local date paused."),
            "status": {"type": "string", "enum": ["active", "archived"]},
        },
        "A streak pause (Trophy's AdminStreakPause).",
    ),
    "CreateStreakPausesResponse": closed(
        {"created": {"type": "array", "items": ref("AdminStreakPause")}, "issues": ISSUES},
        "The pauses created, and the issues.",
    ),
    "DeleteStreakPausesResponse": closed(
        {"deleted": {"type": "array", "items": ref("DeletedResource")}, "issues": ISSUES},
        "The pauses archived, and the issues.",
    ),
    "RestoreStreaksRequest": users_body("users", by_id("id"), "Users whose streaks to restore"),
    "RestoreStreaksResponse": done_users("restoredUsers", "The users whose streaks came back"),
    "ResetStreaksRequest": users_body("users", by_id("id"), "Users whose streaks to end"),
    "ResetStreaksResponse": done_users("resetUsers", "The users whose streaks ended"),
    "StreakSettings": closed(SETTINGS, "The streak settings (Trophy's StreakSettings)."),
    "UpdateStreakSettingsRequest": {
        "type": "object",
        "description": "The settings to change.",
        "properties": {
            **SETTINGS,
            "freezes": {
                **FREEZES,
                "required": ["startCount", "maxCount"],
                "description": "Freezes: earning needs both autoEarn fields; null turns them off.",
            },
            "metrics": {
                "type": "array",
                "items": {**METRIC, "required": ["key"]},
                "description": "The streak metrics, by key; threshold 1 when sent.",
            },
        },
    },
}
