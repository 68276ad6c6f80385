"""Create StudyXP's demo data. Idempotent: running it again changes nothing.

- the XP setup: metrics flashcards-flipped and cards-reviewed, points system xp, +10 XP every
  5 flips and +50 every 25, +10 XP every 10 cards reviewed, and five levels from Novice
  (0 XP) to Master (10,000 XP);
- engagement: badges at 10, 50, 100 and 250 flashcards flipped, at 100 cards reviewed and
  for a 7-day streak; a
  daily streak on flips (up to 2 freezes, one earned every 7 days); +50 XP every 7 days of
  streak; and, unless --no-boosts is given, a double-XP boost for the current or coming
  weekend (the only part of the demo data that depends on the weekday);
- three leaderboards, active since before the histories: weekly-xp (XP earned Monday to
  Sunday), flashcards-all-time (flips, one run) and longest-streaks;
- three shared decks (European capitals, chemical element symbols, basic Spanish words);
- a learner demo@example.com / studyxp-demo with about 60 days of back-dated flips, and 60
  days of spaced-repetition reviews of Basic Spanish words (fsrs, one sitting a day), both
  recorded through the XP engine so the charts and the award history are full on first run;
- a class of 32 more learners around the world, <name>@class.example.com / studyxp-class
  (app/study/class_data.py): a few power users, a steady middle, some who lapsed weeks ago
  and some who joined this week, so badge rarity, the dashboard's analytics and leaderboards
  have a class to count;
- an operator admin@example.com / studyxp-admin.

Run it with: python seed.py (or python seed.py --no-boosts for the same awards on any day).
The histories are dated back from today, each in its learner's time zone, with the same
random choices every time, so the demo learner's and the class's numbers (flips, XP,
streaks, badges) are the same whatever day it is seeded.
"""

import argparse
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import flask_migrate
from flask import current_app
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State
from sqlalchemy import select

from app import clock, create_app
from app.accounts.models import Account
from app.extensions import db
from app.study.class_data import CLASS, CLASS_DOMAIN, CLASS_PASSWORD, SITTINGS_A_DAY, Member
from app.study.deck_data import DECKS
from app.study.models import Card, CardFlip, CardSchedule, Deck, ReviewLog
from app.xp.admin.leaderboards import save_leaderboard
from app.xp.engine.events import record_event
from app.xp.models.achievements import Achievement
from app.xp.models.boosts import PointsBoost
from app.xp.models.leaderboards import Leaderboard
from app.xp.models.metrics import Metric, MetricEvent
from app.xp.models.points import PointsLevel, PointsSystem, PointsTrigger
from app.xp.models.streaks import StreakSettings
from app.xp.models.users import XpUser

FLASHCARDS_FLIPPED = "flashcards-flipped"
CARDS_REVIEWED = "cards-reviewed"  # one event per grade in the review mode
XP = "xp"
# (points, every N flashcards flipped)
XP_TRIGGERS = [(10, 5), (50, 25)]
# (points, every N cards reviewed)
REVIEW_TRIGGER = (10, 10)
# (key, name, XP needed, description)
XP_LEVELS = [
    ("novice", "Novice", 0, "Every learner starts here"),
    ("apprentice", "Apprentice", 100, "The first hundred XP"),
    ("scholar", "Scholar", 500, "A study habit is forming"),
    ("expert", "Expert", 2_500, "Thousands of cards behind you"),
    ("master", "Master", 10_000, "Ten thousand XP of study"),
]
# (key, name, description, flashcards flipped); each badge is static/badges/<key>.svg
FLIP_ACHIEVEMENTS = [
    ("flips-10", "First Ten", "Flip 10 flashcards", 10),
    ("flips-50", "Fifty Flips", "Flip 50 flashcards", 50),
    ("flips-100", "Century", "Flip 100 flashcards", 100),
    ("flips-250", "Card Shark", "Flip 250 flashcards", 250),
]
# (key, name, description, cards reviewed)
REVIEW_ACHIEVEMENT = ("reviews-100", "Hundred Reviews", "Review 100 cards", 100)
# (key, name, description, streak length)
STREAK_ACHIEVEMENT = ("streak-7", "Week-long Streak", "Study 7 days in a row", 7)
STREAK_MAX_FREEZES = 2
STREAK_FREEZE_EVERY_DAYS = 7
# (points, every N days of streak)
STREAK_TRIGGER = (50, 7)
WEEKEND_BOOST = ("Weekend Double XP", 2)  # (name, multiplier)

