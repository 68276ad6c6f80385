"""The study app's tables: decks, cards, the flips learners make and the cards whose flips
have counted. Accounts are app/accounts/models.py's.

XP lives in the XP service, keyed by Account.xp_user_id; nothing here stores points.
"""

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.accounts.models import Account
from app.columns import UTCDateTime
from app.extensions import db

DECK_TITLE_MAX = 120
DECK_DESCRIPTION_MAX = 500
CARD_TEXT_MAX = 500


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


class FlipCredit(db.Model):
    """The learner's last counted flip of a card: a card's flip is an XP event at most once in
    FLIP_REPEAT_MINUTES (app/study/flip_credits.py claims and releases these rows)."""

    __tablename__ = "study_flip_credit"

    account_id: Mapped[int] = mapped_column(ForeignKey("study_account.id"), primary_key=True)
    card_id: Mapped[int] = mapped_column(
        ForeignKey("study_card.id", ondelete="CASCADE"), primary_key=True
    )
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The counted flip's key: the browser's retry of that flip counts again (and the XP
    # service answers it as a replay), any other flip of the card waits for the window to end.
    idempotency_key: Mapped[str] = mapped_column(String(255))


class CardSchedule(db.Model):
    """Where one learner's memory of one card stands: FSRS's card state after their latest
    grade (app/study/reviews.py). No row: the card is new to this learner."""

    __tablename__ = "study_card_schedule"
    __table_args__ = (
        # The review queue: a learner's cards of one deck by when they are due.
        Index("ix_study_card_schedule_queue", "account_id", "deck_id", "due"),
    )

    account_id: Mapped[int] = mapped_column(
        ForeignKey("study_account.id", ondelete="CASCADE"), primary_key=True
    )
    card_id: Mapped[int] = mapped_column(
        ForeignKey("study_card.id", ondelete="CASCADE"), primary_key=True
    )
    deck_id: Mapped[int] = mapped_column(ForeignKey("study_deck.id", ondelete="CASCADE"))
    state: Mapped[int]  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: Mapped[int | None]
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Grades counted so far: the next grade is review number reviews + 1. A grade names the
    # number it is for, so a second tab's grade of the same review is recognised.
    reviews: Mapped[int] = mapped_column(default=0)


class ReviewLog(db.Model):
    """One grade of one card: append-only. Undoing a grade marks it (undone) and puts the
    schedule back as it was (`before`); the regrade is the same review number again."""

    __tablename__ = "study_review_log"
    __table_args__ = (
        Index("ix_study_review_log_account_day", "account_id", "deck_id", "reviewed_at"),
        Index("ix_study_review_log_card", "account_id", "card_id", "review_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("study_account.id", ondelete="CASCADE"))
    deck_id: Mapped[int] = mapped_column(ForeignKey("study_deck.id", ondelete="CASCADE"))
    card_id: Mapped[int] = mapped_column(ForeignKey("study_card.id", ondelete="CASCADE"))
    review_number: Mapped[int]  # 1 for a card's first grade by this learner
    rating: Mapped[int]  # fsrs.Rating: 1 again, 2 hard, 3 good, 4 easy
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int | None]  # from showing the front to the grade
    was_new: Mapped[bool] = mapped_column(Boolean, default=False)
    # The schedule before this grade (CardSchedule's FSRS fields as JSON), None for a new card.
    before: Mapped[dict | None] = mapped_column(JSON)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeckReviewLimits(db.Model):
    """A learner's daily review limits for one deck (no row: the defaults, 20 new and 200
    reviews a day)."""

    __tablename__ = "study_deck_review_limits"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("study_account.id", ondelete="CASCADE"), primary_key=True
    )
    deck_id: Mapped[int] = mapped_column(
        ForeignKey("study_deck.id", ondelete="CASCADE"), primary_key=True
    )
    new_per_day: Mapped[int] = mapped_column(default=20)
    reviews_per_day: Mapped[int] = mapped_column(default=200)
