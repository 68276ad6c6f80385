"""The /api blueprint: every call authorized by X-API-KEY within its rate limit and body size,
every XpError answered as {"error": message}. The routes live in one module per resource."""

from flask import Blueprint, current_app, g, jsonify, request

from app.ratelimit import limit_api_key
from app.xp.api.auth import authenticate, out_of_scope, wrong_kind
from app.xp.errors import XpError
from app.xp.models.api_keys import APPLICATION

bp = Blueprint("api", __name__, url_prefix="/api")


def error_response(message: str, status: int):
    return jsonify(error=message), status


@bp.errorhandler(XpError)
def xp_error(error: XpError):
    return error_response(error.message, error.status_code)


@bp.before_request
def require_api_key():
    """Every API call carries a live application key in X-API-KEY, within its rate limit, and a
    small body; a key made for one user acts for that user only."""
    refused = check_api_key(APPLICATION)
    if refused is None and (why := out_of_scope(g.api_key, request)):
        return error_response(why, 403)
    return refused


def check_api_key(kind: str):
    """The error answer for a call without a live key of `kind` or over its rate limit, else
    None (g.api_key is the key). /admin/v1 checks its admin keys with this too."""
    request.max_content_length = current_app.config["API_MAX_CONTENT_LENGTH"]
    g.api_key = authenticate(request.headers.get("X-API-KEY"))
    if g.api_key is None:
        if request.headers.get("X-API-KEY"):
            return error_response("Invalid or revoked API key", 401)
        return error_response("Missing API key: send it in the X-API-KEY header", 401)
    refused = wrong_kind(g.api_key, kind)
    if refused:
        return error_response(refused, 403)
    return limit_api_key(g.api_key.id)