DEMO_LEARNER = ("demo@example.com", "Demo Learner", "studyxp-demo", "Europe/London")
OPERATOR = ("admin@example.com", "StudyXP Admin", "studyxp-admin", "UTC")
DEMO_DAYS = 60
# The demo learner's reviews: one sitting a day on this deck, at most this many new cards a day.
DEMO_REVIEW_DECK = "spanish-basics"
DEMO_NEW_PER_DAY = 20
# How a learner grades: mostly Good, now and then Again, Hard or Easy.
DEMO_RATINGS = [(Rating.Again, 0.1), (Rating.Hard, 0.13), (Rating.Good, 0.67), (Rating.Easy, 0.1)]
# New cards a sitting takes (well within the limit), so the deck is learnt over some six
# weeks and the demo's forecast has recent, short intervals to show: the first day's few,
# then a random choice of these.
DEMO_FIRST_NEW = 5
DEMO_NEW_CHOICES = (0, 0, 0, 1, 1, 2)
# A sitting waits this long at most for a learning card to come back.
LEARN_AHEAD = timedelta(minutes=20)
LEADERBOARD_SIZE = 1000  # places on each demo board: every learner of a big class
# The local hours a class member's sittings start in (06:00 to 22:59): well inside their day,
# and clear of the hours a change to or from summer time skips or repeats.
CLASS_HOURS = range(6, 23)


def get_or_create(model, defaults: dict | None = None, **identity):
    instance = db.session.scalar(select(model).filter_by(**identity))
    if instance is None:
        instance = model(**identity, **(defaults or {}))
        db.session.add(instance)
        db.session.flush()
    return instance


def seed_xp() -> None:
    """The metrics, the XP points system, its three metric triggers and its levels."""
    metric = get_or_create(
        Metric, key=FLASHCARDS_FLIPPED, defaults={"name": "Flashcards Flipped", "unit": "cards"}
    )
    reviewed = get_or_create(
        Metric, key=CARDS_REVIEWED, defaults={"name": "Cards Reviewed", "unit": "cards"}
    )
    xp = get_or_create(
        PointsSystem,
        key=XP,
        defaults={"name": "XP", "description": "Experience points for studying"},
    )
    for points, threshold in XP_TRIGGERS:
        get_or_create(
            PointsTrigger,
            system_id=xp.id,
            type="metric",
            metric_id=metric.id,
            metric_threshold=threshold,
            points=points,
            defaults={"status": "active"},
        )
    points, threshold = REVIEW_TRIGGER
    get_or_create(
        PointsTrigger,
        system_id=xp.id,
        type="metric",
        metric_id=reviewed.id,
        metric_threshold=threshold,
        points=points,
        defaults={"status": "active"},
    )
    for key, name, points, description in XP_LEVELS:
        get_or_create(
            PointsLevel,
            system_id=xp.id,
            key=key,
            defaults={"name": name, "points": points, "description": description},
        )
    db.session.commit()


def badge_url(key: str) -> str:
    return f"{current_app.static_url_path}/badges/{key}.svg"


def seed_engagement() -> None:
    """The badges, the daily streak on flips with its freezes, and the streak trigger."""
    metric = db.session.scalar(select(Metric).where(Metric.key == FLASHCARDS_FLIPPED))
    xp = db.session.scalar(select(PointsSystem).where(PointsSystem.key == XP))
    reviewed = db.session.scalar(select(Metric).where(Metric.key == CARDS_REVIEWED))
    metric_badges = [(metric, badge) for badge in FLIP_ACHIEVEMENTS]
    for badge_metric, (key, name, description, value) in [
        *metric_badges,
        (reviewed, REVIEW_ACHIEVEMENT),
    ]:
        get_or_create(
            Achievement,
            key=key,
            defaults={
                "name": name,
                "description": description,
                "badge_url": badge_url(key),
                "trigger": "metric",
                "metric_id": badge_metric.id,
                "metric_value": value,
            },
        )
    key, name, description, length = STREAK_ACHIEVEMENT
    get_or_create(
        Achievement,
        key=key,
        defaults={
            "name": name,
            "description": description,
            "badge_url": badge_url(key),
            "trigger": "streak",
            "streak_length": length,
        },
    )
    # Flips count for the streak when the streak is first configured, and never again, so
    # an operator who later turns that off in the dashboard keeps it off.
    if db.session.get(StreakSettings, 1) is None:
        db.session.add(
            StreakSettings(
                id=1,
                frequency="daily",
                max_freezes=STREAK_MAX_FREEZES,
                starting_freezes=0,
                freeze_auto_earn_interval=STREAK_FREEZE_EVERY_DAYS,
                freeze_auto_earn_amount=1,
            )
        )
        metric.counts_for_streak = True
    points, every = STREAK_TRIGGER
    get_or_create(
        PointsTrigger,
        system_id=xp.id,
        type="streak",
        streak_length_threshold=every,
        points=points,
        defaults={"status": "active"},
    )
    db.session.commit()


