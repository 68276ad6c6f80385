"""Who is calling: the API key in X-API-KEY, checked against the stored digests.

Keys are made and revoked by operators (admin/api_keys.py); only their digest is stored. An
application key calls /api/v1 and an admin key /admin/v1 (app/xp/admin_api): each API refuses
the other kind with wrong_kind's 403.
"""

from datetime import timedelta

from sqlalchemy import Row, bindparam, select, update

from app import clock
from app.extensions import db
from app.xp.models.api_keys import ADMIN, APPLICATION, ApiKey, digest

# last_used is a hint for operators; writing it on every call would make reads write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


_keys = ApiKey.__table__
# Every API request runs these: built once, so SQLAlchemy only looks up their compiled SQL.
_active_key = select(
    _keys.c.id, _keys.c.name, _keys.c.prefix, _keys.c.kind, _keys.c.last_used
).where(_keys.c.key_hash == bindparam("key_hash"), _keys.c.revoked.is_(None))
_mark_used = (
    update(_keys).where(_keys.c.id == bindparam("key_id")).values(last_used=bindparam("now"))
)


WRONG_KIND = {
    APPLICATION: "This is an application API key: it calls /api/v1 only. Call /admin/v1 with an "
    "admin API key (flask --app app xp create-api-key NAME --admin).",
    ADMIN: "This is an admin API key: it calls /admin/v1 only. Call /api/v1 with an "
    "application API key.",
}


def wrong_kind(key: Row, kind: str) -> str | None:
    """Why `key` may not call the API that takes keys of `kind` (None when it may)."""
    return None if key.kind == kind else WRONG_KIND[key.kind]


def authenticate(secret: str | None) -> Row | None:
    """The active key whose secret this is (its id, name, prefix, kind and last_used), or None.

    Read on a connection of its own, so that checking the key leaves no transaction open on
    the request's session (the XP engine's transaction is separate anyway).
    """
    if not secret:
        return None
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # One SELECT needs no transaction: autocommit saves the BEGIN and ROLLBACK round
            # trips (pysqlite opens no transaction for a SELECT in the first place).
            conn.execution_options(isolation_level="AUTOCOMMIT")
        key = conn.execute(_active_key, {"key_hash": digest(secret)}).first()
        if key is None:
            return None
        now = clock.now()
        if key.last_used is None or now - key.last_used > LAST_USED_RESOLUTION:
            conn.execute(_mark_used, {"key_id": key.id, "now": now})
            conn.commit()
    return key
