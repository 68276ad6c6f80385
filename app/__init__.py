"""StudyXP: a flashcard study app with a self-hosted, Trophy-compatible XP service."""

import os
from pathlib import Path

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app import config
from app.extensions import configure_sqlite, csrf, db, login_manager, migrate
from app.routing import register_converters
from app.security import register_security

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` replaces the settings read from the environment."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("STUDYXP_INSTANCE_PATH"),  # default: <repo>/instance
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(config)
    app.config.from_mapping(test_config or config.from_environment(app.instance_path))
    app.json.sort_keys = False

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    # Every model module, so the metadata that migrations compare against is complete.
    from app import ratelimit
    from app.accounts import models as account_models  # noqa: F401
    from app.study import models as study_models  # noqa: F401
    from app.xp import models  # noqa: F401
    from app.xp.client import client_from_config

    db.init_app(app)
    # render_as_batch: SQLite alters a table by copying it, which Alembic does in batch mode.
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    ratelimit.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    app.extensions["xp_client"] = app.config.get("XP_CLIENT") or client_from_config(app.config)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)


def register_blueprints(app: Flask) -> None:
    register_converters(app)
    from app.api_docs import bp as api_docs_bp
    from app.dashboard import blueprint as dashboard
    from app.main import bp as main_bp
    from app.study import (
        account,
        auth,
        decks,
        journey,
        leaderboard,
        progress,
        review,
        study,
        year,
    )
    from app.xp.admin_api.blueprint import bp as admin_api_bp
    from app.xp.api.blueprint import bp as api_bp
    from app.xp.openapi.admin.document import bp as admin_openapi_bp
    from app.xp.openapi.document import bp as openapi_bp

    app.register_blueprint(main_bp)
    for module in (
        auth,
        account,
        decks,
        study,
        review,
        progress,
        journey,
        year,
        leaderboard,
        dashboard,
    ):
        app.register_blueprint(module.bp)
    register_template_context(app)
    # The API authenticates with X-API-KEY, not a session cookie, so CSRF does not apply.
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
    # /admin/v1, Trophy's Admin API: the same checks as /api/v1, with admin keys only.
    csrf.exempt(admin_api_bp)
    app.register_blueprint(admin_api_bp)
    # The API's description and reference page sit under /api/v1 in blueprints of their own,
    # outside api_bp's X-API-KEY check and rate limit: both are public.
    app.register_blueprint(openapi_bp)
    app.register_blueprint(admin_openapi_bp)
    app.register_blueprint(api_docs_bp)


def register_template_context(app: Flask) -> None:
    from flask_login import current_user

    from app.study.forms import EmptyForm
    from app.study.learning import HeaderXp

    @app.context_processor
    def header_context():
        """The header's XP total and level, and the logout form's token, on logged-in pages."""
        if not current_user.is_authenticated:
            return {}
        # formdata=None: the logout form only renders its token and never reads this
        # request's body, which may be the oversized one a 413 page is answering.
        logout_form = EmptyForm(formdata=None)
        return {"header_xp": HeaderXp(current_user), "logout_form": logout_form}


def register_errorhandlers(app: Flask) -> None:
    def wants_json() -> bool:
        return request.path.startswith(("/api/", "/admin/"))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, CSRFError):
            error.description = (
                "This form has expired or did not come from StudyXP. "
                "Go back, reload the page and try again."
            )
        if wants_json():
            message = error.description
            if error.code == 413:
                limit = request.max_content_length
                message = f"The request body must be at most {limit} bytes"
            response = jsonify(error=message)
        else:
            response = app.make_response(render_template("error.html", error=error))
        # Keep what the error itself says in headers, such as Allow on a 405.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        response.status_code = error.code
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return jsonify(error="Internal server error"), 500
        return render_template("error.html", error=None), 500


def register_commands(app: Flask) -> None:
    from app.bench_reviews import reviews_cli
    from app.qa.cli import qa_cli
    from app.study.bench_login import accounts_cli
    from app.xp.ops.cli import APP_FACTORY, xp_cli

    app.cli.add_command(xp_cli)
    app.cli.add_command(accounts_cli)
    app.cli.add_command(reviews_cli)
    app.cli.add_command(qa_cli)
    # `flask xp bench` builds a second app, on scratch data, with this same factory.
    app.extensions[APP_FACTORY] = create_app
