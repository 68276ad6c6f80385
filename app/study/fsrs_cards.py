"""FSRS cards and StudyXP's CardSchedule rows: the scheduler, and the conversions between
them (app/study/reviews.py schedules with these). FSRS takes only datetimes whose tzinfo is
timezone.utc itself; values read back from the database are converted on the way in.
"""

from datetime import UTC, datetime

from flask import current_app
from fsrs import Card as FsrsCard
from fsrs import Scheduler, State

from app.study.models import CardSchedule

_schedulers: dict[bool, Scheduler] = {}


def scheduler() -> Scheduler:
    """FSRS with its default parameters; REVIEW_FUZZING=False (tests) schedules exactly."""
    fuzzing = bool(current_app.config.get("REVIEW_FUZZING", True))
    if fuzzing not in _schedulers:
        _schedulers[fuzzing] = Scheduler(enable_fuzzing=fuzzing)
    return _schedulers[fuzzing]


def utc(at: datetime | None) -> datetime | None:
    """FSRS accepts only datetimes whose tzinfo is timezone.utc itself (datetime.UTC is it)."""
    return None if at is None else at.astimezone(UTC)


def fsrs_card(card_id: int, schedule: CardSchedule | None, now: datetime) -> FsrsCard:
    """The FSRS card for a schedule row; a new card (no row) is due now."""
    if schedule is None:
        return FsrsCard(card_id=card_id, due=utc(now))
    return FsrsCard(
        card_id=card_id,
        state=State(schedule.state),
        step=schedule.step,
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        due=utc(schedule.due),
        last_review=utc(schedule.last_review),
    )


def fields(card: FsrsCard) -> dict:
    return {
        "state": card.state.value,
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due,
        "last_review": card.last_review,
    }


def as_json(schedule: CardSchedule) -> dict:
    """A schedule's FSRS fields for ReviewLog.before (instants as ISO 8601)."""
    return {
        "state": schedule.state,
        "step": schedule.step,
        "stability": schedule.stability,
        "difficulty": schedule.difficulty,
        "due": utc(schedule.due).isoformat(),
        "last_review": utc(schedule.last_review).isoformat() if schedule.last_review else None,
    }


def from_json(before: dict) -> dict:
    def instant(text):
        return datetime.fromisoformat(text).astimezone(UTC) if text else None

    return {**before, "due": instant(before["due"]), "last_review": instant(before["last_review"])}
