"""The review mode's domain (app/study/reviews.py): FSRS scheduling, the queue, daily limits,
the 4 AM review day, undo, two tabs, and the one XP event per graded review."""

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.study import reviews
from app.study.models import Card, CardSchedule, Deck, ReviewLog
from app.xp.client.in_process import InProcessXpClient
from app.xp.errors import XpUnavailable
from app.xp.models.metrics import Metric, MetricEvent
from tests.support.clock import wall

# Every instant here is written out (and ahead of any --clock of the calendar sweep).
pytestmark = pytest.mark.calendar_free

START = datetime(2031, 3, 10, 12, 0, tzinfo=UTC)


class CountingXp(InProcessXpClient):
    """The in-process XP service, counting record_event calls."""

    def __init__(self):
        self.events = []

    def record_event(self, metric_key, user, value, idempotency_key=None):
        self.events.append(idempotency_key)
        return super().record_event(metric_key, user, value, idempotency_key=idempotency_key)


class DownXp(InProcessXpClient):
    def record_event(self, *args, **kwargs):
        raise XpUnavailable("down")


@pytest.fixture
def ctx(app, learner, clock):
    """Ana in an app context at START, the scheduler without fuzzing."""
    app.config["REVIEW_FUZZING"] = False
    clock.set(START)
    with app.app_context():
        yield get_account_in_session()


def get_account_in_session():
    return db.session.scalar(select(Account).where(Account.email == "ana@example.com"))


def deck(slug="european-capitals") -> Deck:
    return db.session.scalar(select(Deck).where(Deck.slug == slug))


def grade_next(account, a_deck, rating=Rating.Good):
    item = reviews.next_card(account, a_deck)
    assert item is not None
    number = item.review_number  # before grading moves the schedule item holds
    return number, item, reviews.grade(account, item.card, rating, number, 1500)


def reviewed_events(account) -> int:
    metric = db.session.scalar(select(Metric).where(Metric.key == "cards-reviewed"))
    found = db.session.scalars(select(MetricEvent).where(MetricEvent.metric_id == metric.id))
    return len(found.all())


def test_good_good_again_follows_fsrs_exactly(ctx, clock):
    account, capitals = ctx, deck()
    card = capitals.cards[0]
    expected = FsrsCard(card_id=card.id, due=START)
    scheduler = Scheduler(enable_fuzzing=False)
    for rating in (Rating.Good, Rating.Good, Rating.Again):
        now = clock.now.astimezone(UTC)
        number = (db.session.get(CardSchedule, (account.id, card.id)) or CardSchedule()).reviews
        reviews.grade(account, card, rating, (number or 0) + 1, 2000)
        expected, _ = scheduler.review_card(expected, rating, review_datetime=now)
        db.session.expire_all()
        saved = db.session.get(CardSchedule, (account.id, card.id))
        assert (saved.state, saved.step) == (expected.state.value, expected.step)
        assert saved.stability == pytest.approx(expected.stability)
        assert saved.difficulty == pytest.approx(expected.difficulty)
        assert saved.due.astimezone(UTC) == expected.due
        clock.set(expected.due + timedelta(minutes=1))
    assert saved.reviews == 3
    assert expected.state == State.Relearning


def test_the_queue_puts_due_learning_first_then_reviews_of_today_then_new_cards(ctx, clock):
    account, capitals = ctx, deck()
    cards = capitals.cards
    rows = [
        (cards[5], State.Review, START + timedelta(hours=3)),  # due later today
        (cards[6], State.Learning, START - timedelta(minutes=5)),  # learning, due
        (cards[7], State.Review, START - timedelta(days=1)),  # overdue review
        (cards[8], State.Learning, START + timedelta(minutes=5)),  # learning, not yet due
        (cards[9], State.Review, START + timedelta(days=3)),  # not today
    ]
    for card, state, due in rows:
        db.session.add(
            CardSchedule(
                account_id=account.id,
                card_id=card.id,
                deck_id=capitals.id,
                state=state.value,
                step=0 if state == State.Learning else None,
                stability=3.0,
                difficulty=5.0,
                due=due,
                last_review=START - timedelta(days=2),
                reviews=2,
            )
        )
    db.session.commit()

    order = [item.card.id for item in reviews.queue(account, capitals)]

    assert order[:3] == [cards[6].id, cards[7].id, cards[5].id]
    new_ids = [c.id for c in cards if c.id not in {r[0].id for r in rows}]
    assert order[3:] == new_ids[:20]
    assert reviews.counts(account, [capitals.id]) == {capitals.id: (20, 2, 2)}


