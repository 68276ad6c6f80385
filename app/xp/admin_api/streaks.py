"""/admin/v1/streaks: Trophy's admin streak endpoints (freezes, pauses, restore, reset and the
streak settings), as Trophy's SDK 1.27 calls them.

Each bulk request is a JSON object holding an array of 1 to 100 items under Trophy's key
(`freezes`, `pauses`, `users`); anything else is refused as a whole with {"error": ...}
(400 for a body that is not a JSON object, 422 for a wrong array). Each item is done in its
own transaction under the user's lock, or answered by an issue naming its user (its index
when it names none), and the others go on. What each does, and where StudyXP differs from
Trophy, is written in docs/admin-api.md ("Streaks").
"""

from flask import jsonify, request
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.streaks import add_pause, archive_pause, save_streak_settings
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.engine import streaks as engine
from app.xp.errors import BadRequest, Unprocessable
from app.xp.models.metrics import Metric
from app.xp.models.streaks import StreakPause, StreakSettings
from app.xp.models.users import XpUser
from app.xp.payloads.streaks import admin_pause, streak_settings

PAUSE_NOT_FOUND = "Streak pause not found by ID"
# The dashboard's field names, as Trophy's settings call them.
SETTINGS_FIELDS = {
    "max_freezes": "freezes.maxCount",
    "starting_freezes": "freezes.startCount",
    "freeze_auto_earn_interval": "freezes.autoEarnInterval",
    "freeze_auto_earn_amount": "freezes.autoEarnAmount",
    "metric_ids": "metrics",
}


def _items(key: str, noun: str) -> list:
    """The body's array under `key`: 1 to bulk.MAX_ITEMS items (each checked by the caller)."""
    try:
        body = request.get_json(force=True, silent=True)
    except RecursionError:
        body = None
    if not isinstance(body, dict):
        raise BadRequest(f"The body must be a JSON object with '{key}': an array of {noun}")
    items = body.get(key)
    if not isinstance(items, list) or not 1 <= len(items) <= bulk.MAX_ITEMS:
        raise Unprocessable(f"'{key}' must be an array of 1 to {bulk.MAX_ITEMS} {noun}")
    return items


def _user_id(index: int, item, field: str) -> tuple[str | None, dict | None]:
    """The user id an item names under `field`, or the issue saying why it names none."""
    if not isinstance(item, dict) or not isinstance(item.get(field), str) or not item[field]:
        return None, bulk.error(f"{field} is required, as a string", index=index)
    return item[field], None


def _issue(user_id: str, issue: engine.Issue) -> dict:
    return {"userId": user_id, "severity": issue.severity, "message": issue.message}


def _for_each_user(key: str, field: str, change) -> tuple[list[str], list[dict]]:
    """Run `change(user_id, now)` (an engine function answering an Issue or None) for each
    item of the array `key`: the ids it was done for, and the issues."""
    done, issues = [], []
    for index, item in enumerate(_items(key, key)):
        user_id, issue = _user_id(index, item, field)
        if issue is None:
            # PostgreSQL text cannot hold NUL: no such user.
            found = engine.Issue("error", engine.USER_MISSING) if "\x00" in user_id else None
            found = found or change(user_id, clock.now())
            if found is None:
                done.append(user_id)
            else:
                issue = _issue(user_id, found)
        if issue is not None:
            issues.append(issue)
    return done, issues


@bp.post("/streaks/freezes")
def create_streak_freezes():
    """Give one freeze per item, up to the settings' maximum: 201 when any was given."""
    granted, issues = _for_each_user("freezes", "userId", engine.grant_freeze)
    return jsonify(issues=issues), 201 if granted else 200


@bp.post("/streaks/restore")
def restore_streaks():
    """Restore each user's longest streak of the restore window: 201 when any was restored."""
    restored, issues = _for_each_user("users", "id", engine.restore_streak)
    return jsonify(restoredUsers=restored, issues=issues), 201 if restored else 200


@bp.post("/streaks/reset")
def reset_streaks():
    """End each user's current streak (length 0, freezes kept)."""
    reset, issues = _for_each_user("users", "id", engine.reset_streak)
    return jsonify(resetUsers=reset, issues=issues)


def _user(user_id: str) -> XpUser | None:
    if "\x00" in user_id:
        return None
    return db.session.scalar(select(XpUser).where(XpUser.external_id == user_id))


@bp.post("/streaks/pauses")
def create_streak_pauses():
    """Pause each user's streak on the dates given: 201 when any pause was created."""
    created, issues = [], []
    for index, item in enumerate(_items("pauses", "pauses")):
        user_id, issue = _user_id(index, item, "userId")
        if issue is None:
            user = _user(user_id)
            if user is None:
                issue = _issue(user_id, engine.Issue("error", engine.USER_MISSING))
            else:
                try:
                    pause = add_pause(user, item.get("start"), item.get("end"))
                except FieldErrors as error:
                    issue = _issue(user_id, engine.Issue("error", bulk.field_messages(error, {})))
                else:
                    created.append(admin_pause(pause, user_id))
        if issue is not None:
            issues.append(issue)
    return jsonify(created=created, issues=issues), 201 if created else 200


