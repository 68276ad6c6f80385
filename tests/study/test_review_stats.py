"""The learning statistics (app/study/review_stats.py) and the Progress page's Learning
section, from schedules and review logs written here."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.study import review_stats
from app.study.models import CardSchedule, ReviewLog

# Left out of the calendar sweep (.ci/run): every date here is written out.
pytestmark = pytest.mark.calendar_free

# Kiritimati is UTC+14: 12:00 UTC on 10 January is 02:00 on the 11th there, still the 10th's
# review day, which ran from 14:00 UTC on the 9th.
NOW = "2027-01-10T12:00:00Z"
TZ = "Pacific/Kiritimati"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def ana() -> Account:
    return db.session.scalar(select(Account).where(Account.email == "ana@example.com"))


def schedule(account, card_id, deck_id, state, stability, due):
    db.session.add(
        CardSchedule(
            account_id=account.id,
            card_id=card_id,
            deck_id=deck_id,
            state=state,
            stability=stability,
            difficulty=5.0,
            due=utc(due),
            reviews=1,
        )
    )


def log(account, card_id, deck_id, at, rating, before_state, undone=False):
    db.session.add(
        ReviewLog(
            account_id=account.id,
            deck_id=deck_id,
            card_id=card_id,
            review_number=1,
            rating=rating,
            reviewed_at=utc(at),
            was_new=before_state is None,
            before=None if before_state is None else {"state": before_state},
            undone_at=utc(at) + timedelta(seconds=5) if undone else None,
        )
    )


@pytest.fixture
def history(app, clock, learner, capitals):
    clock.set(NOW)
    with app.app_context():
        account = ana()
        account.tz = TZ
        deck, cards = capitals.id, capitals.card_ids
        # Overdue (03:30 on the 10th local is the 9th's review day): counted today.
        schedule(account, cards[0], deck, 2, 5.0, "2027-01-09T13:30:00")
        # 04:30 on the 10th local: today.
        schedule(account, cards[1], deck, 2, 30.0, "2027-01-09T14:30:00")
        # 04:00 on the 11th local: tomorrow's review day, to the second.
        schedule(account, cards[2], deck, 1, 1.0, "2027-01-10T14:00:00")
        # Relearning, due after the forecast's 30 days.
        schedule(account, cards[3], deck, 3, 2.0, "2027-03-01T10:00:00")
        # 03:59 on the 10th local: the 9th's review day; remembered.
        log(account, cards[0], deck, "2027-01-09T13:59:00", 3, 2)
        # 04:00 on the 10th local: today's; forgotten (Again).
        log(account, cards[1], deck, "2027-01-09T14:00:00", 1, 2)
        # A new card's first grade: a review, not in the retention.
        log(account, cards[2], deck, "2027-01-09T15:00:00", 3, None)
        # Undone: neither a review nor in the retention.
        log(account, cards[3], deck, "2027-01-09T16:00:00", 4, 2, undone=True)
        # Before the 30 days.
        log(account, cards[3], deck, "2026-12-01T16:00:00", 2, 2)
        db.session.commit()
    return app


def test_the_statistics_count_by_the_learners_review_day(history):
    with history.app_context():
        stats = review_stats.learning_stats(ana())

    days = {d.day: d.reviews for d in stats.reviews_per_day if d.reviews}
    assert len(stats.reviews_per_day) == 30
    assert stats.reviews_per_day[-1].day == date(2027, 1, 10)
    assert days == {date(2027, 1, 9): 1, date(2027, 1, 10): 2}
    assert (stats.retained, stats.retention_reviews, stats.retention) == (1, 2, 50.0)
    assert stats.retention_per_day[-2:] == [100.0, 0.0]
    assert stats.retention_per_day[:-2] == [None] * 28
    # 85 cards in the three shared decks, four of them scheduled.
    assert stats.states == {"new": 81, "learning": 2, "review": 1, "mastered": 1}
    assert stats.forecast[0].day == date(2027, 1, 10)
    assert [d.reviews for d in stats.forecast] == [2, 1] + [0] * 28


def test_the_progress_page_shows_the_learning_numbers_and_charts(history, learner, client):
    learner.login()  # again: the clock moved past the first login's session
    page = client.get("/progress/").text

    assert '<strong data-testid="retention">50.0%</strong>' in page
    assert '<strong data-testid="reviews-30-days">3</strong>' in page
    assert '<strong data-testid="forecast-total">3</strong>' in page
    assert '<span data-testid="state-new">81</span>' in page
    assert '<span data-testid="state-mastered">1</span>' in page
    assert 'data-testid="retention-chart"' in page
    assert 'data-testid="forecast-chart"' in page
    assert "learning-empty" not in page


def test_before_any_review_the_learning_section_says_so(app, learner, client):
    page = client.get("/progress/").text

    assert 'data-testid="learning-empty"' in page
    assert "(85 cards to learn)" in page
    assert 'data-testid="retention-chart"' not in page
