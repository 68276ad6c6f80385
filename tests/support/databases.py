"""Which database a test runs on, a fresh PostgreSQL schema per run, and reading rows back.

Tests run on a temporary SQLite file by default. Where a test package overrides
`database_url` with the "postgresql" parameter, it also runs against the PostgreSQL server
named by STUDYXP_TEST_POSTGRES_URL (bash .ci/run starts one and sets it).
"""

import os

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db

POSTGRES_URL = os.environ.get("STUDYXP_TEST_POSTGRES_URL")

# Each pytest run works in a PostgreSQL schema of its own, so two runs on one machine (a
# developer's and CI's, say) never empty each other's tables.
POSTGRES_SCHEMA = f"studyxp_test_{os.getpid()}"
_postgres_schema_created = False

# The database every test not parametrized over both takes: SQLite unless the run says
# otherwise. bash .ci/run runs the study and dashboard packages a second time with
# STUDYXP_TEST_DATABASE=postgresql.
DEFAULT_DATABASE = os.environ.get("STUDYXP_TEST_DATABASE", "sqlite")
if DEFAULT_DATABASE not in ("sqlite", "postgresql"):
    raise pytest.UsageError("STUDYXP_TEST_DATABASE must be sqlite or postgresql")


def database_for(kind: str, tmp_path) -> str:
    """The URL of a fresh database of this kind ("sqlite" or "postgresql") for one test."""
    if kind == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL tests need STUDYXP_TEST_POSTGRES_URL (bash .ci/run sets it)")
        return fresh_postgres(POSTGRES_URL)
    return f"sqlite:///{tmp_path / 'studyxp-test.sqlite3'}"


def fresh_postgres(url: str) -> str:
    """A URL to an empty PostgreSQL schema with the current tables (build_app() makes them).

    The first test of a run creates the schema; later tests only empty the tables, which is
    much faster than building them again.
    """
    global _postgres_schema_created
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        if not _postgres_schema_created:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE"))
            conn.execute(sa.text(f"CREATE SCHEMA {POSTGRES_SCHEMA}"))
            _postgres_schema_created = True
        else:
            # DELETE, children first, and restarted id sequences: on tables this small it is
            # about 50 times faster than TRUNCATE, which makes new files for every table.
            deletes = "; ".join(
                f'DELETE FROM {POSTGRES_SCHEMA}."{table.name}"'
                for table in reversed(db.metadata.sorted_tables)
            )
            conn.execute(sa.text("SET LOCAL synchronous_commit = off"))
            conn.execute(sa.text(deletes))
            conn.execute(
                sa.text(
                    "SELECT setval(c.oid, 1, false) FROM pg_class c"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE c.relkind = 'S' AND n.nspname = :schema"
                ),
                {"schema": POSTGRES_SCHEMA},
            )
    engine.dispose()
    scoped = sa.make_url(url).update_query_dict({"options": f"-csearch_path={POSTGRES_SCHEMA}"})
    return scoped.render_as_string(hide_password=False)


def drop_postgres_schema() -> None:
    """Drop the run's PostgreSQL schema, if a test made it (at the end of the session)."""
    if _postgres_schema_created:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE"))
        engine.dispose()


def close_app(app: Flask) -> None:
    """Let go of the app's database: its session and every pooled connection."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def count(app: Flask, model, *where) -> int:
    """How many rows of `model` match `where`."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))
