"""A learner's learning statistics for the Progress page, read straight from ReviewLog and
CardSchedule, by the learner's review day (app/study/review_day.py: it ends at 4 AM local).

- reviews per day: the grades of each of the last 30 review days, today's included (an
  undone grade does not count: its regrade does);
- retention ("true retention", as Anki's add-ons count it): of the grades of cards that were
  in the review state before the grade (learning and relearning steps left out), not undone,
  the share answered Hard, Good or Easy rather than Again;
- cards by state, over the decks the learner can see: new (no schedule yet), learning
  (learning or relearning), review (review state, stability up to 21 days) and mastered
  (stability over 21 days);
- the forecast: the cards due on each of the next 30 review days, today's including every
  card already overdue.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select

from app import clock
from app.accounts.models import Account
from app.extensions import db
from app.study.learning import visible_decks
from app.study.models import Card, CardSchedule, ReviewLog
from app.study.review_day import day_start, review_day

DAYS = 30
MASTERED_AFTER_DAYS = 21  # stability over this: mastered
REVIEW_STATE = 2
AGAIN = 1


@dataclass(frozen=True)
class DayCount:
    day: date
    reviews: int


@dataclass(frozen=True)
class LearningStats:
    reviews_per_day: list[DayCount]  # oldest first, DAYS of them, today last
    retained: int  # review-state grades answered Hard, Good or Easy
    retention_reviews: int  # review-state grades in all
    retention_per_day: list[float | None]  # percent per day of reviews_per_day, None: none
    states: dict[str, int]  # new, learning, review, mastered
    forecast: list[DayCount]  # today first, DAYS of them

    @property
    def retention(self) -> float | None:
        """The percent retained over the last DAYS review days, None without a review."""
        if not self.retention_reviews:
            return None
        return round(100 * self.retained / self.retention_reviews, 1)

    @property
    def has_reviews(self) -> bool:
        return any(self.states[key] for key in ("learning", "review", "mastered"))


def today(account: Account) -> date:
    return review_day(clock.now(), account.tz)


def reviews_per_day(account: Account, end: date) -> tuple[list[DayCount], list, int, int]:
    """The grades of each review day of the DAYS ending on `end`, and the retention per day
    and over them all."""
    first = end - timedelta(days=DAYS - 1)
    rows = db.session.execute(
        select(ReviewLog.reviewed_at, ReviewLog.rating, ReviewLog.before).where(
            ReviewLog.account_id == account.id,
            ReviewLog.undone_at.is_(None),
            ReviewLog.reviewed_at >= day_start(first, account.tz),
        )
    ).all()
    counts = dict.fromkeys((first + timedelta(days=n) for n in range(DAYS)), 0)
    kept = dict.fromkeys(counts, 0)
    asked = dict.fromkeys(counts, 0)
    for reviewed_at, rating, before in rows:
        day = review_day(reviewed_at, account.tz)
        if day not in counts:
            continue  # after today's review day (a clock set back)
        counts[day] += 1
        if before and before.get("state") == REVIEW_STATE:
            asked[day] += 1
            kept[day] += rating != AGAIN
    per_day = [DayCount(day, n) for day, n in counts.items()]
    retention = [round(100 * kept[d] / asked[d], 1) if asked[d] else None for d in counts]
    return per_day, retention, sum(kept.values()), sum(asked.values())


def card_states(account: Account) -> dict[str, int]:
    """The cards of the decks the learner can see, by where their memory of them stands."""
    deck_ids = [deck.id for deck in visible_decks(account)]
    scheduled = and_(CardSchedule.account_id == account.id, CardSchedule.card_id == Card.id)
    state = case(
        (CardSchedule.card_id.is_(None), "new"),
        (CardSchedule.state != REVIEW_STATE, "learning"),
        (CardSchedule.stability > MASTERED_AFTER_DAYS, "mastered"),
        else_="review",
    )
    rows = db.session.execute(
        select(state, func.count())
        .select_from(Card)
        .outerjoin(CardSchedule, scheduled)
        .where(Card.deck_id.in_(deck_ids))
        .group_by(state)
    ).all()
    states = dict.fromkeys(("new", "learning", "review", "mastered"), 0)
    states.update({key: count for key, count in rows})
    return states


def forecast(account: Account, start: date) -> list[DayCount]:
    """The cards due on each of the DAYS review days from `start` (overdue ones on `start`)."""
    last = start + timedelta(days=DAYS - 1)
    dues = db.session.scalars(
        select(CardSchedule.due).where(
            CardSchedule.account_id == account.id,
            CardSchedule.due < day_start(last + timedelta(days=1), account.tz),
        )
    ).all()
    counts = dict.fromkeys((start + timedelta(days=n) for n in range(DAYS)), 0)
    for due in dues:
        counts[max(review_day(due, account.tz), start)] += 1
    return [DayCount(day, n) for day, n in counts.items()]


def learning_stats(account: Account) -> LearningStats:
    day = today(account)
    per_day, retention, retained, asked = reviews_per_day(account, day)
    return LearningStats(
        reviews_per_day=per_day,
        retained=retained,
        retention_reviews=asked,
        retention_per_day=retention,
        states=card_states(account),
        forecast=forecast(account, day),
    )


def chart_data(stats: LearningStats) -> dict:
    """What static/js/learning-charts.js draws, as JSON for a data- attribute."""
    return {
        "days": [d.day.isoformat() for d in stats.reviews_per_day],
        "reviews": [d.reviews for d in stats.reviews_per_day],
        "retention": stats.retention_per_day,
        "forecastDays": [d.day.isoformat() for d in stats.forecast],
        "forecast": [d.reviews for d in stats.forecast],
    }
