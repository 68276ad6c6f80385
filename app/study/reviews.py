"""Spaced repetition: each learner's FSRS schedule per card, the review queue, daily limits,
grading and undo. Views call these; nothing here reads the request or renders.

The queue of a learner's deck, at the clock's now:
1. learning and relearning cards that are due (due <= now), earliest first;
2. review cards due before today's review day ends (4 AM local, app/study/review_day.py),
   earliest first, as many as the deck's daily review limit leaves;
3. new cards (no CardSchedule row for this learner), in deck order, as many as the daily new
   limit leaves.
A learning card due in 10 minutes is not shown early: when nothing else is left the page says
when the next card is due (`next_due`).

A grade is one transaction (the new CardSchedule and a ReviewLog row), then one XP event of
REVIEW_METRIC whose idempotency key is the card and its review number: a grade sent twice, or
a regrade after an undo, is the same review number again, so the XP service replays the event
and it counts once. A grade names the review number it was shown for; when the schedule has
moved past it (another tab graded the card), the grade is refused with AlreadyGraded.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from fsrs import Rating, State
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from app import clock, wording
from app.accounts.models import Account
from app.extensions import db
from app.study.fsrs_cards import as_json, fields, from_json, fsrs_card, scheduler, utc
from app.study.learning import FlipResult, event_result
from app.study.models import Card, CardSchedule, Deck, DeckReviewLimits, ReviewLog
from app.study.review_day import day_end, day_start, review_day
from app.xp.client import xp_client
from app.xp.errors import XpUnavailable

DEFAULT_NEW_PER_DAY = 20
DEFAULT_REVIEWS_PER_DAY = 200
LIMIT_MAX = 9999
# The grade buttons, in order: the name the page posts, the FSRS rating, the label.
GRADES = {
    "again": (Rating.Again, "Again"),
    "hard": (Rating.Hard, "Hard"),
    "good": (Rating.Good, "Good"),
    "easy": (Rating.Easy, "Easy"),
}
LEARNING_STATES = (State.Learning.value, State.Relearning.value)


class AlreadyGraded(Exception):
    """The grade is for a review number the card has already had (another tab, a resend)."""


def metric_key() -> str:
    return current_app.config["REVIEW_METRIC"]


# --- Limits and the day -----------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY


def limits(account: Account, deck_ids: list[int]) -> dict[int, Limits]:
    """Each deck's daily limits for this learner (the defaults without a row)."""
    rows = db.session.scalars(
        select(DeckReviewLimits).where(
            DeckReviewLimits.account_id == account.id, DeckReviewLimits.deck_id.in_(deck_ids)
        )
    )
    found = {row.deck_id: Limits(row.new_per_day, row.reviews_per_day) for row in rows}
    return {deck_id: found.get(deck_id, Limits()) for deck_id in deck_ids}


def set_limits(account: Account, deck: Deck, new_per_day: int, reviews_per_day: int) -> None:
    """Keep a learner's limits for a deck; each must be 0 to LIMIT_MAX (ValueError)."""
    for value in (new_per_day, reviews_per_day):
        if not 0 <= value <= LIMIT_MAX:
            raise ValueError(f"A daily limit is a whole number from 0 to {LIMIT_MAX}.")
    row = db.session.get(DeckReviewLimits, (account.id, deck.id))
    if row is None:
        row = DeckReviewLimits(account_id=account.id, deck_id=deck.id)
        db.session.add(row)
    row.new_per_day, row.reviews_per_day = new_per_day, reviews_per_day
    db.session.commit()


def today_bounds(account: Account) -> tuple[datetime, datetime]:
    """When the learner's current review day began and when it ends (aware UTC)."""
    day = review_day(clock.now(), account.tz)
    return day_start(day, account.tz), day_end(day, account.tz)


