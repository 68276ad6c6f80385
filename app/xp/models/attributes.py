"""Attributes: the keys operators declare for users' and events' attributes (Trophy's admin
`/attributes`). A declared user attribute can split a leaderboard (breakdownAttributes) and
restrict a trigger (userAttributes); an event attribute names what events may carry."""

from sqlalchemy import CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.columns import new_uuid
from app.extensions import db

ATTRIBUTE_TYPES = ("user", "event")
ATTRIBUTE_KEY_MAX = 100
ATTRIBUTE_NAME_MAX = 200


class Attribute(db.Model):
    """One declared attribute: its key and type are fixed once made; its name can change."""

    __tablename__ = "xp_attribute"
    __table_args__ = (
        UniqueConstraint("key", "type", name="uq_xp_attribute_key_type"),
        CheckConstraint("type IN ('user', 'event')", name="ck_xp_attribute_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    key: Mapped[str] = mapped_column(String(ATTRIBUTE_KEY_MAX))
    name: Mapped[str] = mapped_column(String(ATTRIBUTE_NAME_MAX))
    type: Mapped[str] = mapped_column(String(8))
