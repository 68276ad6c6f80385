"""The rules a new password must meet (NIST SP 800-63B §5.1.1.2), and what to tell a learner
whose password breaks one.

No composition rules (no "one digit, one symbol"): NIST says not to impose them, as they
make passwords harder to remember more than harder to guess. Instead a password is refused
when it is too short or too long, one character repeated, a plain sequence, on a list of
common and breached passwords, or made of the account's own email address or display name.
Length is counted in Unicode code points after NFKC normalization, so "é" typed as one or as
two code points counts once; spaces count like any other character.
"""

import gzip
import unicodedata
from functools import cache
from pathlib import Path

PASSWORD_MIN = 8
PASSWORD_MAX = 200
# Shorter local parts and display names ("ana", "bo") are too likely to turn up by chance
# inside an unrelated password to refuse it for that.
PERSONAL_MIN = 4
# Django's list (app/data/common-passwords.LICENSE says where it comes from), lowercased.
COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"
# What a plain sequence is a stretch of, read forwards or backwards: the digits, the
# alphabet and the letter rows of a QWERTY keyboard. Each wraps around, so the digits also
# cover the keyboard's digit row (1234567890) and 78901234.
SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")

TOO_SHORT = f"Use at least {PASSWORD_MIN} characters."
TOO_LONG = f"Use at most {PASSWORD_MAX} characters."
REPEATED = (
    "This password is one character repeated, which attackers try first. "
    "Choose one that is harder to guess."
)
SEQUENCE = (
    "This password is a simple sequence like 12345678 or qwertyui, which attackers try first. "
    "Choose one that is harder to guess."
)
COMMON = (
    "This password is on a list of common passwords that attackers try first. "
    "Choose one that is harder to guess."
)
CONTAINS_EMAIL = (
    "This password contains your email address, or the part before the @, which others may "
    "know. Choose one that does not."
)
CONTAINS_NAME = (
    "This password contains your display name, which others can see. Choose one that does not."
)
# Shown under a new-password field, before anything is typed.
HINT = (
    f"At least {PASSWORD_MIN} characters; spaces are fine. "
    "Common passwords like ‘password1’ are refused."
)


def password_problem(password: str, *, email: str = "", display_name: str = "") -> str | None:
    """None when `password` is fine for the account with `email` and `display_name`, else
    the one sentence that tells the learner what is wrong with it.

    The rules are tried in this order and the first one broken answers: length, one
    character repeated, a sequence, the common list, the account's email and display name.
    Repetitions and sequences come before the list, which holds most of them, because their
    message says what to change.
    """
    normalized = unicodedata.normalize("NFKC", password)
    if len(normalized) < PASSWORD_MIN:
        return TOO_SHORT
    if len(normalized) > PASSWORD_MAX:
        return TOO_LONG
    # Compared as Django's CommonPasswordValidator compares, lowercased and without
    # surrounding spaces (as the list was written); a password of spaces only, as it is.
    core = normalized.strip().lower() or normalized
    if len(set(core)) == 1:
        return REPEATED
    if is_sequence(core):
        return SEQUENCE
    if core in common_passwords():
        return COMMON
    return _personal_problem(normalized.casefold(), email, display_name)


def is_sequence(text: str) -> bool:
    """Whether `text` is a stretch of one of SEQUENCES, forwards or backwards."""
    for sequence in SEQUENCES:
        # Enough turns of the sequence to hold `text` wherever it starts.
        around = sequence * (len(text) // len(sequence) + 2)
        if text in around or text in around[::-1]:
            return True
    return False


def _personal_problem(password: str, email: str, display_name: str) -> str | None:
    email = _comparable(email)
    local_part = email.partition("@")[0]
    if email and email in password:
        return CONTAINS_EMAIL
    if len(local_part) >= PERSONAL_MIN and local_part in password:
        return CONTAINS_EMAIL
    name = _comparable(display_name)
    if len(name) >= PERSONAL_MIN and name in password:
        return CONTAINS_NAME
    return None


def _comparable(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().casefold()


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list, read once per process: 19,640 lowercased passwords."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())
