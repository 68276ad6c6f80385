"""The learner's notification preferences as the account page shows them: Trophy's
notification types and channels in the learner's words, and what the page says about them.

The preferences themselves are the XP service's (GET and PATCH /users/{id}/preferences),
read and saved through XpClient by app/study/account.py.
"""

# Trophy's notification types and channels (NotificationPreferences, NotificationChannel),
# in its order, as the page names them.
NOTIFICATION_TYPES = {
    "achievement_completed": "Badges you earn",
    "recap": "Progress recaps",
    "reactivation": "Come-back reminders",
    "streak_reminder": "Streak reminders",
}
NOTIFICATION_CHANNELS = {"email": "Email", "push": "Push"}

SAVED = "Notification preferences saved."
NOT_SENT = "StudyXP sends no email itself: it keeps these choices for the service that sends them."
UNAVAILABLE = (
    "Your notification preferences cannot be shown or saved while XP is unavailable. "
    "Try again in a moment."
)


def choice_label(kind: str, channel: str) -> str:
    """One checkbox's name for screen readers: "Streak reminders by email"."""
    return f"{NOTIFICATION_TYPES[kind]} by {NOTIFICATION_CHANNELS[channel].lower()}"
