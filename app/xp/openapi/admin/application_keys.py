"""The user-scoped application keys' admin paths and schemas
(app/xp/admin_api/application_keys.py)."""

from app.xp.models.users import USER_ID_MAX
from app.xp.openapi.admin.components import Bulk, request_item, uuid
from app.xp.openapi.fields import closed, text

BULK = Bulk(
    tag="Application API keys",
    path="/application-api-keys",
    operation_id="admin_application_api_keys",
    noun="application API key",
    plural="application API keys",
    schema="ApplicationKeys",
    item="ApplicationKey",
    answer="CreatedApplicationKey",
    verbs=("create", "delete"),
    notes={
        "create": (
            "Each key calls /api/v1 for its user only (403 for anything else). The user must "
            "already exist: an unknown userId is an issue. The secret is in this answer only."
        ),
        "delete": (
            "Deleting revokes the key (401 from then on). Keys made on the dashboard or with "
            "flask xp create-api-key have no id here."
        ),
    },
)

SCHEMAS = {
    "CreatedApplicationKey": closed(
        {
            "id": uuid("The key's id, to delete it by."),
            "userId": text("The user the key acts for.", minLength=1, maxLength=USER_ID_MAX),
            "key": text("The secret: shown once, stored only as a digest.", minLength=1),
            "prefix": text("The start of the secret, as the dashboard lists the key."),
        },
        "A user-scoped application key, with its secret (Trophy's CreatedApplicationKey).",
    ),
    **BULK.schemas(
        create_item=request_item(
            {"userId": text("A user StudyXP knows.", minLength=1, maxLength=USER_ID_MAX)},
            "A key to make.",
            required=["userId"],
        ),
    ),
}

PATHS = BULK.paths()
