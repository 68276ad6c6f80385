"""`flask --app app xp webhooks ...`: webhook endpoints from the shell, and the delivery worker."""

import signal
import threading

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from app.xp.admin import webhooks
from app.xp.errors import XpError
from app.xp.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.xp.webhooks import worker

webhooks_cli = AppGroup("webhooks", help="Manage webhook endpoints and send their deliveries.")


@webhooks_cli.command("add")
@click.argument("url")
@click.option(
    "--events",
    required=True,
    help="Comma-separated event types, e.g. achievement.completed,points.changed.",
)
def add_command(url: str, events: str):
    """Register URL for the given event types; its signing secret is printed once, last."""
    try:
        endpoint, secret = webhooks.add_endpoint(url, events)
    except XpError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created webhook endpoint {endpoint.uuid}")
    click.echo(f"URL: {endpoint.url}")
    click.echo(f"Events: {', '.join(endpoint.events)}")
    click.echo("Store the signing secret now: it is not shown again.")
    click.echo(secret)


@webhooks_cli.command("list")
def list_command():
    """List endpoints: id, URL, events, active or not, and how the last delivery went."""
    endpoints = db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
    if not endpoints:
        click.echo("No webhook endpoints. Add one with: flask --app app xp webhooks add URL")
        return
    for endpoint in endpoints:
        state = "active" if endpoint.active else "inactive"
        click.echo(
            f"{endpoint.uuid}\t{endpoint.url}\t{','.join(endpoint.events)}\t{state}\t"
            f"last delivery: {_last_delivery(endpoint)}"
        )


@webhooks_cli.command("remove")
@click.argument("endpoint_id", metavar="ID")
def remove_command(endpoint_id: str):
    """Remove the endpoint ID with its queued deliveries and their log."""
    endpoint = webhooks.endpoint_by_uuid(endpoint_id.strip())
    if endpoint is None:
        raise click.ClickException(f"No webhook endpoint with id '{endpoint_id}'")
    webhooks.remove_endpoint(endpoint)
    click.echo(f"Removed webhook endpoint {endpoint_id} ({endpoint.url}).")


@webhooks_cli.command("work")
@click.option("--once", is_flag=True, help="Send what is due now, then exit (for cron).")
def work_command(once: bool):
    """Send due deliveries until interrupted; SIGTERM or Ctrl-C finishes the current one."""
    if once:
        summary = worker.deliver_due()
    else:
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        click.echo("Sending webhooks; SIGTERM or Ctrl-C stops after the current delivery.")
        summary = worker.work(stop)
    click.echo(f"Webhooks: {summary}")


def _last_delivery(endpoint: WebhookEndpoint) -> str:
    """The newest delivery's state, with its last attempt's answer: "failed (HTTP 500)"."""
    delivery = db.session.scalar(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(1)
    )
    if delivery is None:
        return "none yet"
    attempt = db.session.scalar(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id == delivery.id)
        .order_by(WebhookAttempt.id.desc())
        .limit(1)
    )
    if attempt is None:
        return f"{delivery.status} (not tried yet)"
    answer = f"HTTP {attempt.status_code}" if attempt.status_code else attempt.error
    return f"{delivery.status} ({answer}, {attempt.at:%Y-%m-%d %H:%M} UTC)"
