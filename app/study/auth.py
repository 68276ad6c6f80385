"""Accounts: register, log in, log out, confirm the password for a sensitive action, and
what happens when a session has expired."""

import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from app.accounts import login_sessions
from app.accounts.models import Account
from app.extensions import db, login_manager
from app.ratelimit import Usage, count_login_attempt, count_registration, forget_login_failures
from app.study.forms import ConfirmPasswordForm, EmptyForm, LoginForm, RegisterForm
from app.study.learning import remember_time_zone

bp = Blueprint("auth", __name__)
STAND_IN_HASH = "studyxp.stand_in_password_hash"


@login_manager.user_loader
def load_account(token: str) -> Account | None:
    """The account of the login session whose token the session or remember-me cookie holds."""
    return login_sessions.account_for(token)


@login_manager.unauthorized_handler
def unauthorized():
    """Send the visitor to the login page, in a way each kind of request understands."""
    login_url = url_for("auth.login", next=_return_path())
    if request.headers.get("HX-Request"):
        # A redirect would be followed by htmx and the login page swapped into the card;
        # HX-Redirect makes htmx load the login page as a whole page instead.
        response = jsonify(error="Your session has expired. Please log in again.")
        response.headers["HX-Redirect"] = login_url
        return response, 401
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error="Please log in.", login=login_url), 401
    flash("Please log in to continue.", "info")
    return redirect(login_url)


def _return_path() -> str | None:
    """Where to come back to after logging in: the page, not the htmx fragment.

    None for a form post: coming back would re-send it as a GET to a POST-only address.
    """
    current = request.headers.get("HX-Current-URL") if request.headers.get("HX-Request") else None
    if current:
        parts = urlsplit(current)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    if request.method != "GET":
        return None
    return request.full_path.rstrip("?")


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return None
    return target


def _find_account(email: str) -> Account | None:
    return db.session.scalar(select(Account).where(func.lower(Account.email) == email.lower()))


def _stand_in_hash() -> str:
    """A password hash made as real ones are, for an email with no account (once per app)."""
    if STAND_IN_HASH not in current_app.extensions:
        stand_in = Account()
        stand_in.set_password(secrets.token_urlsafe(16))
        current_app.extensions[STAND_IN_HASH] = stand_in.password_hash
    return current_app.extensions[STAND_IN_HASH]


def password_matches(account: Account | None, password: str) -> bool:
    """Whether `password` is the account's. An unknown email costs the same hash check as a
    known one, so the answer's timing does not tell whether the email has an account."""
    if account is None:
        Account(password_hash=_stand_in_hash()).check_password(password)
        return False
    return account.check_password(password)


def start_session(account: Account, remember: bool = False) -> None:
    """Log in on a fresh session: a new login session token (so a new remember-me cookie),
    and nothing from before the login (its CSRF token included) carried over."""
    session.clear()
    login_sessions.start(account, remember)
    login_user(account, remember=remember)


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create a learner account and log it in."""
    if current_user.is_authenticated:
        return redirect(url_for("decks.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        limited = count_registration()
        if limited is not None:
            return too_many(
                limited,
                "Too many sign-ups from your network.",
                lambda: render_template("auth/register.html", form=form),
            )
        if _find_account(form.email.data) is not None:
            form.email.errors.append("An account with this email already exists. Log in instead.")
        else:
            account = Account(email=form.email.data.lower(), display_name=form.display_name.data)
            account.set_password(form.password.data)
            db.session.add(account)
            db.session.commit()
            remember_time_zone(account, form.tz.data)
            start_session(account)
            flash(f"Welcome to StudyXP, {account.display_name}! Pick a deck to start.", "success")
            return redirect(url_for("decks.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("decks.index"))
    form = LoginForm()
    if form.validate_on_submit():
        limited = count_login_attempt(form.email.data)
        if limited is not None:
            return too_many(
                limited,
                "Too many login attempts.",
                lambda: render_template("auth/login.html", form=form),
            )
        account = _find_account(form.email.data)
        if not password_matches(account, form.password.data):
            form.password.errors.append("Wrong email or password.")
        else:
            forget_login_failures(form.email.data)
            start_session(account, remember=form.remember.data)
            remember_time_zone(account, form.tz.data)
            return redirect(safe_next(request.args.get("next")) or url_for("decks.index"))
    return render_template("auth/login.html", form=form)


def too_many(usage: Usage, refused: str, page: Callable[[], str]):
    """`page` (the form again) with 429, what was refused and when to try again."""
    flash(f"{refused} Try again in {usage.retry_in_minutes()}.", "error")
    headers = {"Retry-After": str(usage.retry_after)}
    return page(), 429, headers


@bp.post("/logout")
@login_required
def logout():
    """Log out (a POST with a CSRF token, so no other site can log a learner out)."""
    if EmptyForm().validate_on_submit():
        login_sessions.end(current_user)
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/confirm-password", methods=["GET", "POST"])
@login_required
def confirm_password():
    """Type the password again before a sensitive action."""
    form = ConfirmPasswordForm()
    back = safe_next(request.args.get("next")) or url_for("decks.index")
    if form.validate_on_submit():
        limited = count_login_attempt(current_user.email)
        if limited is not None:
            return too_many(
                limited,
                "Too many attempts.",
                lambda: render_template("auth/confirm_password.html", form=form, back=back),
            )
        if not current_user.check_password(form.password.data):
            form.password.errors.append("That is not your password.")
        else:
            forget_login_failures(current_user.email)
            login_sessions.confirm_password(current_user)
            return redirect(back)
    return render_template("auth/confirm_password.html", form=form, back=back)
