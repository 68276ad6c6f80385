"""The transaction every write of the XP service runs in, and the user's row locked in it.

Writers to one user are serialized before anything is read: on SQLite by taking the write
lock with the BEGIN itself (BEGIN IMMEDIATE), on PostgreSQL by SELECT ... FOR UPDATE on the
user's row. Events, achievement completions, the users API and `flask xp tick` all write this
way.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from app import clock
from app.extensions import SQLITE_BEGIN, db, insert_or_ignore
from app.xp.engine import dating
from app.xp.inputs import UserInput
from app.xp.models.users import XpUser


@contextmanager
def event_transaction() -> Iterator[Connection]:
    """A connection of its own, whose transaction serializes writers before anything is read.

    The engine owns this transaction instead of sharing the request's db.session: on SQLite
    the write lock must be taken by the BEGIN itself (BEGIN IMMEDIATE), which is only possible
    on a transaction that has not started yet. On PostgreSQL the user's row is locked with
    SELECT ... FOR UPDATE inside it. Commits when the block ends; rolls back on an error.
    """
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
        with conn.begin():
            yield conn


@contextmanager
def user_transaction() -> Iterator[Session]:
    """event_transaction() for ORM code: a session inside it, whose commit() flushes; the
    transaction itself commits when the block ends (and rolls back on an error)."""
    with event_transaction() as conn, Session(bind=conn, expire_on_commit=False) as session:
        yield session
        session.flush()


_user_for_update = (
    select(XpUser).where(XpUser.external_id == bindparam("external_id")).with_for_update()
)


def lock_user(session: Session, user: UserInput, at: datetime | None = None) -> tuple[XpUser, bool]:
    """Lock the user's row for this transaction, creating it if new, and apply the given
    fields (a new tz as of `at`, default now: dating.change_tz); True with it when this
    transaction created it."""
    xp_user = session.scalar(_user_for_update, {"external_id": user.id})
    created = False
    if xp_user is None:
        now = clock.now()
        created = insert_or_ignore(
            session, XpUser, {**user.new_row(), "created": now, "updated": now}, ["external_id"]
        )
        xp_user = session.scalars(_user_for_update, {"external_id": user.id}).one()
    for field, value in user.changes(xp_user).items():
        if field == "tz":
            dating.change_tz(session.connection(), xp_user, value, at or clock.now())
        else:
            setattr(xp_user, field, value)
    return xp_user, created
