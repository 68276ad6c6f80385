"""The /admin/v1 blueprint: every call authorized by an admin key in X-API-KEY (an application
key gets 403) within its rate limit and body size, every XpError answered as {"error": ...}
(Trophy's AdminErrorBody). The routes live in one module per resource."""

from flask import Blueprint

from app.xp.api.blueprint import check_api_key, error_response
from app.xp.errors import XpError
from app.xp.models.api_keys import ADMIN

bp = Blueprint("admin_api", __name__, url_prefix="/admin/v1")


@bp.errorhandler(XpError)
def xp_error(error: XpError):
    return error_response(error.message, error.status_code)


@bp.before_request
def require_admin_key():
    """Every call carries a live admin key, within its rate limit, and a small body."""
    return check_api_key(ADMIN)
