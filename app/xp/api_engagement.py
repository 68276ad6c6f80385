"""/api/v1 achievements, streaks and boosts (Trophy's paths), on app.xp.api's blueprint."""

import re

from flask import jsonify, request

from app.xp import achievements, engagement_queries, streak_store
from app.xp.api import bp, json_object_body
from app.xp.errors import BadRequest, Unprocessable
from app.xp.inputs import ATTRIBUTE_NAME_MAX, ATTRIBUTE_VALUE_MAX, MAX_ATTRIBUTES
from app.xp.streak_store import HISTORY_PERIODS_MAX

COMPLETE_EXAMPLE = '{"user": {"id": "18"}}'
_HISTORY_PERIODS = re.compile(r"[0-9]{1,3}")


@bp.get("/v1/achievements")
def all_achievements():
    """Every active achievement with how many users completed it and how rare it is."""
    # StudyXP's achievements have no attribute filters: every one is open to any user, so a
    # well-formed filter changes nothing.
    user_attribute_filters(request.args.get("userAttributes"))
    return jsonify(engagement_queries.achievements())


@bp.post("/v1/achievements/<key>/complete")
def complete_achievement(key: str):
    """Complete an `api` achievement for a user; 201, with the original completion if done."""
    body = json_object_body(COMPLETE_EXAMPLE)
    if "user" not in body:
        raise BadRequest("'user' is required")

    return jsonify(achievements.complete_by_key(key, body["user"])), 201


@bp.get("/v1/users/<user_id:user_id>/achievements", merge_slashes=False)
def user_achievements(user_id: str):
    """The user's completed achievements, or every active one with includeIncomplete=true."""
    include = boolean_arg("includeIncomplete")
    return jsonify(engagement_queries.user_achievements(user_id, include_incomplete=include))


@bp.get("/v1/users/<user_id:user_id>/streak", merge_slashes=False)
def user_streak(user_id: str):
    """The user's streak as of now, with its last historyPeriods periods."""
    raw = request.args.get("historyPeriods", "7")
    if not _HISTORY_PERIODS.fullmatch(raw):
        raise Unprocessable(f"'historyPeriods' must be an integer from 1 to {HISTORY_PERIODS_MAX}")
    # The range is user_streak's to check, so both XpClients say the same about it.
    return jsonify(streak_store.user_streak(user_id, history_periods=int(raw)))


@bp.get("/v1/points/<key>/boosts")
def points_boosts(key: str):
    """A points system's global boosts, running and scheduled (finished too on request)."""
    include = boolean_arg("includeFinished")
    return jsonify(engagement_queries.points_boosts(key, include_finished=include))


@bp.get("/v1/users/<user_id:user_id>/points/<key>/boosts", merge_slashes=False)
def user_points_boosts(user_id: str, key: str):
    """The boosts, global and the user's own, running or scheduled on the user's calendar."""
    return jsonify(engagement_queries.user_points_boosts(user_id, key))


def boolean_arg(name: str) -> bool:
    """An optional true/false query parameter (false when absent)."""
    raw = request.args.get(name, "false")
    if raw not in ("true", "false"):
        raise Unprocessable(f"'{name}' must be true or false, not '{raw[:40]}'")
    return raw == "true"


def user_attribute_filters(raw: str | None) -> dict[str, str]:
    """Trophy's `name:value,name:value` attribute filter as a dict; 422 when malformed."""
    if not raw:
        return {}
    pairs = raw.split(",")
    if len(pairs) > MAX_ATTRIBUTES:
        raise Unprocessable(f"'userAttributes' must have at most {MAX_ATTRIBUTES} filters")
    filters = {}
    for pair in pairs:
        name, colon, value = pair.partition(":")
        if (
            not colon
            or not name.strip()
            or not value.strip()
            or len(name) > ATTRIBUTE_NAME_MAX
            or len(value) > ATTRIBUTE_VALUE_MAX
            or "\x00" in pair
        ):
            raise Unprocessable(
                "'userAttributes' must be name:value pairs separated by commas, such as "
                f"plan:pro,region:eu, not '{pair[:60]}'"
            )
        filters[name] = value
    return filters
