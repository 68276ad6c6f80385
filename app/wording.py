"""Every sentence StudyXP says about XP, written once.

What a trigger pays for ("every 5 flashcards flipped"), what an award was for ("+10 XP for
5 flashcards flipped"), how to earn XP, the toasts a flip brings (XP, level up, badge,
streak, freeze), the header's streak and the journey's streak lines, and why a flip earned
nothing (a card that counted lately, flips too fast to be reading). The study app, the
dashboard and the browser all take their words from here: the study app sends the toasts'
lines in its HX-Trigger header and the browser only renders them (static/js/xp.js).

Everything works on Trophy's JSON shapes (PointsTrigger, PointsAward, PointsLevel,
UserAchievementResponse), the shapes both XP clients return, so this module imports nothing
of StudyXP's and reads no database: callers pass the streak's period (`unit`: "day", "week"
or "month"), which a trigger does not carry.
"""

import math
from datetime import date, datetime, timedelta

APP_NAME = "StudyXP"
PERIOD_WORDS = {"daily": "day", "weekly": "week", "monthly": "month"}
NEXT_PERIOD = {"day": "tomorrow", "week": "next week", "month": "next month"}
# "How to earn XP" lists triggers in this order, the everyday ones first.
TRIGGER_ORDER = ["metric", "streak", "achievement", "time", "user_creation"]


def period_word(frequency: str | None) -> str:
    """A streak frequency ("daily", "weekly", "monthly") as its period: "day", "week", "month"."""
    return PERIOD_WORDS.get(frequency or "daily", "day")


def counted(count: int, word: str) -> str:
    """ "1 day", "30 days"."""
    return f"{count} {word}{'' if count == 1 else 's'}"


# --- Triggers and awards ----------------------------------------------------------------


def trigger_rule(trigger: dict, unit: str = "day") -> str:
    """When a trigger pays, in the middle of a sentence: "every 5 flashcards flipped",
    "every 7-day streak", "on completing Century", "every 30 days since joining",
    "on joining"."""
    kind = trigger.get("type")
    if kind == "metric":
        return f"every {trigger['metricThreshold']} {trigger['metricName'].lower()}"
    if kind == "streak":
        return f"every {trigger['streakLengthThreshold']}-{unit} streak"
    if kind == "achievement":
        return f"on completing {trigger['achievementName']}"
    if kind == "time":
        interval, time_unit = trigger["timeInterval"], trigger["timeUnit"]
        every = time_unit if interval == 1 else counted(interval, time_unit)
        return f"every {every} since joining"
    if kind == "user_creation":
        return "on joining"
    return f"for a {str(kind or 'points').replace('_', ' ')} trigger"


def award_reason(trigger: dict, unit: str = "day") -> str:
    """What an award was for: "for 5 flashcards flipped", "for a 7-day streak",
    "for completing Century", "for joining", "for 30 days with StudyXP"."""
    kind = trigger.get("type")
    if kind == "metric":
        return f"for {trigger['metricThreshold']} {trigger['metricName'].lower()}"
    if kind == "streak":
        return f"for a {trigger['streakLengthThreshold']}-{unit} streak"
    if kind == "achievement":
        return f"for completing {trigger['achievementName']}"
    if kind == "user_creation":
        return "for joining"
    if kind == "time":
        return f"for {counted(trigger['timeInterval'], trigger['timeUnit'])} with {APP_NAME}"
    return f"for a {str(kind or 'points').replace('_', ' ')} trigger"


def boosts_in_words(boosts: list[dict]) -> str:
    """ "(Weekend Double XP ×2)", or "" when no boost multiplied the award."""
    named = [b for b in boosts or [] if b.get("name")]
    if not named:
        return ""
    return "(" + ", ".join(f"{b['name']} \u00d7{b['multiplier']}" for b in named) + ")"


def award_line(award: dict, system_name: str, unit: str = "day") -> str:
    """A PointsAward in a line: "+20 XP for 5 flashcards flipped (Weekend Double XP ×2)"."""
    words = [f"+{award['awarded']} {system_name}", award_reason(award.get("trigger") or {}, unit)]
    words.append(boosts_in_words(award.get("boosts")))
    return " ".join(w for w in words if w)


