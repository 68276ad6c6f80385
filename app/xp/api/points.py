"""/api/v1 points: a user's points and their summary, a points system, its summary and levels."""

import re

from flask import jsonify, request

from app.xp.api.blueprint import bp
from app.xp.api.validation import summary_args
from app.xp.errors import Unprocessable
from app.xp.queries import levels, points
from app.xp.queries.analytics import points_distribution
from app.xp.queries.lookup import find_points_system
from app.xp.queries.points import MAX_AWARDS

_AWARDS = re.compile(r"[0-9]{1,3}")


@bp.get("/v1/users/<user_id:user_id>/points/<key>", merge_slashes=False)
def user_points(user_id: str, key: str):
    """A user's total in a points system and their most recent awards, newest first."""
    raw = request.args.get("awards", "10")
    if not _AWARDS.fullmatch(raw):
        raise Unprocessable(f"'awards' must be an integer from 1 to {MAX_AWARDS}")
    return jsonify(points.user_points(user_id, key, awards=int(raw)))


@bp.get("/v1/users/<user_id:user_id>/points/<key>/event-summary", merge_slashes=False)
def points_event_summary(user_id: str, key: str):
    """A user's points per day, week or month of their local calendar."""
    return jsonify(points.points_event_summary(user_id, key, *summary_args()))


@bp.get("/v1/points/<key>")
def points_system(key: str):
    """A points system with its active triggers."""
    return jsonify(points.points_system(key))


@bp.get("/v1/points/<key>/summary")
def points_summary(key: str):
    """How many users hold how many points: 0, then ten equal ranges up to a power of ten."""
    if request.args.get("userAttributes"):
        # Ignoring the filter would answer for every user as if it had been applied.
        raise Unprocessable("'userAttributes' filters are not supported yet")
    return jsonify(points_distribution(find_points_system(key)))


@bp.get("/v1/points/<key>/levels")
def points_levels(key: str):
    """A points system's levels, lowest threshold first."""
    return jsonify(levels.levels(find_points_system(key)))


@bp.get("/v1/points/<key>/level-summary")
def points_level_summary(key: str):
    """How many users are at each level of a points system."""
    return jsonify(levels.level_summary(find_points_system(key)))
