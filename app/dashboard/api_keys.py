"""The dashboard's API keys page: create a key of either kind (its secret shown once: an
application key for /api/v1, an admin key for /admin/v1), revoke one."""

from flask import (
    flash,
    redirect,
    render_template,
    url_for,
)
from sqlalchemy import select

from app.accounts.guards import password_confirmed
from app.dashboard.blueprint import bp
from app.dashboard.forms import (
    ApiKeyForm,
    StatusForm,
)
from app.extensions import db
from app.xp.admin.api_keys import create_api_key, revoke
from app.xp.errors import XpError
from app.xp.models.api_keys import ApiKey


@bp.route("/api-keys/", methods=["GET", "POST"])
@password_confirmed
def api_keys():
    """API keys: create one (its secret is shown this once), list them, revoke them."""
    form = ApiKeyForm()
    secret = None
    if form.validate_on_submit():
        try:
            key, secret = create_api_key(form.name.data, form.kind.data)
        except XpError as error:
            form.name.errors = [error.message]
        else:
            kind = "Admin API key" if key.kind == "admin" else "API key"
            flash(f"{kind} “{key.name}” created. Copy it now: it is not shown again.", "success")
            form = ApiKeyForm(formdata=None)
    keys = db.session.scalars(
        select(ApiKey).order_by(ApiKey.revoked.is_not(None), ApiKey.created.desc())
    ).all()
    response = render_template(
        "dashboard/api_keys.html", form=form, keys=keys, secret=secret, status_form=StatusForm()
    )
    # The page holding a fresh secret must not be kept by the browser or any cache.
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/api-keys/<int:key_id>/revoke")
@password_confirmed
def revoke_api_key(key_id: int):
    """Revoke an API key: calls with it get 401 from now on."""
    key = db.get_or_404(ApiKey, key_id)
    if StatusForm().validate_on_submit():
        revoke(key)
        flash(f"API key “{key.name}” revoked.", "info")
    return redirect(url_for("dashboard.api_keys"))


# The triggers, levels, achievements, streak settings and boosts pages live in their own
# modules, on this blueprint.
from app.dashboard import achievements, boosts, levels, streaks, triggers  # noqa: E402, F401
