"""The organisation settings and environments (app/xp/admin_api/settings.py), as Trophy's
SDK 1.27 calls them: fixed by the installation, so PATCH takes only the values they have."""

from app.xp.admin_api.settings import BRAND_COLOR, ENVIRONMENTS
from app.xp.openapi.admin.components import errors, ok, request_body
from app.xp.openapi.fields import closed, text

IMAGE = {"type": "null", "description": "Always null: StudyXP sends no emails or pushes."}
BRANDING = {
    "appName": text("The app's name."),
    "appUrl": text("The address this StudyXP answers at.", format="uri"),
    "brandColor": text(f"The accent colour, {BRAND_COLOR}.", pattern="^#[0-9a-fA-F]{6}$"),
    "font": text("The font family."),
    "logo": IMAGE,
    "appIcon": IMAGE,
}
EXPERIMENTATION = {
    "controlRatio": {"type": "number", "const": 0, "description": "No control group."},
    "userActivationWindow": {"type": "integer", "const": 0, "description": "Not measured."},
}
AGGREGATION = {"type": "string", "enum": ["weekly"], "description": "Weeks start on Monday."}

PATHS = {
    "/settings": {
        "get": {
            "operationId": "admin_settings_get",
            "tags": ["Settings"],
            "summary": "Get the settings",
            "description": "The installation's settings: StudyXP keeps no others.",
            "responses": {"200": ok("The settings.", "AdminSettings"), **errors()},
        },
        "patch": {
            "operationId": "admin_settings_update",
            "tags": ["Settings"],
            "summary": "Write the settings back",
            "description": (
                "Answers the settings when every value given is the one they have (a client "
                "that writes back what it read succeeds); any change is a 422 naming each field."
            ),
            "requestBody": request_body("UpdateAdminSettingsRequest"),
            "responses": {"200": ok("The settings.", "AdminSettings"), **errors(413, 422)},
        },
    },
    "/environments": {
        "get": {
            "operationId": "admin_environments_list",
            "tags": ["Settings"],
            "summary": "List the environments",
            "description": f"One per installation: {ENVIRONMENTS[0]['name']}.",
            "responses": {"200": ok("The environments.", "ListEnvironmentsResponse"), **errors()},
        }
    },
}

SCHEMAS = {
    "AdminSettings": closed(
        {
            "branding": closed(BRANDING, "How the app looks."),
            "experimentation": closed(EXPERIMENTATION, "No experiments run."),
            "aggregationPeriod": AGGREGATION,
        },
        "The settings (the SDK's AdminSettings).",
    ),
    "UpdateAdminSettingsRequest": {
        "type": "object",
        "description": "Settings to write back: each value the one it already has.",
        "properties": {
            "branding": {"type": "object", "properties": BRANDING},
            "experimentation": {"type": "object", "properties": EXPERIMENTATION},
            "aggregationPeriod": AGGREGATION,
        },
    },
    "AdminEnvironment": closed(
        {
            "name": text("Its name."),
            "key": text("Its key."),
            "priority": {"type": "integer", "minimum": 1, "description": "Its rank."},
        },
        "An environment (the SDK's AdminEnvironment).",
    ),
    "ListEnvironmentsResponse": {
        "type": "array",
        "items": {"$ref": "#/components/schemas/AdminEnvironment"},
        "minItems": len(ENVIRONMENTS),
        "maxItems": len(ENVIRONMENTS),
        "description": "This installation's one environment.",
    },
}
