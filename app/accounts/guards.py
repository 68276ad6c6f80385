"""Guards for views: a sensitive action asks for the password again when it is not fresh."""

from functools import wraps
from urllib.parse import urlsplit

from flask import redirect, request, url_for
from flask_login import current_user

from app.accounts import login_sessions


def password_confirmed(view):
    """For sensitive actions: ask for the password again when this session last had it more
    than REAUTH_MINUTES ago, then come back to the page the action was on."""

    @wraps(view)
    def confirmed_view(*args, **kwargs):
        if login_sessions.confirmed_recently(current_user):
            return view(*args, **kwargs)
        return redirect(url_for("auth.confirm_password", next=_page_of_the_action()))

    return confirmed_view


def _page_of_the_action() -> str | None:
    """The page to come back to: this one for a GET, for a form post the page it was on."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")
