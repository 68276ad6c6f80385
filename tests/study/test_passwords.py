"""Password rules for new accounts (app/accounts/passwords.py, NIST SP 800-63B): what is refused,
with which message, and signing up with a weak password."""

import pytest

from app.accounts import passwords
from app.accounts.models import Account
from app.accounts.passwords import (
    COMMON,
    CONTAINS_EMAIL,
    CONTAINS_NAME,
    HINT,
    REPEATED,
    SEQUENCE,
    TOO_LONG,
    TOO_SHORT,
    common_passwords,
    password_problem,
)
from tests.support.databases import count
from tests.support.html import element, field_errors
from tests.support.learners import ANA, get_account

pytestmark = pytest.mark.calendar_free

EMAIL = "ana.lopez@example.com"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", SEQUENCE),
        ("87654321", SEQUENCE),
        ("abcdefgh", SEQUENCE),
        ("qwertyui", SEQUENCE),
        ("78901234", SEQUENCE),
        ("password", COMMON),
        ("Password", COMMON),
        ("  PASSWORD ", COMMON),
        ("iloveyou", COMMON),
        (" " * 8, REPEATED),
        ("aaaaaaaa", REPEATED),
        ("AaAaAaAa", REPEATED),
        ("my ana.lopez secret", CONTAINS_EMAIL),
        ("ANA.LOPEZ@EXAMPLE.COM", CONTAINS_EMAIL),
        ("correct anabel horse", CONTAINS_NAME),
        ("seven77", TOO_SHORT),
        ("x" * 7, TOO_SHORT),
        ("correct horse " * 14 + "abcde", TOO_LONG),
    ],
)
def test_a_weak_password_gets_the_message_for_what_is_wrong(password, message):
    assert password_problem(password, email=EMAIL, display_name="Anabel") == message


@pytest.mark.parametrize(
    "password",
    [
        "correct-horse battery staple",
        "two words inside",
        "contraseña segura",
    ],
)
def test_a_good_password_is_accepted(password):
    assert password_problem(password, email=EMAIL, display_name="Anabel") is None


def test_the_length_limits_count_code_points_after_nfkc():
    # The ligature "ﬁ" is one code point, "fi" after NFKC; "e" and a combining accent are
    # two, "é" after NFKC.
    assert password_problem("ﬁsh ﬁnd") is None  # 7 typed, 9 after NFKC
    assert password_problem("cafe\u0301 or") == TOO_SHORT  # 8 typed, 7 after NFKC
    assert password_problem("horse " * 33 + "xy") is None  # exactly 200
    assert password_problem("horse " * 33 + "xyz") == TOO_LONG  # 201


def test_short_local_parts_and_names_are_not_refused_inside_a_password():
    bob = {"email": "bob@example.com", "display_name": "Bob"}
    assert password_problem("correct bob horse", **bob) is None
    assert password_problem("correct bob horse", email="", display_name="") is None


def test_the_bundled_list_loads_once_lowercased():
    listed = common_passwords()

    assert isinstance(listed, frozenset)
    assert len(listed) == 19_640  # Royce Williams's 20,000 as Django ships them: deduplicated
    assert {"password", "12345678", "iloveyou"} <= listed
    assert all(entry == entry.lower().strip() for entry in listed)
    assert common_passwords() is listed
    assert passwords.COMMON_PASSWORDS.stat().st_size < 100_000
    assert passwords.COMMON_PASSWORDS.with_name("common-passwords.LICENSE").is_file()


# Signing up


@pytest.mark.parametrize(
    ("password", "message"),
    [("12345678", SEQUENCE), ("password", COMMON), (" " * 8, REPEATED)],
)
def test_register_refuses_a_weak_password_and_creates_no_account(app, auth, password, message):
    response = auth.register(password=password)

    assert response.status_code == 200
    assert field_errors(response.text, "password") == [message]
    assert count(app, Account) == 0


def test_register_refuses_a_password_made_of_the_email(app, auth):
    response = auth.register(email="ana.lopez@example.com", password="ana.lopez2024")

    assert field_errors(response.text, "password") == [CONTAINS_EMAIL]
    assert count(app, Account) == 0


def test_register_accepts_a_passphrase_with_spaces(app, auth):
    response = auth.register(password="contraseña segura de Río")

    assert response.status_code == 302
    assert get_account(app, ANA).check_password("contraseña segura de Río")


def test_the_register_page_shows_the_rules_under_the_password_field(client):
    page = client.get("/register").text

    assert element(page, "password-hint")["tag"] == "small"
    assert f'<small class="muted field-hint" id="password-hint">{HINT}</small>' in page
    assert element(page, "password")["aria-describedby"] == "password-hint"


def test_a_refused_password_is_described_by_its_error_and_the_rules(auth):
    page = auth.register(password="password").text

    assert element(page, "password")["aria-describedby"] == "password-errors password-hint"
    assert element(page, "password")["aria-invalid"] == "true"
