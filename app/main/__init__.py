"""The site's front door and a health check."""

import re

from flask import Blueprint, abort, jsonify, redirect, render_template, send_from_directory, url_for
from flask_login import current_user
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """What StudyXP is; learners who are logged in go straight to their decks."""
    if current_user.is_authenticated:
        return redirect(url_for("decks.index"))
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers and test servers: the app answers and the database too."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")


BADGE_NAME = re.compile(r"[0-9a-f]{32}\.(png|jpg|gif|webp)")


@bp.get("/badges/<name>")
def badge(name: str):
    """A points system's uploaded badge image (public: badges appear in API answers)."""
    from app.dashboard.badges import badge_folder

    if not BADGE_NAME.fullmatch(name):
        abort(404)
    response = send_from_directory(badge_folder(), name, max_age=86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
