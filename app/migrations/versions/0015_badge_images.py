"""Badge images in the database, so every app host serves them; the images an older StudyXP
kept in instance/badges move in, under the names its URLs already use.

Run `flask db upgrade` where the uploads are: on a deployment whose hosts each kept some,
copy every host's instance/badges into that host's folder first (the names never collide).
The files are left in place; they are no longer read. Downgrading drops the table, and with
it the images uploaded since.

Revision ID: 0015_badge_images
Revises: 0014_webhooks
Create Date: 2026-12-06 14:30:00.000000
"""

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import context, op
from flask import current_app

import app.columns

# revision identifiers, used by Alembic.
revision = "0015_badge_images"
down_revision = "0014_webhooks"
branch_labels = None
depends_on = None

# What the upload form accepted and how it named files: 32 hex digits and the extension its
# first bytes said. Anything else in the folder was never served and stays out.
OLD_NAME = re.compile(r"[0-9a-f]{32}\.(png|jpg|gif|webp)")
SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
}
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


def upgrade():
    badge_image = op.create_table(
        "xp_badge_image",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created", app.columns.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    if not context.is_offline_mode():
        rows = list(old_badges(Path(current_app.instance_path) / "badges"))
        if rows:
            op.bulk_insert(badge_image, rows)


def downgrade():
    op.drop_table("xp_badge_image")


def old_badges(folder: Path):
    """A row for each image file the old upload form wrote to `folder`."""
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        match = OLD_NAME.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        data = path.read_bytes()
        if not is_a(match[1], data):
            continue
        yield {
            "name": path.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "content_type": CONTENT_TYPES[match[1]],
            "size": len(data),
            "data": data,
            "created": datetime.fromtimestamp(path.stat().st_mtime, UTC),  # its upload
        }


def is_a(extension: str, data: bytes) -> bool:
    if extension == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return data.startswith(SIGNATURES[extension])
