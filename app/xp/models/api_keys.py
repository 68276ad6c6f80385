"""API keys: the secrets that authorize calls to /api/v1 (application keys) or /admin/v1
(admin keys), stored as SHA-256 digests."""

import hashlib
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.columns import UTCDateTime
from app.extensions import db
from app.xp.models.users import XpUser

# Trophy's two kinds of key: an application key calls /api/v1 only, an admin key /admin/v1 only.
APPLICATION = "application"
ADMIN = "admin"
KINDS = (APPLICATION, ADMIN)


class ApiKey(db.Model):
    """A secret that authorizes calls to /api/v1 or, for an admin key, /admin/v1. Only its
    SHA-256 digest is stored."""

    __tablename__ = "xp_api_key"
    __table_args__ = (
        CheckConstraint("kind IN ('application', 'admin')", name="ck_xp_api_key_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default=APPLICATION, server_default=APPLICATION)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_used: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Trophy's user-scoped application keys (admin API /application-api-keys): a key with a
    # user may act only for that user; one without acts for every user (StudyXP's own kind).
    uuid: Mapped[str | None] = mapped_column(String(36), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("xp_user.id"), index=True)
    user: Mapped[XpUser | None] = relationship()


def digest(secret: str) -> str:
    """The stored form of a secret (ApiKey.key_hash)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
