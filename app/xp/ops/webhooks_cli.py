"""`flask --app app xp webhooks ...`: webhook endpoints from the shell, and the delivery worker."""

import signal
import threading

import click
from flask.cli import AppGroup

from app.xp.admin import webhooks
from app.xp.errors import XpError
from app.xp.queries.webhooks import EndpointOverview, all_endpoints, endpoint_overviews
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
    overviews = endpoint_overviews(all_endpoints())
    if not overviews:
        click.echo("No webhook endpoints. Add one with: flask --app app xp webhooks add URL")
        return
    for overview in overviews:
        endpoint = overview.endpoint
        state = "active" if endpoint.active else "inactive"
        click.echo(
            f"{endpoint.uuid}\t{endpoint.url}\t{','.join(endpoint.events)}\t{state}\t"
            f"last delivery: {_last_delivery(overview)}"
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


def _last_delivery(overview: EndpointOverview) -> str:
    """The newest delivery's state, with its last attempt's answer: "failed (HTTP 500, ...)"."""
    if overview.last_status is None:
        return "none yet"
    if overview.last_attempt is None:
        return f"{overview.last_status} (not tried yet)"
    code = overview.last_status_code
    answer = f"HTTP {code}" if code else overview.last_error
    return f"{overview.last_status} ({answer}, {overview.last_attempt:%Y-%m-%d %H:%M} UTC)"
