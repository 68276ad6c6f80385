"""Dashboard pages for leaderboards: the list, create and edit, finish, and a board's rankings
(the current run or a past one, per breakdown group).

The rules for saving one are app.xp.admin.leaderboards' (these pages parse the form, call them
and show what they refuse beside its field); statuses, runs and rankings are read through
app.xp.queries.leaderboard_overview. Once a board has been active, what it counts is fixed:
the form shows those fields read-only, and the admin module refuses a change anyway.
"""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import clock, wording
from app.accounts.guards import password_confirmed
from app.dashboard.blueprint import active_choices, bp, show_errors
from app.dashboard.forms import LeaderboardForm, StatusForm
from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.leaderboards import finish_leaderboard, save_leaderboard
from app.xp.models.leaderboards import NO_GROUP, Leaderboard
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem
from app.xp.payloads.values import number
from app.xp.queries import leaderboard_overview as overview

# The form's names for the admin module's `start` and `end`.
FORM_FIELD = {"start": "start_date", "end": "end_date"}
# The fields fixed once the board has been active: text shown read-only, and selects
# offering only the board's own choice.
LOCKED_TEXT = (
    "key",
    "start_date",
    "start_time",
    "end_time",
    "run_interval",
    "breakdown_attributes",
)
LOCKED_FIELDS = (*LOCKED_TEXT, "rank_by", "metric_id", "points_system_id", "run_unit")
# Finished boards go last; the rest by name.
STATUS_ORDER = {"active": 0, "scheduled": 1, "inactive": 2, "finished": 3}


def board_ranks_by(board: Leaderboard) -> str:
    """ "points: XP", "metric: Flashcards Flipped", "streak" (app.wording)."""
    name = None
    if board.rank_by == "points" and board.points_system is not None:
        name = board.points_system.name
    elif board.rank_by == "metric" and board.metric is not None:
        name = board.metric.name
    return wording.board_ranks_by(board.rank_by, name, board.breakdown_attributes or [])


def board_runs(board: Leaderboard) -> str:
    """ "every 7 days from Mon 1 Dec 2025", "one run" (app.wording)."""
    return wording.board_runs(
        board.start_date, board.run_unit, board.run_interval, board.start_time, board.end_time
    )


def board_value(value: float) -> str:
    """A run value as stored (a metric total may be fractional): "1,250", "12.5"."""
    return f"{number(value):,}"


bp.add_app_template_filter(board_ranks_by, "board_ranks_by")
bp.add_app_template_filter(board_runs, "board_runs")
bp.add_app_template_filter(board_value, "board_value")
bp.add_app_template_filter(wording.short_date, "board_date")


# --- the list ------------------------------------------------------------------------------


@bp.get("/leaderboards/")
def leaderboards():
    """Every board with its runs, status and the participants of its current run."""
    now = clock.now()
    boards = db.session.scalars(
        select(Leaderboard).options(
            selectinload(Leaderboard.metric), selectinload(Leaderboard.points_system)
        )
    ).all()
    statuses = {b.id: overview.board_status(b, now) for b in boards}
    counts = {
        b.id: overview.participants(b, overview.current_run(b, now))
        if statuses[b.id] != "inactive"
        else 0
        for b in boards
    }
    boards = sorted(boards, key=lambda b: (STATUS_ORDER[statuses[b.id]], b.name, b.id))
    return render_template(
        "dashboard/leaderboards.html",
        boards=boards,
        statuses=statuses,
        counts=counts,
        status_form=StatusForm(),
    )


# --- create and edit -----------------------------------------------------------------------


def _initial(board: Leaderboard | None) -> dict:
    """The form's values for a board (for a new one: starting today, UTC)."""
    if board is None:
        return {"start_date": clock.now().date().isoformat()}
    return {
        "key": board.key,
        "name": board.name,
        "description": board.description or "",
        "rank_by": board.rank_by,
        "metric_id": board.metric_id,
        "points_system_id": board.points_system_id,
        "start_date": board.start_date.isoformat(),
        "end_date": board.end_date.isoformat() if board.end_date else "",
        "start_time": board.start_time or "",
        "end_time": board.end_time or "",
        "max_participants": str(board.max_participants),
        "run_interval": str(board.run_interval) if board.run_interval else "",
        "run_unit": board.run_unit or "",
        "breakdown_attributes": ", ".join(board.breakdown_attributes or []),
        "status": board.status,
    }


def _leaderboard_form(board: Leaderboard | None, locked: bool) -> LeaderboardForm:
    form = LeaderboardForm(data=_initial(board))
    form.metric_id.choices = active_choices(Metric, board.metric if board else None)
    form.points_system_id.choices = active_choices(
        PointsSystem, board.points_system if board else None
    )
    if locked:
        form.rank_by.choices = [c for c in form.rank_by.choices if c.value == board.rank_by]
        form.run_unit.choices = [
            c for c in form.run_unit.choices if c.value == (board.run_unit or "")
        ]
        form.metric_id.choices = [c for c in form.metric_id.choices if c.value == board.metric_id]
        form.points_system_id.choices = [
            c for c in form.points_system_id.choices if c.value == board.points_system_id
        ]
    return form


