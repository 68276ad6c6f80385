"""A learner's or operator's own account: change the password, the leaderboard name, the
notification preferences (kept by the XP service, through XpClient), end every session."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, logout_user

from app.accounts import login_sessions
from app.extensions import db
from app.ratelimit import count_login_attempt, forget_login_failures
from app.study import notifications as notification_words
from app.study.auth import start_session, too_many
from app.study.forms import (
    ChangePasswordForm,
    EmptyForm,
    LeaderboardNameForm,
    NotificationsForm,
)
from app.xp.client import xp_client
from app.xp.errors import NotFound, XpUnavailable

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
@login_required
def require_login():
    """Only the account's owner, logged in, sees it."""


def _page(
    password_form: ChangePasswordForm | None = None,
    notifications_form: NotificationsForm | None = None,
    notifications_problem: str | None = None,
) -> str:
    """The account page; the notifications form shows the XP service's preferences unless
    one is given (a refused save shows what the learner ticked)."""
    if notifications_form is None and notifications_problem is None:
        notifications_form, notifications_problem = _notifications_form()
    return render_template(
        "account/index.html",
        password_form=password_form or ChangePasswordForm(formdata=None, account=current_user),
        sessions=login_sessions.active_count(current_user),
        everywhere_form=EmptyForm(formdata=None),
        name_form=LeaderboardNameForm(formdata=None, anonymous=current_user.leaderboard_anonymous),
        notifications_form=notifications_form,
        notifications_problem=notifications_problem,
        notifications_note=notification_words.NOT_SENT,
    )


def _notifications_form() -> tuple[NotificationsForm | None, str | None]:
    """The learner's notification preferences as a form, or why there is none (the XP service
    is unavailable)."""
    try:
        preferences = _known_to_xp(lambda: xp_client().user_preferences(current_user.xp_user_id))
    except XpUnavailable:
        return None, notification_words.UNAVAILABLE
    return NotificationsForm.showing(preferences["notifications"]), None


def _known_to_xp(call):
    """call(), after telling the XP service who the learner is if it does not know them yet
    (it learns of a learner from their first event; identify makes them known before it)."""
    try:
        return call()
    except NotFound:
        xp_client().identify_user(current_user.xp_user())
        return call()


@bp.get("/")
def index():
    """The account page: the password form and the sessions still going."""
    return _page()


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


@bp.post("/notifications")
def notifications():
    """Save the ticked channels of every notification type in the XP service."""
    form = NotificationsForm()
    if not form.validate_on_submit():
        return redirect(url_for("account.index"))
    notifications = form.notifications()
    try:
        _known_to_xp(
            lambda: xp_client().update_user_preferences(current_user.xp_user_id, notifications)
        )
    except XpUnavailable:
        # What the learner ticked stays on the page, to save again.
        return _page(
            notifications_form=form, notifications_problem=notification_words.UNAVAILABLE
        ), 503
    flash(notification_words.SAVED, "success")
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
