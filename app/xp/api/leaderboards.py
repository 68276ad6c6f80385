"""/api/v1 leaderboards: every board, one board's rankings, and a user's place on a board.

The read side (app/xp/queries/leaderboards.py) checks every parameter, so the in-process
client and these routes refuse the same input with the same message.
"""

from flask import jsonify, request

from app.xp.api.blueprint import bp
from app.xp.api.validation import boolean_arg, number_arg
from app.xp.queries import leaderboards
from app.xp.queries.leaderboards import DEFAULT_NUM_EVENTS


@bp.get("/v1/leaderboards")
def all_leaderboards():
    """Every active or scheduled board, oldest first (finished ones with includeFinished)."""
    include = boolean_arg("includeFinished")
    return jsonify(leaderboards.all_leaderboards(include_finished=include))


@bp.get("/v1/leaderboards/<key>")
def leaderboard(key: str):
    """`limit` rankings of a run from `offset` (relative to `userId`'s rank when given)."""
    return jsonify(
        leaderboards.leaderboard_rankings(
            key,
            offset=number_arg("offset", 0),
            limit=number_arg("limit", None),
            run=request.args.get("run"),
            user_id=request.args.get("userId"),
            user_attributes=request.args.get("userAttributes"),
        )
    )


@bp.get("/v1/users/<user_id:user_id>/leaderboards/<key>", merge_slashes=False)
def user_leaderboard(user_id: str, key: str):
    """The user's rank and value in a run, with their last numEvents days of history."""
    return jsonify(
        leaderboards.user_leaderboard(
            user_id,
            key,
            run=request.args.get("run"),
            num_events=number_arg("numEvents", DEFAULT_NUM_EVENTS),
        )
    )
