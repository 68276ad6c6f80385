"""Examples for the preference operations: a fourth chapter of the story, told by real answers.

The story's learner (user 42 of points.py) has never chosen: reading their preferences
answers the defaults (DEFAULTS: every notification type on email). They then ask for badges
on push too and for no streak reminders (UPDATE); the other types keep theirs (UPDATED).
tests/xp/test_contract_preferences.py replays the chapter and compares each example with
StudyXP's answer.
"""

from app.xp.openapi.examples.points import STORY_USER

USER_ID = STORY_USER["id"]

DEFAULTS = {
    "notifications": {
        "achievement_completed": ["email"],
        "recap": ["email"],
        "reactivation": ["email"],
        "streak_reminder": ["email"],
    }
}
UPDATE = {"notifications": {"achievement_completed": ["email", "push"], "streak_reminder": []}}
UPDATED = {
    "notifications": {
        "achievement_completed": ["email", "push"],
        "recap": ["email"],
        "reactivation": ["email"],
        "streak_reminder": [],
    }
}

# The chapter's answers, in order: the read before the update.
STORY = [("users_get_preferences", "200"), ("users_update_preferences", "200")]
