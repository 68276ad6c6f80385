"""Your year in StudyXP: the learner's year in review, read through XpClient.user_wrapped
(Trophy's WrappedResponse) and put in the learner's words.

A learner can look back at every year from the one of their first activity (the year, in
their time zone, in which the XP service first saw them) to their current one; any other
year is refused with a sentence saying which they can choose. Before their first event the
XP service does not know them (NotFound): their current year is empty, and the only one.

Views call these; nothing here reads the request or renders.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from app import wording
from app.accounts.models import Account
from app.study.learning import learner_today, metric_key, points_key
from app.study.streaks_and_badges import local_day
from app.xp.client import xp_client
from app.xp.errors import NotFound, Unprocessable

YEAR_UNAVAILABLE = (
    "Your year in StudyXP cannot be shown while XP is unavailable. "
    "Your flips are still saved to your deck progress."
)


@dataclass(frozen=True)
class Period:
    """A most active day, week or month: when, and what the learner did in it."""

    when: str  # "Thursday 26 November", "23 – 29 November", "November"
    did: str  # "35 flips, 12 reviews and 60 XP"
    badges: str | None  # "Badge earned: First Ten"


@dataclass(frozen=True)
class EarnedBadge:
    name: str
    description: str | None
    badge_url: str | None
    earned: str  # "Earned Thursday 26 November"


@dataclass(frozen=True)
class BestRank:
    rank: int
    board: str  # the board's name: "Weekly XP"
    value: str  # what the rank was held with: "420 XP"


@dataclass(frozen=True)
class YearReview:
    year: int
    days_active: int
    weeks_active: int
    months_active: int
    most_active_day: Period
    most_active_week: Period
    most_active_month: Period
    longest_streak: int
    longest_streak_words: str  # "12 days, from Monday 3 March to Friday 14 March"
    totals: dict  # {"flips": "1,080", "reviews": "243", "xp": "4,850"}
    badges: list[EarnedBadge] = field(default_factory=list)
    ranks: list[BestRank] = field(default_factory=list)


@dataclass(frozen=True)
class YearPage:
    """What the page shows: the year asked for and the years to choose from, and either the
    review, an empty year (review None, `empty` its sentence) or a refusal."""

    year: int | None  # None when the year asked for was refused
    years: list[int]  # newest first
    review: YearReview | None = None
    empty: str | None = None
    refused: str | None = None


class YearRefused(Exception):
    """A year the learner cannot look back at (not a year, or outside theirs)."""


def year_page(account: Account, asked: str | None) -> YearPage:
    """The page for the year `asked` (?year=, the current one when missing); XpUnavailable
    passes through."""
    this_year = learner_today(account).year
    year = _parse_year(asked, this_year)
    wrapped, asked_xp = None, False
    if year is not None and 1 <= year <= this_year:
        try:
            wrapped, asked_xp = _wrapped(account, year), True
        except Unprocessable:  # the XP service's year has not turned yet
            year = None
    # Any year's answer names the learner's first activity; a NotFound holds for every year.
    known = wrapped if asked_xp else _wrapped_or_none(account, this_year)
    years = list(range(this_year, _first_year(account, known, this_year) - 1, -1))
    if year not in years:
        return YearPage(None, years, refused=refusal(asked or str(this_year), years))
    if wrapped is None or not wrapped["activity"]["daysActive"]:
        return YearPage(year, years, empty=empty_year(year, this_year))
    return YearPage(year, years, review=year_review(account, wrapped, year))


def _parse_year(asked: str | None, this_year: int) -> int | None:
    if asked is None or not asked.strip():
        return this_year
    text = asked.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


def _wrapped(account: Account, year: int) -> dict | None:
    """The WrappedResponse, or None when the XP service does not know the learner yet."""
    try:
        return xp_client().user_wrapped(account.xp_user_id, year=year)
    except NotFound:
        return None


def _wrapped_or_none(account: Account, year: int) -> dict | None:
    try:
        return _wrapped(account, year)
    except Unprocessable:
        return None


def _first_year(account: Account, wrapped: dict | None, this_year: int) -> int:
    """The year of the learner's first activity: when the XP service first saw them."""
    created = local_day((wrapped or {}).get("user", {}).get("created"), account.tz)
    return min(created.year, this_year) if created else this_year


def years_in_words(years: list[int]) -> str:
    """ "2026", "2025 and 2026", "2024 to 2026"."""
    first, last = min(years), max(years)
    if first == last:
        return str(first)
    return f"{first} {'and' if last == first + 1 else 'to'} {last}"


def refusal(asked: str | None, years: list[int]) -> str:
    """Why a year cannot be shown, and which can."""
    shown = (asked or "").strip()[:20]
    return (
        f"There is no year in review for “{shown}”. You can look back at {years_in_words(years)}."
    )


def empty_year(year: int, this_year: int) -> str:
    if year == this_year:
        return (
            f"Nothing to look back on in {year} yet: your year fills in as you study. "
            "Flip a few cards to start it."
        )
    return f"You did not study with {wording.APP_NAME} in {year}."


# --- The review ---------------------------------------------------------------------------


