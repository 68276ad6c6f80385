"""Webhooks: the endpoints integrators register, and the transactional outbox that tells them
what happened.

A change that integrators hear about writes a WebhookMessage (what happened, Trophy's payload)
and one WebhookDelivery per endpoint subscribed to its type, in the same transaction as the
change itself: nothing is sent for a change that rolled back, and nothing is lost after one
that committed. The worker (app/xp/webhooks/worker.py) sends the deliveries and records each
attempt. WebhookAnnouncement remembers the time-based news already told (a boost that started,
a leaderboard run that finished, an email that fell due) so `flask xp tick` tells each once.
"""

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.columns import UTCDateTime, new_uuid
from app.extensions import db

# Trophy's webhook event types, in the order of its OpenAPI document's `webhooks` section.
WEBHOOK_EVENT_TYPES = (
    "achievement.completed",
    "streak.started",
    "streak.extended",
    "streak.lost",
    "streak.freeze_consumed",
    "streak.freeze_earned",
    "points.changed",
    "points.level_changed",
    "points.boost_started",
    "points.boost_finished",
    "leaderboard.started",
    "leaderboard.changed",
    "leaderboard.finished",
    "emails.recap_due",
    "emails.reactivation_due",
    "emails.streak_reminder_due",
    "emails.achievement_due",
    "leaderboard.rank_changed",
)
# Types Trophy sends at most once per THROTTLE_MINUTES per subject (a user's points system, a
# board, a user's rank on a board). StudyXP sends the latest state at the end of the window.
THROTTLED_TYPES = ("points.changed", "leaderboard.changed", "leaderboard.rank_changed")
THROTTLE_MINUTES = 15

URL_MAX = 2000
SUBJECT_MAX = 200
EXCERPT_MAX = 500

# A delivery's states: waiting for its (next) attempt, answered with a 2xx, or out of attempts.
PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
DELIVERY_STATES = (PENDING, DELIVERED, FAILED)


def webhook_id(message_uuid: str) -> str:
    """The Standard Webhooks `webhook-id` of a message: stable across retries and resends."""
    return f"msg_{message_uuid}"


class WebhookEndpoint(db.Model):
    """A URL that receives the event types it subscribed to, signed with its secret.

    The secret is kept as given (not hashed): the worker needs it to sign each body. It is
    shown once, when the endpoint is created, and never sent to a browser again."""

    __tablename__ = "xp_webhook_endpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    url: Mapped[str] = mapped_column(String(URL_MAX))
    events: Mapped[list] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class WebhookMessage(db.Model):
    """One thing that happened, as Trophy's webhook payload. Its uuid is the Standard
    Webhooks `webhook-id`: the same for every attempt, so receivers can de-duplicate.

    `subject` names what a throttled type is about (e.g. one user's points system); `due` is
    when its deliveries may first be attempted: now, or the end of the subject's throttle
    window, until when later news of the same subject replaces the payload."""

    __tablename__ = "xp_webhook_message"
    __table_args__ = (Index("ix_xp_webhook_message_subject", "event_type", "subject", "due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    event_type: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(SUBJECT_MAX))
    payload: Mapped[dict] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    due: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    deliveries: Mapped[list["WebhookDelivery"]] = relationship(back_populates="message")

    @property
    def webhook_id(self) -> str:
        """The `webhook-id` header sent with it (app/xp/webhooks/signing.py), as logs show it."""
        return webhook_id(self.uuid)


class WebhookDelivery(db.Model):
    """One message to one endpoint: pending until a 2xx answer (delivered) or until its
    attempts run out (failed). A worker claims it by setting `lease_until`; a worker killed
    mid-send leaves the lease to expire, and the next worker sends it again."""

    __tablename__ = "xp_webhook_delivery"
    __table_args__ = (
        UniqueConstraint("message_id", "endpoint_id", name="uq_xp_webhook_delivery_message"),
        Index("ix_xp_webhook_delivery_due", "status", "next_attempt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("xp_webhook_message.id"))
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("xp_webhook_endpoint.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished: Mapped[datetime | None] = mapped_column(UTCDateTime)

    message: Mapped[WebhookMessage] = relationship(back_populates="deliveries")
    endpoint: Mapped[WebhookEndpoint] = relationship()
    attempt_log: Mapped[list["WebhookAttempt"]] = relationship(
        back_populates="delivery", order_by="WebhookAttempt.id"
    )


class WebhookAttempt(db.Model):
    """One try at a delivery, for the delivery log: when, the HTTP status (None when no
    answer came: `error` says why), how long it took and the start of the answer's body."""

    __tablename__ = "xp_webhook_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("xp_webhook_delivery.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    status_code: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(EXCERPT_MAX))
    response_excerpt: Mapped[str | None] = mapped_column(String(EXCERPT_MAX))

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="attempt_log")


class WebhookAnnouncement(db.Model):
    """A time-based piece of news already told (its key names it, e.g. a boost's start), so
    `flask xp tick` tells it once however often it runs."""

    __tablename__ = "xp_webhook_announcement"

    key: Mapped[str] = mapped_column(String(SUBJECT_MAX), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
