"""Dashboard forms. Flask-WTF gives them CSRF tokens; the XP admin module validates them."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget


def optional_int(value) -> int | None:
    """A chosen id, or None when it is not a number: the XP admin code says what is wrong,
    and only for the fields the chosen type uses."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CheckboxesField(SelectMultipleField):
    """Several ids picked with checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, **kwargs):
        super().__init__(label, coerce=optional_int, validate_choice=False, **kwargs)


class MetricForm(FlaskForm):
    key = StringField("Key")
    name = StringField("Name")
    unit = StringField("Unit")


class PointsSystemForm(FlaskForm):
    key = StringField("Key")
    name = StringField("Name")
    description = TextAreaField("Description")
    badge_url = StringField("Badge image URL")
    badge_file = FileField("…or upload a badge image")
    max_points = StringField("Maximum points per user")


TRIGGER_TYPE_CHOICES = [
    SelectChoice("metric", "Metric: every N units"),
    SelectChoice("streak", "Streak: every N streak periods"),
    SelectChoice("achievement", "Achievement: when one is completed"),
    SelectChoice("time", "Time: every N hours or days since joining"),
    SelectChoice("user_creation", "Joining: once, when a user is first seen"),
]


class TriggerForm(FlaskForm):
    type = SelectField("Type", choices=TRIGGER_TYPE_CHOICES, default="metric")
    points = StringField("Points")
    metric_id = SelectField("Metric", coerce=optional_int, validate_choice=False)
    metric_threshold = StringField("Every (threshold)")
    streak_length_threshold = StringField("Every (streak length)")
    achievement_id = SelectField("Achievement", coerce=optional_int, validate_choice=False)
    time_interval = StringField("Every (interval)")
    time_unit = SelectField(
        "Unit",
        choices=[SelectChoice("day", "days"), SelectChoice("hour", "hours")],
        default="day",
        validate_choice=False,
    )


class AchievementForm(FlaskForm):
    key = StringField("Key")
    name = StringField("Name")
    description = TextAreaField("Description")
    badge_url = StringField("Badge image URL")
    badge_file = FileField("…or upload a badge image")
    trigger = SelectField(
        "Completed by",
        choices=[
            SelectChoice("metric", "Metric: reaching a total"),
            SelectChoice("streak", "Streak: reaching a length"),
            SelectChoice("api", "API: your server completes it"),
            SelectChoice("achievement", "Achievements: completing others first"),
        ],
        default="metric",
        validate_choice=False,  # save_achievement says why a type is refused
    )
    metric_id = SelectField("Metric", coerce=optional_int, validate_choice=False)
    metric_value = StringField("Total to reach")
    streak_length = StringField("Streak length to reach")
    prerequisite_ids = CheckboxesField("Achievements to complete first")


class StreakSettingsForm(FlaskForm):
    frequency = SelectField(
        "Streak period",
        choices=[
            SelectChoice("daily", "Daily"),
            SelectChoice("weekly", "Weekly (Monday to Sunday)"),
            SelectChoice("monthly", "Monthly"),
        ],
        validate_choice=False,
    )
    max_freezes = StringField("Most freezes a user can hold")
    starting_freezes = StringField("Freezes a new user starts with")
    freeze_auto_earn_interval = StringField("Earn freezes every (days)")
    freeze_auto_earn_amount = StringField("Freezes earned each time")
    metric_ids = CheckboxesField("Metrics that extend the streak")


class BoostForm(FlaskForm):
    name = StringField("Name")
    multiplier = StringField("Multiplier")
    rounding = SelectField(
        "Rounding",
        choices=[
            SelectChoice("down", "Down"),
            SelectChoice("up", "Up"),
            SelectChoice("nearest", "To the nearest"),
        ],
        validate_choice=False,
    )
    start_date = StringField("Start date")
    end_date = StringField("End date (optional)")
    user_id = StringField("For one user (their id; empty for everyone)")


class LevelForm(FlaskForm):
    key = StringField("Key")
    name = StringField("Name")
    points = StringField("Points needed")
    description = TextAreaField("Description")
    badge_url = StringField("Badge image URL (https, optional)")


RANK_BY_CHOICES = [
    SelectChoice("points", "Points: a points system's points in the run"),
    SelectChoice("metric", "Metric: a metric's total in the run"),
    SelectChoice("streak", "Streak: the streak's length"),
]
RUN_UNIT_CHOICES = [
    SelectChoice("", "does not repeat (one run)"),
    SelectChoice("day", "days"),
    SelectChoice("month", "months"),
    SelectChoice("year", "years"),
]
BOARD_STATUS_CHOICES = [
    SelectChoice("active", "Active: counts from now on"),
    SelectChoice("scheduled", "Scheduled: counts from its start date, in the future"),
    SelectChoice("inactive", "Inactive: saved, counts nothing yet"),
]


class LeaderboardForm(FlaskForm):
    """Every field of app.xp.admin.leaderboards.save_leaderboard, as text: it says what is
    wrong with each (start_date and end_date are its `start` and `end`)."""

    key = StringField("Key")
    name = StringField("Name")
    description = TextAreaField("Description (optional)")
    rank_by = SelectField(
        "Rank by", choices=RANK_BY_CHOICES, default="points", validate_choice=False
    )
    points_system_id = SelectField("Points system", coerce=optional_int, validate_choice=False)
    metric_id = SelectField("Metric", coerce=optional_int, validate_choice=False)
    start_date = StringField("Start date")
    end_date = StringField("End date (optional)")
    start_time = StringField("Daily start time (optional)")
    end_time = StringField("Daily end time (optional)")
    max_participants = StringField(
        "Max participants", default="1000", description="Shown on the board: 1 to 1,000."
    )
    run_interval = StringField("Repeat every")
    run_unit = SelectField("Unit", choices=RUN_UNIT_CHOICES, default="", validate_choice=False)
    breakdown_attributes = StringField(
        "Breakdown attributes (optional)",
        description="User attribute keys, comma-separated (e.g. city, tier): "
        "each combination of values is ranked apart.",
    )
    status = SelectField(
        "Status", choices=BOARD_STATUS_CHOICES, default="active", validate_choice=False
    )


class StatusForm(FlaskForm):
    """A button that changes a status; the token is all it carries."""


class ApiKeyForm(FlaskForm):
    name = StringField("Name")
    kind = SelectField(
        "Kind",
        choices=[
            SelectChoice("application", "Application key (/api/v1)"),
            SelectChoice("admin", "Admin key (/admin/v1)"),
        ],
        default="application",
    )


class AnalyticsRangeForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter, changes nothing

    aggregation = SelectField(
        "Group by",
        choices=[
            SelectChoice("daily", "Daily"),
            SelectChoice("weekly", "Weekly"),
            SelectChoice("monthly", "Monthly"),
        ],
        default="daily",
    )
    days = IntegerField("Days", validators=[Optional()], default=30)
