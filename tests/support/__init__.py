"""Helpers shared by the test packages."""

import atexit
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from jinja2 import FileSystemBytecodeCache

from app import create_app
from app.extensions import db, migration_head
from tests.support.databases import postgres_tables_made, postgres_tables_ready

# The demo learner's numbers: the history is dated back from the day of seeding, with the
# same random choices every time, so they are the same on any day.
DEMO_FLIPS = 1080
# Their reviews of Basic Spanish words (seed.py's demo_reviews): grades, one cards-reviewed
# event each, and the cards scheduled (the whole deck).
DEMO_REVIEWS = 243
DEMO_REVIEWED_CARDS = 28
DEMO_REVIEW_XP = 240  # +10 every 10 cards reviewed
DEMO_XP = 4610 + DEMO_REVIEW_XP
DEMO_STREAK = (43, 1)  # (length, freezes), extended yesterday
DEMO_BADGES = {"flips-10", "flips-50", "flips-100", "flips-250", "reviews-100", "streak-7"}
# The demo class's (app/study/class_data.py), likewise the same on any day and at any hour.
CLASS_SIZE = 32
CLASS_SITTINGS = 1667  # one XP event each
CLASS_XP = 462_920
CLASS_AWARDS = 3293
# What the dashboard shows for the xp points system with the demo learner and the class:
# users per range of Trophy's points summary (0, then 1-10,000 ... 90,001-100,000)...
SEEDED_XP_DISTRIBUTION = [1, 19, 7, 2, 1, 0, 1, 1, 0, 1, 0]
# ... (active, earning) users over the last 7, 30 and 90 days...
SEEDED_ACTIVE_USERS = {7: (26, 25), 30: (30, 29), 90: (33, 32)}
# ... the streaks alive today, the longest of them and the longest ever...
SEEDED_STREAK_STATS = {"active": 20, "longest_active": 60, "longest_ever": 60}
# ... and each badge's completions among the 33 learners, with its rarity (percent), in the
# journey grid's order.
SEEDED_BADGES = {
    "flips-10": (32, 96.97),
    "flips-50": (30, 90.91),
    "flips-100": (28, 84.85),
    "flips-250": (25, 75.76),
    "streak-7": (23, 69.7),
    "reviews-100": (1, 3.03),  # the demo learner's
}


def build_app(config: dict, prepare: Callable[[], None] | None = None) -> Flask:
    """create_app(config) on a database whose tables are made straight from the models.

    The app itself never creates tables (migrations own the schema: `flask db upgrade`);
    tests take the faster create_all() and stamp the newest revision, and
    tests/test_migrations.py checks that both give the same schema. `prepare`, run in an app
    context, fills the new database (seed data, accounts). A new SQLite file starts as a copy
    of a database made that way once per test process, with and without each `prepare`:
    copying a file beats building and seeding one for every test.
    """
    path = new_sqlite_file(config["SQLALCHEMY_DATABASE_URI"])
    if path is not None:
        template = empty_sqlite_database() if prepare is None else prepared_database(prepare)
        shutil.copyfile(template, path)
    app = create_app(config)
    app.jinja_env.bytecode_cache = template_bytecode_cache()
    if path is None:
        with app.app_context():
            url = config["SQLALCHEMY_DATABASE_URI"]
            if not postgres_tables_ready(url):
                db.create_all()
                stamp_head()
                postgres_tables_made(url)
            if prepare is not None:
                prepare()
    return app


@cache
def template_bytecode_cache() -> FileSystemBytecodeCache:
    """Compiled templates shared by every app of the test process; each app would otherwise
    compile every template it renders again (about 20 ms a template)."""
    folder = tempfile.mkdtemp(prefix="studyxp-jinja-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return FileSystemBytecodeCache(folder)


_prepared: dict[Callable[[], None], Path] = {}


def prepared_database(prepare: Callable[[], None]) -> Path:
    """A SQLite file with every table and what `prepare` writes, made once per process.

    Rows it writes carry the clock of the moment the copy was first made: a test that cares
    when a row was created makes that row itself.
    """
    if prepare not in _prepared:
        path = empty_sqlite_database().with_name(f"prepared-{len(_prepared)}.sqlite3")
        shutil.copyfile(empty_sqlite_database(), path)
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "template",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            }
        )
        with app.app_context():
            prepare()
            db.session.remove()
            # Closing every connection folds the write-ahead log into the file.
            db.engine.dispose()
        _prepared[prepare] = path
    return _prepared[prepare]


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


def seed(app: Flask) -> None:
    """seed.seed_xp() on the app's database: on SQLite, while it is still the empty template
    (nothing written yet, e.g. by a fixture that ran first), a copy of a seeded file."""
    from seed import seed_xp

    with app.app_context():
        url = db.engine.url
        if url.get_backend_name() == "sqlite" and url.database:
            db.session.remove()
            # Closing every connection folds the write-ahead log into the file.
            db.engine.dispose()
            path = Path(url.database)
            if path.read_bytes() == empty_sqlite_database().read_bytes():
                shutil.copyfile(prepared_database(seed_xp), path)
                return
        seed_xp()


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
