"""Users of the calling application on the write side: create, identify and update them
(reads: queries/users.py).

The field rules (id, email, name, tz, subscribeToEmails, attributes) are inputs.UserInput's,
the ones an event's `user` object follows too, and writes lock the user's row as events do.
"""

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.xp.engine import seen
from app.xp.engine.transaction import lock_user, user_transaction
from app.xp.errors import NotFound, Unprocessable
from app.xp.inputs import UserInput
from app.xp.models.users import XpUser
from app.xp.payloads.users import user as user_payload


def create_user(fields: Mapping) -> dict:
    """A new user from Trophy's UpsertedUser; an id that is taken is refused (422)."""
    user = UserInput.parse(fields, prefix="")
    taken = Unprocessable(f"User '{user.id}' already exists: update it with PUT or PATCH")
    now = clock.now()
    with user_transaction() as session:
        if session.scalar(select(XpUser.id).where(XpUser.external_id == user.id)) is not None:
            raise taken
        xp_user = XpUser(**user.new_row(), created=now, updated=now)
        session.add(xp_user)
        try:
            session.flush()
        except IntegrityError:  # created by a concurrent request since the check above
            raise taken from None
        seen.pay_when_seen(session.connection(), xp_user, True, now)
        session.commit()
    return user_payload(xp_user)


def identify_user(external_id: str, fields: Mapping) -> dict:
    """Trophy's identify: create the user if new, else update the fields given."""
    user = UserInput.parse(_with_path_id(external_id, fields), prefix="")
    now = clock.now()
    with user_transaction() as session:
        xp_user, created = lock_user(session, user, now)
        session.flush()
        seen.pay_when_seen(session.connection(), xp_user, created, now)
        session.commit()
    return user_payload(xp_user)


def update_user(external_id: str, fields: Mapping) -> dict:
    """Update the fields given of an existing user; an unknown id is a 404."""
    user = UserInput.parse(_with_path_id(external_id, fields), prefix="")
    now = clock.now()
    with user_transaction() as session:
        # Users are never deleted, so one that exists now still exists when lock_user runs.
        if session.scalar(select(XpUser.id).where(XpUser.external_id == user.id)) is None:
            raise NotFound(f"User '{user.id}' not found")
        xp_user, _ = lock_user(session, user, now)
        session.flush()
        seen.pay_when_seen(session.connection(), xp_user, False, now)
        session.commit()
    return user_payload(xp_user)


def _with_path_id(external_id: str, fields: Mapping) -> dict:
    """The body's fields with the id from the URL; an `id` in the body must be the same."""
    if fields.get("id") is not None and fields["id"] != external_id:
        raise Unprocessable("'id' in the body must match the user id in the URL, or be left out")
    return {**fields, "id": external_id}