def trigger_label(trigger: dict, unit: str = "day") -> str:
    """A trigger as an operator reads it in a list: "+10 every 5 flashcards flipped"."""
    return f"{trigger['points']:+d} {trigger_rule(trigger, unit)}"


def earn_rules(triggers: list[dict], system_name: str, unit: str = "day") -> list[str]:
    """How to earn XP, one line per active trigger of any type, everyday ones first:
    "Every 5 flashcards flipped: +10 XP", "Every 7-day streak: +50 XP", "On joining: +5 XP"."""

    def order(t: dict) -> tuple:
        kind = t.get("type")
        rank = TRIGGER_ORDER.index(kind) if kind in TRIGGER_ORDER else len(TRIGGER_ORDER)
        size = t.get("metricThreshold") or t.get("streakLengthThreshold") or 0
        return rank, size, t["points"]

    active = sorted((t for t in triggers if t.get("status", "active") == "active"), key=order)
    return [
        f"{_capitalised(trigger_rule(t, unit))}: {t['points']:+d} {system_name}" for t in active
    ]


def no_awards_yet(rules: list[str] | None) -> str:
    """The empty award history, pointing at the first way to earn XP."""
    if not rules:
        return "No awards yet."
    return f"No awards yet. {rules[0]}."


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]


# --- Toasts: {kind, title, lines}, and a badge for an achievement -----------------------


def toast(kind: str, title: str, *lines: str | None, **extra) -> dict:
    """One toast as the browser renders it; `kind` names its data-testid (`<kind>-toast`)
    and its sound."""
    return {"kind": kind, "title": title, "lines": [line for line in lines if line], **extra}


def xp_toast(system: dict, unit: str = "day") -> dict:
    """ "You gained 10 XP", a line per award. `system`: an EventResponse.points entry."""
    name = system.get("name") or system.get("key") or "XP"
    lines = [award_line(a, name, unit) for a in system["awards"]]
    return toast("xp", f"You gained {system['added']} {name}", *lines)


def level_toast(level: dict) -> dict:
    """ "Level up: Apprentice", with the level's description."""
    return toast("level", f"Level up: {level['name']}", level.get("description"))


def achievement_toast(achievement: dict) -> dict:
    """ "Achievement unlocked: First Ten", its description, and its badge when it has one."""
    name = achievement["name"]
    extra = {}
    if achievement.get("badgeUrl"):
        extra["badge"] = {"src": achievement["badgeUrl"], "alt": f"{name} badge"}
    return toast(
        "achievement", f"Achievement unlocked: {name}", achievement.get("description"), **extra
    )


def streak_toast(length: int, frequency: str) -> dict:
    """ "7-day streak!" Study again tomorrow to keep it going."""
    unit = period_word(frequency)
    return toast(
        "streak", f"{length}-{unit} streak!", f"Study again {NEXT_PERIOD[unit]} to keep it going."
    )


def freeze_toast(frequency: str, freezes: int | None) -> dict:
    """ "Streak saved by a freeze": the learner missed a period and the streak lived on."""
    line = f"You missed a {period_word(frequency)}, and a freeze kept your streak going."
    if freezes is not None:
        line += f" {counted(freezes, 'freeze')} left."
    return toast("freeze", "Streak saved by a freeze", line)


def rank_toast(board_name: str, rank: int, previous_rank: int) -> dict:
    """ "You moved up to #4 in Weekly XP": the learner passed someone on a leaderboard."""
    return toast("rank", f"You moved up to #{rank} in {board_name}", f"Up from #{previous_rank}.")


# --- Streaks and badges -------------------------------------------------------------------


def streak_label(length: int, frequency: str | None) -> str:
    """The header's streak in words, for its tooltip and screen readers: "6-day streak"."""
    return f"{length}-{period_word(frequency)} streak"


def long_date(day: date) -> str:
    """ "Thursday 26 November" (no zero padding, whatever the platform's strftime does)."""
    return f"{day:%A} {day.day} {day:%B}"


