"""The study app's domain: flips, deck progress and the learner's XP, read through XpClient.

Views call these; nothing here reads the request or renders.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from app import clock, wording
from app.accounts.models import Account
from app.extensions import db, insert_or_ignore
from app.study import flip_credits, xp_reads
from app.study.models import Card, CardFlip, Deck
from app.timezones import is_time_zone
from app.xp.client import xp_client
from app.xp.errors import NotFound, XpError, XpUnavailable

CHART_RANGES = {"7d": "Last 7 days", "30d": "Last 30 days", "12m": "Last 12 months"}
CHART_AGGREGATIONS = {"daily": "Daily", "weekly": "Weekly", "monthly": "Monthly"}
HISTORY_LENGTH = 10
# Flips made while the XP service is down are saved (CardFlip) but not replayed to it later.
XP_UNAVAILABLE = (
    "XP is unavailable right now. Your flips are saved to your deck progress "
    "but earn no XP until it is back."
)
# The header's XP total when the XP service does not answer.
UNKNOWN_TOTAL = "–"


def metric_key() -> str:
    return current_app.config["STUDY_METRIC"]


def points_key() -> str:
    return current_app.config["STUDY_POINTS_SYSTEM"]


def remember_time_zone(account: Account, tz: str | None) -> None:
    """Keep the browser's IANA time zone on the account; anything else is ignored."""
    if tz and is_time_zone(tz) and account.tz != tz:
        account.tz = tz
        db.session.commit()


@dataclass(frozen=True)
class NotCounted:
    """A flip of a card whose last counted flip is too recent (app/study/flip_credits.py)."""

    card_id: int
    window: timedelta  # FLIP_REPEAT_MINUTES
    counts_again_in: timedelta


@dataclass(frozen=True)
class FlipResult:
    points: dict  # EventResponse.points: the systems this flip changed
    xp_total: int | None  # the learner's XP total when this flip changed it
    replayed: bool
    xp_unavailable: bool = False  # saved as a flip, but the XP service did not take it
    achievements: tuple[dict, ...] = ()  # UserAchievementResponse: completed by this flip
    streak: dict | None = None  # EventResponse.currentStreak; None for a replay
    leaderboards: dict = field(default_factory=dict)  # EventResponse.leaderboards it moved
    not_counted: NotCounted | None = None  # no XP event and no flip row: the card counted lately


def record_flip(account: Account, card: Card, idempotency_key: str) -> FlipResult:
    """Count one flip of `card` to its back: an XP event, then the flip row for progress.

    A card counts at most once per learner in FLIP_REPEAT_MINUTES: the flip first claims the
    card's credit (app/study/flip_credits.py), and a flip that cannot is not counted (no XP
    event, no flip row; deck progress counts distinct cards, which the counted flip covers).
    The XP event goes next, with the browser's key: if anything after it fails, the
    browser's retry (same key, so the claim holds for it) replays the event instead of paying
    twice. If the XP service refuses the event or is unavailable, the claim is given back;
    when it is unavailable the flip still counts for deck progress.
    """
    # End the request's read transaction first: on SQLite, writing later from a snapshot
    # older than the XP event's commit would fail with "database is locked".
    db.session.commit()
    claim = flip_credits.claim(account.id, card.id, idempotency_key)
    if not claim.counted:
        window = flip_credits.repeat_window()
        not_counted = NotCounted(card.id, window, claim.counts_again_in)
        return FlipResult(points={}, xp_total=None, replayed=False, not_counted=not_counted)
    try:
        response = xp_client().record_event(
            metric_key(), account.xp_user(), 1, idempotency_key=idempotency_key
        )
    except XpError as error:
        flip_credits.release(account.id, card.id, idempotency_key)
        if not isinstance(error, XpUnavailable):
            raise
        response = None
    insert_or_ignore(
        db.session,
        CardFlip,
        {
            "account_id": account.id,
            "deck_id": card.deck_id,
            "card_id": card.id,
            "idempotency_key": idempotency_key,
            "flipped_at": clock.now(),
        },
        ["account_id", "idempotency_key"],
    )
    db.session.commit()
    if response is None:
        return FlipResult(points={}, xp_total=None, replayed=False, xp_unavailable=True)
    return event_result(response)


