"""Helpers shared by the test packages."""

import sqlalchemy as sa
from flask import Flask

from app import create_app
from app.extensions import db, migration_head


def build_app(config: dict) -> Flask:
    """create_app(config) on a database whose tables are made straight from the models.

    The app itself never creates tables (migrations own the schema: `flask db upgrade`);
    tests take the faster create_all() and stamp the newest revision, and
    tests/test_migrations.py checks that both give the same schema.
    """
    app = create_app(config)
    with app.app_context():
        db.create_all()
        stamp_head()
    return app


def stamp_head() -> None:
    """Record the newest revision, as `flask db stamp head` would (create_all() made it so)."""
    with db.engine.begin() as conn:
        conn.execute(
            sa.text(
                "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) PRIMARY KEY)"
            )
        )
        conn.execute(sa.text("DELETE FROM alembic_version"))
        conn.execute(
            sa.text("INSERT INTO alembic_version (version_num) VALUES (:head)"),
            {"head": migration_head()},
        )
