"""`flask qa`: test data on demand, refused unless QA_TOOLS is on (STUDYXP_QA_TOOLS=1)."""

import functools

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db
from app.qa.learners import QaRefused, Wanted, make_learner

OFF = "QA tools are off: set STUDYXP_QA_TOOLS=1 (test environments only)"

qa_cli = AppGroup("qa", help="Test data on demand (test environments only).")


def qa_only(command):
    """Exit 1 with OFF unless the QA tools are on; a QaRefused exits 1 with its words."""

    @functools.wraps(command)
    def guarded(*args, **kwargs):
        if not current_app.config.get("QA_TOOLS"):
            raise click.ClickException(OFF)
        try:
            return command(*args, **kwargs)
        except QaRefused as refusal:
            db.session.rollback()
            raise click.ClickException(str(refusal)) from None

    return guarded


def _badge_keys(ctx, param, value: str | None) -> list[str]:
    return [key.strip() for key in (value or "").split(",") if key.strip()]


@qa_cli.command("learner")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option(
    "--xp", type=click.IntRange(min=0), help="The XP total (default: what the rest pays)."
)
@click.option("--streak", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--badges", callback=_badge_keys, help="Badge keys, comma-separated.")
@qa_only
def learner(email: str, password: str, xp: int | None, streak: int, badges: list[str]) -> None:
    """Create or update a learner with this XP, streak and badges; print its XP user id last."""
    account, done = make_learner(email.strip().lower(), password, Wanted(xp, streak, badges))
    for line in done:
        click.echo(line)
    click.echo(account.xp_user_id)


@qa_cli.command("reset")
@click.option("--no-boosts", "boosts", flag_value=False, default=True, help="As seed.py's.")
@qa_only
def reset(boosts: bool) -> None:
    """Delete every row and seed the demo data again, as a fresh `python seed.py` leaves it."""
    # seed.py sits beside the app (the repository's root), where `flask --app app` runs.
    from seed import seed_demo

    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    seed_demo(boosts=boosts)
    click.echo("The demo data is as a fresh seed leaves it.")
