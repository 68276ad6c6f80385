"""Create StudyXP's demo data. Idempotent: running it again changes nothing.

- the XP setup: metric flashcards-flipped, points system xp, +10 XP every 5 and +50 every 25,
  and five levels from Novice (0 XP) to Master (10,000 XP);
- engagement: badges at 10, 50, 100 and 250 flashcards flipped and for a 7-day streak; a
  daily streak on flips (up to 2 freezes, one earned every 7 days); +50 XP every 7 days of
  streak; and, unless --no-boosts is given, a double-XP boost for the current or coming
  weekend (the only part of the demo data that depends on the weekday);
- three shared decks (European capitals, chemical element symbols, basic Spanish words);
- a learner demo@example.com / studyxp-demo with about 60 days of back-dated flips, recorded
  through the XP engine so the chart and the award history are full on first run;
- an operator admin@example.com / studyxp-admin.

Run it with: python seed.py (or python seed.py --no-boosts for the same awards on any day).
The history is dated back from today, so the demo learner's numbers (flips, XP, streak,
badges) are the same whatever day it is seeded.
"""

import argparse
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import flask_migrate
from flask import current_app
from sqlalchemy import select

from app import clock, create_app
from app.accounts.models import Account
from app.extensions import db
from app.study.deck_data import DECKS
from app.study.models import Card, CardFlip, Deck
from app.xp.engine.events import record_event
from app.xp.models.achievements import Achievement
from app.xp.models.boosts import PointsBoost
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsLevel, PointsSystem, PointsTrigger
from app.xp.models.streaks import StreakSettings

FLASHCARDS_FLIPPED = "flashcards-flipped"
XP = "xp"
# (points, every N flashcards flipped)
XP_TRIGGERS = [(10, 5), (50, 25)]
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


def get_or_create(model, defaults: dict | None = None, **identity):
    instance = db.session.scalar(select(model).filter_by(**identity))
    if instance is None:
        instance = model(**identity, **(defaults or {}))
        db.session.add(instance)
        db.session.flush()
    return instance


def seed_xp() -> None:
    """The metric, the XP points system, its two metric triggers and its levels."""
    metric = get_or_create(
        Metric, key=FLASHCARDS_FLIPPED, defaults={"name": "Flashcards Flipped", "unit": "cards"}
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
    for key, name, description, flips in FLIP_ACHIEVEMENTS:
        get_or_create(
            Achievement,
            key=key,
            defaults={
                "name": name,
                "description": description,
                "badge_url": badge_url(key),
                "trigger": "metric",
                "metric_id": metric.id,
                "metric_value": flips,
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


def seed_demo_history(account: Account, decks: list[Deck]) -> int:
    """About 60 days of study for the demo learner, through the same engine as live flips.

    Skipped when the learner has flipped anything already, so a second run adds nothing.
    """
    if db.session.scalar(select(CardFlip.id).where(CardFlip.account_id == account.id).limit(1)):
        return 0
    rng = random.Random(2026)  # the same history on every fresh machine
    tz = ZoneInfo(account.tz)
    today = clock.today_in(account.tz)
    cards = [(deck, card) for deck in decks for card in deck.cards]
    flips = 0
    for days_ago in range(DEMO_DAYS, 0, -1):
        if rng.random() < 0.2:  # a few days off, as real learners take
            continue
        day = today - timedelta(days=days_ago)
        session_start = datetime.combine(day, time(rng.randint(7, 20)), tz)
        for n in range(rng.randint(8, 35)):
            deck, card = rng.choice(cards)
            at = (session_start + timedelta(seconds=20 * n)).astimezone(UTC)
            key = f"seed-{day.isoformat()}-{n}"
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
            flips += 1
    db.session.commit()
    return flips


def seed_all() -> None:
    """Everything but the weekend boost: the tests build on this, and a boost would make
    their XP depend on the day of the week."""
    seed_xp()
    seed_engagement()
    decks = seed_decks()
    learner = seed_account(*DEMO_LEARNER)
    seed_account(*OPERATOR, operator=True)
    flips = seed_demo_history(learner, decks)
    if flips:
        print(f"Recorded {flips} back-dated flips for {learner.email}")


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
