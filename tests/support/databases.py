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
_postgres_tables_made = False  # build_app() made the schema's tables (and stamped them)
_postgres_engine: sa.Engine | None = None  # one connection, reused to empty the tables

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
    global _postgres_schema_created, _postgres_tables_made, _postgres_engine
    if _postgres_engine is None:
        _postgres_engine = sa.create_engine(url, pool_size=1)
    with _postgres_engine.begin() as conn:
        if not _postgres_schema_created:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE"))
            conn.execute(sa.text(f"CREATE SCHEMA {POSTGRES_SCHEMA}"))
            _postgres_schema_created = True
            _postgres_tables_made = False
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
    scoped = sa.make_url(url).update_query_dict({"options": f"-csearch_path={POSTGRES_SCHEMA}"})
    return scoped.render_as_string(hide_password=False)


def _is_run_schema(url: str) -> bool:
    scoped = sa.make_url(url)
    return scoped.get_backend_name() == "postgresql" and POSTGRES_SCHEMA in str(
        scoped.query.get("options", "")
    )


def postgres_tables_ready(url: str) -> bool:
    """Whether `url` is the run's PostgreSQL schema and its tables are already made: a test
    app then only needs the rows fresh_postgres() left (none), not create_all() again."""
    return _postgres_tables_made and _is_run_schema(url)


def postgres_tables_made(url: str) -> None:
    """build_app() made the tables of `url` and stamped them: if that is the run's PostgreSQL
    schema, the next tests reuse them."""
    global _postgres_tables_made
    if _is_run_schema(url):
        _postgres_tables_made = True


def postgres_schema_altered() -> None:
    """A test changed the run's PostgreSQL schema (dropped a constraint, say): the next test
    starts from a new schema rather than the altered one."""
    global _postgres_schema_created
    _postgres_schema_created = False


def drop_postgres_schema() -> None:
    """Drop the run's PostgreSQL schema, if a test made it (at the end of the session)."""
    global _postgres_engine
    if _postgres_engine is not None:
        _postgres_engine.dispose()
        _postgres_engine = None
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