def test_daily_limits_hold_back_the_21st_new_card_and_are_editable(ctx, clock):
    account, capitals = ctx, deck()
    for _ in range(20):
        clock.shift(seconds=5)
        grade_next(account, capitals, Rating.Easy)  # Easy: straight to review, days ahead
    assert reviews.counts(account, [capitals.id])[capitals.id] == (0, 0, 0)
    assert reviews.next_card(account, capitals) is None
    assert reviews.next_due(account, capitals) == datetime(2031, 3, 11, 4, tzinfo=UTC)

    reviews.set_limits(account, capitals, 21, 200)

    assert reviews.counts(account, [capitals.id])[capitals.id] == (1, 0, 0)
    assert reviews.next_card(account, capitals).card == capitals.cards[20]
    with pytest.raises(ValueError):
        reviews.set_limits(account, capitals, 10_000, 200)

    # The next review day (4 AM UTC) brings 21 new cards again, as many as are left: 8.
    clock.set(datetime(2031, 3, 11, 4, 0, 1, tzinfo=UTC))
    assert reviews.counts(account, [capitals.id])[capitals.id] == (8, 0, 0)


@pytest.mark.parametrize(
    ("tz", "evening", "three_am", "five_am"),
    [
        # Kiritimati is UTC+14: 20:00 on 10 March there is 06:00 UTC.
        (
            "Pacific/Kiritimati",
            datetime(2031, 3, 10, 6, tzinfo=UTC),
            datetime(2031, 3, 10, 13, tzinfo=UTC),  # 03:00 on the 11th
            datetime(2031, 3, 10, 15, tzinfo=UTC),  # 05:00 on the 11th
        ),
        # Pago Pago is UTC-11: 20:00 on 10 March there is 07:00 UTC on the 11th.
        (
            "Pacific/Pago_Pago",
            datetime(2031, 3, 11, 7, tzinfo=UTC),
            datetime(2031, 3, 11, 14, tzinfo=UTC),
            datetime(2031, 3, 11, 16, tzinfo=UTC),
        ),
    ],
)
def test_a_card_due_at_3_am_counts_for_the_day_before(ctx, clock, tz, evening, three_am, five_am):
    account, capitals = ctx, deck()
    account.tz = tz
    db.session.commit()
    clock.set(evening)
    for card, due in ((capitals.cards[0], three_am), (capitals.cards[1], five_am)):
        db.session.add(
            CardSchedule(
                account_id=account.id,
                card_id=card.id,
                deck_id=capitals.id,
                state=State.Review.value,
                stability=10.0,
                difficulty=5.0,
                due=due,
                last_review=evening - timedelta(days=10),
                reviews=3,
            )
        )
    db.session.commit()

    assert reviews.counts(account, [capitals.id])[capitals.id][2] == 1
    reviews.set_limits(account, capitals, 0, 200)
    assert [i.card.id for i in reviews.queue(account, capitals)] == [capitals.cards[0].id]
    # At 03:30 local it is still the evening's review day; at 04:00 the 5 AM card joins it.
    clock.set(three_am + timedelta(minutes=30))
    assert reviews.counts(account, [capitals.id])[capitals.id][2] == 1
    clock.set(three_am + timedelta(hours=1))
    assert reviews.counts(account, [capitals.id])[capitals.id][2] == 2


def test_undo_restores_the_schedule_and_the_regrade_pays_no_more_xp(app, ctx, clock):
    account, capitals = ctx, deck()
    xp = CountingXp()
    app.extensions["xp_client"] = xp
    _, first, _ = grade_next(account, capitals, Rating.Good)
    clock.shift(minutes=11)
    _, second, graded = grade_next(account, capitals, Rating.Good)  # the first card, step 1
    assert second.card == first.card
    assert graded.log.before["state"] == State.Learning.value
    events_before = reviewed_events(account)
    assert reviews.counts(account, [capitals.id])[capitals.id][0] == 19

    log = reviews.undo(account, capitals)

    db.session.expire_all()
    assert log.review_number == 2 and log.undone_at is not None
    schedule = db.session.get(CardSchedule, (account.id, first.card.id))
    assert (schedule.state, schedule.step, schedule.reviews) == (1, 1, 1)
    assert reviews.next_card(account, capitals).card == first.card  # due again, first

    clock.shift(seconds=10)
    number, regrade, again = grade_next(account, capitals, Rating.Again)
    assert (regrade.card, number) == (first.card, 2)
    assert again.xp.replayed
    key = f"review-{first.card.id}"
    assert xp.events == [f"{key}-1", f"{key}-2", f"{key}-2"]  # one call a grade, same key
    assert reviewed_events(account) == events_before  # the regrade counted nothing more

    # Undo the regrade, then the first grade: the card is new again, its schedule gone.
    reviews.undo(account, capitals)
    reviews.undo(account, capitals)
    db.session.expire_all()
    assert db.session.get(CardSchedule, (account.id, first.card.id)) is None
    assert reviews.counts(account, [capitals.id])[capitals.id][0] == 20
    assert reviews.undo(account, capitals) is None
    undone = db.session.scalars(select(ReviewLog).where(ReviewLog.undone_at.is_not(None)))
    assert len(undone.all()) == 3


