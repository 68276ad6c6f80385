"""A learner's or operator's own account: change the password, end every session."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, logout_user

from app.accounts import login_sessions
from app.extensions import db
from app.ratelimit import count_login_attempt, forget_login_failures
from app.study.auth import start_session, too_many
from app.study.forms import ChangePasswordForm, EmptyForm, LeaderboardNameForm

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
@login_required
def require_login():
    """Only the account's owner, logged in, sees it."""


def _page(password_form: ChangePasswordForm) -> str:
    return render_template(
        "account/index.html",
        password_form=password_form,
        sessions=login_sessions.active_count(current_user),
        everywhere_form=EmptyForm(formdata=None),
        name_form=LeaderboardNameForm(formdata=None, anonymous=current_user.leaderboard_anonymous),
    )


@bp.get("/")
def index():
    """The account page: the password form and the sessions still going."""
    return _page(ChangePasswordForm(formdata=None, account=current_user))


@bp.post("/password")
def change_password():
    """Change the password; every other session of the account ends."""
    form = ChangePasswordForm(account=current_user)
    if not form.validate_on_submit():
        return _page(form)
    # Guessing the current password here is guessing a login: the same limit counts it.
    limited = count_login_attempt(current_user.email)
    if limited is not None:
        return too_many(limited, "Too many attempts.", lambda: _page(form))
    if not current_user.check_password(form.current_password.data):
        form.current_password.errors.append("That is not your current password.")
        return _page(form)
    forget_login_failures(current_user.email)
    account = current_user._get_current_object()
    remember = account.login_session.remember
    account.set_password(form.password.data)
    db.session.commit()
    others = login_sessions.end_all(account) - 1
    start_session(account, remember=remember)
    flash(
        "Your password is changed. Other sessions logged out: "
        f"{login_sessions.sessions_in_words(others)}.",
        "success",
    )
    return redirect(url_for("account.index"))


@bp.post("/leaderboard-name")
def leaderboard_name():
    """Show the display name on leaderboards, or "Anonymous learner"."""
    form = LeaderboardNameForm()
    if form.validate_on_submit():
        current_user.leaderboard_anonymous = form.anonymous.data
        db.session.commit()
        shown = "“Anonymous learner”" if form.anonymous.data else "your display name"
        flash(f"Leaderboards now show {shown}.", "success")
    return redirect(url_for("account.index"))


@bp.post("/log-out-everywhere")
def log_out_everywhere():
    """End every session of the account, this one included."""
    if EmptyForm().validate_on_submit():
        ended = login_sessions.end_all(current_user)
        logout_user()
        flash(login_sessions.logged_out_everywhere("You are", ended), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("account.index"))
