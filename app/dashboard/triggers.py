"""Dashboard pages for a points system's triggers: the list with a form to add one, edit and
status. app.xp.admin.triggers holds the rules.
"""

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from app import wording
from app.dashboard.blueprint import active_choices, bp, show_errors, status_arg, streak_unit
from app.dashboard.forms import StatusForm, TriggerForm
from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.triggers import (
    STATUSES,
    add_trigger,
    change_trigger,
    set_trigger_status,
    trigger_has_awards,
)
from app.xp.models.achievements import Achievement
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem, PointsTrigger
from app.xp.payloads import points as payloads
from app.xp.queries import analytics


@bp.app_template_filter("trigger_rule")
def trigger_rule(trigger: PointsTrigger) -> str:
    """{{ trigger|trigger_rule }}: "every 7-day streak", "on joining" (app.wording)."""
    return wording.trigger_rule(payloads.trigger(trigger), streak_unit())


def _trigger_form(trigger: PointsTrigger | None = None) -> TriggerForm:
    """The trigger form, offering the active metrics and achievements (and the trigger's own,
    if archived). An existing trigger keeps its type."""
    form = TriggerForm(obj=trigger)
    form.metric_id.choices = active_choices(Metric, trigger.metric if trigger else None)
    form.achievement_id.choices = active_choices(
        Achievement, trigger.achievement if trigger else None
    )
    if trigger is not None:
        form.type.choices = [c for c in form.type.choices if c.value == trigger.type]
    return form


def _rule_fields(form: TriggerForm) -> dict:
    """The fields of the other trigger types, as add_trigger and change_trigger take them."""
    return {
        "streak_length_threshold": form.streak_length_threshold.data,
        "achievement_id": form.achievement_id.data,
        "time_unit": form.time_unit.data,
        "time_interval": form.time_interval.data,
    }


@bp.route("/points/<int:system_id>/configure", methods=["GET", "POST"])
def configure(system_id: int):
    """A points system's triggers, and a form to add one."""
    system = db.get_or_404(PointsSystem, system_id)
    form = _trigger_form()
    if form.validate_on_submit():
        try:
            add_trigger(
                system,
                form.type.data,
                form.points.data,
                form.metric_id.data,
                form.metric_threshold.data,
                **_rule_fields(form),
            )
        except FieldErrors as error:
            show_errors(form, error)
        else:
            flash("Trigger added.", "success")
            return redirect(url_for("dashboard.configure", system_id=system.id))
    triggers = db.session.scalars(
        select(PointsTrigger)
        .where(PointsTrigger.system_id == system.id)
        .order_by(PointsTrigger.status == "archived", PointsTrigger.id)
    ).all()
    return render_template(
        "dashboard/configure.html",
        system=system,
        triggers=triggers,
        points_by_trigger=analytics.trigger_points(system),
        form=form,
        status_form=StatusForm(),
    )


def _system_trigger_or_404(system_id: int, trigger_id: int) -> tuple[PointsSystem, PointsTrigger]:
    system = db.get_or_404(PointsSystem, system_id)
    trigger = db.get_or_404(PointsTrigger, trigger_id)
    if trigger.system_id != system.id:
        abort(404)
    return system, trigger


@bp.route("/points/<int:system_id>/triggers/<int:trigger_id>/edit", methods=["GET", "POST"])
def trigger_form(system_id: int, trigger_id: int):
    """Change a trigger's rule; one that has paid is replaced, keeping its awards as given."""
    system, trigger = _system_trigger_or_404(system_id, trigger_id)
    if trigger.status == "archived":
        abort(409, "Archived triggers cannot change. Add a new trigger instead.")
    form = _trigger_form(trigger)
    if form.validate_on_submit():
        try:
            saved = change_trigger(
                trigger,
                form.points.data,
                form.metric_id.data,
                form.metric_threshold.data,
                **_rule_fields(form),
            )
        except FieldErrors as error:
            show_errors(form, error)
        else:
            if saved.id != trigger.id:
                flash(
                    "Trigger replaced: the old one is archived with the awards it gave.", "success"
                )
            else:
                flash("Trigger saved.", "success")
            return redirect(url_for("dashboard.configure", system_id=system.id))
    return render_template(
        "dashboard/trigger_form.html",
        form=form,
        system=system,
        trigger=trigger,
        has_awards=trigger_has_awards(trigger),
    )


@bp.post("/points/<int:system_id>/triggers/<int:trigger_id>/status")
def trigger_status(system_id: int, trigger_id: int):
    """Activate, deactivate or archive a trigger."""
    system, trigger = _system_trigger_or_404(system_id, trigger_id)
    if StatusForm().validate_on_submit():
        try:
            set_trigger_status(trigger, status_arg(STATUSES))
        except FieldErrors as error:
            for message in error.errors.values():
                flash(message, "error")
        else:
            flash(f"Trigger is now {trigger.status}.", "info")
    return redirect(url_for("dashboard.configure", system_id=system.id))