def test_undo_takes_back_only_grades_of_the_current_review_day(ctx, clock):
    account, capitals = ctx, deck()
    account.tz = "Asia/Tokyo"
    db.session.commit()
    clock.set(wall("2031-03-11 03:50", "Asia/Tokyo"))  # the review day of 10 March
    _, last_night, _ = grade_next(account, capitals, Rating.Good)
    assert reviews.undoable(account, capitals)

    clock.set(wall("2031-03-11 04:10", "Asia/Tokyo"))  # 11 March's review day has begun
    assert not reviews.undoable(account, capitals)
    assert reviews.undo(account, capitals) is None
    db.session.expire_all()
    schedule = db.session.get(CardSchedule, (account.id, last_night.card.id))
    assert schedule is not None and schedule.reviews == 1  # last night's grade stands

    number, this_morning, _ = grade_next(account, capitals, Rating.Good)
    assert (this_morning.card, number) == (last_night.card, 2)  # still learning: due first
    assert reviews.undo(account, capitals).review_number == 2
    assert not reviews.undoable(account, capitals)  # stops at the day's first grade
    db.session.expire_all()
    assert db.session.get(CardSchedule, (account.id, last_night.card.id)).reviews == 1


def test_a_second_tab_and_a_resent_grade_are_refused_and_count_once(app, ctx, clock):
    account, capitals = ctx, deck()
    xp = CountingXp()
    app.extensions["xp_client"] = xp
    item = reviews.next_card(account, capitals)
    card = item.card

    reviews.grade(account, card, Rating.Good, 1, 900)
    with pytest.raises(reviews.AlreadyGraded):
        reviews.grade(account, card, Rating.Easy, 1, 900)  # the other tab, same review
    with pytest.raises(reviews.AlreadyGraded):
        reviews.grade(account, card, Rating.Good, 1, 900)  # the same grade sent twice
    with pytest.raises(ValueError):
        reviews.grade(account, card, Rating.Good, 5, 900)  # no such review yet

    assert xp.events == [f"review-{card.id}-1"]
    assert reviewed_events(account) == 1
    logs = db.session.scalars(select(ReviewLog).where(ReviewLog.card_id == card.id)).all()
    assert [(log.review_number, log.rating) for log in logs] == [(1, Rating.Good.value)]


def test_a_grade_counts_for_the_schedule_while_xp_is_unavailable(app, ctx):
    account, capitals = ctx, deck()
    app.extensions["xp_client"] = DownXp()

    _, item, result = grade_next(account, capitals)

    assert result.xp.xp_unavailable
    assert db.session.get(CardSchedule, (account.id, item.card.id)).reviews == 1
    assert reviews.counts(account, [capitals.id])[capitals.id] == (19, 1, 0)


def test_ten_reviews_pay_the_review_trigger(app, ctx, clock):
    account, capitals = ctx, deck()
    results = []
    for _ in range(10):
        clock.shift(seconds=3)
        results.append(grade_next(account, capitals)[2])
    awards = results[-1].xp.points["xp"]["awards"]
    assert [a["awarded"] for a in awards] == [10]
    assert all(not r.xp.points for r in results[:-1])


def test_the_intervals_are_worded_like_anki(ctx):
    account, capitals = ctx, deck()
    item = reviews.next_card(account, capitals)

    assert reviews.preview(account, item) == {
        "again": "1 min",
        "hard": "6 min",
        "good": "10 min",
        "easy": "8 days",
    }


def test_counts_cover_every_deck_asked_for(ctx):
    account = ctx
    ids = [d.id for d in db.session.scalars(select(Deck)).all()]
    found = reviews.counts(account, ids)
    assert set(found) == set(ids)
    totals = {d.id: len(d.cards) for d in db.session.scalars(select(Deck)).all()}
    assert all(found[i] == (min(20, totals[i]), 0, 0) for i in ids)
    assert reviews.counts(account, []) == {}
    assert db.session.scalar(select(Card).limit(1)) is not None
