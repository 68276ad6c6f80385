"""Your year in StudyXP: the logged-in learner's year in review (app/study/year_review.py),
this year or any earlier one since their first activity (?year=YYYY)."""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from app.study.year_review import YEAR_UNAVAILABLE, year_page
from app.xp.errors import XpUnavailable

bp = Blueprint("year", __name__, url_prefix="/year")


@bp.before_request
@login_required
def require_login():
    """A year in review is the logged-in learner's own."""


@bp.get("/")
def index():
    """The year's days active, most active periods, badges, streak, ranks and totals."""
    try:
        page = year_page(current_user, request.args.get("year"))
    except XpUnavailable:
        return render_template("year/index.html", page=None, unavailable=YEAR_UNAVAILABLE)
    status = 404 if page.refused else 200
    return render_template("year/index.html", page=page, unavailable=None), status
