"""GET /api/v1/users/{id}/streak: the user's streak as of now, with its recent periods; and
GET /api/v1/streaks: the streak lengths of up to 100 users, longest first."""

import re

from flask import jsonify, request

from app.xp.api.blueprint import bp
from app.xp.errors import Unprocessable
from app.xp.queries.streaks import HISTORY_PERIODS_MAX, streak_lengths
from app.xp.queries.streaks import user_streak as streak_of

_HISTORY_PERIODS = re.compile(r"[0-9]{1,3}")


@bp.get("/v1/users/<user_id:user_id>/streak", merge_slashes=False)
def user_streak(user_id: str):
    """The user's streak as of now, with its last historyPeriods periods."""
    raw = request.args.get("historyPeriods", "7")
    if not _HISTORY_PERIODS.fullmatch(raw):
        raise Unprocessable(f"'historyPeriods' must be an integer from 1 to {HISTORY_PERIODS_MAX}")
    # The range is user_streak's to check, so both XpClients say the same about it.
    return jsonify(streak_of(user_id, history_periods=int(raw)))


@bp.get("/v1/streaks")
def streaks_list():
    """The streak lengths of the users named in userIds (a,b,c or repeated), longest first."""
    # The ids are streak_lengths' to check, so both XpClients say the same about them.
    return jsonify(streak_lengths(request.args.getlist("userIds")))