def expiry_in_words(expires: date | None, today: date) -> str | None:
    """When the streak ends unless the learner studies: "Study by the end of tomorrow ..."."""
    if expires is None:
        return None
    if expires <= today:
        return "Study today to keep your streak."
    if expires == today + timedelta(days=1):
        return f"Study by the end of tomorrow ({long_date(expires)}) to keep your streak."
    return f"Study by the end of {long_date(expires)} to keep your streak."


def longest_streak(longest: int, unit: str) -> str:
    """ "Longest streak: 12 days"."""
    return f"Longest streak: {counted(longest, unit)}"


def freezes_in_words(unit: str, every_days: int | None) -> str:
    """What a streak freeze does, and how one is earned."""
    words = f"A freeze keeps your streak through a missed {unit}"
    if every_days:
        words += f"; you earn one for every {counted(every_days, 'day')} of streak"
    return words + "."


def rarity_in_words(rarity: float) -> str:
    """ "12% of learners"; "under 1%" rather than a 0 that would look like nobody."""
    if 0 < rarity < 1:
        return "under 1% of learners"
    return f"{round(rarity)}% of learners"


def achievement_rule(
    trigger: str,
    *,
    metric_value: str | None = None,
    metric_name: str | None = None,
    streak_length: int | None = None,
    prerequisites: list[str] = (),
    unit: str = "day",
) -> str:
    """How an achievement is completed: "reach 10 flashcards flipped", "a 7-day streak",
    "complete First Ten and Century", "completed through the API"."""
    if trigger == "metric":
        return f"reach {metric_value} {metric_name.lower()}"
    if trigger == "streak":
        return f"a {streak_length}-{unit} streak"
    if trigger == "achievement":
        names = list(prerequisites)
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        return f"complete {listed}"
    return "completed through the API"


# --- Flips that earn nothing ------------------------------------------------------------


def flip_not_counted(window: timedelta, counts_again_in: timedelta) -> str:
    """A flip of a card that already counted within `window` (FLIP_REPEAT_MINUTES): "Not
    counted: this card already counted towards XP in the last hour. It counts again in 42 minutes."
    The wait is rounded up to whole minutes, and is at least 1."""
    minutes = max(1, math.ceil(counts_again_in.total_seconds() / 60))
    return (
        f"Not counted: this card already counted towards XP in the last {_span(window)}. "
        f"It counts again in {counted(minutes, 'minute')}."
    )


def flips_too_fast(retry_after: int) -> str:
    """Flips past the per-learner rate limit: "Slow down: that is faster than anyone can
    read. Flips count again in 8 seconds." `retry_after`: whole seconds, at least 1."""
    seconds = counted(max(1, retry_after), "second")
    return f"Slow down: that is faster than anyone can read. Flips count again in {seconds}."


def reviews_too_fast(retry_after: int) -> str:
    """Grades past the learner's rate limit (shared with flips): "... in 8 seconds."."""
    seconds = counted(max(1, retry_after), "second")
    return f"Slow down: that is faster than anyone can read. Grades count again in {seconds}."


def _short_number(value: float) -> str:
    """ "3", "1.5": one decimal below 10, none when it is whole."""
    return f"{round(value, 1) if value < 10 else round(value):g}"


def review_interval(interval: timedelta) -> str:
    """A grade button's next interval, short as Anki writes it: "1 min", "10 min", "3 h",
    "1 day", "12 days", "3 mo", "1.5 mo", "2.1 yr"."""
    seconds = max(0.0, interval.total_seconds())
    minutes = seconds / 60
    if minutes < 59.5:
        return f"{max(1, round(minutes))} min"
    hours = minutes / 60
    if hours < 23.5:
        return f"{round(hours)} h"
    days = hours / 24
    if days < 30:
        return counted(round(days), "day")
    if days < 365:
        return f"{_short_number(days / 30)} mo"
    return f"{_short_number(days / 365)} yr"


