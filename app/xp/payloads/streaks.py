"""Trophy-shaped streak JSON: BaseStreakResponse and the two responses built on it, the
items of BulkStreakResponse (GET /streaks), the five streak webhooks' bodies and the admin
API's AdminStreakPause and StreakSettings.

`length` is 0 and the dates are null before a streak exists or after it is lost. The freeze
fields appear only when the rule has freezes (and auto-earn), as Trophy's schema says.
"""

from app.xp.payloads.values import iso_date, iso_datetime
from app.xp.streak_rules import StreakPeriod, StreakRule, StreakState, expires


def _date_or_none(value):
    return iso_date(value) if value is not None else None


def base_streak(state: StreakState, rule: StreakRule) -> dict:
    """BaseStreakResponse."""
    active = state.active
    body = {
        "length": state.length,
        "frequency": rule.frequency,
        "started": _date_or_none(state.started if active else None),
        "periodStart": _date_or_none(state.period_start if active else None),
        "periodEnd": _date_or_none(state.period_end if active else None),
        "expires": _date_or_none(expires(state, rule)),
    }
    if rule.freezes_enabled:
        body["freezes"] = state.freezes
        body["maxFreezes"] = rule.max_freezes
    if rule.auto_earn_enabled:
        body["freezeAutoEarnInterval"] = rule.freeze_auto_earn_interval
        body["freezeAutoEarnAmount"] = rule.freeze_auto_earn_amount
    return body


def metric_event_streak(state: StreakState, rule: StreakRule, extended: bool) -> dict:
    """MetricEventStreakResponse: the EventResponse's `currentStreak`."""
    return {**base_streak(state, rule), "extended": extended}


def history_period(period: StreakPeriod, rule: StreakRule) -> dict:
    """One item of StreakResponse.streakHistory."""
    body = {
        "periodStart": iso_date(period.start),
        "periodEnd": iso_date(period.end),
        "length": period.length,
        "usedPause": period.used_pause,
    }
    if rule.freezes_enabled:
        body["usedFreeze"] = period.used_freeze
    return body


def streak_response(
    state: StreakState, rule: StreakRule, history: list[StreakPeriod], pauses=()
) -> dict:
    """StreakResponse: GET /users/{id}/streak, `state` already settled to now; `pauses` are
    the active pauses not over yet (rows with uuid, start and end)."""
    extended_at = state.extended_at if state.active else None
    return {
        **base_streak(state, rule),
        "extended": iso_datetime(extended_at) if extended_at is not None else None,
        "streakHistory": [history_period(period, rule) for period in history],
        "pauses": [
            {"id": p.uuid, "start": iso_date(p.start), "end": iso_date(p.end)} for p in pauses
        ],
    }


def empty_streak() -> dict:
    """MetricEventStreakResponse for a service without streaks: length 0, nothing pending."""
    return {
        "length": 0,
        "frequency": "daily",
        "started": None,
        "periodStart": None,
        "periodEnd": None,
        "expires": None,
        "extended": False,
    }


def bulk_streak_item(user_id: str, state: StreakState) -> dict:
    """One item of BulkStreakResponse (GET /streaks), `state` already settled to now."""
    extended_at = state.extended_at if state.active else None
    return {
        "userId": user_id,
        "streakLength": state.length,
        "extended": iso_datetime(extended_at) if extended_at is not None else None,
    }


# --- webhooks (Trophy's `webhooks` section; `user` is payloads.users.user) ----------------


def streak_started(user: dict, state: StreakState, rule: StreakRule) -> dict:
    """streak.started: a streak of length 1 began."""
    return {"type": "streak.started", "user": user, "streak": base_streak(state, rule)}


def streak_extended(user: dict, state: StreakState, rule: StreakRule) -> dict:
    """streak.extended: an active streak grew."""
    return {"type": "streak.extended", "user": user, "streak": base_streak(state, rule)}


def streak_lost(user: dict, length: int) -> dict:
    """streak.lost: a streak of `length` ended."""
    return {"type": "streak.lost", "user": user, "length": length}


def freeze_consumed(user: dict, consumed: int, freezes: int) -> dict:
    """streak.freeze_consumed: `consumed` freezes spent, `freezes` left."""
    return {
        "type": "streak.freeze_consumed",
        "user": user,
        "consumed": consumed,
        "freezes": freezes,
    }


def freeze_earned(user: dict, earned: int, freezes: int) -> dict:
    """streak.freeze_earned: `earned` freezes gained, `freezes` held after."""
    return {"type": "streak.freeze_earned", "user": user, "earned": earned, "freezes": freezes}


# --- admin API --------------------------------------------------------------------------


def admin_pause(pause, user_id: str) -> dict:
    """AdminStreakPause: a StreakPause of the user `user_id` (their external id)."""
    return {
        "id": pause.uuid,
        "userId": user_id,
        "start": iso_date(pause.start),
        "end": iso_date(pause.end),
        "status": pause.status,
    }


def streak_settings(rule: StreakRule, metric_keys: list[str]) -> dict:
    """The admin API's StreakSettings. StudyXP counts any positive event on a streak metric
    (threshold 1, evaluation OR), has no customization by users and no days off."""
    freezes = None
    if rule.freezes_enabled:
        earning = rule.auto_earn_enabled
        freezes = {
            "startCount": rule.starting_freezes,
            "maxCount": rule.max_freezes,
            "autoEarnInterval": rule.freeze_auto_earn_interval if earning else None,
            "autoEarnAmount": rule.freeze_auto_earn_amount if earning else None,
        }
    return {
        "frequency": rule.frequency,
        "evaluationMode": "OR",
        "customizationEnabled": False,
        "daysOff": [],
        "metrics": [{"key": key, "threshold": 1} for key in metric_keys],
        "freezes": freezes,
    }
