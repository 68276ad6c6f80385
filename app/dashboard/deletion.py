"""Deleting dashboard objects that never paid or recorded anything (app/xp/admin/deletion.py).

One route for the six kinds; each list shows Delete only beside what may go, and archive
stays the way to retire the rest.
"""

from flask import abort, flash, redirect, url_for

from app.accounts.guards import password_confirmed
from app.dashboard.blueprint import bp
from app.dashboard.forms import StatusForm
from app.extensions import db
from app.xp.admin.deletion import KINDS, delete_unused, why_kept
from app.xp.errors import Unprocessable


@bp.app_template_global()
def can_delete(kind: str, obj) -> bool:
    """Whether the page shows Delete beside `obj`."""
    return why_kept(kind, obj) is None


def _list_page(kind: str, obj) -> str:
    if kind in ("trigger", "boost"):
        page = "dashboard.configure" if kind == "trigger" else "dashboard.boosts"
        return url_for(page, system_id=obj.system_id)
    pages = {
        "metric": "dashboard.metrics",
        "system": "dashboard.points",
        "achievement": "dashboard.achievements",
        "leaderboard": "dashboard.leaderboards",
    }
    return url_for(pages[kind])


@bp.post("/<kind>/<int:object_id>/delete")
@password_confirmed
def delete_object(kind: str, object_id: int):
    """Delete an unused metric, points system, trigger, achievement, leaderboard or boost."""
    if kind not in KINDS:
        abort(404)
    obj = db.get_or_404(KINDS[kind].model, object_id)
    back = _list_page(kind, obj)
    if StatusForm().validate_on_submit():
        name = getattr(obj, "name", None) or getattr(obj, "key", None) or f"#{obj.id}"
        try:
            delete_unused(kind, obj)
        except Unprocessable as refusal:
            flash(str(refusal), "error")
        else:
            flash(f"Deleted the {KINDS[kind].noun} “{name}”.", "info")
    return redirect(back)
