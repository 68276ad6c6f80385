"""The site's front door, a health check and the uploaded badge images."""

from alembic.migration import MigrationContext
from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.extensions import db, migration_head
from app.xp.models.badges import BADGE_NAME, BadgeImage

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


# A badge's name never changes meaning (see app/xp/models/badges.py): caches keep it a year.
BADGE_CACHE_SECONDS = 365 * 24 * 3600


@bp.get("/badges/<name>")
def badge(name: str):
    """An uploaded badge image, from the database (public: badges appear in API answers)."""
    image = db.session.get(BadgeImage, name) if BADGE_NAME.fullmatch(name) else None
    if image is None:
        abort(404)
    response = current_app.response_class(image.data, mimetype=image.content_type)
    response.set_etag(image.sha256)
    response.cache_control.public = True
    response.cache_control.max_age = BADGE_CACHE_SECONDS
    response.cache_control.immutable = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)
