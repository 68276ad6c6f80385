"""Forms for accounts, decks and cards (Flask-WTF: every one carries a CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from app.study.models import (
    CARD_TEXT_MAX,
    DECK_DESCRIPTION_MAX,
    DECK_TITLE_MAX,
    DISPLAY_NAME_MAX,
    EMAIL_MAX,
)

PASSWORD_MIN = 8
PASSWORD_MAX = 200


def strip(value):
    return value.strip() if isinstance(value, str) else value


def not_blank(form, field):
    if not (field.data or "").strip():
        raise ValidationError("This field cannot be blank.")


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
        "Password",
        validators=[
            InputRequired(),
            Length(min=PASSWORD_MIN, message=f"Use at least {PASSWORD_MIN} characters."),
            Length(max=PASSWORD_MAX, message=f"Use at most {PASSWORD_MAX} characters."),
        ],
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