def coming_weekend(today: date) -> tuple[date, date]:
    """The Saturday and Sunday of this weekend when `today` is in it, else of the next."""
    sunday = today + timedelta(days=6 - today.weekday())  # Monday is 0, Sunday 6
    return sunday - timedelta(days=1), sunday


def seed_weekend_boost() -> PointsBoost:
    """Double XP for everyone on the current or coming weekend (once per weekend)."""
    xp = db.session.scalar(select(PointsSystem).where(PointsSystem.key == XP))
    saturday, sunday = coming_weekend(clock.today_in("UTC"))
    name, multiplier = WEEKEND_BOOST
    boost = get_or_create(
        PointsBoost,
        system_id=xp.id,
        name=name,
        start_date=saturday,
        defaults={"end_date": sunday, "multiplier": multiplier, "rounding": "down"},
    )
    db.session.commit()
    return boost


def seed_decks() -> list[Deck]:
    """The shared decks, each with its cards in order."""
    decks = []
    for data in DECKS:
        deck = get_or_create(
            Deck,
            slug=data["slug"],
            defaults={"title": data["title"], "description": data["description"]},
        )
        if not deck.cards:
            deck.cards = [
                Card(front=front, back=back, position=position)
                for position, (front, back) in enumerate(data["cards"], start=1)
            ]
        decks.append(deck)
    db.session.commit()
    return decks


def seed_account(email: str, name: str, password: str, tz: str, operator=False) -> Account:
    account = db.session.scalar(select(Account).where(Account.email == email))
    if account is None:
        account = Account(email=email, display_name=name, tz=tz, is_operator=operator)
        account.set_password(password)
        db.session.add(account)
        db.session.commit()
    return account


def demo_flips(account: Account, decks: list[Deck]) -> list[tuple[datetime, Callable]]:
    """About 60 days of flips for the demo learner: (instant, record it) in time order, each
    an XP event through the same engine as live flips and a CardFlip row."""
    rng = random.Random(2026)  # the same history on every fresh machine
    tz = ZoneInfo(account.tz)
    today = clock.today_in(account.tz)
    cards = [(deck, card) for deck in decks for card in deck.cards]
    flips = []

    def flip(deck: Deck, card: Card, key: str, at: datetime) -> None:
        record_event(FLASHCARDS_FLIPPED, account.xp_user(), 1, idempotency_key=key, at=at)
        db.session.add(
            CardFlip(
                account_id=account.id,
                deck_id=deck.id,
                card_id=card.id,
                idempotency_key=key,
                flipped_at=at,
            )
        )

    for days_ago in range(DEMO_DAYS, 0, -1):
        if rng.random() < 0.2:  # a few days off, as real learners take
            continue
        day = today - timedelta(days=days_ago)
        session_start = datetime.combine(day, time(rng.randint(7, 20)), tz)
        for n in range(rng.randint(8, 35)):
            deck, card = rng.choice(cards)
            at = (session_start + timedelta(seconds=20 * n)).astimezone(UTC)
            key = f"seed-{day.isoformat()}-{n}"
            flips.append((at, partial(flip, deck, card, key, at)))
    return flips


