"""Forms for accounts, decks and cards (Flask-WTF: every one carries a CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from app.accounts.models import DISPLAY_NAME_MAX, EMAIL_MAX
from app.accounts.passwords import HINT as PASSWORD_HINT
from app.accounts.passwords import password_problem
from app.study import notifications as notification_words
from app.study.models import CARD_TEXT_MAX, DECK_DESCRIPTION_MAX, DECK_TITLE_MAX
from app.study.reviews import LIMIT_MAX


def strip(value):
    return value.strip() if isinstance(value, str) else value


def not_blank(form, field):
    if not (field.data or "").strip():
        raise ValidationError("This field cannot be blank.")


def new_password_rules(form, field):
    """A new password meets app/accounts/passwords.py's rules, for the account it is for.

    The account's email and display name are the form's own fields of those names (signing
    up), else its `account_email` and `account_display_name` attributes (a form for an
    account that exists, such as changing the password).
    """
    problem = password_problem(
        field.data or "",
        email=_account_detail(form, "email"),
        display_name=_account_detail(form, "display_name"),
    )
    if problem is not None:
        raise ValidationError(problem)


def _account_detail(form, name: str) -> str:
    own_field = getattr(form, name, None)
    value = own_field.data if own_field is not None else getattr(form, f"account_{name}", "")
    return value or ""


class RegisterForm(FlaskForm):
    email = EmailField(
        "Email",
        filters=[strip],
        validators=[InputRequired(), Email(check_deliverability=False), Length(max=EMAIL_MAX)],
    )
    display_name = StringField(
        "Display name",
        filters=[strip],
        validators=[InputRequired(), not_blank, Length(max=DISPLAY_NAME_MAX)],
    )
    password = PasswordField(
        "Password", description=PASSWORD_HINT, validators=[InputRequired(), new_password_rules]
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[InputRequired(), EqualTo("password", message="The passwords do not match.")],
    )
    tz = HiddenField()


class LoginForm(FlaskForm):
    email = EmailField("Email", filters=[strip], validators=[InputRequired()])
    password = PasswordField("Password", validators=[InputRequired()])
    remember = BooleanField("Remember me")
    tz = HiddenField()


class DeckForm(FlaskForm):
    title = StringField(
        "Title",
        filters=[strip],
        validators=[InputRequired(), not_blank, Length(max=DECK_TITLE_MAX)],
    )
    description = TextAreaField(
        "Description", filters=[strip], validators=[Length(max=DECK_DESCRIPTION_MAX)]
    )


class CardForm(FlaskForm):
    front = TextAreaField(
        "Front", filters=[strip], validators=[InputRequired(), not_blank, Length(max=CARD_TEXT_MAX)]
    )
    back = TextAreaField(
        "Back", filters=[strip], validators=[InputRequired(), not_blank, Length(max=CARD_TEXT_MAX)]
    )


class EmptyForm(FlaskForm):
    """For POST-only buttons (log out, delete): just the CSRF token."""


class LeaderboardNameForm(FlaskForm):
    anonymous = BooleanField("Show me as “Anonymous learner” on leaderboards")


def notification_field(kind: str, channel: str) -> str:
    """The checkbox of one notification type and channel: "recap__email"."""
    return f"{kind}__{channel}"


class NotificationsForm(FlaskForm):
    """The learner's notification preferences: one checkbox per Trophy notification type and
    channel (app/study/notifications.py; the fields are added below the class)."""

    @classmethod
    def showing(cls, notifications: dict[str, list[str]]) -> "NotificationsForm":
        """The form ticked as Trophy's NotificationPreferences say (a type left out: none)."""
        ticked = {
            notification_field(kind, channel): channel in notifications.get(kind, [])
            for kind in notification_words.NOTIFICATION_TYPES
            for channel in notification_words.NOTIFICATION_CHANNELS
        }
        return cls(formdata=None, data=ticked)

    def notifications(self) -> dict[str, list[str]]:
        """The ticked boxes as Trophy's NotificationPreferences: every type, its channels."""
        return {
            kind: [
                channel
                for channel in notification_words.NOTIFICATION_CHANNELS
                if self[notification_field(kind, channel)].data
            ]
            for kind in notification_words.NOTIFICATION_TYPES
        }

    def channel_names(self) -> list[str]:
        return list(notification_words.NOTIFICATION_CHANNELS.values())

    def rows(self) -> list[tuple[str, str, list]]:
        """(type, its name, its checkboxes in channel order), one per notification type."""
        channels = notification_words.NOTIFICATION_CHANNELS
        return [
            (kind, name, [self[notification_field(kind, c)] for c in channels])
            for kind, name in notification_words.NOTIFICATION_TYPES.items()
        ]


for _kind in notification_words.NOTIFICATION_TYPES:
    for _channel in notification_words.NOTIFICATION_CHANNELS:
        setattr(
            NotificationsForm,
            notification_field(_kind, _channel),
            BooleanField(notification_words.choice_label(_kind, _channel)),
        )


class ConfirmPasswordForm(FlaskForm):
    password = PasswordField("Password", validators=[InputRequired()])


class ChangePasswordForm(FlaskForm):
    """A new password for `account`, which may not contain its email or display name."""

    current_password = PasswordField("Current password", validators=[InputRequired()])
    password = PasswordField(
        "New password", description=PASSWORD_HINT, validators=[InputRequired(), new_password_rules]
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[InputRequired(), EqualTo("password", message="The passwords do not match.")],
    )

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account.email
        self.account_display_name = account.display_name


class ReviewLimitsForm(FlaskForm):
    """A learner's daily review limits for one deck (app/study/reviews.py)."""

    new_per_day = IntegerField(
        "New cards a day",
        validators=[
            InputRequired("Give a number of new cards a day."),
            NumberRange(0, LIMIT_MAX, f"New cards a day: a whole number from 0 to {LIMIT_MAX}."),
        ],
    )
    reviews_per_day = IntegerField(
        "Reviews a day",
        validators=[
            InputRequired("Give a number of reviews a day."),
            NumberRange(0, LIMIT_MAX, f"Reviews a day: a whole number from 0 to {LIMIT_MAX}."),
        ],
    )
