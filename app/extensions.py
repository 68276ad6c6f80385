"""Extension objects, created here and bound to the app in create_app()."""

from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()

# Execution option naming the SQLite BEGIN mode ("IMMEDIATE" takes the write lock up front).
SQLITE_BEGIN = "studyxp_sqlite_begin"


def configure_sqlite(engine: Engine) -> None:
    """Make SQLite behave as a multi-writer database should.

    pysqlite opens transactions lazily and only before DML, which makes a read-then-write
    transaction liable to fail when another writer got in first. We turn that off and emit
    BEGIN ourselves, so the XP engine can ask for BEGIN IMMEDIATE: the write lock is taken
    before anything is read, which is SQLite's form of per-user serialization.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
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
        mode = conn.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
        if mode not in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
            raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")
