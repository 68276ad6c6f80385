"""Alembic migrations (app/migrations) build, tear down and adopt the schema the models describe.

Each test runs on SQLite and, when STUDYXP_TEST_POSTGRES_URL is set, on PostgreSQL in a
schema of its own (migrations need an empty one, unlike the other tests' emptied tables).
"""

import os

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from app import create_app
from app.extensions import db, migrate
from app.xp.engine.events import record_event
from tests.support.databases import POSTGRES_URL

# Left out of the calendar sweep (.ci/run): the schema: no calendar.
pytestmark = pytest.mark.calendar_free

SCHEMA = f"studyxp_migrations_{os.getpid()}"


def postgres_url() -> str:
    """A URL to a new, empty PostgreSQL schema (dropped again by the fixture)."""
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
    engine.dispose()
    url = sa.make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={SCHEMA}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_app(request, tmp_path):
    """The app on a database with no tables at all."""
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL tests need STUDYXP_TEST_POSTGRES_URL (bash .ci/run sets it)")
        url = postgres_url()
    else:
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if request.param == "postgresql":
        engine = sa.create_engine(POSTGRES_URL)
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        engine.dispose()


def schema_differences() -> list:
    """What autogenerate would change to make the database match the models ([] = same)."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def current_revision() -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory(migrate.directory).get_current_head()


def test_the_app_leaves_the_schema_to_the_migrations(empty_app):
    assert table_names() == set()


def test_upgrade_builds_exactly_the_schema_the_models_describe(empty_app):
    flask_migrate.upgrade()

    assert current_revision() == head_revision()
    assert table_names() == set(db.metadata.tables) | {"alembic_version"}
    assert schema_differences() == []


def test_downgrade_to_base_removes_every_table_and_upgrade_rebuilds_them(empty_app):
    flask_migrate.upgrade()
    flask_migrate.downgrade(revision="base")

    assert table_names() == {"alembic_version"}
    assert current_revision() is None

    flask_migrate.upgrade()
    assert schema_differences() == []


def test_a_database_made_before_migrations_is_adopted_with_its_data(empty_app):
    """The first release built its tables with create_all() and recorded no revision."""
    flask_migrate.upgrade(revision="0001_baseline")
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE alembic_version"))
        conn.execute(
            sa.text(
                "INSERT INTO xp_metric (uuid, key, name, unit, status, created)"
                " VALUES ('6f1d0b5e-0000-4000-8000-000000000001', 'flashcards-flipped',"
                " 'Flashcards Flipped', 'cards', 'active', '2026-11-01 09:00:00')"
            )
        )

    flask_migrate.upgrade()

    assert current_revision() == head_revision()
    assert schema_differences() == []
    # The adopted metric still works through today's engine.
    event = record_event("flashcards-flipped", {"id": "learner-1"}, 3)
    assert event["total"] == 3


def test_health_check_reports_a_schema_behind_the_code(empty_app):
    client = empty_app.test_client()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.get_json() == {
        "status": "migrations pending",
        "error": "The database schema is not current: run flask --app app db upgrade",
        "databaseRevision": None,
        "codeRevision": head_revision(),
    }


def test_health_check_is_ok_once_the_schema_is_current(empty_app):
    flask_migrate.upgrade()

    response = empty_app.test_client().get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "revision": head_revision()}


def test_downgrading_and_upgrading_a_database_with_events_keeps_its_ledgers(empty_app):
    from seed import seed_xp

    flask_migrate.upgrade()
    seed_xp()
    for _ in range(6):
        record_event("flashcards-flipped", {"id": "learner-1"}, 1)

    flask_migrate.downgrade(revision="0001_baseline")
    flask_migrate.upgrade()

    assert schema_differences() == []
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM xp_metric_event")).scalar() == 6
        assert conn.execute(sa.text("SELECT sum(awarded) FROM xp_points_award")).scalar() == 10
    assert record_event("flashcards-flipped", {"id": "learner-1"}, 1)["total"] == 7


def test_sqlite_enforces_foreign_keys_again_after_migrating(empty_app):
    flask_migrate.upgrade()

    with db.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("a SQLite pragma")
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
