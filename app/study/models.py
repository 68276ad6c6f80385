"""The study app's tables: learner accounts, decks, cards and the flips learners make.

XP lives in the XP service, keyed by Account.xp_user_id; nothing here stores points.
"""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app import clock
from app.columns import UTCDateTime, new_uuid
from app.extensions import db

EMAIL_MAX = 320
DISPLAY_NAME_MAX = 80
DECK_TITLE_MAX = 120
DECK_DESCRIPTION_MAX = 500
CARD_TEXT_MAX = 500


class Account(UserMixin, db.Model):
    """Someone who logs in: a learner, or an operator who also runs the dashboard."""

    __tablename__ = "study_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX))
    password_hash: Mapped[str] = mapped_column(String(255))
    tz: Mapped[str | None] = mapped_column(String(64))
    is_operator: Mapped[bool] = mapped_column(Boolean, default=False)
    # The id the XP service knows this account by: random, so it reveals nothing.
    xp_user_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def xp_user(self) -> dict:
        """This account as the `user` object of an XP event."""
        return {
            "id": self.xp_user_id,
            "email": self.email,
            "name": self.display_name,
            "tz": self.tz,
        }


class Deck(db.Model):
    """A set of cards. Shared decks (no owner) come from seed.py and are read-only."""

    __tablename__ = "study_deck"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("study_account.id"), index=True)
    slug: Mapped[str | None] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(DECK_TITLE_MAX))
    description: Mapped[str] = mapped_column(String(DECK_DESCRIPTION_MAX), default="")
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    cards: Mapped[list["Card"]] = relationship(
        back_populates="deck",
        order_by="Card.position, Card.id",
        cascade="all, delete-orphan",
    )

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None

    def is_visible_to(self, account: Account) -> bool:
        return self.is_shared or self.owner_id == account.id

    def is_editable_by(self, account: Account) -> bool:
        return self.owner_id is not None and self.owner_id == account.id


class Card(db.Model):
    """One flashcard: a question on the front, its answer on the back."""

    __tablename__ = "study_card"

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("study_deck.id", ondelete="CASCADE"))
    front: Mapped[str] = mapped_column(Text)
    back: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    deck: Mapped[Deck] = relationship(back_populates="cards")


class CardFlip(db.Model):
    """A learner turned a card to its back. Feeds deck progress; XP is the XP service's."""

    __tablename__ = "study_card_flip"
    __table_args__ = (
        # One row per flip even when the browser sends it twice.
        UniqueConstraint("account_id", "idempotency_key"),
        Index("ix_study_card_flip_account_deck", "account_id", "deck_id", "card_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("study_account.id"))
    deck_id: Mapped[int] = mapped_column(ForeignKey("study_deck.id", ondelete="CASCADE"))
    card_id: Mapped[int] = mapped_column(ForeignKey("study_card.id", ondelete="CASCADE"))
    idempotency_key: Mapped[str] = mapped_column(String(255))
    flipped_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
