"""Helpers shared by the test packages."""

from flask import Flask

from app import create_app
from app.extensions import db


def build_app(config: dict) -> Flask:
    """create_app(config) on a database whose tables are made straight from the models.

    The app itself never creates tables (migrations own the schema: `flask db upgrade`);
    tests take the faster create_all(), and tests/test_migrations.py checks that both give
    the same schema.
    """
    app = create_app(config)
    with app.app_context():
        db.create_all()
    return app
