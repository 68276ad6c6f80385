"""The learner's streak and badges, read through XpClient: whether a freeze kept the streak a
flip extended, the header's streak and the "Your study journey" page (a flip's news itself:
app/study/flip_news.py).

Views call these; nothing here reads the request or renders.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app import wording
from app.accounts.models import Account
from app.study.learning import learner_today
from app.study.xp_reads import learner_streak
from app.xp.client import xp_client
from app.xp.errors import NotFound, XpUnavailable

CALENDAR_DAYS = 14
JOURNEY_UNAVAILABLE = (
    "Your streak and badges cannot be shown while XP is unavailable. "
    "Your flips are still saved to your deck progress."
)


def streak_saved_by_freeze(account: Account, streak: dict) -> bool:
    """Whether a freeze kept this streak through the period just before the one this event
    extended: the learner missed it and came back.

    The EventResponse does not say, so ask the streak history, where a missed period a freeze
    covered is marked `usedFreeze`; but only when the event extended a streak that freezes can
    keep and that spans more periods than its length (a freeze or a pause kept one of them),
    which is once a period at most: any other flip asks the XP service nothing more.
    """
    if not streak.get("extended") or streak.get("length", 0) < 2 or "freezes" not in streak:
        return False
    if not kept_through_a_gap(streak):
        return False
    try:
        history = xp_client().user_streak(account.xp_user_id, history_periods=2)["streakHistory"]
    except (NotFound, XpUnavailable):
        return False
    return len(history) == 2 and bool(history[0].get("usedFreeze"))


def kept_through_a_gap(streak: dict) -> bool:
    """Whether the streak spans more periods than its length: a period in it was missed and
    kept (frozen or paused), since such a period keeps the length without adding to it.

    `started` is the first event's day, inside the streak's first period, so without a gap the
    current period starts at most length - 1 periods after it.
    """
    if not streak.get("started") or not streak.get("periodStart"):
        return False
    started = date.fromisoformat(streak["started"])
    current = date.fromisoformat(streak["periodStart"])
    periods_before = streak["length"] - 1
    if streak["frequency"] == "monthly":
        months = (current.year - started.year) * 12 + current.month - started.month
        return months > periods_before
    days_per_period = 7 if streak["frequency"] == "weekly" else 1
    return (current - started).days > periods_before * days_per_period


class HeaderStreak:
    """The header's streak: the learner's current length, settled to now.

    Read on first use (xp_reads.learner_streak, held a while per process), so the
    fragments htmx swaps in, which render no header, never ask for it. The length is 0
    without a streak, before the first event and while XP is unavailable.
    """

    def __init__(self, account: Account):
        self.account = account

    @property
    def length(self) -> int:
        return learner_streak(self.account)["length"]

    @property
    def frequency(self) -> str:
        return learner_streak(self.account)["frequency"]

    @property
    def words(self) -> str:
        """The streak in words, e.g. "6-day streak"."""
        return wording.streak_label(self.length, self.frequency)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    state: str  # studied | frozen | missed | today (not studied yet, still time)
    label: str  # "Thursday 26 November: studied"


def streak_calendar(
    history: list[dict], today: date, days: int = CALENDAR_DAYS
) -> list[CalendarDay]:
    """The last `days` local dates, oldest first, each as the streak history saw it.

    A date takes the state of the history period holding it: frozen when a freeze kept that
    period, studied when the streak covered it, else missed (today: still to come).
    """
    periods = [
        (date.fromisoformat(p["periodStart"]), date.fromisoformat(p["periodEnd"]), p)
        for p in history
    ]
    calendar = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        period = next((p for start, end, p in periods if start <= day <= end), None)
        if period is not None and period.get("usedFreeze"):
            state = "frozen"
        elif period is not None and period["length"] > 0:
            state = "studied"
        elif day == today:
            state = "today"
        else:
            state = "missed"
        words = {"today": "not studied yet"}.get(state, state)
        calendar.append(CalendarDay(day, state, f"{wording.long_date(day)}: {words}"))
    return calendar


@dataclass(frozen=True)
class Badge:
    name: str
    description: str | None
    badge_url: str | None
    earned: bool
    achieved_at: date | None
    rarity: str


def local_day(timestamp: str | None, tz: str | None) -> date | None:
    """The learner's calendar date of an ISO 8601 UTC timestamp ("...Z")."""
    if not timestamp:
        return None
    moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    return moment.astimezone(ZoneInfo(tz or "UTC")).date()


def badges(achievements: list[dict], tz: str | None) -> list[Badge]:
    """The badge grid from UserAchievementWithStatsResponse (or AchievementWithStats) items."""
    return [
        Badge(
            name=a["name"],
            description=a.get("description"),
            badge_url=a.get("badgeUrl"),
            earned=a.get("achievedAt") is not None,
            achieved_at=local_day(a.get("achievedAt"), tz),
            rarity=wording.rarity_in_words(a.get("rarity", 0)),
        )
        for a in achievements
    ]


@dataclass(frozen=True)
class StreakSummary:
    length: int
    unit: str  # day | week | month
    started: date | None
    longest: int
    freezes: int | None  # None when freezes are off
    max_freezes: int | None
    freeze_every_days: int | None  # None when freezes are not earned automatically
    expiry: str | None
    since: str | None  # "Thursday 26 November"
    longest_words: str  # "Longest streak: 12 days"
    freezes_words: str  # what a freeze does, and how one is earned


def streak_summary(streak: dict, today: date) -> StreakSummary:
    """The StreakResponse in the journey page's terms."""
    history_best = max((p["length"] for p in streak["streakHistory"]), default=0)
    unit = wording.period_word(streak["frequency"])
    started = date.fromisoformat(streak["started"]) if streak.get("started") else None
    # StreakResponse has no longest streak (UserStreak.longest is not on the wire yet): the
    # best this response shows is the least it can be.
    longest = max(streak.get("longest", 0), streak["length"], history_best)
    return StreakSummary(
        length=streak["length"],
        unit=unit,
        started=started,
        longest=longest,
        freezes=streak.get("freezes"),
        max_freezes=streak.get("maxFreezes"),
        freeze_every_days=streak.get("freezeAutoEarnInterval"),
        expiry=wording.expiry_in_words(
            date.fromisoformat(streak["expires"]) if streak.get("expires") else None, today
        ),
        since=wording.long_date(started) if started else None,
        longest_words=wording.longest_streak(longest, unit),
        freezes_words=wording.freezes_in_words(unit, streak.get("freezeAutoEarnInterval")),
    )


def no_streak(frequency: str = "daily") -> dict:
    """A StreakResponse for a learner the XP service does not know yet."""
    return {
        "length": 0,
        "frequency": frequency,
        "started": None,
        "expires": None,
        "streakHistory": [],
    }


def journey_context(account: Account) -> dict:
    """What the journey page shows: streak, calendar and badges (the level bar: panel_context).

    `journey_unavailable` is the message to show when the XP service did not answer.
    """
    today = learner_today(account)
    client = xp_client()
    try:
        try:
            streak = client.user_streak(account.xp_user_id, history_periods=CALENDAR_DAYS)
            achievements = client.user_achievements(account.xp_user_id, include_incomplete=True)
        except NotFound:  # no event yet: no streak, every badge still to earn
            streak, achievements = no_streak(), client.achievements()
    except XpUnavailable:
        return {"journey_unavailable": JOURNEY_UNAVAILABLE}
    return {
        "journey_unavailable": None,
        "streak": streak_summary(streak, today),
        "calendar": streak_calendar(streak["streakHistory"], today),
        "badges": badges(achievements, account.tz),
    }
