"""The study app's domain: flips, deck progress and the learner's XP, read through XpClient.

Views call these; nothing here reads the request or renders.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, g
from sqlalchemy import func, select

from app import clock, wording
from app.accounts.models import Account
from app.extensions import db, insert_or_ignore
from app.study import flip_credits
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


def xp_points(account: Account, awards: int = 1) -> dict | None:
    """The learner's GetUserPointsResponse, or None before their first event."""
    try:
        return xp_client().user_points(account.xp_user_id, points_key(), awards=awards)
    except NotFound:
        return None


def xp_header(account: Account) -> tuple[int | str, str | None]:
    """The header's XP total and level name, from one call to the XP service.

    The total is 0 before the first event and UNKNOWN_TOTAL while XP is unavailable. The
    level is None then too (the XP service knows the learner from their first event on),
    and when the points system has no levels.
    """
    try:
        points = xp_points(account)
    except XpUnavailable:
        return UNKNOWN_TOTAL, None
    if not points:
        return 0, None
    return points["total"], (points["level"] or {}).get("name")


@dataclass(frozen=True)
class LevelProgress:
    current: str | None  # None below the first level
    next: str | None  # None at the top level
    next_points: int | None
    to_go: int  # points still needed for `next`; 0 at the top
    percent: int  # of the way from the current level's points to the next's


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
    when: datetime  # in the learner's time zone
    points: int
    total: int
    reason: str


def award_history(account: Account, points: dict | None) -> list[HistoryItem]:
    """The most recent awards, newest first, dated in the learner's time zone."""
    if not points:
        return []
    tz = ZoneInfo(account.tz or "UTC")
    return [
        HistoryItem(
            when=datetime.fromisoformat(a["date"].replace("Z", "+00:00")).astimezone(tz),
            points=a["awarded"],
            total=a["total"],
            reason=wording.award_reason(a["trigger"], streak_unit_for(account, a["trigger"])),
        )
        for a in points["awards"]
    ]


def learner_streak(account: Account) -> dict:
    """The learner's streak length and frequency, asked once per request (the header shows
    it, and a streak trigger is worded in its period); `{length: 0, frequency: "daily"}`
    before the first event or while XP is unavailable."""
    cached = g.get("learner_streak")
    if cached is None or cached[0] != account.id:
        try:
            streak = xp_client().user_streak(account.xp_user_id, history_periods=1)
            found = {"length": streak["length"], "frequency": streak["frequency"]}
        except (NotFound, XpUnavailable):
            found = {"length": 0, "frequency": "daily"}
        g.learner_streak = cached = (account.id, found)
    return cached[1]


def streak_unit_for(account: Account, *triggers: dict) -> str:
    """The streak's period ("day", "week", "month") when one of `triggers` is a streak
    trigger, whose words need it; "day" otherwise, without asking the XP service."""
    if any(t.get("type") == "streak" for t in triggers):
        return wording.period_word(learner_streak(account)["frequency"])
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
        system = xp_client().points_system(points_key())
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
        points = xp_points(account, awards=HISTORY_LENGTH)
        levels = xp_client().points_levels(points_key())
    except XpUnavailable:
        points, levels, unavailable = None, [], XP_UNAVAILABLE
    except NotFound:  # no such points system: no levels either
        levels, unavailable = [], None
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
        "no_awards": no_awards,
        "compact": compact,
        "aggregations": CHART_AGGREGATIONS,
        "ranges": CHART_RANGES,
    }