def seed_demo_study(account: Account, decks: list[Deck], review_deck: Deck) -> tuple[int, int]:
    """The demo learner's flips and reviews, recorded through the engine in time order, so
    the award history's running totals read in order. Each part is skipped when the learner
    has any of it already, so a second run adds nothing. Returns (flips, reviews) recorded."""
    has_flips = db.session.scalar(
        select(CardFlip.id).where(CardFlip.account_id == account.id).limit(1)
    )
    flips = [] if has_flips else demo_flips(account, decks)
    grades, finish = demo_review_grades(account, review_deck)
    for _, record in sorted(flips + grades, key=lambda step: step[0]):
        record()
    finish()
    db.session.commit()
    return len(flips), len(grades)


def schedule_fields(card: FsrsCard, reviews: int) -> dict:
    """A CardSchedule's FSRS fields from fsrs's card, as ReviewLog.before keeps them too."""
    return {
        "state": int(card.state),
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due,
        "last_review": card.last_review,
        "reviews": reviews,
    }


def as_json(fields: dict) -> dict:
    """ReviewLog.before as the review mode writes it (app/study/fsrs_cards.py's as_json)."""
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in fields.items()
        if key != "reviews"
    }


def demo_reviews(cards: list[Card], today: date) -> list[tuple[Card, int, Rating, datetime, int]]:
    """The demo learner's grades, oldest first: (card, review number, rating, instant,
    duration in ms), from fsrs's scheduler without fuzzing and a generator seeded with a
    constant.

    One sitting a day for DEMO_DAYS days, at a random UTC hour from 07:00 to 19:59 (the
    same date in London, and far from the 4 AM end of the review day): the review cards due
    that day, then a few new cards in deck order (never over DEMO_NEW_PER_DAY), each learning
    card again when its step comes round (waiting up to LEARN_AHEAD). Days are counted back from
    `today` and every interval is a whole number of UTC days, so the grades are the same
    whatever day it is seeded, summer time or not.
    """
    rng = random.Random("demo-reviews")
    scheduler = Scheduler(enable_fuzzing=False)
    ratings, weights = zip(*DEMO_RATINGS, strict=True)
    unseen = list(cards)
    states: dict[int, tuple[Card, FsrsCard, int]] = {}  # card id: (card, fsrs card, reviews)
    grades = []
    for days_ago in range(DEMO_DAYS, 0, -1):
        day = today - timedelta(days=days_ago)
        now = datetime.combine(day, time(rng.randint(7, 19), rng.randrange(60)), UTC)
        new_today = 0
        new_wanted = DEMO_FIRST_NEW if days_ago == DEMO_DAYS else rng.choice(DEMO_NEW_CHOICES)
        new_wanted = min(new_wanted, DEMO_NEW_PER_DAY)
        while True:
            learning = [s for s in states.values() if s[1].state != State.Review]
            due = [
                s for s in states.values() if s[1].state == State.Review and s[1].due.date() <= day
            ]
            due += [s for s in learning if s[1].due <= now]
            if due:
                card, fsrs_card, reviews = min(due, key=lambda s: (s[1].due, s[0].position))
            elif unseen and new_today < new_wanted:
                card, fsrs_card, reviews = unseen.pop(0), None, 0
                fsrs_card = FsrsCard(card_id=card.id, due=now)
                new_today += 1
            else:
                coming = [s for s in learning if s[1].due <= now + LEARN_AHEAD]
                if not coming:
                    break
                now = min(s[1].due for s in coming)
                continue
            rating = rng.choices(ratings, weights)[0]
            duration = rng.randint(2_000, 12_000)
            fsrs_card, _ = scheduler.review_card(
                fsrs_card, rating, review_datetime=now, review_duration=duration
            )
            states[card.id] = (card, fsrs_card, reviews + 1)
            grades.append((card, reviews + 1, rating, now, duration))
            now += timedelta(milliseconds=duration + rng.randint(500, 3_000))
    return grades


