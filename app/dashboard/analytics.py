"""The dashboard's analytics page for a points system, and the data its charts load."""

from datetime import timedelta

from flask import (
    abort,
    jsonify,
    render_template,
    request,
)

from app import clock, wording
from app.dashboard.blueprint import bp, streak_unit
from app.dashboard.forms import (
    AnalyticsRangeForm,
)
from app.extensions import db
from app.xp.errors import XpError
from app.xp.models.points import PointsSystem
from app.xp.queries import analytics

ANALYTICS_DAYS = {7: "Last 7 days", 30: "Last 30 days", 90: "Last 90 days", 365: "Last 365 days"}


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
    unit = streak_unit()
    breakdown = [
        {**row, "label": wording.trigger_label(row["trigger"], unit)}
        for row in analytics.trigger_breakdown(system, start, end)
    ]
    return {
        "range": {"start": start.isoformat(), "end": end.isoformat(), "days": days},
        "over_time": over_time,
        "breakdown": breakdown,
        "breakdown_total": sum(row["points"] for row in breakdown),
        "distribution": analytics.points_distribution(system),
        "users": analytics.active_users(system, start, end),
    }
