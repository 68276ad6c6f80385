"""`flask --app app reviews bench`: what grading one review costs (issue 16's benchmark row).

It builds a scratch app on a SQLite file in a temporary folder (rate limits and CSRF off, the
in-process XP service with the cards-reviewed and flashcards-flipped metrics and their
triggers), one learner logged in through the Flask test client and a deck of new cards, then
times, in turns, the grade endpoint (POST /decks/<id>/review/grade, Good on the next new
card) and as the baseline of the same run the flip endpoint (POST /decks/<id>/study/flip).
Every grade must make exactly one XP call (a counting wrapper around the XP client checks
it); the command fails otherwise. Percentiles are nearest-rank; one untimed round first.

It lives outside app/study because it sets up the XP service's metrics itself, which the
study app may not touch (pyproject.toml's import contracts).
"""

import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.accounts.models import Account
from app.extensions import db
from app.study.bench_login import APP_FACTORY
from app.study.models import Card, Deck
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem, PointsTrigger
from app.xp.ops.bench_table import percentile

reviews_cli = AppGroup("reviews", help="The review mode (FSRS).")
ROUNDS = 200
EMAIL = "bench@example.com"
TARGET_P95_MS = 50.0


class CountingXp:
    """The app's XP client, counting record_event calls."""

    def __init__(self, inner):
        self.inner = inner
        self.events = 0

    def record_event(self, *args, **kwargs):
        self.events += 1
        return self.inner.record_event(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@reviews_cli.command("bench")
@click.option("--rounds", default=ROUNDS, show_default=True, type=click.IntRange(min=1))
def bench_command(rounds: int):
    """Time grading a review against flipping a card, on scratch data."""
    bench(current_app.extensions[APP_FACTORY], rounds, click.echo)


def bench(create_app: Callable[[dict], Flask], rounds: int, echo) -> dict[str, list[float]]:
    """Grade `rounds` + 1 new cards and flip as many; print and return the ms of each."""
    with tempfile.TemporaryDirectory(prefix="studyxp-bench-reviews-") as folder:
        app = create_app(
            {
                "SECRET_KEY": secrets.token_hex(16),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
                "RATE_LIMITS": False,
                "WTF_CSRF_ENABLED": False,
            }
        )
        try:
            deck_id, card_ids, password = _prepare(app, rounds + 1)
            counting = CountingXp(app.extensions["xp_client"])
            app.extensions["xp_client"] = counting
            ms = _measure(app, deck_id, card_ids, password, counting)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    echo(f"Grading a review vs flipping a card, {rounds} of each, SQLite, in-process XP")
    echo(f"{'':<20}  {'p50 ms':>7}  {'p95 ms':>7}")
    for name, values in ms.items():
        p95 = percentile(sorted(values), 95)
        echo(f"{name:<20}  {statistics.median(values):>7.1f}  {p95:>7.1f}")
    p95 = percentile(sorted(ms["grade (review)"]), 95)
    within = "yes" if p95 <= TARGET_P95_MS else "no"
    echo(f"XP calls per grade: 1; grade p95 within {TARGET_P95_MS:.0f} ms: {within}")
    return ms


def _prepare(app: Flask, cards: int) -> tuple[int, list[int], str]:
    password = secrets.token_urlsafe(16)
    with app.app_context():
        db.create_all()  # a throwaway file needs no migrations
        system = PointsSystem(key=app.config["STUDY_POINTS_SYSTEM"], name="XP")
        db.session.add(system)
        for key, name in (
            (app.config["STUDY_METRIC"], "Flashcards Flipped"),
            (app.config["REVIEW_METRIC"], "Cards Reviewed"),
        ):
            metric = Metric(key=key, name=name, unit="cards")
            db.session.add(metric)
            db.session.flush()
            db.session.add(
                PointsTrigger(
                    system_id=system.id,
                    metric_id=metric.id,
                    metric_threshold=10,
                    points=10,
                    status="active",
                )
            )
        account = Account(email=EMAIL, display_name="Bench")
        account.set_password(password)
        db.session.add(account)
        db.session.flush()
        deck = Deck(owner_id=account.id, title="Bench")
        deck.cards = [Card(front=f"Q{n}", back=f"A{n}", position=n) for n in range(cards)]
        db.session.add(deck)
        db.session.commit()
        return deck.id, [card.id for card in deck.cards], password


def _measure(app, deck_id, card_ids, password, counting) -> dict[str, list[float]]:
    client = app.test_client()
    response = client.post("/login", data={"email": EMAIL, "password": password})
    if response.status_code != 302:
        raise click.ClickException(f"The bench learner could not log in: {response.status}")
    client.post(
        f"/decks/{deck_id}/review/limits", data={"new_per_day": "9999", "reviews_per_day": "9999"}
    )
    ms: dict[str, list[float]] = {"grade (review)": [], "flip (baseline)": []}
    for number, card_id in enumerate(card_ids):
        before = counting.events
        start = time.perf_counter()
        graded = client.post(
            f"/decks/{deck_id}/review/grade",
            data={"card_id": card_id, "review_number": 1, "grade": "good"},
            headers={"HX-Request": "true"},
        )
        took_grade = (time.perf_counter() - start) * 1000
        if graded.status_code != 200 or counting.events - before != 1:
            raise click.ClickException(
                f"A grade got {graded.status} with {counting.events - before} XP calls"
            )
        start = time.perf_counter()
        flipped = client.post(
            f"/decks/{deck_id}/study/flip",
            data={"card_id": card_id, "idempotency_key": f"bench-{number}"},
            headers={"HX-Request": "true"},
        )
        took_flip = (time.perf_counter() - start) * 1000
        if flipped.status_code != 200:
            raise click.ClickException(f"A flip got {flipped.status}")
        if number:  # the first round is untimed: templates compile, caches fill
            ms["grade (review)"].append(took_grade)
            ms["flip (baseline)"].append(took_flip)
    return ms
