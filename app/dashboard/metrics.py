"""Dashboard pages for metrics: the list, add or rename one, archive or restore it."""

from flask import (
    flash,
    redirect,
    render_template,
    url_for,
)
from sqlalchemy import select

from app.dashboard.blueprint import bp, show_errors, status_arg
from app.dashboard.forms import (
    MetricForm,
    StatusForm,
)
from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.metrics import metric_has_events, save_metric, set_metric_status
from app.xp.models.metrics import Metric
from app.xp.queries import analytics


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
            saved = save_metric(metric, form.key.data, form.name.data, form.unit.data)
        except FieldErrors as error:
            show_errors(form, error)
        else:
            flash(f"Metric “{saved.name}” saved.", "success")
            return redirect(url_for("dashboard.metrics"))
    key_locked = metric is not None and metric_has_events(metric)
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
        set_metric_status(metric, status_arg(("active", "archived")))
        flash(f"Metric “{metric.name}” is now {metric.status}.", "info")
    return redirect(url_for("dashboard.metrics"))
