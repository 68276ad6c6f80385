"""/api/v1 achievements: every achievement with its stats, a user's, and completion by the API."""

from flask import jsonify, request

from app.xp.api.blueprint import bp
from app.xp.api.validation import boolean_arg, json_object_body, user_attribute_filters
from app.xp.engine.achievements import complete_by_key
from app.xp.errors import BadRequest
from app.xp.queries import achievements

COMPLETE_EXAMPLE = '{"user": {"id": "18"}}'


@bp.get("/v1/achievements")
def all_achievements():
    """Every active achievement with how many users completed it and how rare it is."""
    # StudyXP's achievements have no attribute filters: every one is open to any user, so a
    # well-formed filter changes nothing.
    user_attribute_filters(request.args.get("userAttributes"))
    return jsonify(achievements.achievements())


@bp.post("/v1/achievements/<key>/complete")
def complete_achievement(key: str):
    """Complete an `api` achievement for a user; 201, with the original completion if done."""
    body = json_object_body(COMPLETE_EXAMPLE)
    if "user" not in body:
        raise BadRequest("'user' is required")

    return jsonify(complete_by_key(key, body["user"])), 201


@bp.get("/v1/users/<user_id:user_id>/achievements", merge_slashes=False)
def user_achievements(user_id: str):
    """The user's completed achievements, or every active one with includeIncomplete=true."""
    include = boolean_arg("includeIncomplete")
    return jsonify(achievements.user_achievements(user_id, include_incomplete=include))
