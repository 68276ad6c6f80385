"""/api/v1/users/{id}/preferences: Trophy's user preferences (notification channels per type).

The engine checks the body (app/xp/engine/preferences.py), so the in-process client and these
routes refuse the same input with the same message.
"""

from flask import jsonify

from app.xp.api.blueprint import bp
from app.xp.api.validation import json_object_body
from app.xp.engine import preferences
from app.xp.queries import preferences as preference_reads

PREFERENCES_EXAMPLE = '{"notifications": {"recap": ["email"], "streak_reminder": []}}'


@bp.get("/v1/users/<user_id:user_id>/preferences", merge_slashes=False)
def user_preferences(user_id: str):
    """The user's notification channels per type (the default where they never chose)."""
    return jsonify(preference_reads.user_preferences(user_id))


@bp.patch("/v1/users/<user_id:user_id>/preferences", merge_slashes=False)
def update_user_preferences(user_id: str):
    """Replace the channels of each notification type given; the others keep theirs."""
    body = json_object_body(PREFERENCES_EXAMPLE)
    return jsonify(preferences.update_preferences(user_id, body))
