"""Dashboard pages for a points system's levels: add, edit and delete (listed on configure)."""

from flask import abort, flash, redirect, render_template, url_for

from app.accounts.guards import password_confirmed
from app.dashboard.blueprint import bp, show_errors
from app.dashboard.forms import LevelForm, StatusForm
from app.extensions import db
from app.xp.admin import points as admin_points
from app.xp.admin.fields import FieldErrors
from app.xp.models.points import PointsLevel, PointsSystem


def _system_level_or_404(system_id: int, level_id: int) -> tuple[PointsSystem, PointsLevel]:
    system = db.get_or_404(PointsSystem, system_id)
    level = db.get_or_404(PointsLevel, level_id)
    if level.system_id != system.id:
        abort(404)
    return system, level


@bp.route("/points/<int:system_id>/levels/new", methods=["GET", "POST"])
@bp.route("/points/<int:system_id>/levels/<int:level_id>/edit", methods=["GET", "POST"])
def level_form(system_id: int, level_id: int | None = None):
    """Add a level to a points system, or change one."""
    if level_id is None:
        system, level = db.get_or_404(PointsSystem, system_id), None
    else:
        system, level = _system_level_or_404(system_id, level_id)
    form = LevelForm(obj=level)
    if form.validate_on_submit():
        try:
            saved = admin_points.save_level(
                system,
                level,
                form.key.data,
                form.name.data,
                form.points.data,
                form.description.data,
                form.badge_url.data,
            )
        except FieldErrors as error:
            show_errors(form, error)
        else:
            flash(f"Level “{saved.name}” saved.", "success")
            return redirect(url_for("dashboard.configure", system_id=system.id))
    return render_template("dashboard/level_form.html", form=form, system=system, level=level)


@bp.post("/points/<int:system_id>/levels/<int:level_id>/delete")
@password_confirmed
def delete_level(system_id: int, level_id: int):
    """Delete a level; users' levels follow from their totals, so nothing else changes."""
    system, level = _system_level_or_404(system_id, level_id)
    if StatusForm().validate_on_submit():
        admin_points.delete_level(level)
        flash(f"Level “{level.name}” deleted.", "info")
    return redirect(url_for("dashboard.configure", system_id=system.id))
