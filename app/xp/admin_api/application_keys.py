"""/admin/v1/application-api-keys: Trophy's user-scoped application API keys (create, delete).

Each key is an application key for /api/v1 that acts for its user only (api/auth.py
out_of_scope: 403 for anything else). The secret is answered once and stored as a digest
(admin/api_keys.py, the same keys the dashboard lists and revokes). A key's id is its UUID.
What differs from Trophy:

- A key is made only for a user StudyXP already knows (made by an event or /api/v1/users):
  an unknown userId is an issue, not a new user.
- Deleting revokes the key: calls with it get 401 at once, and the dashboard still lists it
  as revoked. A revoked key is not found by a second delete.
- Keys made without a user (the dashboard's and `flask xp create-api-key`) have no UUID:
  this endpoint neither lists nor deletes them.
"""

from flask import jsonify
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.api_keys import active_user_key, create_api_key, revoke
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.models.users import USER_ID_MAX, XpUser
from app.xp.payloads.api_keys import created_application_key

NOT_FOUND = "Application API key not found by ID"
USER_NOT_FOUND = "User not found by ID: a key is made for a user StudyXP already knows"


@bp.post("/application-api-keys")
def create_application_keys():
    """Make a key for each user of the array: 201 when at least one was made, else 200."""
    created, issues = [], []
    for index, item in enumerate(bulk.items_body("users")):
        user_id = item.get("userId") if isinstance(item, dict) else None
        if not isinstance(user_id, str) or not user_id or len(user_id) > USER_ID_MAX:
            issues.append(
                bulk.error(
                    f"userId is required, as a string of 1 to {USER_ID_MAX} characters",
                    index=index,
                )
            )
            continue
        user = db.session.scalar(select(XpUser).where(XpUser.external_id == user_id))
        if user is None:
            issues.append({**bulk.error(USER_NOT_FOUND, index=index), "userId": user_id})
            continue
        key, secret = create_api_key(None, user=user)
        created.append(created_application_key(key, user_id, secret))
    return jsonify(created=created, issues=issues), 201 if created else 200


@bp.delete("/application-api-keys")
def delete_application_keys():
    """Revoke each user-scoped key named in `ids` (see the module's docstring)."""
    deleted, issues = [], []
    for raw in bulk.ids_arg("application API keys"):
        key, issue = bulk.named(raw, active_user_key, NOT_FOUND)
        if issue is not None:
            issues.append(issue)
        else:
            revoke(key)
            deleted.append({"id": key.uuid})
    return jsonify(deleted=deleted, issues=issues)
