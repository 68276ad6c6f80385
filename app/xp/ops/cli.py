"""`flask --app app xp ...`: operator commands for the XP service."""

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.xp.admin import api_keys
from app.xp.engine import seen, streaks
from app.xp.errors import XpError
from app.xp.models.api_keys import ADMIN, APPLICATION, ApiKey
from app.xp.ops.bench import BenchError, run_bench
from app.xp.ops.verify import verify_report
from app.xp.ops.webhooks_cli import webhooks_cli
from app.xp.webhooks import announcements

xp_cli = AppGroup("xp", help="Manage the XP service.")
xp_cli.add_command(webhooks_cli)
# Where create_app leaves itself for `flask xp bench`, which builds a second app on scratch
# data: app/__init__.py imports this package, so this package cannot import create_app back.
APP_FACTORY = "studyxp.app_factory"


@xp_cli.command("create-api-key")
@click.argument("name")
@click.option("--admin", is_flag=True, help="An admin key, for /admin/v1 (not /api/v1).")
def create_api_key(name: str, admin: bool):
    """Create an API key; its secret is printed once, alone on the last line."""
    try:
        key, secret = api_keys.create_api_key(name, ADMIN if admin else APPLICATION)
    except XpError as error:
        raise click.ClickException(error.message) from None
    kind = "admin API key" if admin else "API key"
    api = "/admin/v1" if admin else "/api/v1"
    click.echo(f"Created {kind} '{key.name}' ({key.prefix}...).")
    click.echo(f"Store it now: it is not shown again. Send it as the X-API-KEY header to {api}.")
    click.echo(secret)


@xp_cli.command("revoke-api-key")
@click.argument("name")
def revoke_api_key(name: str):
    """Revoke the active API key called NAME; calls with it get 401 from now on."""
    key = api_keys.revoke_api_key(name)
    if key is None:
        raise click.ClickException(f"No active API key named '{name}'")
    click.echo(f"Revoked API key '{key.name}' ({key.prefix}...).")


@xp_cli.command("list-api-keys")
def list_api_keys():
    """List API keys: name, kind, prefix, created, last used, revoked."""
    keys = db.session.scalars(select(ApiKey).order_by(ApiKey.created)).all()
    if not keys:
        click.echo("No API keys. Create one with: flask --app app xp create-api-key NAME")
        return
    for key in keys:
        state = f"revoked {_when(key.revoked)}" if key.revoked else "active"
        click.echo(
            f"{key.name}\t{key.kind}\t{key.prefix}...\tcreated {_when(key.created)}\t"
            f"last used {_when(key.last_used)}\t{state}"
        )


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


@xp_cli.command("tick")
def tick_command():
    """Pay every user's due time triggers and tell the time-based webhook news (run it from
    cron, e.g. hourly)."""
    now = clock.now()
    done = seen.tick(now)
    click.echo(f"Paid {done['points']} points in {done['awards']} awards to {done['users']} users")
    told = announcements.announce(now)
    click.echo(f"Told {sum(told.values())} webhook announcements")
    click.echo(
        "Settled {users} streaks: {lost} lost, {freezes} freezes spent".format_map(
            streaks.settle_lapsed(now)
        )
    )


@xp_cli.command("verify")
def verify_command():
    """Recompute every total from the events and the award ledger; exit 1 on any mismatch."""
    report = verify_report()
    if report.ok:
        click.echo(
            f"OK: {report.events} events, {report.awards} awards, {report.users} users checked"
        )
        return
    for mismatch in report.mismatches:
        click.echo(mismatch)
    click.echo(f"{len(report.mismatches)} mismatch(es) found", err=True)
    raise SystemExit(1)


@xp_cli.command("bench")
@click.option(
    "--events",
    default=2000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Events per in-process, baseline and HTTP row (at least --connections).",
)
@click.option(
    "--users",
    default=4,
    show_default=True,
    type=click.IntRange(min=1),
    help="Users of the HTTP rows, each with its own client process.",
)
@click.option(
    "--connections",
    default=16,
    show_default=True,
    type=click.IntRange(min=1),
    help="Concurrent keep-alive HTTP connections, shared out among the users.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="gunicorn worker processes.",
)
@click.option(
    "--summary-events",
    default=100_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Events of the user whose event summary is timed.",
)
@click.option(
    "--leaderboard-participants",
    default=100_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Participants in the run of the leaderboard whose reads are timed.",
)
@click.option("--skip-http", is_flag=True, help="Leave out the HTTP rows (no gunicorn).")
def bench_command(
    events, users, connections, workers, summary_events, leaderboard_participants, skip_http
):
    """Measure events/s and latencies on scratch data; the configured data is never touched."""
    try:
        run_bench(
            current_app.config["SQLALCHEMY_DATABASE_URI"],
            current_app.extensions[APP_FACTORY],
            events=events,
            users=users,
            connections=connections,
            workers=workers,
            summary_events=summary_events,
            skip_http=skip_http,
            echo=click.echo,
            leaderboard_participants=leaderboard_participants,
        )
    except BenchError as error:
        raise click.ClickException(str(error)) from None
