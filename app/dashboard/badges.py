"""Badge images uploaded for points systems, kept in the instance folder.

Only PNG, JPEG, GIF and WebP, recognised by their first bytes rather than their names, and
stored under a random name: an upload can never become a page or a script on this site.
"""

import uuid
from pathlib import Path

from flask import current_app

from app.xp.admin import FieldErrors

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


def save_badge(upload) -> str:
    """Store an uploaded image; return the file name to serve it under."""
    limit = current_app.config["BADGE_MAX_BYTES"]
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise FieldErrors({"badge_file": f"The image must be at most {limit // 1024} KB."})
    extension = image_extension(data)
    if extension is None:
        raise FieldErrors({"badge_file": "Upload a PNG, JPEG, GIF or WebP image."})
    name = f"{uuid.uuid4().hex}.{extension}"
    (badge_folder() / name).write_bytes(data)
    return name