def done_today(account: Account, deck_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(new cards graded, review cards graded) today per deck, undone grades left out. A review
    is a grade of a card that was in the review state; learning steps count against no limit."""
    start, _ = today_bounds(account)
    done = {deck_id: [0, 0] for deck_id in deck_ids}
    rows = db.session.execute(
        select(ReviewLog.deck_id, ReviewLog.was_new, ReviewLog.before).where(
            ReviewLog.account_id == account.id,
            ReviewLog.deck_id.in_(deck_ids),
            ReviewLog.reviewed_at >= start,
            ReviewLog.undone_at.is_(None),
        )
    )
    for deck_id, was_new, before in rows:
        if was_new:
            done[deck_id][0] += 1
        elif before and before.get("state") == State.Review.value:
            done[deck_id][1] += 1
    return {deck_id: (new, reviews) for deck_id, (new, reviews) in done.items()}


# --- What is due ------------------------------------------------------------------------


def counts(account: Account, deck_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """{deck_id: (new, learning, due)}: what the learner has left to review today, per deck,
    as the deck list, the deck page and the home page show it.

    - new: cards the learner has never graded, at most what the deck's daily new limit
      leaves after today's graded new cards;
    - learning: learning and relearning cards due before today's review day ends (4 AM local),
      not limited (some are due later today, so fewer may be in the queue right now);
    - due: review cards due before today's review day ends, at most what the deck's daily
      review limit leaves after today's reviews.
    "Today" is the learner's review day at the clock's now, in Account.tz (UTC when unset).
    Undone grades do not count. Every deck in `deck_ids` gets a triple (zeros for none); the
    decks should be ones the learner can see. Five queries, whatever the number of decks.
    """
    if not deck_ids:
        return {}
    _, end = today_bounds(account)
    deck_limits = limits(account, deck_ids)
    done = done_today(account, deck_ids)
    totals = dict(
        db.session.execute(
            select(Card.deck_id, func.count(Card.id))
            .where(Card.deck_id.in_(deck_ids))
            .group_by(Card.deck_id)
        ).all()
    )
    scheduled = {deck_id: [0, 0, 0] for deck_id in deck_ids}  # every row, learning, review
    due_today = CardSchedule.due < end
    learning_today = CardSchedule.state.in_(LEARNING_STATES) & due_today
    review_today = (CardSchedule.state == State.Review.value) & due_today
    rows = db.session.execute(
        select(
            CardSchedule.deck_id,
            func.count(),
            func.sum(case((learning_today, 1), else_=0)),
            func.sum(case((review_today, 1), else_=0)),
        )
        .where(CardSchedule.account_id == account.id, CardSchedule.deck_id.in_(deck_ids))
        .group_by(CardSchedule.deck_id)
    )
    for deck_id, rows_count, learning, review in rows:
        scheduled[deck_id] = [rows_count, int(learning or 0), int(review or 0)]
    result = {}
    for deck_id in deck_ids:
        rows_count, learning, review = scheduled[deck_id]
        new_left = max(0, deck_limits[deck_id].new_per_day - done[deck_id][0])
        reviews_left = max(0, deck_limits[deck_id].reviews_per_day - done[deck_id][1])
        unseen = max(0, totals.get(deck_id, 0) - rows_count)
        result[deck_id] = (min(unseen, new_left), learning, min(review, reviews_left))
    return result


@dataclass(frozen=True)
class QueueItem:
    card: Card
    schedule: CardSchedule | None  # None: a new card

    @property
    def review_number(self) -> int:
        """The number the card's next grade will have."""
        return (self.schedule.reviews if self.schedule else 0) + 1


def queue(account: Account, deck: Deck) -> list[QueueItem]:
    """The cards to review now, in order (the module's docstring says which)."""
    now = clock.now()
    _, end = today_bounds(account)
    deck_limits = limits(account, [deck.id])[deck.id]
    new_done, reviews_done = done_today(account, [deck.id])[deck.id]
    mine = (CardSchedule.account_id == account.id) & (CardSchedule.deck_id == deck.id)
    learning = db.session.execute(
        select(CardSchedule, Card)
        .join(Card, Card.id == CardSchedule.card_id)
        .where(mine, CardSchedule.state.in_(LEARNING_STATES), CardSchedule.due <= now)
        .order_by(CardSchedule.due, Card.id)
    ).all()
    reviews_left = max(0, deck_limits.reviews_per_day - reviews_done)
    reviews = db.session.execute(
        select(CardSchedule, Card)
        .join(Card, Card.id == CardSchedule.card_id)
        .where(mine, CardSchedule.state == State.Review.value, CardSchedule.due < end)
        .order_by(CardSchedule.due, Card.id)
        .limit(reviews_left)
    ).all()
    new_left = max(0, deck_limits.new_per_day - new_done)
    scheduled = select(CardSchedule.card_id).where(mine)
    new = db.session.scalars(
        select(Card)
        .where(Card.deck_id == deck.id, Card.id.not_in(scheduled))
        .order_by(Card.position, Card.id)
        .limit(new_left)
    ).all()
    return [
        *(QueueItem(card, schedule) for schedule, card in learning),
        *(QueueItem(card, schedule) for schedule, card in reviews),
        *(QueueItem(card, None) for card in new),
    ]


def next_card(account: Account, deck: Deck) -> QueueItem | None:
    found = queue(account, deck)
    return found[0] if found else None


def next_due(account: Account, deck: Deck) -> datetime | None:
    """When the queue, empty now, next has a card: the earliest scheduled due time, or when
    today's review day ends if only the daily limits hold cards back. None: nothing ever."""
    now = clock.now()
    _, end = today_bounds(account)
    mine = (CardSchedule.account_id == account.id) & (CardSchedule.deck_id == deck.id)
    candidates = []
    earliest = db.session.scalar(select(func.min(CardSchedule.due)).where(mine))
    if earliest is not None:
        earliest = utc(earliest)
        candidates.append(end if earliest <= now else earliest)
    total = db.session.scalar(select(func.count(Card.id)).where(Card.deck_id == deck.id))
    scheduled = db.session.scalar(select(func.count()).where(mine))
    if total > scheduled:
        candidates.append(end)
    return min(candidates) if candidates else None


def preview(account: Account, item: QueueItem) -> dict[str, str]:
    """Each grade's next interval in words ({"again": "1 min", ..., "easy": "15 days"}),
    computed by the scheduler on a copy of the card; nothing is saved."""
    now = utc(clock.now())
    card = fsrs_card(item.card.id, item.schedule, now)
    found = {}
    for name, (rating, _) in GRADES.items():
        after, _ = scheduler().review_card(card, rating, review_datetime=now)
        found[name] = wording.review_interval(after.due - now)
    return found


# --- Grading and undo -------------------------------------------------------------------


@dataclass(frozen=True)
class GradeResult:
    log: ReviewLog
    xp: FlipResult  # the XP event's news, as flips have it (app/study/flip_news.py)


def grade(
    account: Account, card: Card, rating: Rating, review_number: int, duration_ms: int | None
) -> GradeResult:
    """Grade `card` for its review number `review_number`: the new schedule and a log row in
    one transaction, then one XP event (see the module's docstring). AlreadyGraded when the
    card's schedule has moved past that number; ValueError for a number beyond the next.
    XP unavailable: the grade still counts for the schedule (GradeResult.xp says so)."""
    db.session.commit()  # a fresh transaction, as in record_flip
    schedule = db.session.scalar(
        select(CardSchedule)
        .where(CardSchedule.account_id == account.id, CardSchedule.card_id == card.id)
        .with_for_update()
    )
    current = schedule.reviews if schedule else 0
    if review_number <= current:
        db.session.rollback()
        raise AlreadyGraded()
    if review_number != current + 1:
        db.session.rollback()
        raise ValueError("That review number is not the card's next review.")
    now = utc(clock.now())
    before = fsrs_card(card.id, schedule, now)
    after, _ = scheduler().review_card(
        before, rating, review_datetime=now, review_duration=duration_ms
    )
    log = ReviewLog(
        account_id=account.id,
        deck_id=card.deck_id,
        card_id=card.id,
        review_number=review_number,
        rating=rating.value,
        reviewed_at=now,
        duration_ms=duration_ms,
        was_new=schedule is None,
        before=as_json(schedule) if schedule else None,
    )
    if schedule is None:
        schedule = CardSchedule(account_id=account.id, card_id=card.id, deck_id=card.deck_id)
        db.session.add(schedule)
    for name, value in fields(after).items():
        setattr(schedule, name, value)
    schedule.reviews = review_number
    db.session.add(log)
    try:
        db.session.commit()
    except IntegrityError:  # another tab's first grade of this new card won
        db.session.rollback()
        raise AlreadyGraded() from None
    key = f"review-{card.id}-{review_number}"
    try:
        response = xp_client().record_event(metric_key(), account.xp_user(), 1, key)
    except XpUnavailable:
        unavailable = FlipResult(points={}, xp_total=None, replayed=False, xp_unavailable=True)
        return GradeResult(log, unavailable)
    return GradeResult(log, event_result(response))


def undo(account: Account, deck: Deck) -> ReviewLog | None:
    """Take back the learner's last grade in this deck made today and not undone: the log row is
    marked undone, the schedule goes back to `before` (a new card's is deleted) and its
    review counter back one, so the regrade has the same number and its XP event replays.
    None when there is nothing to undo."""
    db.session.commit()
    log = db.session.scalar(_last_grade_today(account, deck).with_for_update())
    if log is None:
        return None
    schedule = db.session.get(CardSchedule, (account.id, log.card_id))
    if schedule is not None:
        if log.before is None:
            db.session.delete(schedule)
        else:
            for name, value in from_json(log.before).items():
                setattr(schedule, name, value)
            schedule.reviews = log.review_number - 1
    log.undone_at = clock.now()
    db.session.commit()
    return log


def undoable(account: Account, deck: Deck) -> bool:
    return db.session.scalar(_last_grade_today(account, deck)) is not None


def _last_grade_today(account: Account, deck: Deck):
    """The learner's latest grade in this deck that is not undone, if made in the current
    review day: undo takes back today's grades, newest first, never yesterday's (a learner
    opening the deck in the morning is not offered last night's last grade)."""
    day_began, _ = today_bounds(account)
    return (
        select(ReviewLog)
        .where(
            ReviewLog.account_id == account.id,
            ReviewLog.deck_id == deck.id,
            ReviewLog.undone_at.is_(None),
            ReviewLog.reviewed_at >= day_began,
        )
        .order_by(ReviewLog.id.desc())
        .limit(1)
    )


def rating_named(name: str) -> Rating | None:
    grade_ = GRADES.get(name)
    return grade_[0] if grade_ else None


def due_in_words(account: Account, due: datetime) -> str:
    """When a card is due, in the learner's words and time zone: "in 10 minutes"."""
    tz = ZoneInfo(account.tz or "UTC")
    return wording.due_when(utc(due).astimezone(tz), clock.now().astimezone(tz))
