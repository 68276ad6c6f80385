"""/api/v1 boosts: a points system's global boosts, and the boosts a user's awards get."""

from flask import jsonify

from app.xp.api.blueprint import bp
from app.xp.api.validation import boolean_arg
from app.xp.queries import boosts


@bp.get("/v1/points/<key>/boosts")
def points_boosts(key: str):
    """A points system's global boosts, running and scheduled (finished too on request)."""
    include = boolean_arg("includeFinished")
    return jsonify(boosts.points_boosts(key, include_finished=include))


@bp.get("/v1/users/<user_id:user_id>/points/<key>/boosts", merge_slashes=False)
def user_points_boosts(user_id: str, key: str):
    """The boosts, global and the user's own, running or scheduled on the user's calendar."""
    return jsonify(boosts.user_points_boosts(user_id, key))
