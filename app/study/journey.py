"""Your study journey: the learner's streak, a 14-day calendar, badges and level; the header's
streak on every logged-in page."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from app.study.learning import panel_context
from app.study.streaks_and_badges import HeaderStreak, journey_context

bp = Blueprint("journey", __name__, url_prefix="/journey")


@bp.before_request
@login_required
def require_login():
    """The journey is the logged-in learner's own."""


@bp.app_context_processor
def header_streak_context():
    """The header's streak next to the XP total and level, on logged-in pages."""
    if not current_user.is_authenticated:
        return {}
    return {"header_streak": HeaderStreak(current_user)}


@bp.get("/")
def index():
    """Streak, calendar, badges and level progress."""
    return render_template(
        "journey/index.html",
        **journey_context(current_user),
        **panel_context(current_user, compact=True),
    )
