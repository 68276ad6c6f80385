"""The learner's XP: total, award history and the XP-over-time chart."""

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user, login_required

from app.study.learning import (
    CHART_AGGREGATIONS,
    CHART_RANGES,
    XP_UNAVAILABLE,
    chart_series,
    earning_rules,
    panel_context,
)
from app.study.review_stats import chart_data as learning_chart_data
from app.study.review_stats import learning_stats
from app.xp.errors import XpUnavailable

bp = Blueprint("progress", __name__, url_prefix="/progress")


@bp.before_request
@login_required
def require_login():
    """Progress is the logged-in learner's own, and nobody else's."""


@bp.get("/")
def index():
    """Total XP, the latest awards and the chart; the learning statistics."""
    learning = learning_stats(current_user)
    return render_template(
        "progress/index.html",
        earning_rules=earning_rules(current_user),
        learning=learning,
        learning_chart=learning_chart_data(learning),
        **panel_context(current_user, compact=False),
    )


@bp.get("/panel")
def panel():
    """The XP panel fragment on its own (compact=1: the study page's); pages update theirs in
    place from a flip's answer (app/study/flip_news.py) instead of asking for it."""
    return render_template(
        "progress/_panel.html",
        **panel_context(current_user, compact=request.args.get("compact") == "1"),
    )


@bp.get("/chart-data")
def chart_data():
    """XP over time for Chart.js: labels, totals and changes."""
    aggregation = request.args.get("aggregation", "daily")
    range_key = request.args.get("range", "30d")
    if aggregation not in CHART_AGGREGATIONS or range_key not in CHART_RANGES:
        message = "aggregation must be daily, weekly or monthly, and range 7d, 30d or 12m"
        return jsonify(error=message), 422
    try:
        return jsonify(chart_series(current_user, aggregation, range_key))
    except XpUnavailable:
        return jsonify(error=XP_UNAVAILABLE), 503
