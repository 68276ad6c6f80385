"""Helpers shared by the test packages."""

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from app import create_app
from app.extensions import db, migration_head


def build_app(config: dict) -> Flask:
    """create_app(config) on a database whose tables are made straight from the models.

    The app itself never creates tables (migrations own the schema: `flask db upgrade`);
    tests take the faster create_all() and stamp the newest revision, and
    tests/test_migrations.py checks that both give the same schema. A new SQLite file starts
    as a copy of one such database, made once per test process.
    """
    path = new_sqlite_file(config["SQLALCHEMY_DATABASE_URI"])
    if path is not None:
        shutil.copyfile(empty_sqlite_database(), path)
    app = create_app(config)
    if path is None:
        with app.app_context():
            db.create_all()
            stamp_head()
    return app


def new_sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL that does not exist yet, else None."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


@cache
def empty_sqlite_database() -> Path:
    """A SQLite file with every table and no rows (copying it beats create_all() per test)."""
    folder = tempfile.mkdtemp(prefix="studyxp-template-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = Path(folder) / "empty.sqlite3"
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "template", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
    )
    with app.app_context():
        db.create_all()
        stamp_head()
        # Closing the last connection folds the write-ahead log into the file itself.
        db.engine.dispose()
    return path


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
