"""API keys: the secrets that authorize calls to /api/v1, stored as SHA-256 digests."""

import hashlib
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.columns import UTCDateTime
from app.extensions import db


class ApiKey(db.Model):
    """A secret that authorizes calls to /api/v1. Only its SHA-256 digest is stored."""

    __tablename__ = "xp_api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_used: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked: Mapped[datetime | None] = mapped_column(UTCDateTime)


def digest(secret: str) -> str:
    """The stored form of a secret (ApiKey.key_hash)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