def event_result(response: dict) -> FlipResult:
    """An XP event's news (a flip's, a review's) from its EventResponse."""
    if response.get("idempotentReplayed"):
        return FlipResult(points={}, xp_total=None, replayed=True)
    xp = response["points"].get(points_key())
    return FlipResult(
        points=response["points"],
        xp_total=xp["total"] if xp else None,
        replayed=False,
        achievements=tuple(response["achievements"]),
        streak=response["currentStreak"],
        leaderboards=response.get("leaderboards") or {},
    )


def cards_flipped(account: Account, deck_ids: list[int]) -> dict[int, int]:
    """Distinct cards this learner has flipped, per deck."""
    if not deck_ids:
        return {}
    rows = db.session.execute(
        select(CardFlip.deck_id, func.count(func.distinct(CardFlip.card_id)))
        .where(CardFlip.account_id == account.id, CardFlip.deck_id.in_(deck_ids))
        .group_by(CardFlip.deck_id)
    )
    return {deck_id: count for deck_id, count in rows}


def card_counts(deck_ids: list[int]) -> dict[int, int]:
    if not deck_ids:
        return {}
    rows = db.session.execute(
        select(Card.deck_id, func.count(Card.id))
        .where(Card.deck_id.in_(deck_ids))
        .group_by(Card.deck_id)
    )
    return {deck_id: count for deck_id, count in rows}


def visible_decks(account: Account) -> list[Deck]:
    """Shared decks first, then the learner's own, each by title."""
    return db.session.scalars(
        select(Deck)
        .where((Deck.owner_id.is_(None)) | (Deck.owner_id == account.id))
        .order_by(Deck.owner_id.is_not(None), Deck.title, Deck.id)
    ).all()


class HeaderXp:
    """The header's XP total and level name, read on first use (xp_reads.user_points, which
    the panel shares), so the fragments
    htmx swaps in, which render no header, never ask for them.

    The total is 0 before the first event and UNKNOWN_TOTAL while XP is unavailable. The
    level is None then too (the XP service knows the learner from their first event on),
    and when the points system has no levels.
    """

    def __init__(self, account: Account):
        self.account = account

    @cached_property
    def _shown(self) -> tuple[int | str, str | None]:
        try:
            points = xp_reads.user_points(self.account, points_key())
        except XpUnavailable:
            return UNKNOWN_TOTAL, None
        if not points:
            return 0, None
        return points["total"], (points["level"] or {}).get("name")

    @property
    def total(self) -> int | str:
        return self._shown[0]

    @property
    def level(self) -> str | None:
        return self._shown[1]


@dataclass(frozen=True)
class LevelProgress:
    current: str | None  # None below the first level
    next: str | None  # None at the top level
    next_points: int | None
    to_go: int  # points still needed for `next`; 0 at the top
    percent: int  # of the way from the current level's points to the next's

    @property
    def label(self) -> list[tuple[str, str | None]]:
        """The bar's label as (text, part) pairs, a part naming its element (level-<part>):
        "Novice → Apprentice at 100 XP: 60 XP to go", "Master: the top level". The panel
        renders them, and so does the browser from a flip's news."""
        if self.next is None:
            return [(self.current or "", "current"), (": the top level", None)]
        return [
            (self.current or "No level yet", "current"),
            (" → ", None),
            (self.next, "next"),
            (" at ", None),
            (f"{self.next_points:,}", "next-points"),
            (" XP: ", None),
            (f"{self.to_go:,} XP to go", "to-go"),
        ]


