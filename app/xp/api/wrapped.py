"""GET /api/v1/users/{id}/wrapped: the user's year in review (Trophy's WrappedResponse)."""

from flask import jsonify

from app.xp.api.blueprint import bp
from app.xp.api.validation import number_arg
from app.xp.queries.wrapped import user_wrapped


@bp.get("/v1/users/<user_id:user_id>/wrapped", merge_slashes=False)
def users_wrapped(user_id: str):
    """The user's year (default: their current one) in days, weeks and months."""
    # The year is user_wrapped's to check, so both XpClients say the same about it.
    return jsonify(user_wrapped(user_id, year=number_arg("year", None)))
