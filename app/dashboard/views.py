"""Dashboard pages. Each parses its form, calls app.xp.admin or analytics, and renders."""

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app import clock
from app.dashboard.badges import read_badge
from app.dashboard.forms import (
    AnalyticsRangeForm,
    ApiKeyForm,
    MetricForm,
    PointsSystemForm,
    StatusForm,
)
from app.extensions import db
from app.xp import admin, analytics, apikeys
from app.xp.admin import FieldErrors
from app.xp.errors import XpError
from app.xp.models import ApiKey, Metric, PointsSystem

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

ANALYTICS_DAYS = {7: "Last 7 days", 30: "Last 30 days", 90: "Last 90 days", 365: "Last 365 days"}


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


# --- metrics -----------------------------------------------------------------------------


@bp.get("/metrics/")
def metrics():
    """Every metric with its events and users."""
    rows = db.session.scalars(select(Metric).order_by(Metric.status, Metric.key)).all()
    return render_template(
        "dashboard/metrics.html",
        metrics=rows,
        stats=analytics.metric_stats(),
        status_form=StatusForm(),
    )


@bp.route("/metrics/new", methods=["GET", "POST"])
@bp.route("/metrics/<int:metric_id>/edit", methods=["GET", "POST"])
def metric_form(metric_id: int | None = None):
    """Create a metric, or rename one (its key is fixed once it has events)."""
    metric = db.get_or_404(Metric, metric_id) if metric_id else None
    form = MetricForm(obj=metric)
    if form.validate_on_submit():
        try:
            saved = admin.save_metric(metric, form.key.data, form.name.data, form.unit.data)
        except FieldErrors as error:
            show_errors(form, error)
        else:
            flash(f"Metric “{saved.name}” saved.", "success")
            return redirect(url_for("dashboard.metrics"))
    key_locked = metric is not None and admin.metric_has_events(metric)
    if key_locked:
        form.key.data = metric.key  # never echo a refused key into the read-only field
    return render_template(
        "dashboard/metric_form.html", form=form, metric=metric, key_locked=key_locked
    )


@bp.post("/metrics/<int:metric_id>/status")
def metric_status(metric_id: int):
    """Archive a metric, or restore it."""
    metric = db.get_or_404(Metric, metric_id)
    if StatusForm().validate_on_submit():
        admin.set_metric_status(metric, status_arg(("active", "archived")))
        flash(f"Metric “{metric.name}” is now {metric.status}.", "info")
    return redirect(url_for("dashboard.metrics"))


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


# --- points systems ----------------------------------------------------------------------


@bp.get("/points/")
def points():
    """Every points system with the points it has awarded and the users holding them."""
    rows = db.session.scalars(select(PointsSystem).order_by(PointsSystem.status, PointsSystem.key))
    return render_template(
        "dashboard/points.html",
        systems=rows.all(),
        stats=analytics.points_system_stats(),
        status_form=StatusForm(),
    )


@bp.route("/points/new", methods=["GET", "POST"])
@bp.route("/points/<int:system_id>/edit", methods=["GET", "POST"])
def points_form(system_id: int | None = None):
    """Create a points system, or change one (its key is fixed once it has paid)."""
    system = db.get_or_404(PointsSystem, system_id) if system_id else None
    form = PointsSystemForm(obj=system)
    if request.method == "GET" and system is not None:
        form.max_points.data = "" if system.max_points is None else str(system.max_points)
    if form.validate_on_submit():
        try:
            badge_url, badge = form.badge_url.data, None
            if form.badge_file.data:
                badge = read_badge(form.badge_file.data)
                badge_url = url_for("main.badge", name=badge.name)
            saved = admin.save_points_system(
                system,
                form.key.data,
                form.name.data,
                form.description.data,
                badge_url,
                form.max_points.data,
            )
        except FieldErrors as error:
            show_errors(form, error)
        else:
            if badge is not None:
                badge.store()  # only once the system that links to it is saved
            flash(f"Points system “{saved.name}” saved.", "success")
            if system is None:
                return redirect(url_for("dashboard.configure", system_id=saved.id))
            return redirect(url_for("dashboard.points"))
    key_locked = system is not None and admin.system_has_awards(system)
    if key_locked:
        form.key.data = system.key
    return render_template(
        "dashboard/points_form.html", form=form, system=system, key_locked=key_locked
    )


