"""Extension objects, created here and bound to the app in create_app()."""

from functools import cache
from pathlib import Path

from alembic.script import ScriptDirectory
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
login_manager = LoginManager()
# The Alembic scripts live inside the package (the top level of the repository is fixed).
migrate = Migrate(directory=str(Path(__file__).resolve().parent / "migrations"))


@cache
def migration_head() -> str:
    """The newest revision in app/migrations: the schema this code expects."""
    return ScriptDirectory(migrate.directory).get_current_head()


# Execution option naming the SQLite BEGIN mode ("IMMEDIATE" takes the write lock up front).
SQLITE_BEGIN = "studyxp_sqlite_begin"


def configure_sqlite(engine: Engine) -> None:
    """Make SQLite behave as a multi-writer database should.

    Transactions stay as pysqlite opens them: reads run outside a transaction and BEGIN comes
    just before the first write. So a request never writes from a read snapshot that another
    connection's commit has made stale (SQLite fails such a write at once, busy timeout or
    not). The XP engine asks for BEGIN IMMEDIATE instead: its transaction reads, then
    writes, so it takes the write lock before reading anything. That is SQLite's form of
    per-user serialization.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        # WAL lets readers run while one writer commits; the busy timeout queues writers
        # instead of failing them.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        mode = conn.get_execution_options().get(SQLITE_BEGIN)
        if mode is None:
            return  # pysqlite opens the transaction itself, before the first write
        if mode not in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
            raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")


def insert_or_ignore(session, model, values: dict, conflict_columns: list[str]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING, on SQLite or PostgreSQL alike: True if inserted."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(model).values(**values).on_conflict_do_nothing(index_elements=conflict_columns)
    # RETURNING, not rowcount: the ORM's execute() does not report a rowcount on PostgreSQL.
    stmt = stmt.returning(model.__table__.c[conflict_columns[0]])
    return session.execute(stmt).first() is not None
