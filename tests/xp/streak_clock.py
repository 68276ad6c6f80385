"""A controllable clock for the streak tests: every instant is passed in, none is read.

`wall("2026-03-29 00:30", LONDON)` is the UTC instant at which a London clock shows that time,
so DST and time-zone changes are exact.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from app.xp.streak_rules import StreakRule, apply_activity

LONDON = "Europe/London"
TOKYO = "Asia/Tokyo"
LOS_ANGELES = "America/Los_Angeles"


def wall(text: str, tz: str) -> datetime:
    """The UTC instant at which a clock in `tz` shows `text`."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def d(text: str) -> date:
    return date.fromisoformat(text)


def play(rule: StreakRule, *events: tuple[str, str]):
    """Apply qualifying events (wall time, tz) in order: the updates and the stored periods."""
    state = rule.initial_state()
    updates, records = [], []
    for text, tz in events:
        update = apply_activity(state, rule, wall(text, tz), tz)
        updates.append(update)
        records.extend(update.periods)
        state = update.state
    return updates, records
