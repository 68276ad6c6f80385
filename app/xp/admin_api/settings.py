"""/admin/v1/settings and /admin/v1/environments: the organisation surfaces of Trophy's SDK
(trophy.admin.settings get/update, trophy.admin.environments list), answered as StudyXP is.

StudyXP keeps no organisation settings: every value below is fixed by the installation, so
GET answers them and PATCH takes only the values they already have (a client that writes
back what it read succeeds); any change is refused with 422 naming each field, never
dropped. Streak settings are /admin/v1/streaks/settings, not these.

- branding: the app's name and the address this StudyXP answers at; its accent colour
  (static/css/tokens.css --accent) and system sans-serif font; no logo or app icon, as
  StudyXP sends no emails or push notifications of its own.
- experimentation: StudyXP runs no experiments: no user is held out in a control group
  (controlRatio 0) and no activation window is measured (userActivationWindow 0).
- aggregationPeriod: weekly, StudyXP's weeks starting on Monday.

Environments: one per installation, so the list holds that one, as Trophy's production.
"""

from flask import jsonify, request

from app.wording import APP_NAME
from app.xp.admin_api.blueprint import bp
from app.xp.errors import Unprocessable

BRAND_COLOR = "#5a3fd6"
ENVIRONMENTS = [{"name": "Production", "key": "production", "priority": 1}]
BODY = (
    'The body must be a JSON object such as {"branding": {...}, "experimentation": {...}, '
    '"aggregationPeriod": "weekly"}'
)


def current_settings() -> dict:
    """Trophy's AdminSettings for this installation."""
    return {
        "branding": {
            "appName": APP_NAME,
            "appUrl": request.url_root.rstrip("/"),
            "brandColor": BRAND_COLOR,
            "font": "MODERN_SANS",
            "logo": None,
            "appIcon": None,
        },
        "experimentation": {"controlRatio": 0, "userActivationWindow": 0},
        "aggregationPeriod": "weekly",
    }


@bp.get("/settings")
def get_settings():
    """Branding, experimentation and aggregation settings (fixed: see the module)."""
    return jsonify(current_settings())


@bp.patch("/settings")
def update_settings():
    """Answer the settings when every value given is the one they have; 422 otherwise."""
    try:
        body = request.get_json(force=True, silent=True)
    except RecursionError:  # e.g. [[[[...]]]] nested thousands deep
        body = None
    if not isinstance(body, dict):
        raise Unprocessable(BODY)
    settings = current_settings()
    changed = changed_fields(body, settings, "")
    if changed:
        raise Unprocessable(
            "StudyXP's settings are fixed by the installation and cannot be changed here: "
            + ", ".join(changed)
        )
    return jsonify(settings)


def changed_fields(given: dict, current: dict, prefix: str) -> list[str]:
    """The dotted names of the fields of `given` that differ from `current` or that it
    does not have. An omitted field stays as it is, as Trophy's update says."""
    changed = []
    for name, value in given.items():
        field = prefix + str(name)
        if name not in current:
            changed.append(f"{field} (unknown field)")
        elif isinstance(current[name], dict) and isinstance(value, dict):
            changed += changed_fields(value, current[name], field + ".")
        elif value != current[name] or type(value) is not type(current[name]):
            changed.append(field)
    return changed


@bp.get("/environments")
def list_environments():
    """The active environments: this installation's one."""
    return jsonify(ENVIRONMENTS)
