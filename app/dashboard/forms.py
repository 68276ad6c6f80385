"""Dashboard forms. Flask-WTF gives them CSRF tokens; the XP admin module validates them."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional


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


class TriggerForm(FlaskForm):
    type = SelectField(
        "Type", choices=[SelectChoice("metric", "Metric: every N units")], default="metric"
    )
    points = StringField("Points")
    metric_id = SelectField("Metric", coerce=int, validate_choice=False)
    metric_threshold = StringField("Every (threshold)")


class LevelForm(FlaskForm):
    key = StringField("Key")
    name = StringField("Name")
    points = StringField("Points needed")
    description = TextAreaField("Description")
    badge_url = StringField("Badge image URL (https, optional)")


class StatusForm(FlaskForm):
    """A button that changes a status; the token is all it carries."""


class ApiKeyForm(FlaskForm):
    name = StringField("Name")


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
