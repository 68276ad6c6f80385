"""What operators change about leaderboards: create or change one, activate, finish.

Like the other admin modules, each function validates, writes and commits, or raises
FieldErrors (422) naming every wrong field. Trophy's admin rules:

- `key` is a slug, unique; `rank_by` is points, metric or streak, with the active points
  system (`points_system_id`) or metric (`metric_id`) it ranks by;
- `max_participants` 1 to 1,000 (default 1,000); `run_unit` day, month or year with
  `run_interval` >= 1, or neither (one run); streak boards never repeat;
- `end` on or after `start` (default: today, UTC); `start_time`/`end_time` are "HH:mm";
- statuses are Trophy's: "inactive" (the default: not fed, not listed), "active",
  "scheduled" (stored as active: its start date must be in the future, and the dates make it
  scheduled) and "finished" (no run accepts anything any more; rankings stay readable);
- once a board has been active, what it ranks (key, rank_by, metric or system, start, runs,
  time window, breakdown attributes) is fixed: its entries were counted that way. Its name,
  description, end and max_participants may still change (every participant keeps an
  entry, so a larger board simply shows more of them). A board that was active never goes
  back to inactive: finish it instead (finish_leaderboard: Trophy's "finish" action, which
  is what archiving is for leaderboards).
"""

from datetime import date

from app import clock
from app.extensions import db
from app.xp import leaderboard_rules as rules
from app.xp.admin import fields
from app.xp.admin.boosts import DATE_FORMAT, ISO_DATE
from app.xp.admin.fields import DESCRIPTION_MAX, NAME_MAX, FieldErrors
from app.xp.inputs import ATTRIBUTE_NAME_MAX
from app.xp.models.leaderboards import Leaderboard
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem

STATUSES = ("inactive", "active", "scheduled", "finished")
MAX_BREAKDOWN_ATTRIBUTES = 5
# What counting depends on: fixed once the board has been active.
FIXED_ONCE_ACTIVE = (
    "key",
    "rank_by",
    "metric_id",
    "points_system_id",
    "start_date",
    "start_time",
    "end_time",
    "run_unit",
    "run_interval",
    "breakdown_attributes",
)
UNSET = object()


def save_leaderboard(
    board: Leaderboard | None,
    *,
    key: str,
    name: str,
    rank_by: str,
    description: str | None = None,
    metric_id: int | None = None,
    points_system_id: int | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    start_time: str | None = None,
    end_time: str | None = None,
    max_participants=rules.MAX_PARTICIPANTS,
    run_unit: str | None = None,
    run_interval=None,
    breakdown_attributes=(),
    status: str | None = None,
) -> Leaderboard:
    """Create a board (board=None) or change one: every field, as Trophy's create request
    has them (None: not set). `status` None keeps the board's (a new board: "inactive")."""
    errors: dict[str, str] = {}
    if board is not None and board.activated_at is not None and key != board.key:
        errors["key"] = "This leaderboard has been active, so its key can no longer change."
    else:
        key = fields.key(errors, key, Leaderboard, board)
    name = fields.text(errors, "name", name, NAME_MAX)
    description = fields.text(errors, "description", description, DESCRIPTION_MAX, required=False)
    if rank_by not in rules.RANK_BY:
        errors["rank_by"] = "Rank by points, a metric or the streak."
    metric_id = metric_id if rank_by == "metric" else None
    points_system_id = points_system_id if rank_by == "points" else None
    if rank_by == "metric":
        fields.active_choice(
            errors, "metric_id", Metric, metric_id, board, "Choose an active metric."
        )
    if rank_by == "points":
        fields.active_choice(
            errors,
            "points_system_id",
            PointsSystem,
            points_system_id,
            board,
            "Choose an active points system.",
        )
    start_date = _a_date(errors, "start", start) if start is not None else clock.now().date()
    end_date = _a_date(errors, "end", end) if end is not None else None
    if start_date and end_date and end_date < start_date:
        errors["end"] = "The end date cannot be before the start date."
    for field, value in (("start_time", start_time), ("end_time", end_time)):
        try:
            rules.parse_time_of_day(value)
        except ValueError:
            errors[field] = "Enter a time of day as HH:mm, e.g. 09:00."
    if start_time is not None and start_time == end_time and "start_time" not in errors:
        errors["end_time"] = "The window must not start and end at the same time."
    max_participants = fields.whole_number(
        errors,
        "max_participants",
        max_participants,
        1,
        rules.MAX_PARTICIPANTS,
        f"Enter a whole number from 1 to {rules.MAX_PARTICIPANTS:,}.",
    )
    run_interval = _runs(errors, rank_by, run_unit, run_interval)
    attributes = _attributes(errors, breakdown_attributes)
    if status is not None and status not in STATUSES:
        errors["status"] = "A leaderboard is inactive, active, scheduled or finished."
    values = {
        "key": key,
        "rank_by": rank_by,
        "metric_id": metric_id,
        "points_system_id": points_system_id,
        "start_date": start_date,
        "start_time": start_time,
        "end_time": end_time,
        "run_unit": run_unit,
        "run_interval": run_interval,
        "breakdown_attributes": attributes,
    }
    if board is not None and board.activated_at is not None:
        for field in FIXED_ONCE_ACTIVE:
            if field not in errors and getattr(board, field) != values[field]:
                errors.setdefault(
                    field, "This leaderboard has been active, so this can no longer change."
                )
    fields.check(errors)
    if board is None:
        board = Leaderboard(status="inactive")
        db.session.add(board)
    for field, value in values.items():
        setattr(board, field, value)
    board.name, board.description, board.end_date = name, description, end_date
    board.max_participants = max_participants
    board.updated = clock.now()
    if status is not None:
        _set_status(board, status)
    db.session.commit()
    return board


