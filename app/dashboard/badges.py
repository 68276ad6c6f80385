"""Badge images uploaded for points systems, kept in the instance folder.

Only PNG, JPEG, GIF and WebP, recognised by their first bytes rather than their names, and
stored under a random name: an upload can never become a page or a script on this site.
"""

import uuid
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from app.xp.admin.fields import FieldErrors

SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}


def badge_folder() -> Path:
    folder = Path(current_app.instance_path) / "badges"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def image_extension(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for signature, extension in SIGNATURES.items():
        if data.startswith(signature):
            return extension
    return None


@dataclass(frozen=True)
class Badge:
    """An uploaded image that passed the checks, not yet written."""

    name: str
    data: bytes

    def store(self) -> None:
        (badge_folder() / self.name).write_bytes(self.data)


def read_badge(upload) -> Badge:
    """Check an uploaded image and give it a random file name; raise FieldErrors if unfit."""
    limit = current_app.config["BADGE_MAX_BYTES"]
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise FieldErrors({"badge_file": f"The image must be at most {limit // 1024} KB."})
    extension = image_extension(data)
    if extension is None:
        raise FieldErrors({"badge_file": "Upload a PNG, JPEG, GIF or WebP image."})
    return Badge(name=f"{uuid.uuid4().hex}.{extension}", data=data)
