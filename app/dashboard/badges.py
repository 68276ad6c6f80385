"""Badge images uploaded with the points system and achievement forms.

The image is stored in the database (app/xp/admin/badges.py) in the transaction that saves
the form, so every app host serves it; nothing is written to this host's disk.
"""

from flask import current_app, url_for

from app.xp.admin.badges import add_badge_image


def badge_upload_url(upload) -> str:
    """Store an uploaded image with the form's save and give its URL; raise FieldErrors if
    unfit. Reads one byte past the limit, so an oversized file is refused unread."""
    data = upload.read(current_app.config["BADGE_MAX_BYTES"] + 1)
    return url_for("main.badge", name=add_badge_image(data))
