"""flask xp bench: every row of the table, on scratch data that is gone afterwards.

Tiny sizes and no timing assertions: the numbers depend on the machine.
"""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from app.extensions import db
from app.xp.engine.events import record_event

# Left out of the calendar sweep (.ci/run): the benchmark command runs: no calendar.
pytestmark = pytest.mark.calendar_free

NUMBER = r"[0-9][0-9,]*"
MS = r"[0-9]+\.[0-9]{2}"
RESULT = r"(met|MISSED)"


def configured_state(app) -> dict:
    """Row counts of every table of the configured database, and where scratch data could be."""
    with app.app_context():
        counts = {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }
        if db.engine.dialect.name == "sqlite":
            folder = Path(db.engine.url.database).parent
            scratch = sorted(path.name for path in folder.iterdir())
        else:
            scratch = db.session.scalars(
                sa.text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'studyxp_bench_%'")
            ).all()
        db.session.remove()
    return {"counts": counts, "scratch": scratch}


@pytest.fixture
def configured(seeded):
    """The configured database with data of its own: one user's five flips and an award."""
    with seeded.app_context():
        record_event("flashcards-flipped", {"id": "real-learner"}, 5)
    return seeded


def test_bench_prints_every_row_and_leaves_no_scratch_data(configured, runner):
    before = configured_state(configured)

    result = runner.invoke(
        args=[
            "xp", "bench", "--events", "20", "--clients", "2", "--workers", "1",
            "--summary-events", "800", "--leaderboard-participants", "1200",
        ]
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    out = result.output
    sqlite = configured.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    assert re.search(rf"StudyXP XP bench: {'SQLite' if sqlite else 'PostgreSQL'} [0-9.]+", out)
    timed = rf"\s+{NUMBER}\s+{MS}\s+{MS}\s+{MS}\s"
    assert re.search(rf"record_event in-process, 100 users{timed}", out)
    assert re.search(rf"baseline: INSERT \+ COMMIT of the event row{timed}", out)
    assert re.search(r"ratio: record_event events/s / baseline events/s\s+[0-9]+\.[0-9]{2}x", out)
    assert re.search(rf"HTTP POST event, 2 clients, 1 worker, 100 users{timed}", out)
    assert re.search(rf"HTTP POST event, 2 clients, 1 worker, one user{timed}", out)
    for aggregation, periods in (("daily", 400), ("weekly", r"5[89]"), ("monthly", r"1[45]")):
        assert re.search(
            rf"event summary, {aggregation} \({periods} periods\), 800 events\s+-\s+{MS}\s+{MS}"
            rf"\s+-\s+p95 <= 20 ms\s+{RESULT}",
            out,
        )
    # The targets: in-process on SQLite, HTTP on PostgreSQL.
    if sqlite:
        assert re.search(rf"in-process, 100 users{timed}.*>= 1,000 events/s\s+{RESULT}", out)
    else:
        target = r">= 500 events/s, p99 <= 50 ms"
        assert re.search(rf"1 worker, 100 users{timed}.*{target}\s+{RESULT}", out)
    for name in (
        r"leaderboard top 10, 1,200 participants",
        r"leaderboard rank of the user at #500",
        r"leaderboard rank of a user not on the board",
        r"record_event moving a user on that board",
    ):
        assert re.search(rf"{name}\s+-\s+{MS}\s+{MS}\s+-\s+p95 <= 20 ms\s+{RESULT}", out)
    assert "written with bulk INSERTs" in out
    # 100 warm-up events, 20 in-process, 2 x (20 + 2 clients x 5 warm-up) HTTP, 800 history.
    assert "Ledgers afterwards (flask xp verify on the scratch data): OK; 980 events" in out

    assert configured_state(configured) == before


def test_skip_http_leaves_out_the_http_rows(configured, runner):
    result = runner.invoke(
        args=[
            "xp",
            "bench",
            "--events",
            "5",
            "--summary-events",
            "400",
            "--skip-http",
            "--leaderboard-participants",
            "50",
        ]
    )

    assert result.exit_code == 0, result.output
    assert "HTTP" not in result.output
    assert re.search(rf"record_event in-process, 100 users\s+{NUMBER}", result.output)
    assert "event summary, monthly" in result.output


def test_scratch_data_is_removed_after_ctrl_c(configured, runner, monkeypatch):
    from app.xp.ops import bench

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(bench, "bench_summary", interrupted)
    before = configured_state(configured)

    result = runner.invoke(
        args=[
            "xp",
            "bench",
            "--events",
            "5",
            "--summary-events",
            "400",
            "--skip-http",
            "--leaderboard-participants",
            "50",
        ]
    )

    assert result.exit_code != 0
    assert "Scratch database:" in result.output
    assert configured_state(configured) == before


def test_an_unsupported_database_is_refused_with_a_message():
    from app.xp.ops.bench_data import BenchError, scratch_database

    with pytest.raises(BenchError, match="runs on SQLite or PostgreSQL, not mysql"):
        with scratch_database("mysql://user@localhost/studyxp"):
            pass
