"""The site's front door and a health check."""

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """What StudyXP is and where its XP API lives."""
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers and test servers: the app answers and the database too."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")
