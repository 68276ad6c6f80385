"""The dashboard's blueprint: operators only, and what every page module shares (showing a
domain error beside its field, reading a status, choosing an active metric or achievement)."""

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app import wording
from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.queries import analytics

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.before_request
@login_required
def require_operator():
    """Operators only: a learner who finds a dashboard URL gets 403."""
    if not current_user.is_operator:
        abort(403, "The dashboard is for operators. Your account is a learner account.")


def show_errors(form, error: FieldErrors) -> None:
    """Put each domain error beside its field (or at the top when there is no such field)."""
    for field, message in error.errors.items():
        if field in form:
            form[field].errors = [*form[field].errors, message]
        else:
            flash(message, "error")


@bp.get("/")
def index():
    """Start at the points systems: they are what operators configure most."""
    return redirect(url_for("dashboard.points"))


def status_arg(allowed: tuple[str, ...]) -> str:
    status = request.form.get("status", "")
    if status not in allowed:
        abort(400, f"status must be one of {', '.join(allowed)}")
    return status


def active_choices(model, own=None) -> list[SelectChoice]:
    """Choices of the active metrics or achievements by name, plus `own` if it is archived."""
    rows = db.session.scalars(
        select(model).where(model.status == "active").order_by(model.name)
    ).all()
    if own is not None and own not in rows:
        rows.append(own)
    return [
        SelectChoice(r.id, f"{r.name} ({r.key})" + (" — archived" if r.status != "active" else ""))
        for r in rows
    ]


def streak_unit() -> str:
    """The streak's period in a word ("day", "week", "month"), from the streak settings."""
    return wording.period_word(analytics.streak_frequency())