def set_leaderboard_status(board: Leaderboard, status: str) -> None:
    """Activate ("active", or "scheduled" for a board that starts in the future), finish, or
    (never active yet) leave a board inactive."""
    if status not in STATUSES:
        raise FieldErrors({"status": "A leaderboard is inactive, active, scheduled or finished."})
    _set_status(board, status)
    board.updated = clock.now()
    db.session.commit()


def finish_leaderboard(board: Leaderboard) -> None:
    """Finish a board (Trophy's finish action; what archiving is for a board): no run
    accepts anything any more, and its rankings stay readable (listed with includeFinished)."""
    set_leaderboard_status(board, "finished")


def _set_status(board: Leaderboard, status: str) -> None:
    now = clock.now()
    if status == "inactive":
        if board.activated_at is not None:
            db.session.rollback()
            raise FieldErrors({"status": "A leaderboard that was active can only be finished."})
        board.status = "inactive"
        return
    if status == "scheduled" and rules.opens_at(board.start_date) <= now:
        db.session.rollback()
        raise FieldErrors({"status": "Only a leaderboard that starts in the future is scheduled."})
    if status == "finished":
        board.status = "finished"
        return
    if board.status != "active":
        board.activated_at = now
    board.status = "active"


def _a_date(errors: dict, field: str, value) -> date | None:
    """A date, or a YYYY-MM-DD text."""
    if isinstance(value, date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        errors[field] = DATE_FORMAT
        return None


def _runs(errors: dict, rank_by: str, run_unit, run_interval) -> int | None:
    if run_unit is None:
        if run_interval is not None:
            errors["run_interval"] = "A run interval needs a run unit (day, month or year)."
        return None
    if run_unit not in rules.RUN_UNITS:
        errors["run_unit"] = "Repeat every day(s), month(s) or year(s), or not at all."
        return None
    if rank_by == "streak":
        errors["run_unit"] = "Streak leaderboards cannot repeat."
        return None
    return fields.whole_number(
        errors, "run_interval", run_interval, 1, 10_000, "Enter a whole number of at least 1."
    )


def _attributes(errors: dict, raw) -> list[str]:
    names = list(raw or [])
    if len(names) > MAX_BREAKDOWN_ATTRIBUTES:
        errors["breakdown_attributes"] = f"Use at most {MAX_BREAKDOWN_ATTRIBUTES} attributes."
    elif len(set(names)) != len(names) or not all(
        isinstance(n, str) and n.strip() and len(n) <= ATTRIBUTE_NAME_MAX and "\x00" not in n
        for n in names
    ):
        errors["breakdown_attributes"] = (
            f"Name each user attribute once, 1 to {ATTRIBUTE_NAME_MAX} characters."
        )
    return names