def level_progress(levels: list[dict], total: int) -> LevelProgress | None:
    """Where `total` stands between the levels (PointsLevels, lowest first); None without."""
    if not levels:
        return None
    reached = [lv for lv in levels if lv["points"] <= total]
    ahead = [lv for lv in levels if lv["points"] > total]
    current = reached[-1] if reached else None
    upcoming = ahead[0] if ahead else None
    if upcoming is None:
        return LevelProgress(current["name"], None, None, 0, 100)
    floor = current["points"] if current else 0
    span = upcoming["points"] - floor
    percent = min(99, (total - floor) * 100 // span) if span > 0 else 0
    return LevelProgress(
        current["name"] if current else None,
        upcoming["name"],
        upcoming["points"],
        upcoming["points"] - total,
        max(0, percent),
    )


@dataclass(frozen=True)
class HistoryItem:
    """An award as the panel's history shows it: the page and a flip's news (flip_news.py)
    both show these texts."""

    iso: str  # its time in ISO 8601, in the learner's time zone (for <time datetime>)
    when: str  # "6 Dec 2026, 14:05"
    points: str  # "+10 XP"
    total: str  # "total 30"
    reason: str  # "for 5 flashcards flipped"


def history_item(award: dict, tz: ZoneInfo, unit: str) -> HistoryItem:
    """A PointsAward in the history, dated in `tz`; `unit` is the streak's period."""
    when = datetime.fromisoformat(award["date"].replace("Z", "+00:00")).astimezone(tz)
    return HistoryItem(
        iso=when.isoformat(),
        when=f"{wording.short_date(when.date())}, {when:%H:%M}",
        points=f"{award['awarded']:+d} XP",
        total=f"total {award['total']}",
        reason=wording.award_reason(award["trigger"], unit),
    )


def award_history(account: Account, points: dict | None) -> list[HistoryItem]:
    """The most recent awards, newest first, dated in the learner's time zone."""
    if not points:
        return []
    tz = ZoneInfo(account.tz or "UTC")
    return [history_item(a, tz, streak_unit_for(account, a["trigger"])) for a in points["awards"]]


def streak_unit_for(account: Account, *triggers: dict) -> str:
    """The streak's period ("day", "week", "month") when one of `triggers` is a streak
    trigger, whose words need it; "day" otherwise, without asking the XP service."""
    if any(t.get("type") == "streak" for t in triggers):
        return wording.period_word(xp_reads.learner_streak(account)["frequency"])
    return "day"


def learner_today(account: Account) -> date:
    return clock.today_in(account.tz)


def chart_range(range_key: str, today: date) -> tuple[date, date]:
    """The dates a chart range covers, ending today in the learner's time zone."""
    if range_key == "7d":
        return today - timedelta(days=6), today
    if range_key == "12m":
        month = today.replace(day=1)
        for _ in range(11):
            month = (month - timedelta(days=1)).replace(day=1)
        return month, today
    return today - timedelta(days=29), today


def chart_series(account: Account, aggregation: str, range_key: str) -> dict:
    """Chart-ready XP over time from the XP service's event summary (or XpUnavailable)."""
    start, end = chart_range(range_key, learner_today(account))
    try:
        rows = xp_client().points_event_summary(
            account.xp_user_id, points_key(), aggregation, start, end
        )
    except NotFound:  # no XP event yet: an empty chart
        rows = []
    return {
        "aggregation": aggregation,
        "range": range_key,
        "labels": [row["date"] for row in rows],
        "totals": [row["total"] for row in rows],
        "changes": [row["change"] for row in rows],
    }


def earning_rules(account: Account) -> list[str] | None:
    """How to earn XP, from the points system's active triggers of every type (app.wording).

    None when the XP service is unavailable.
    """
    try:
        system = xp_reads.points_system(points_key())
    except NotFound:
        return []
    except XpUnavailable:
        return None
    unit = streak_unit_for(account, *system["triggers"])
    return wording.earn_rules(system["triggers"], system["name"], unit)


def panel_context(account: Account, compact: bool) -> dict:
    """What the XP panel and chart templates show: total, latest awards, chart choices.

    `xp_unavailable` is the message to show when the XP service did not answer, else None.
    """
    try:
        points = xp_reads.user_points(account, points_key(), awards=HISTORY_LENGTH)
        levels = xp_reads.levels(points_key())
    except XpUnavailable:
        points, levels, unavailable = None, [], XP_UNAVAILABLE
    else:
        unavailable = None
    history = award_history(account, points)
    # Asked for only when there is nothing to show: how to earn the first award.
    no_awards = None if history or unavailable else wording.no_awards_yet(earning_rules(account))
    return {
        "xp_total": points["total"] if points else (UNKNOWN_TOTAL if unavailable else 0),
        "level_progress": level_progress(levels, points["total"] if points else 0),
        "xp_unavailable": unavailable,
        "history": history,
        "history_length": HISTORY_LENGTH,
        "no_awards": no_awards,
        "compact": compact,
        "aggregations": CHART_AGGREGATIONS,
        "ranges": CHART_RANGES,
    }
