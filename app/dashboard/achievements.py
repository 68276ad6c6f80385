"""Dashboard pages for achievements: the list (completions, rarity), create, edit, archive.

The rules for saving one are app.xp.admin.achievements'; these pages parse the form, call
them and show what they refuse beside its field.
"""

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from app import wording
from app.dashboard.badges import badge_upload_url
from app.dashboard.blueprint import active_choices, bp, show_errors, status_arg, streak_unit
from app.dashboard.forms import AchievementForm, StatusForm
from app.extensions import db
from app.xp.admin.achievements import has_completions, save_achievement, set_achievement_status
from app.xp.admin.fields import FieldErrors
from app.xp.models.achievements import Achievement
from app.xp.models.metrics import Metric
from app.xp.payloads.values import number
from app.xp.queries import analytics


def achievement_rule(a: Achievement) -> str:
    """How an achievement is completed, in words (app.wording): "reach 10 flashcards flipped"."""
    return wording.achievement_rule(
        a.trigger,
        metric_value=number(a.metric_value) if a.trigger == "metric" else None,
        metric_name=a.metric.name if a.trigger == "metric" else None,
        streak_length=a.streak_length,
        prerequisites=[p.name for p in a.prerequisites],
        unit=streak_unit(),
    )


bp.add_app_template_filter(achievement_rule, "achievement_rule")


# --- pages -------------------------------------------------------------------------------


@bp.get("/achievements/")
def achievements():
    """Every achievement with how many users completed it and how rare that is."""
    rows = db.session.scalars(
        select(Achievement)
        .order_by(Achievement.status, Achievement.name)
        .options(selectinload(Achievement.metric), selectinload(Achievement.prerequisites))
    ).all()
    return render_template(
        "dashboard/achievements.html",
        achievements=rows,
        stats=analytics.achievement_stats(),
        status_form=StatusForm(),
    )


def _achievement_form(achievement: Achievement | None, locked: bool) -> AchievementForm:
    form = AchievementForm(obj=achievement)
    form.metric_id.choices = active_choices(Metric, achievement.metric if achievement else None)
    others = db.session.scalars(
        select(Achievement).where(Achievement.status == "active").order_by(Achievement.name)
    ).all()
    if achievement is not None:
        others = [a for a in others if a.id != achievement.id]
        others += [p for p in achievement.prerequisites if p not in others]
    form.prerequisite_ids.choices = [SelectChoice(a.id, a.name) for a in others]
    if locked:
        form.trigger.choices = [c for c in form.trigger.choices if c.value == achievement.trigger]
    if request.method == "GET" and achievement is not None:
        form.prerequisite_ids.data = [p.id for p in achievement.prerequisites]
        if achievement.metric_value is not None:
            form.metric_value.data = str(number(achievement.metric_value))
    return form


@bp.route("/achievements/new", methods=["GET", "POST"])
@bp.route("/achievements/<int:achievement_id>/edit", methods=["GET", "POST"])
def achievement_form(achievement_id: int | None = None):
    """Create an achievement, or change one (key and type are fixed once completed)."""
    achievement = db.get_or_404(Achievement, achievement_id) if achievement_id else None
    locked = achievement is not None and has_completions(achievement)
    form = _achievement_form(achievement, locked)
    if form.validate_on_submit():
        try:
            badge_url = form.badge_url.data
            if form.badge_file.data:
                badge_url = badge_upload_url(form.badge_file.data)  # saved with the form
            saved = save_achievement(
                achievement,
                form.key.data,
                form.name.data,
                form.description.data,
                badge_url,
                form.trigger.data,
                form.metric_id.data,
                form.metric_value.data,
                form.streak_length.data,
                form.prerequisite_ids.data,
            )
        except FieldErrors as error:
            db.session.rollback()  # and with it an uploaded image
            show_errors(form, error)
        else:
            flash(f"Achievement “{saved.name}” saved.", "success")
            return redirect(url_for("dashboard.achievements"))
    if locked:
        form.key.data = achievement.key  # never echo a refused key into the read-only field
    return render_template(
        "dashboard/achievement_form.html", form=form, achievement=achievement, locked=locked
    )


@bp.post("/achievements/<int:achievement_id>/status")
def achievement_status(achievement_id: int):
    """Archive an achievement, or restore it."""
    achievement = db.get_or_404(Achievement, achievement_id)
    if StatusForm().validate_on_submit():
        set_achievement_status(achievement, status_arg(("active", "archived")))
        flash(f"Achievement “{achievement.name}” is now {achievement.status}.", "info")
    return redirect(url_for("dashboard.achievements"))
