"""Dashboard pages for points systems: the list, add or edit one, set its status."""

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from app.dashboard.badges import badge_upload_url
from app.dashboard.blueprint import bp, show_errors, status_arg
from app.dashboard.forms import (
    PointsSystemForm,
    StatusForm,
)
from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.points import save_points_system, set_points_system_status, system_has_awards
from app.xp.models.points import PointsSystem
from app.xp.queries import analytics


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
            badge_url = form.badge_url.data
            if form.badge_file.data:
                badge_url = badge_upload_url(form.badge_file.data)  # saved with the form
            saved = save_points_system(
                system,
                form.key.data,
                form.name.data,
                form.description.data,
                badge_url,
                form.max_points.data,
            )
        except FieldErrors as error:
            db.session.rollback()  # and with it an uploaded image
            show_errors(form, error)
        else:
            flash(f"Points system “{saved.name}” saved.", "success")
            if system is None:
                return redirect(url_for("dashboard.configure", system_id=saved.id))
            return redirect(url_for("dashboard.points"))
    key_locked = system is not None and system_has_awards(system)
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
        set_points_system_status(system, status_arg(("active", "archived")))
        flash(f"Points system “{system.name}” is now {system.status}.", "info")
    return redirect(url_for("dashboard.points"))
