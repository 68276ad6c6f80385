"""`flask --app app accounts bench-login`: whether a refused login takes as long for an email
with no account as for one with an account, so that its timing does not tell them apart.

It builds a scratch app on a SQLite file in a temporary folder (rate limits off, so every
attempt reaches the password check; the password hashing the app is configured with,
scrypt), makes one account and times wrong-password logins through the Flask test client,
a fresh client (no cookies) for each. Three kinds, taken in turn in every round so that all
three see the same machine load:
- known email: the account's hash is checked;
- unknown email: the stand-in hash is checked (app/study/auth.py:password_matches);
- the baseline, the same unknown email with the stand-in check skipped, as the login was
  before it: what an attacker could time.
Percentiles are nearest-rank. The command reports the ratio; it does not fail on it.
"""

import math
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.accounts.models import Account
from app.extensions import db
from app.study import auth

accounts_cli = AppGroup("accounts", help="Learner accounts.")
# Where create_app leaves itself for commands that build a second app (app/xp/ops/cli.py's
# APP_FACTORY): app/__init__.py imports this module, so this module cannot import it back.
APP_FACTORY = "studyxp.app_factory"
ROUNDS = 25
TOLERANCE = 0.20  # the target: unknown-email median within 20% of the known one
KNOWN_EMAIL = "bench@example.com"
UNKNOWN_EMAIL = "nobody@example.com"
WRONG_PASSWORD = "not-the-password"


@dataclass(frozen=True)
class Timing:
    """One kind of login's durations, in ms."""

    name: str
    ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.ms)

    @property
    def p90(self) -> float:
        ascending = sorted(self.ms)
        return ascending[max(1, math.ceil(0.9 * len(ascending))) - 1]


@accounts_cli.command("bench-login")
@click.option(
    "--rounds",
    default=ROUNDS,
    show_default=True,
    type=click.IntRange(min=1),
    help="Logins of each kind.",
)
def bench_login_command(rounds: int):
    """Time wrong-password logins on scratch data, known and unknown emails."""
    bench_login(current_app.extensions[APP_FACTORY], rounds, click.echo)


def bench_login(
    create_app: Callable[[dict], Flask], rounds: int, echo: Callable[[str], None]
) -> list[Timing]:
    """Run the three kinds `rounds` times on a scratch app that `create_app` builds; print
    and return the timings (known email, unknown email, baseline)."""
    with tempfile.TemporaryDirectory(prefix="studyxp-bench-login-") as folder:
        app = create_app(
            {
                "SECRET_KEY": secrets.token_hex(16),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
                "RATE_LIMITS": False,
                "WTF_CSRF_ENABLED": False,
            }
        )
        try:
            with app.app_context():
                # The tables straight from the models: a throwaway file needs no migrations.
                db.create_all()
                account = Account(email=KNOWN_EMAIL, display_name="Bench")
                account.set_password(secrets.token_urlsafe(16))
                db.session.add(account)
                db.session.commit()
                hashing = account.password_hash.split("$")[0]
            timings = _measure(app, rounds)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    _print_table(timings, rounds, hashing, echo)
    return timings


def _measure(app: Flask, rounds: int) -> list[Timing]:
    kinds = [
        ("known email", KNOWN_EMAIL, False),
        ("unknown email", UNKNOWN_EMAIL, False),
        ("unknown email, stand-in skipped (before)", UNKNOWN_EMAIL, True),
    ]
    ms: dict[str, list[float]] = {name: [] for name, _, _ in kinds}
    # One untimed round first: templates compile and the stand-in hash is made on first use.
    for round_number in range(rounds + 1):
        for name, email, skip_stand_in in kinds:
            with _stand_in_skipped() if skip_stand_in else nullcontext():
                took = _refused_login(app, email)
            if round_number:
                ms[name].append(took)
    return [Timing(name, ms[name]) for name, _, _ in kinds]


def _refused_login(app: Flask, email: str) -> float:
    """The ms a wrong-password login for `email` takes, on a client with no cookies."""
    client = app.test_client()
    start = time.perf_counter()
    response = client.post("/login", data={"email": email, "password": WRONG_PASSWORD})
    took = (time.perf_counter() - start) * 1000
    if response.status_code != 200 or "Wrong email or password." not in response.text:
        raise click.ClickException(f"A wrong password for {email} got {response.status}")
    return took


@contextmanager
def _stand_in_skipped() -> Iterator[None]:
    """The login view checks passwords as it did before the stand-in hash."""
    current = auth.password_matches
    auth.password_matches = _matches_without_stand_in
    try:
        yield
    finally:
        auth.password_matches = current


def _matches_without_stand_in(account: Account | None, password: str) -> bool:
    # The old check: an unknown email answered at once, with no hash computed.
    return account is not None and account.check_password(password)


def _print_table(timings: list[Timing], rounds: int, hashing: str, echo) -> None:
    known, unknown, _ = timings
    width = max(len(timing.name) for timing in timings)
    echo(f"Refused logins, {rounds} of each kind; password hashes {hashing}")
    echo(f"{'':<{width}}  {'median ms':>9}  {'p90 ms':>9}")
    for timing in timings:
        echo(f"{timing.name:<{width}}  {timing.median:>9.1f}  {timing.p90:>9.1f}")
    ratio = unknown.median / known.median
    within = "yes" if abs(ratio - 1) <= TOLERANCE else "no"
    echo(f"unknown/known median ratio {ratio:.2f}; within {TOLERANCE:.0%}: {within}")
