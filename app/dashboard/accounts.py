"""The dashboard's accounts page: find an account, see its open sessions, log it out
everywhere (for a lost laptop, or a learner who shared a password)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, logout_user
from sqlalchemy import func, or_, select

from app.accounts import login_sessions
from app.accounts.guards import password_confirmed
from app.accounts.models import Account
from app.dashboard.blueprint import bp
from app.dashboard.forms import StatusForm
from app.extensions import db

ACCOUNTS_SHOWN = 50
SEARCH_MAX = 320


@bp.get("/accounts/")
def accounts():
    """Accounts by email (the first 50, or those a search finds), with their open sessions."""
    search = request.args.get("q", "").strip()[:SEARCH_MAX]
    query = select(Account)
    if search:
        query = query.where(
            or_(
                func.lower(Account.email).contains(search.lower(), autoescape=True),
                func.lower(Account.display_name).contains(search.lower(), autoescape=True),
            )
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(Account.email).limit(ACCOUNTS_SHOWN)).all()
    ids = [account.id for account in rows]
    return render_template(
        "dashboard/accounts.html",
        accounts=rows,
        total=total,
        search=search,
        sessions=login_sessions.active_counts(ids),
        last_seen=login_sessions.last_seen(ids),
        form=StatusForm(),
    )


@bp.post("/accounts/<int:account_id>/log-out-everywhere")
@password_confirmed
def log_out_account(account_id: int):
    """End every session of an account; its owner has to log in again."""
    account = db.get_or_404(Account, account_id)
    if StatusForm().validate_on_submit():
        ended = login_sessions.end_all(account)
        if account.id == current_user.id:
            logout_user()
            flash(login_sessions.logged_out_everywhere("You are", ended), "info")
            return redirect(url_for("auth.login"))
        flash(login_sessions.logged_out_everywhere(f"{account.email} is", ended), "success")
    return redirect(url_for("dashboard.accounts", q=request.args.get("q") or None))