def _pause(pause_uuid: str) -> StreakPause | None:
    return db.session.scalar(
        select(StreakPause).where(StreakPause.uuid == pause_uuid, StreakPause.status == "active")
    )


@bp.delete("/streaks/pauses")
def delete_streak_pauses():
    """Archive each active pause named in `ids`: the dates it already covered stay covered."""
    deleted, issues = [], []
    for raw in bulk.ids_arg("streak pauses"):
        pause, issue = bulk.named(raw, _pause, PAUSE_NOT_FOUND)
        if issue is not None:
            issues.append(issue)
        else:
            archive_pause(pause)
            deleted.append({"id": pause.uuid})
    return jsonify(deleted=deleted, issues=issues)


def _settings_json() -> dict:
    row = db.session.get(StreakSettings, engine.SETTINGS_ID)
    keys = db.session.scalars(
        select(Metric.key).where(Metric.counts_for_streak.is_(True)).order_by(Metric.key)
    ).all()
    return streak_settings(engine.rule_from_row(row), list(keys))


@bp.get("/streaks/settings")
def get_streak_settings():
    """The streak settings, as Trophy's StreakSettings."""
    return jsonify(_settings_json())


@bp.patch("/streaks/settings")
def update_streak_settings():
    """Change the fields given (the others stay), through the dashboard's save_streak_settings."""
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object of streak settings")
    _refuse_unsupported(body)
    rule = engine.rule_from_row(db.session.get(StreakSettings, engine.SETTINGS_ID))
    frequency = body.get("frequency", rule.frequency)
    most, starting = rule.max_freezes, rule.starting_freezes
    interval, amount = rule.freeze_auto_earn_interval, rule.freeze_auto_earn_amount
    if "freezes" in body:
        most, starting, interval, amount = _freezes(body["freezes"], amount)
    if "metrics" in body:
        metric_ids = _metric_ids(body["metrics"])
    else:
        metric_ids = db.session.scalars(
            select(Metric.id).where(Metric.counts_for_streak.is_(True))
        ).all()
    try:
        save_streak_settings(
            frequency if isinstance(frequency, str) else "",
            most,
            starting,
            interval if interval is not None else "",
            amount,
            metric_ids,
        )
    except FieldErrors as error:
        raise Unprocessable(bulk.field_messages(error, SETTINGS_FIELDS)) from None
    return jsonify(_settings_json())


def _refuse_unsupported(body: dict) -> None:
    """StudyXP's streak rules have no AND mode, no per-user customization and no days off."""
    if body.get("evaluationMode", "OR") != "OR":
        raise Unprocessable("evaluationMode: StudyXP counts an event on any streak metric (OR)")
    if body.get("customizationEnabled", False) is not False:
        raise Unprocessable("customizationEnabled: StudyXP has no per-user streak customization")
    if body.get("daysOff", []) not in ([], None):
        raise Unprocessable("daysOff: StudyXP has no days off; every period counts")


def _whole(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unprocessable(f"freezes.{name} must be a whole number")
    return value


def _freezes(raw, amount: int) -> tuple[int, int, int | None, int]:
    """(max, starting, interval, amount) of Trophy's freezes object; null turns freezes off."""
    if raw is None:
        return 0, 0, None, amount
    if not isinstance(raw, dict):
        raise Unprocessable("freezes must be an object or null")
    most = _whole(raw.get("maxCount"), "maxCount")
    starting = _whole(raw.get("startCount"), "startCount")
    interval, earned = raw.get("autoEarnInterval"), raw.get("autoEarnAmount")
    if (interval is None) != (earned is None):
        raise Unprocessable(
            "freezes: set both autoEarnInterval and autoEarnAmount to earn freezes, or neither"
        )
    if interval is None:
        return most, starting, None, amount
    return most, starting, _whole(interval, "autoEarnInterval"), _whole(earned, "autoEarnAmount")


def _metric_ids(raw) -> list[int]:
    """The ids of Trophy's metrics list: unique existing keys, each with threshold 1 (StudyXP
    counts any positive event)."""
    if not isinstance(raw, list):
        raise Unprocessable("metrics must be an array of {key, threshold}")
    keys = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise Unprocessable("metrics: each item needs a key, as a string")
        if item.get("threshold", 1) != 1 or isinstance(item.get("threshold"), bool):
            raise Unprocessable(
                f"metrics: threshold must be 1 for '{item['key'][:100]}' "
                "(StudyXP counts any positive event on a streak metric)"
            )
        if "\x00" in item["key"]:  # PostgreSQL text cannot hold NUL: no such metric
            raise Unprocessable("metrics: no metric with that key")
        if item["key"] in keys:
            raise Unprocessable(f"metrics: the key '{item['key'][:100]}' is listed twice")
        keys.append(item["key"])
    found = dict(
        db.session.execute(select(Metric.key, Metric.id).where(Metric.key.in_(keys))).all()
    )
    missing = [key for key in keys if key not in found]
    if missing:
        raise Unprocessable(f"metrics: no metric with the key '{missing[0][:100]}'")
    return [found[key] for key in keys]
