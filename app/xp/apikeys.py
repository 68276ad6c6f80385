"""API keys: created once, shown once, stored as a SHA-256 digest, revocable.

The secrets are 256-bit random tokens, so a plain digest is enough to make a stolen database
useless for calling the API; a slow password hash would only slow down every request.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import Row, bindparam, select, update

from app import clock
from app.extensions import db
from app.xp.errors import Unprocessable
from app.xp.models import ApiKey

KEY_PREFIX = "sxp_"
NAME_MAX = 100
# last_used is a hint for operators; writing it on every call would make reads write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


_keys = ApiKey.__table__
# Every API request runs these: built once, so SQLAlchemy only looks up their compiled SQL.
_active_key = select(_keys.c.id, _keys.c.name, _keys.c.prefix, _keys.c.last_used).where(
    _keys.c.key_hash == bindparam("key_hash"), _keys.c.revoked.is_(None)
)
_mark_used = (
    update(_keys).where(_keys.c.id == bindparam("key_id")).values(last_used=bindparam("now"))
)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_api_key(name: str) -> tuple[ApiKey, str]:
    """Create a key named `name`; return it with its secret, which is never stored."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise Unprocessable(f"An API key name must be 1 to {NAME_MAX} characters")
    if active_key_named(name) is not None:
        raise Unprocessable(f"An active API key named '{name}' already exists")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(name=name, prefix=secret[: len(KEY_PREFIX) + 6], key_hash=digest(secret))
    db.session.add(key)
    db.session.commit()
    return key, secret


def active_key_named(name: str) -> ApiKey | None:
    return db.session.scalar(select(ApiKey).where(ApiKey.name == name, ApiKey.revoked.is_(None)))


def revoke_api_key(name: str) -> ApiKey | None:
    """Revoke the active key named `name`; None when there is none."""
    key = active_key_named(name)
    if key is not None:
        revoke(key)
    return key


def revoke(key: ApiKey) -> None:
    """Revoke a key: calls with it get 401 from now on. Revoking twice changes nothing."""
    if key.revoked is None:
        key.revoked = clock.now()
        db.session.commit()


def authenticate(secret: str | None) -> Row | None:
    """The active key whose secret this is (its id, name, prefix and last_used), or None.

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
