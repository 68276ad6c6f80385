"""A user's notification preferences (Trophy's NotificationPreferences): which channels they
want each notification type on.

StudyXP sends no notification itself; it keeps the choices for whoever sends them. A user
who never chose for a type gets DEFAULT_CHANNELS for it: one row per type the user chose,
none for the others, so a change of the default reaches every type not chosen yet.
"""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.columns import UTCDateTime
from app.extensions import db

# Trophy's NotificationPreferences properties and NotificationChannel enum, in its order.
NOTIFICATION_TYPES = ("achievement_completed", "recap", "reactivation", "streak_reminder")
NOTIFICATION_CHANNELS = ("email", "push")
# Trophy documents no default. Email is the channel every user with an address can get (push
# needs a device the integrator registered), so a type not chosen yet is on email only.
DEFAULT_CHANNELS = ("email",)
NOTIFICATION_TYPE_MAX = 32
# Trophy's `streak` preferences need its streak customization, which StudyXP does not have.
NO_STREAK_PREFERENCES = (
    "'streak' preferences are not available: StudyXP has no per-user streak customization, "
    "so every user's streak follows the service's streak settings"
)


class UserNotificationPreference(db.Model):
    """The channels one user chose for one notification type: one column per channel."""

    __tablename__ = "xp_user_notification_preference"
    __table_args__ = (
        CheckConstraint(
            "notification_type IN (" + ", ".join(f"'{kind}'" for kind in NOTIFICATION_TYPES) + ")",
            name="ck_xp_user_notification_preference_type",
        ),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("xp_user.id"), primary_key=True)
    notification_type: Mapped[str] = mapped_column(String(NOTIFICATION_TYPE_MAX), primary_key=True)
    email: Mapped[bool] = mapped_column(Boolean)
    push: Mapped[bool] = mapped_column(Boolean)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    def channels(self) -> list[str]:
        """The chosen channels, in NOTIFICATION_CHANNELS' order."""
        return [channel for channel in NOTIFICATION_CHANNELS if getattr(self, channel)]