@bp.post("/points/<int:system_id>/status")
def points_status(system_id: int):
    """Archive a points system (its triggers stop paying), or restore it."""
    system = db.get_or_404(PointsSystem, system_id)
    if StatusForm().validate_on_submit():
        admin.set_points_system_status(system, status_arg(("active", "archived")))
        flash(f"Points system “{system.name}” is now {system.status}.", "info")
    return redirect(url_for("dashboard.points"))


# --- analytics ---------------------------------------------------------------------------


def _analytics_range() -> tuple[str, int]:
    form = AnalyticsRangeForm(request.args)
    aggregation = (
        form.aggregation.data
        if form.aggregation.data in ("daily", "weekly", "monthly")
        else "daily"
    )
    days = form.days.data if form.days.data in ANALYTICS_DAYS else 30
    return aggregation, days


@bp.get("/points/<int:system_id>/analytics")
def analytics_page(system_id: int):
    """Points awarded over time, by trigger, and how many users hold how many points."""
    system = db.get_or_404(PointsSystem, system_id)
    aggregation, days = _analytics_range()
    return render_template(
        "dashboard/analytics.html",
        system=system,
        aggregation=aggregation,
        days=days,
        day_choices=ANALYTICS_DAYS,
        **_analytics(system, aggregation, days),
    )


@bp.get("/points/<int:system_id>/analytics/data")
def analytics_data(system_id: int):
    """The analytics page's numbers as JSON, for its charts."""
    system = db.get_or_404(PointsSystem, system_id)
    aggregation, days = _analytics_range()
    return jsonify(_analytics(system, aggregation, days))


def _analytics(system: PointsSystem, aggregation: str, days: int) -> dict:
    # Awards are dated by each user's local day, and somewhere it is already tomorrow: end
    # the range on the latest local date on Earth (UTC+14) so no fresh award is left out.
    end = (clock.now() + timedelta(hours=14)).date()
    start = end - timedelta(days=days - 1)
    try:
        over_time = analytics.points_over_time(system, aggregation, start, end)
    except XpError as error:
        abort(error.status_code, error.message)
    breakdown = analytics.trigger_breakdown(system, start, end)
    return {
        "range": {"start": start.isoformat(), "end": end.isoformat(), "days": days},
        "over_time": over_time,
        "breakdown": breakdown,
        "breakdown_total": sum(row["points"] for row in breakdown),
        "distribution": analytics.points_distribution(system),
        "users": analytics.active_users(system, start, end),
    }


# --- API keys ----------------------------------------------------------------------------


@bp.route("/api-keys/", methods=["GET", "POST"])
def api_keys():
    """API keys: create one (its secret is shown this once), list them, revoke them."""
    form = ApiKeyForm()
    secret = None
    if form.validate_on_submit():
        try:
            key, secret = apikeys.create_api_key(form.name.data)
        except XpError as error:
            form.name.errors = [error.message]
        else:
            flash(f"API key “{key.name}” created. Copy it now: it is not shown again.", "success")
            form = ApiKeyForm(formdata=None)
    keys = db.session.scalars(
        select(ApiKey).order_by(ApiKey.revoked.is_not(None), ApiKey.created.desc())
    ).all()
    response = render_template(
        "dashboard/api_keys.html", form=form, keys=keys, secret=secret, status_form=StatusForm()
    )
    # The page holding a fresh secret must not be kept by the browser or any cache.
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/api-keys/<int:key_id>/revoke")
def revoke_api_key(key_id: int):
    """Revoke an API key: calls with it get 401 from now on."""
    key = db.get_or_404(ApiKey, key_id)
    if StatusForm().validate_on_submit():
        apikeys.revoke(key)
        flash(f"API key “{key.name}” revoked.", "info")
    return redirect(url_for("dashboard.api_keys"))


# The triggers, levels, achievements, streak settings and boosts pages live in their own
# modules, on this blueprint.
from app.dashboard import achievements, boosts, levels, streaks, triggers  # noqa: E402, F401