def demo_review_grades(
    account: Account, deck: Deck
) -> tuple[list[tuple[datetime, Callable]], Callable]:
    """About 60 days of spaced repetition on one deck for the demo learner: (instant, record
    it) for each grade, as the review mode records one (a ReviewLog row and a cards-reviewed
    event through the XP engine with the review mode's idempotency key), and what writes the
    cards' CardSchedule rows once every grade is recorded.

    Nothing when the learner has a review already; a run stopped half-way is redone by the
    next, whose events the engine answers as replays.
    """
    if db.session.scalar(select(ReviewLog.id).where(ReviewLog.account_id == account.id).limit(1)):
        return [], lambda: None
    scheduler = Scheduler(enable_fuzzing=False)
    user = account.xp_user()
    schedules: dict[int, tuple[FsrsCard, int]] = {}
    steps = []
    for card, number, rating, at, duration in demo_reviews(deck.cards, clock.today_in(account.tz)):
        fsrs_card, _ = schedules.get(card.id, (FsrsCard(card_id=card.id, due=at), 0))
        before = as_json(schedule_fields(fsrs_card, number - 1)) if number > 1 else None
        fsrs_card, _ = scheduler.review_card(
            fsrs_card, rating, review_datetime=at, review_duration=duration
        )
        schedules[card.id] = (fsrs_card, number)
        log = ReviewLog(
            account_id=account.id,
            deck_id=deck.id,
            card_id=card.id,
            review_number=number,
            rating=int(rating),
            reviewed_at=at,
            duration_ms=duration,
            was_new=number == 1,
            before=before,
        )
        steps.append((at, partial(_record_grade, user, log)))

    def write_schedules() -> None:
        for card_id, (fsrs_card, reviews) in schedules.items():
            db.session.add(
                CardSchedule(
                    account_id=account.id,
                    card_id=card_id,
                    deck_id=deck.id,
                    **schedule_fields(fsrs_card, reviews),
                )
            )

    return steps, write_schedules


