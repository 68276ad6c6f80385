"""The site's front door and a health check."""

import re

from alembic.migration import MigrationContext
from flask import Blueprint, abort, jsonify, redirect, render_template, send_from_directory, url_for
from flask_login import current_user

from app.dashboard.badges import badge_folder
from app.extensions import db, migration_head

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """What StudyXP is; learners who are logged in go straight to their decks."""
    if current_user.is_authenticated:
        return redirect(url_for("decks.index"))
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz():
    """Readiness for load balancers and test servers: the database answers, schema current."""
    expected = migration_head()
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current != expected:
        # A worker started before `flask db upgrade` ran would fail on every request.
        return jsonify(
            status="migrations pending",
            error="The database schema is not current: run flask --app app db upgrade",
            databaseRevision=current,
            codeRevision=expected,
        ), 503
    return jsonify(status="ok", revision=current)


BADGE_NAME = re.compile(r"[0-9a-f]{32}\.(png|jpg|gif|webp)")


@bp.get("/badges/<name>")
def badge(name: str):
    """A points system's uploaded badge image (public: badges appear in API answers)."""
    if not BADGE_NAME.fullmatch(name):
        abort(404)
    response = send_from_directory(badge_folder(), name, max_age=86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