def year_review(account: Account, wrapped: dict, year: int) -> YearReview:
    activity = wrapped["activity"]
    whole = activity["entireYear"]
    streak = whole["longestStreak"]
    unit = wording.period_word(streak.get("frequency"))
    return YearReview(
        year=year,
        days_active=activity["daysActive"],
        weeks_active=activity["weeksActive"],
        months_active=activity["monthsActive"],
        most_active_day=_period(
            wording.long_date(date.fromisoformat(activity["mostActiveDay"]["date"])),
            activity["mostActiveDay"],
        ),
        most_active_week=_period(
            wording.run_in_words(
                date.fromisoformat(activity["mostActiveWeek"]["start"]),
                date.fromisoformat(activity["mostActiveWeek"]["end"]),
            ),
            activity["mostActiveWeek"],
        ),
        most_active_month=_period(
            f"{date(year, activity['mostActiveMonth']['month'] + 1, 1):%B}",
            activity["mostActiveMonth"],
        ),
        longest_streak=streak["length"],
        longest_streak_words=streak_in_words(streak, unit, year),
        totals=_totals(whole),
        badges=[_badge(a, account.tz) for a in whole["achievements"]],
        ranks=_ranks(whole["leaderboards"], unit),
    )


def _metric_word(key: str) -> str | None:
    """The study app's own metrics in its own words ("12 flips"); None for any other."""
    return {metric_key(): "flip", current_app.config["REVIEW_METRIC"]: "review"}.get(key)


def amount(value: float) -> str:
    """ "1,080"; "2.5" for a metric that is not counted in whole units."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def did_in_words(period: dict) -> str:
    """What the learner did in a period: "35 flips, 12 reviews and 60 XP" (what they did not
    do left out), or "Nothing counted"."""
    parts = []
    order = {metric_key(): 0, current_app.config["REVIEW_METRIC"]: 1}
    metrics = sorted(period["metrics"].items(), key=lambda item: (order.get(item[0], 2), item[0]))
    for key, metric in metrics:
        change = metric["changeThisPeriod"]
        if change:
            word = _metric_word(key)
            parts.append(
                f"{amount(change)} {word}{'' if change == 1 else 's'}"
                if word
                else f"{amount(change)} {metric['name'].lower()}"
            )
    for system in period["points"].values():
        if system["changeThisPeriod"]:
            parts.append(f"{amount(system['changeThisPeriod'])} {system['name']}")
    if not parts:
        return "Nothing counted"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _period(when: str, period: dict) -> Period:
    names = [a["name"] for a in period["achievements"] if a.get("name")]
    badges = None
    if names:
        word = "Badge" if len(names) == 1 else "Badges"
        badges = f"{word} earned: {', '.join(names)}"
    return Period(when, did_in_words(period), badges)


def _totals(whole: dict) -> dict:
    """The year's flips, reviews and XP, each "0" when there were none."""
    metrics, points = whole["metrics"], whole["points"]
    config = current_app.config

    def change(found: dict | None) -> str:
        return amount(found["changeThisPeriod"] if found else 0)

    return {
        "flips": change(metrics.get(metric_key())),
        "reviews": change(metrics.get(config["REVIEW_METRIC"])),
        "xp": change(points.get(points_key())),
    }


def _day_in_words(day: date, year: int) -> str:
    """ "Monday 3 March", with the year when it is not the review's ("... 2025")."""
    words = wording.long_date(day)
    return words if day.year == year else f"{words} {day.year}"


def streak_in_words(streak: dict, unit: str, year: int) -> str:
    """ "12 days, from Monday 3 March to Friday 14 March"; "No streak this year"."""
    if not streak["length"]:
        return "No streak this year"
    length = wording.counted(streak["length"], unit)
    if not streak.get("started") or not streak.get("periodEnd"):
        return length
    started = _day_in_words(date.fromisoformat(streak["started"]), year)
    ended = _day_in_words(date.fromisoformat(streak["periodEnd"]), year)
    return f"{length}, from {started} to {ended}"


def _badge(achievement: dict, tz: str | None) -> EarnedBadge:
    day = local_day(achievement.get("achievedAt"), tz)
    return EarnedBadge(
        name=achievement["name"],
        description=achievement.get("description"),
        badge_url=achievement.get("badgeUrl"),
        earned=f"Earned {wording.long_date(day)}" if day else "Earned",
    )


def _ranks(leaderboards: dict, unit: str) -> list[BestRank]:
    """The best rank on each board, best first: "#1 in Weekly XP, with 420 XP"."""
    ranks = [
        BestRank(board["rank"], board["name"], _board_value(board, unit))
        for board in leaderboards.values()
        if board.get("rank") is not None
    ]
    return sorted(ranks, key=lambda r: (r.rank, r.board))


def _board_value(board: dict, unit: str) -> str:
    value = board.get("value") or 0
    if board.get("rankBy") == "points":
        return f"{amount(value)} {board.get('pointsSystemName') or 'points'}"
    if board.get("rankBy") == "metric":
        return f"{amount(value)} {(board.get('metricName') or '').lower()}".strip()
    return f"a {int(value)}-{unit} streak"
