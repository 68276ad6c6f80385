"""The dashboard's webhooks pages: the endpoints (add one, its secret shown once; change its
event types or pause it; remove it) and each endpoint's delivery log with Resend.

The rules (public URLs only, known event types) are app.xp.admin.webhooks'; these pages show
what it refuses beside the field. The log is app.xp.queries.webhooks' last 7 days.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from app.accounts.guards import password_confirmed
from app.dashboard.blueprint import bp, show_errors
from app.dashboard.forms import StatusForm
from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.webhooks import add_endpoint, remove_endpoint, resend, update_endpoint
from app.xp.models.webhooks import (
    DELIVERY_STATES,
    WEBHOOK_EVENT_TYPES,
    WebhookDelivery,
    WebhookEndpoint,
)
from app.xp.queries import webhooks as queries

DELIVERIES_PER_PAGE = 25
MAX_PAGE = 100_000  # keeps the offset a number every database takes
# The checkboxes' groups, by the part of the type before the dot.
GROUP_NAMES = {
    "achievement": "Achievements",
    "streak": "Streaks",
    "points": "Points",
    "leaderboard": "Leaderboards",
    "emails": "Emails",
}


class EventTypesField(SelectMultipleField):
    """Trophy's event types as checkboxes; the admin module says what is wrong with a choice."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, **kwargs):
        choices = [SelectChoice(kind, kind) for kind in WEBHOOK_EVENT_TYPES]
        super().__init__(label, choices=choices, validate_choice=False, **kwargs)


class WebhookForm(FlaskForm):
    url = StringField("URL")
    events = EventTypesField("Event types")


class WebhookEditForm(FlaskForm):
    events = EventTypesField("Event types")
    active = BooleanField("Active: send it the types it subscribes to")


def event_groups(field: EventTypesField) -> list[tuple[str, list]]:
    """The field's checkboxes grouped as GROUP_NAMES names them, in Trophy's order."""
    groups: dict[str, list] = {}
    for option in field:
        groups.setdefault(GROUP_NAMES[option.data.split(".")[0]], []).append(option)
    return list(groups.items())


@bp.route("/webhooks/", methods=["GET", "POST"])
@password_confirmed
def webhooks():
    """Webhook endpoints: add one (its secret is shown this once), list them with how their
    deliveries went."""
    form = WebhookForm()
    secret = None
    if form.validate_on_submit():
        try:
            endpoint, secret = add_endpoint(form.url.data, form.events.data)
        except FieldErrors as error:
            show_errors(form, error)
        else:
            flash(
                f"Webhook endpoint {endpoint.url} added. Copy its secret now: "
                "it is not shown again.",
                "success",
            )
            form = WebhookForm(formdata=None)
    overviews = queries.endpoint_overviews(queries.all_endpoints())
    response = render_template(
        "dashboard/webhooks.html",
        form=form,
        groups=event_groups(form.events),
        overviews=overviews,
        secret=secret,
        log_days=queries.LOG_DAYS,
        status_form=StatusForm(),
    )
    # The page holding a fresh secret must not be kept by the browser or any cache.
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/webhooks/<int:endpoint_id>/edit", methods=["GET", "POST"])
@password_confirmed
def webhook_form(endpoint_id: int):
    """Change an endpoint's event types, or pause it (its URL and secret stay)."""
    endpoint = db.get_or_404(WebhookEndpoint, endpoint_id)
    form = WebhookEditForm(data={"events": endpoint.events, "active": endpoint.active})
    if form.validate_on_submit():
        try:
            update_endpoint(endpoint, events=form.events.data, active=form.active.data)
        except FieldErrors as error:
            show_errors(form, error)
        else:
            flash(f"Webhook endpoint {endpoint.url} saved.", "success")
            return redirect(url_for("dashboard.webhooks"))
    return render_template(
        "dashboard/webhook_form.html",
        form=form,
        groups=event_groups(form.events),
        endpoint=endpoint,
    )


@bp.post("/webhooks/<int:endpoint_id>/remove")
@password_confirmed
def remove_webhook(endpoint_id: int):
    """Remove an endpoint with its delivery log: nothing more is sent to it."""
    endpoint = db.get_or_404(WebhookEndpoint, endpoint_id)
    if StatusForm().validate_on_submit():
        url = endpoint.url
        remove_endpoint(endpoint)
        flash(f"Webhook endpoint {url} removed. Nothing more is sent to it.", "info")
    return redirect(url_for("dashboard.webhooks"))


@bp.get("/webhooks/<int:endpoint_id>/deliveries")
def webhook_deliveries(endpoint_id: int):
    """An endpoint's deliveries of the last 7 days, newest first, with every attempt; a
    status filter and pages of DELIVERIES_PER_PAGE."""
    endpoint = db.get_or_404(WebhookEndpoint, endpoint_id)
    status = request.args.get("status") or None
    if status not in DELIVERY_STATES:
        status = None  # an unknown filter shows everything, as "All" does
    page = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    log = queries.delivery_log(
        endpoint, status, DELIVERIES_PER_PAGE, (page - 1) * DELIVERIES_PER_PAGE
    )
    return render_template(
        "dashboard/webhook_deliveries.html",
        endpoint=endpoint,
        log=log,
        status=status,
        states=DELIVERY_STATES,
        page=page,
        log_days=queries.LOG_DAYS,
        status_form=StatusForm(),
    )


@bp.post("/webhooks/deliveries/<int:delivery_id>/resend")
def resend_webhook_delivery(delivery_id: int):
    """Queue a delivery again now (same webhook-id), with a fresh set of retries."""
    delivery = db.get_or_404(WebhookDelivery, delivery_id)
    if StatusForm().validate_on_submit():
        resend(delivery)
        flash(
            f"{delivery.message.event_type} (webhook-id {delivery.message.webhook_id}) "
            "is queued to be sent again.",
            "success",
        )
    return redirect(url_for("dashboard.webhook_deliveries", endpoint_id=delivery.endpoint_id))
