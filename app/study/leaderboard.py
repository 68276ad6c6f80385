"""The learner's leaderboard page: the weekly XP board, their place on it, past weeks."""

from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from app.study.learning import XP_UNAVAILABLE
from app.study.standings import standings
from app.xp.errors import XpUnavailable

bp = Blueprint("leaderboard", __name__, url_prefix="/leaderboard")


@bp.before_request
@login_required
def require_login():
    """Boards are for logged-in learners."""


@bp.get("/")
def index():
    """This week's board (or a past week's, ?run=YYYY-MM-DD: the first day of that run)."""
    run_start = _run_arg(request.args.get("run"))
    try:
        board = standings(current_user, run_start)
    except XpUnavailable:
        return render_template("leaderboard/index.html", board=None, problem=XP_UNAVAILABLE), 503
    if board is None and run_start is not None:
        abort(404, "There is no such week on this leaderboard.")
    return render_template("leaderboard/index.html", board=board, problem=None)


def _run_arg(raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(404, "There is no such week on this leaderboard.")
