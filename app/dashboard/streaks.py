"""Dashboard page for streak settings: the period, freezes and the metrics that extend it.

app.xp.admin.streaks.save_streak_settings holds the rules; the page shows what it refuses
beside each field.
"""

from flask import flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from app import clock
from app.dashboard.blueprint import bp, show_errors, streak_unit
from app.dashboard.forms import StreakSettingsForm
from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.streaks import save_streak_settings, streak_metrics
from app.xp.models.streaks import StreakSettings
from app.xp.queries import analytics


@bp.route("/streaks/", methods=["GET", "POST"])
def streak_settings():
    """How streaks are kept for every user, and how many users have one going."""
    settings = db.session.get(StreakSettings, 1) or StreakSettings(
        frequency="daily", max_freezes=0, starting_freezes=0, freeze_auto_earn_amount=1
    )
    form = StreakSettingsForm(obj=settings)
    metrics = streak_metrics()
    form.metric_ids.choices = [
        SelectChoice(m.id, f"{m.name} ({m.key})" + (" — archived" if m.status != "active" else ""))
        for m in metrics
    ]
    if request.method == "GET":
        form.metric_ids.data = [m.id for m in metrics if m.counts_for_streak]
    if form.validate_on_submit():
        try:
            save_streak_settings(
                form.frequency.data,
                form.max_freezes.data,
                form.starting_freezes.data,
                form.freeze_auto_earn_interval.data,
                form.freeze_auto_earn_amount.data,
                form.metric_ids.data,
            )
        except FieldErrors as error:
            show_errors(form, error)
        else:
            flash("Streak settings saved.", "success")
            return redirect(url_for("dashboard.streak_settings"))
    today = clock.now().date()
    return render_template(
        "dashboard/streak_settings.html",
        form=form,
        today=today,
        period=streak_unit(),
        stats=analytics.streak_stats(settings.frequency, today),
    )
