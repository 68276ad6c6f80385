"""The site's front door and a health check."""

from flask import Blueprint, jsonify, redirect, render_template, url_for
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
