"""Dashboard page for a points system's boosts: the list with each one's status, add, archive.

A boost multiplies the awards made on the local dates from its start to its end (both
included), for everyone or for one user. app.xp.admin.boosts.save_boost holds the rules.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import clock
from app.accounts.guards import password_confirmed
from app.dashboard.blueprint import bp, show_errors
from app.dashboard.forms import BoostForm, StatusForm
from app.extensions import db
from app.xp.admin.boosts import archive_boost, save_boost
from app.xp.admin.fields import FieldErrors
from app.xp.models.boosts import PointsBoost
from app.xp.models.points import PointsSystem
from app.xp.payloads.points import boost_status


@bp.route("/points/<int:system_id>/boosts/", methods=["GET", "POST"])
def boosts(system_id: int):
    """A points system's boosts, and a form to add one."""
    system = db.get_or_404(PointsSystem, system_id)
    today = clock.now().date()
    form = BoostForm()
    if request.method == "GET":
        form.start_date.data = today.isoformat()
    if form.validate_on_submit():
        try:
            boost = save_boost(
                system,
                form.name.data,
                form.multiplier.data,
                form.rounding.data,
                form.start_date.data,
                form.end_date.data,
                form.user_id.data,
            )
        except FieldErrors as error:
            show_errors(form, error)
        else:
            flash(f"Boost “{boost.name}” added.", "success")
            return redirect(url_for("dashboard.boosts", system_id=system.id))
    rows = db.session.scalars(
        select(PointsBoost)
        .where(PointsBoost.system_id == system.id)
        .order_by(PointsBoost.archived, PointsBoost.start_date.desc(), PointsBoost.id)
        .options(selectinload(PointsBoost.user))
    ).all()
    return render_template(
        "dashboard/boosts.html",
        system=system,
        boosts=rows,
        statuses={b.id: "archived" if b.archived else boost_status(b, today) for b in rows},
        today=today,
        form=form,
        status_form=StatusForm(),
    )


@bp.post("/points/<int:system_id>/boosts/<int:boost_id>/archive")
@password_confirmed
def boost_archive(system_id: int, boost_id: int):
    """Archive a boost."""
    system = db.get_or_404(PointsSystem, system_id)
    boost = db.get_or_404(PointsBoost, boost_id)
    if boost.system_id != system.id:
        abort(404)
    if StatusForm().validate_on_submit():
        archive_boost(boost)
        flash(f"Boost “{boost.name}” archived.", "info")
    return redirect(url_for("dashboard.boosts", system_id=system.id))