def _blank_is_none(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _attribute_keys(text: str | None) -> list[str]:
    """ "city, tier" as ["city", "tier"] (empty names between commas are dropped)."""
    return [name.strip() for name in (text or "").split(",") if name.strip()]


def _save(form: LeaderboardForm, board: Leaderboard | None, status_editable: bool) -> Leaderboard:
    run_unit = form.run_unit.data or None
    return save_leaderboard(
        board,
        key=form.key.data,
        name=form.name.data,
        rank_by=form.rank_by.data,
        description=form.description.data,
        metric_id=form.metric_id.data,
        points_system_id=form.points_system_id.data,
        start=_blank_is_none(form.start_date.data),
        end=_blank_is_none(form.end_date.data),
        start_time=_blank_is_none(form.start_time.data),
        end_time=_blank_is_none(form.end_time.data),
        max_participants=form.max_participants.data,
        run_unit=run_unit,
        # "Does not repeat" ignores whatever is left in the interval field.
        run_interval=form.run_interval.data if run_unit else None,
        breakdown_attributes=_attribute_keys(form.breakdown_attributes.data),
        status=form.status.data if status_editable else None,
    )


@bp.route("/leaderboards/new", methods=["GET", "POST"])
@bp.route("/leaderboards/<int:board_id>/edit", methods=["GET", "POST"])
def leaderboard_form(board_id: int | None = None):
    """Create a leaderboard, or change one (what it counts is fixed once it has been active)."""
    board = db.get_or_404(Leaderboard, board_id) if board_id else None
    locked = board is not None and board.activated_at is not None
    # Only a board that never counted chooses its status here; the others are finished.
    status_editable = board is None or board.status == "inactive"
    form = _leaderboard_form(board, locked)
    if form.validate_on_submit():
        try:
            saved = _save(form, board, status_editable)
        except FieldErrors as error:
            show_errors(
                form,
                FieldErrors({FORM_FIELD.get(k, k): v for k, v in error.errors.items()}),
            )
        else:
            flash(f"Leaderboard “{saved.name}” saved.", "success")
            return redirect(url_for("dashboard.leaderboards"))
    if locked:
        initial = _initial(board)  # never echo a refused value into a read-only field
        for name in LOCKED_FIELDS:
            form[name].data = initial[name]
    return render_template(
        "dashboard/leaderboard_form.html",
        form=form,
        board=board,
        locked=locked,
        status_editable=status_editable,
    )


@bp.post("/leaderboards/<int:board_id>/finish")
@password_confirmed
def leaderboard_finish(board_id: int):
    """Finish a board (what archiving is for a leaderboard): it counts nothing more, and its
    rankings stay readable."""
    board = db.get_or_404(Leaderboard, board_id)
    if StatusForm().validate_on_submit():
        finish_leaderboard(board)
        flash(f"Leaderboard “{board.name}” is finished. Its rankings stay readable.", "info")
    return redirect(url_for("dashboard.leaderboards"))


# --- a board's rankings --------------------------------------------------------------------


def _chosen_run(board: Leaderboard, current):
    """The run the `run` argument (a date in it) names, else the current one; 404 outside
    the board's dates."""
    text = request.args.get("run", "")
    if not text:
        return current
    try:
        run = overview.run_containing(board, date.fromisoformat(text))
    except ValueError:
        run = None
    if run is None:
        abort(404, "That leaderboard has no run on this date.")
    return run


@bp.get("/leaderboards/<int:board_id>/")
def leaderboard(board_id: int):
    """A board's rankings in one run (the current one, or a past one picked from the list)
    and, for a board with breakdowns, one group (picked from the groups in that run)."""
    board = db.get_or_404(Leaderboard, board_id)
    now = clock.now()
    status = overview.board_status(board, now)
    current = overview.current_run(board, now)
    run = _chosen_run(board, current)
    runs = [current, *overview.past_runs(board, now)] if current else []
    if run is not None and run not in runs:
        runs.append(run)
    groups = overview.groups_in_run(board, run)
    group = NO_GROUP
    if board.breakdown_attributes:
        keys = [g.key for g in groups]
        chosen = request.args.get("group", "")
        group = chosen if chosen in keys else (keys[0] if keys else None)
    rankings = overview.run_rankings(board, run, group) if group is not None else []
    return render_template(
        "dashboard/leaderboard.html",
        board=board,
        status=status,
        run=run,
        current=current,
        runs=runs,
        groups=groups,
        group=group,
        rankings=rankings,
        participants=overview.participants(board, run),
        status_form=StatusForm(),
    )