def _record_grade(user: dict, log: ReviewLog) -> None:
    key = f"review-{log.card_id}-{log.review_number}"
    record_event(CARDS_REVIEWED, user, 1, idempotency_key=key, at=log.reviewed_at)
    db.session.add(log)


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` in `parts` random shares of at least 1 each (largest remainders round)."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(parts)]
    spread = total - parts
    exact = [spread * weight / sum(weights) for weight in weights]
    shares = [int(share) for share in exact]
    by_remainder = sorted(range(parts), key=lambda i: shares[i] - exact[i])
    for i in by_remainder[: spread - sum(shares)]:
        shares[i] += 1
    return [1 + share for share in shares]


def class_sittings(member: Member) -> list[tuple[datetime, int]]:
    """The member's study sittings, oldest first: (instant, cards flipped).

    Days are counted back from today in the member's zone, and the random choices (which
    days between the first and the last, how many sittings, when, how many cards in each)
    come from a generator seeded with the member's name, which makes the same choices on
    any day: the history is the same whatever day it is seeded.
    """
    rng = random.Random(f"class-{member.name}")
    tz = ZoneInfo(member.tz)
    today = clock.today_in(member.tz)
    days = [
        days_ago
        for days_ago in range(member.first, member.last - 1, -1)
        if days_ago in (member.first, member.last) or rng.random() < member.days_a_week / 7
    ]
    sittings = []
    for days_ago, cards in zip(days, split(member.flips, len(days), rng), strict=True):
        day = today - timedelta(days=days_ago)
        count = min(rng.randint(1, SITTINGS_A_DAY[member.kind]), cards)
        hours = sorted(rng.sample(CLASS_HOURS, count))
        for hour, flips in zip(hours, split(cards, count, rng), strict=True):
            start = datetime.combine(day, time(hour, rng.randrange(60)), tz)
            sittings.append((start.astimezone(UTC), flips))
    return sittings


def class_email(member: Member) -> str:
    return f"{member.name}@{CLASS_DOMAIN}"


def seed_class() -> tuple[int, int]:
    """The demo class (app/study/class_data.py): an account per member, and their sittings
    recorded through the same engine as live flips, one XP event each whose value is the
    number of cards flipped. They have no CardFlip rows (no deck progress): the class is
    there to be counted and ranked, and 1,700 events cost far less than 115,000 flips.

    A member whose last sitting is recorded is skipped, so a second run adds nothing, on any
    day; a run stopped half-way is finished by the next, as each sitting has an idempotency
    key that does not depend on the day. Returns the sittings and cards of the members this
    run recorded.
    """
    password_hash = None
    recorded = flipped = 0
    for member in CLASS:
        sittings = class_sittings(member)
        account = db.session.scalar(select(Account).where(Account.email == class_email(member)))
        if account is None:
            account = Account(
                email=class_email(member),
                display_name=member.display_name,
                tz=member.tz,
                # They joined just before their first sitting.
                created=sittings[0][0] - timedelta(minutes=5),
            )
            # One hash for the one shared password: hashing it for every member would cost
            # a tenth of a second each.
            if password_hash is None:
                account.set_password(CLASS_PASSWORD)
                password_hash = account.password_hash
            account.password_hash = password_hash
            db.session.add(account)
            db.session.commit()
        last_key = f"class-sitting-{len(sittings)}"
        done = db.session.scalar(
            select(MetricEvent.id)
            .join(XpUser, XpUser.id == MetricEvent.user_id)
            .where(
                XpUser.external_id == account.xp_user_id, MetricEvent.idempotency_key == last_key
            )
        )
        if done:
            continue
        user = account.xp_user()
        for n, (at, flips) in enumerate(sittings, start=1):
            record_event(
                FLASHCARDS_FLIPPED, user, flips, idempotency_key=f"class-sitting-{n}", at=at
            )
        recorded += len(sittings)
        flipped += member.flips
    return recorded, flipped


def seed_leaderboards() -> list[Leaderboard]:
    """The demo's boards, active since before the back-dated histories so those count on
    them: weekly XP (runs of 7 days from a Monday), flashcards flipped of all time, and the
    longest streaks going."""
    today = clock.now().date()
    start = today - timedelta(days=DEMO_DAYS + 7)
    start -= timedelta(days=start.weekday())  # a Monday
    system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == XP))
    metric = db.session.scalar(select(Metric).where(Metric.key == FLASHCARDS_FLIPPED))
    boards = []
    for key, name, description, fields in [
        (
            "weekly-xp",
            "Weekly XP",
            "Who earned the most XP this week, Monday to Sunday in each learner's own time",
            {
                "rank_by": "points",
                "points_system_id": system.id,
                "run_unit": "day",
                "run_interval": 7,
            },
        ),
        (
            "flashcards-all-time",
            "Flashcards flipped, all time",
            "Every card ever flipped",
            {"rank_by": "metric", "metric_id": metric.id},
        ),
        (
            "longest-streaks",
            "Longest streaks",
            "The longest study streaks going",
            {"rank_by": "streak"},
        ),
    ]:
        board = db.session.scalar(select(Leaderboard).where(Leaderboard.key == key))
        if board is None:
            board = save_leaderboard(
                None,
                key=key,
                name=name,
                description=description,
                start=start,
                max_participants=LEADERBOARD_SIZE,
                status="active",
                **fields,
            )
            board.activated_at = datetime.combine(start, time(), UTC) - timedelta(days=1)
            db.session.commit()
        boards.append(board)
    return boards


def seed_all() -> None:
    """Everything but the weekend boost: the tests build on this, and a boost would make
    their XP depend on the day of the week."""
    seed_xp()
    seed_engagement()
    seed_leaderboards()
    decks = seed_decks()
    learner = seed_account(*DEMO_LEARNER)
    seed_account(*OPERATOR, operator=True)
    deck = next(deck for deck in decks if deck.slug == DEMO_REVIEW_DECK)
    flips, reviews = seed_demo_study(learner, decks, deck)
    if flips:
        print(f"Recorded {flips} back-dated flips for {learner.email}")
    if reviews:
        print(f"Recorded {reviews} back-dated reviews of {deck.title} for {learner.email}")
    sittings, flips = seed_class()
    if sittings:
        print(f"Recorded {sittings} study sittings ({flips} cards) for the class at {CLASS_DOMAIN}")


def seed_demo(boosts: bool = True) -> None:
    """Everything seed_all() makes, and the weekend double-XP boost unless `boosts` is False."""
    seed_all()
    if boosts:
        boost = seed_weekend_boost()
        print(f"Double XP on {boost.start_date} and {boost.end_date}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Create StudyXP's demo data (idempotent).")
    parser.add_argument(
        "--no-boosts",
        dest="boosts",
        action="store_false",
        help="leave out the weekend double-XP boost: every award is the same on any weekday "
        "(for QA runs)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    app = create_app()
    with app.app_context():
        # The same as `flask --app app db upgrade`: the schema first, at its newest revision.
        flask_migrate.upgrade()
        seed_demo(boosts=args.boosts)
        print(f"Seeded {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")


if __name__ == "__main__":
    main()
