"""The users of the calling application, known by the caller's own ids."""

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.columns import UTCDateTime
from app.extensions import db

USER_ID_MAX = 255


class XpUser(db.Model):
    """A user of the calling application, known by the caller's own id."""

    __tablename__ = "xp_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(USER_ID_MAX), unique=True)
    email: Mapped[str | None] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(200))
    # The zone the caller sent last (what the API shows). When it changes on a day the user
    # was already active, the zone in force until then dates their activity through that
    # local date: dating_tz through dating_tz_until (app/xp/engine/dating.py).
    tz: Mapped[str | None] = mapped_column(String(64))
    dating_tz: Mapped[str | None] = mapped_column(String(64))
    dating_tz_until: Mapped[date | None] = mapped_column(Date)
    subscribe_to_emails: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    # The caller's own name -> value pairs (limits: inputs.check_attributes).
    attributes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
