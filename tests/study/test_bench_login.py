"""flask accounts bench-login (app/study/bench_login.py): its table, on a scratch app that is
gone afterwards.

Three rounds and no timing assertions: the numbers depend on the machine (and the study
tests hash with one PBKDF2 round, not scrypt).
"""

import re

import pytest

from app.accounts import models
from app.accounts.models import Account
from app.study import auth, bench_login
from app.xp.ops import cli as xp_cli
from tests.support.databases import count

pytestmark = pytest.mark.calendar_free

MS = r"[0-9]+\.[0-9]"


def test_bench_login_prints_the_three_kinds_and_the_ratio(app, runner):
    login_check = auth.password_matches

    result = runner.invoke(args=["accounts", "bench-login", "--rounds", "3"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 6
    assert re.fullmatch(r"Refused logins, 3 of each kind; password hashes \S+", lines[0])
    assert lines[1].split() == ["median", "ms", "p90", "ms"]
    names = [r"known email", r"unknown email", r"unknown email, stand-in skipped \(before\)"]
    for line, name in zip(lines[2:5], names, strict=True):
        assert re.fullmatch(rf"{name} +{MS} +{MS}", line), line
    assert re.fullmatch(
        r"unknown/known median ratio [0-9]+\.[0-9]{2}; within 20%: (yes|no)", lines[5]
    )
    # The configured database is left alone, and the login view as it was.
    assert count(app, Account) == 0
    assert auth.password_matches is login_check


def test_bench_login_refuses_zero_rounds(runner):
    result = runner.invoke(args=["accounts", "bench-login", "--rounds", "0"])

    assert result.exit_code == 2
    assert "--rounds" in result.output


def test_the_bench_finds_the_app_factory_where_the_xp_commands_leave_it():
    assert bench_login.APP_FACTORY == xp_cli.APP_FACTORY


def test_only_the_baseline_skips_the_hash_check_of_an_unknown_email(app, monkeypatch):
    checked = []
    check = models.check_password_hash
    monkeypatch.setattr(
        models,
        "check_password_hash",
        lambda hashed, typed: checked.append(hashed) or check(hashed, typed),
    )

    timings = bench_login.bench_login(app.extensions[bench_login.APP_FACTORY], 2, lambda _: None)

    assert [timing.name for timing in timings] == [
        "known email",
        "unknown email",
        "unknown email, stand-in skipped (before)",
    ]
    assert [len(timing.ms) for timing in timings] == [2, 2, 2]
    # The untimed first round and two timed ones: one hash checked per login of the first two
    # kinds (the account's, the stand-in), none for the baseline's.
    assert len(checked) == 3 * 2
