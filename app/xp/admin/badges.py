"""Badge images operators upload for points systems and achievements.

add_badge_image() checks an image and writes its row without committing: the save of the
points system or achievement that links to it commits both together, so a form refused for
another field leaves no image behind.
"""

from flask import current_app

from app.extensions import db, insert_or_ignore
from app.xp.admin.fields import FieldErrors
from app.xp.models.badges import CONTENT_TYPES, BadgeImage, image_extension, sha256_hex

NOT_AN_IMAGE = "Upload a PNG, JPEG, GIF or WebP image."


def add_badge_image(data: bytes) -> str:
    """Store an uploaded image in the current transaction and give its name; the same bytes
    uploaded again give the same name and one row. Raises FieldErrors if it is unfit."""
    limit = current_app.config["BADGE_MAX_BYTES"]
    if len(data) > limit:
        raise FieldErrors({"badge_file": f"The image must be at most {limit // 1024} KB."})
    extension = image_extension(data)
    if extension is None:
        raise FieldErrors({"badge_file": NOT_AN_IMAGE})
    digest = sha256_hex(data)
    name = f"{digest}.{extension}"
    # ON CONFLICT DO NOTHING: two hosts taking the same image at once both succeed.
    insert_or_ignore(
        db.session,
        BadgeImage,
        {
            "name": name,
            "sha256": digest,
            "content_type": CONTENT_TYPES[extension],
            "size": len(data),
            "data": data,
        },
        ["name"],
    )
    return name