def due_when(due: datetime, now: datetime) -> str:
    """When the next card is due, both aware and in the learner's zone: "in 1 minute",
    "in 10 minutes" (within the hour), "today at 14:05", "tomorrow at 04:00",
    "on Monday 11 January at 09:30"."""
    if due <= now:
        return "now"
    minutes = math.ceil((due - now).total_seconds() / 60)
    if minutes < 60:
        return f"in {counted(minutes, 'minute')}"
    at = due.strftime("%H:%M")
    if due.date() == now.date():
        return f"today at {at}"
    if due.date() == now.date() + timedelta(days=1):
        return f"tomorrow at {at}"
    return f"on {due.strftime('%A')} {due.day} {due.strftime('%B')} at {at}"


# A grade made while the XP service is down counts for the schedule, not for XP.
REVIEW_XP_UNAVAILABLE = (
    "XP is unavailable right now. Your grades count for your review schedule "
    "but earn no XP until it is back."
)
ALREADY_GRADED = "That card was already graded (in another tab?). Here is the next one."


def nothing_due(when: str | None) -> str:
    """The review page's end: "Nothing due. The next card is due in 10 minutes."."""
    if when is None:
        return "Nothing due. This deck has no cards to review."
    return f"Nothing due. The next card is due {when}."


def _span(window: timedelta) -> str:
    """A window without its "1": "hour", "2 hours", "minute", "90 minutes"."""
    minutes = max(1, round(window.total_seconds() / 60))
    count, unit = (minutes // 60, "hour") if minutes % 60 == 0 else (minutes, "minute")
    return unit if count == 1 else counted(count, unit)


# --- Leaderboards -------------------------------------------------------------------------


def run_end_in_words(last_day: date | None, today: date) -> str:
    """When a leaderboard's run ends, in the learner's own days: "ends tonight at midnight",
    "ends tomorrow at midnight", "ends Sunday at midnight" (within the week), "ends on
    Thursday 26 November at midnight", or "never ends"."""
    if last_day is None:
        return "never ends"
    days = (last_day - today).days
    if days < 0:
        return f"ended on {long_date(last_day)}"
    if days == 0:
        return "ends tonight at midnight"
    if days == 1:
        return "ends tomorrow at midnight"
    if days < 7:
        return f"ends {last_day.strftime('%A')} at midnight"
    return f"ends on {long_date(last_day)} at midnight"


def run_in_words(first_day: date, last_day: date | None) -> str:
    """A run's days: "1 – 7 December", "29 December – 4 January", "since 1 December"."""
    if last_day is None:
        return f"since {first_day.day} {first_day:%B}"
    start = (
        f"{first_day.day}"
        if first_day.month == last_day.month
        else (f"{first_day.day} {first_day:%B}")
    )
    return f"{start} – {last_day.day} {last_day:%B}"


def short_date(day: date, weekday: bool = False) -> str:
    """ "1 Dec 2025", or with `weekday` "Mon 1 Dec 2025" (no zero padding)."""
    words = f"{day.day} {day:%b %Y}"
    return f"{day:%a} {words}" if weekday else words


def board_ranks_by(rank_by: str, name: str | None = None, breakdowns: list[str] = ()) -> str:
    """What a leaderboard ranks by, for operators: "points: XP", "metric: Flashcards
    Flipped", "streak", with its breakdowns: "points: XP, per city and tier"."""
    words = rank_by if rank_by == "streak" or not name else f"{rank_by}: {name}"
    if breakdowns:
        names = list(breakdowns)
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        words += f", per {listed}"
    return words


def board_runs(
    start: date,
    run_unit: str | None,
    run_interval: int | None,
    start_time: str | None = None,
    end_time: str | None = None,
) -> str:
    """How a leaderboard's runs go: "every 7 days from Mon 1 Dec 2025", "every month from
    Sat 31 Jan 2026", "one run"; a daily window follows: "one run, 09:00 to 17:00 each day",
    "one run, from 18:00 each day"."""
    if run_unit is None:
        words = "one run"
    else:
        every = run_unit if run_interval == 1 else counted(run_interval, run_unit)
        words = f"every {every} from {short_date(start, weekday=True)}"
    if start_time and end_time:
        words += f", {start_time} to {end_time} each day"
    elif start_time or end_time:
        words += f", {'from ' + start_time if start_time else 'until ' + end_time} each day"
    return words
