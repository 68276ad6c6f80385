"""/api/v1: Trophy's Application API paths, authorized by X-API-KEY, answering JSON only."""

import re
from datetime import date

from flask import Blueprint, current_app, g, jsonify, request

from app.ratelimit import limit_api_key
from app.xp import analytics, engine, levels, queries
from app.xp.apikeys import authenticate
from app.xp.errors import BadRequest, Unprocessable, XpError

bp = Blueprint("api", __name__, url_prefix="/api")

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AWARDS = re.compile(r"[0-9]{1,3}")


def error_response(message: str, status: int):
    return jsonify(error=message), status


@bp.errorhandler(XpError)
def xp_error(error: XpError):
    return error_response(error.message, error.status_code)


@bp.before_request
def require_api_key():
    """Every API call carries a live key in X-API-KEY, within its rate limit, and a small body."""
    request.max_content_length = current_app.config["API_MAX_CONTENT_LENGTH"]
    g.api_key = authenticate(request.headers.get("X-API-KEY"))
    if g.api_key is None:
        if request.headers.get("X-API-KEY"):
            return error_response("Invalid or revoked API key", 401)
        return error_response("Missing API key: send it in the X-API-KEY header", 401)
    return limit_api_key(g.api_key.id)


@bp.post("/v1/metrics/<key>/event")
@bp.post("/metrics/<key>/event")  # the integration guide's legacy path
def metric_event(key: str):
    """Record a metric event; 201 when applied, 202 when an Idempotency-Key replays."""
    body = json_object_body('{"user": {"id": "18"}, "value": 1}')
    for field in ("user", "value"):
        if field not in body:
            raise BadRequest(f"'{field}' is required")
    response = engine.record_event(
        key,
        body["user"],
        body["value"],
        idempotency_key=request.headers.get("Idempotency-Key"),
        attributes=body.get("attributes"),
    )
    return jsonify(response), 202 if response.get("idempotentReplayed") else 201


@bp.get("/v1/users/<user_id:user_id>/points/<key>", merge_slashes=False)
def user_points(user_id: str, key: str):
    """A user's total in a points system and their most recent awards, newest first."""
    raw = request.args.get("awards", "10")
    if not _AWARDS.fullmatch(raw):
        raise Unprocessable(f"'awards' must be an integer from 1 to {queries.MAX_AWARDS}")
    return jsonify(queries.user_points(user_id, key, awards=int(raw)))


@bp.get("/v1/users/<user_id:user_id>/points/<key>/event-summary", merge_slashes=False)
def points_event_summary(user_id: str, key: str):
    """A user's points per day, week or month of their local calendar."""
    return jsonify(queries.points_event_summary(user_id, key, *summary_args()))


@bp.get("/v1/points/<key>")
def points_system(key: str):
    """A points system with its active triggers."""
    return jsonify(queries.points_system(key))


@bp.get("/v1/points/<key>/summary")
def points_summary(key: str):
    """How many users hold how many points: 0, then ten equal ranges up to a power of ten."""
    if request.args.get("userAttributes"):
        # Ignoring the filter would answer for every user as if it had been applied.
        raise Unprocessable("'userAttributes' filters are not supported yet")
    return jsonify(analytics.points_distribution(queries.find_points_system(key)))


@bp.get("/v1/points/<key>/levels")
def points_levels(key: str):
    """A points system's levels, lowest threshold first."""
    return jsonify(levels.levels(queries.find_points_system(key)))


@bp.get("/v1/points/<key>/level-summary")
def points_level_summary(key: str):
    """How many users are at each level of a points system."""
    return jsonify(levels.level_summary(queries.find_points_system(key)))


def json_object_body(example: str) -> dict:
    """The request's JSON object, whatever its Content-Type says; else a 400 showing `example`."""
    try:
        body = request.get_json(force=True, silent=True)
    except RecursionError:  # e.g. [[[[...]]]] nested thousands deep
        body = None
    if not isinstance(body, dict):
        raise BadRequest(f"The body must be a JSON object like {example}")
    return body


def summary_args() -> tuple[str, date, date]:
    """An event summary's required aggregation, startDate and endDate query parameters."""
    aggregation = request.args.get("aggregation")
    if aggregation is None:
        raise Unprocessable("'aggregation' is required: daily, weekly or monthly")
    return aggregation, _date_arg("startDate"), _date_arg("endDate")


def _date_arg(name: str) -> date:
    raw = request.args.get(name)
    if raw is None:
        raise Unprocessable(f"'{name}' is required, as YYYY-MM-DD")
    try:
        if not _DATE.fullmatch(raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise Unprocessable(f"'{name}' must be a date as YYYY-MM-DD, not '{raw[:40]}'") from None


# The /users routes, and the achievements, streaks and boosts, live in their own modules, on
# this blueprint.
from app.xp import api_engagement, api_users  # noqa: E402, F401
