"""Badge images operators upload for points systems and achievements, kept in the database so
that every app host can serve them.

A badge's name is the SHA-256 of its bytes and the extension its first bytes say
("<64 hex>.png"): a name always means the same bytes, so answers may be cached for a year and
an image uploaded twice is stored once. Badges an older StudyXP kept in its instance folder
keep their random names ("<32 hex>.png", moved by migration 0015), so the URLs it gave out
keep working; those names were never reused either.

Only PNG, JPEG, GIF and WebP, recognised by their first bytes rather than by a file name:
an upload can never become a page or a script (SVG can carry one) on this site.
"""

import hashlib
import re
from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.columns import UTCDateTime
from app.extensions import db

CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}
# A content-addressed name, or the random name of a badge moved from an instance folder.
BADGE_NAME = re.compile(r"(?:[0-9a-f]{64}|[0-9a-f]{32})\.(?:png|jpg|gif|webp)")


def image_extension(data: bytes) -> str | None:
    """The extension of the image type `data` starts with, or None if it is not one."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for signature, extension in SIGNATURES.items():
        if data.startswith(signature):
            return extension
    return None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BadgeImage(db.Model):
    """One badge image: its bytes, served at /badges/<name>."""

    __tablename__ = "xp_badge_image"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))  # the ETag, for moved badges too
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
