"""Trophy-shaped streak JSON: BaseStreakResponse and the two responses built on it, and the
items of BulkStreakResponse (GET /streaks).

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
    """One item of StreakResponse.streakHistory (StudyXP has no pauses)."""
    body = {
        "periodStart": iso_date(period.start),
        "periodEnd": iso_date(period.end),
        "length": period.length,
        "usedPause": False,
    }
    if rule.freezes_enabled:
        body["usedFreeze"] = period.used_freeze
    return body


def streak_response(state: StreakState, rule: StreakRule, history: list[StreakPeriod]) -> dict:
    """StreakResponse: GET /users/{id}/streak, `state` already settled to now."""
    extended_at = state.extended_at if state.active else None
    return {
        **base_streak(state, rule),
        "extended": iso_datetime(extended_at) if extended_at is not None else None,
        "streakHistory": [history_period(period, rule) for period in history],
        "pauses": [],
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
