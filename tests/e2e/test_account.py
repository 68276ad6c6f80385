"""Accounts in a real browser: changing the password logs the other browsers out, and an
operator types the password again before a sensitive action."""

import os
import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from app.accounts.models import Account
from app.extensions import db
from tests.e2e.pages import PASSWORD, LoginPage, RegisterPage

NEW_PASSWORD = "a longer passphrase"


def test_changing_the_password_logs_the_other_browser_out(page: Page, new_context, output_path):
    email = RegisterPage(page).register("Cleo")
    laptop = new_context().new_page()
    LoginPage(laptop).log_in(email, PASSWORD)

    page.get_by_test_id("account-link").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_test_id("session-count")).to_have_text(
        "Sessions open: 2 (this one included)."
    )
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()

    expect(page.get_by_role("status").filter(has_text="Your password is changed.")).to_have_text(
        "Your password is changed. Other sessions logged out: 1 session."
    )
    expect(page.get_by_test_id("session-count")).to_have_text(
        "Sessions open: 1 (this one included)."
    )
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, "account.png"), full_page=True)

    laptop.goto("/decks/")
    expect(laptop.get_by_role("heading", name="Log in")).to_be_visible()
    LoginPage(laptop).log_in(email, PASSWORD, succeeds=False)
    expect(laptop.get_by_text("Wrong email or password.")).to_be_visible()
    LoginPage(laptop).log_in(email, NEW_PASSWORD)


@pytest.mark.smoke
def test_log_out_everywhere_from_the_account_page(page: Page, new_context):
    email = RegisterPage(page).register("Dara")
    phone = new_context().new_page()
    LoginPage(phone).log_in(email, PASSWORD)

    page.goto("/account/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("log-out-everywhere").click()

    expect(page.get_by_text("You are logged out everywhere (2 sessions ended).")).to_be_visible()
    phone.goto("/decks/")
    expect(phone.get_by_role("heading", name="Log in")).to_be_visible()


@pytest.mark.needs_process
def test_an_operator_confirms_the_password_to_create_an_api_key(
    page: Page, live_server, clock, output_path
):
    email = f"ops-{uuid.uuid4().hex[:8]}@example.com"
    with live_server.app.app_context():
        operator = Account(email=email, display_name="Ops", tz="UTC", is_operator=True)
        operator.set_password(PASSWORD)
        db.session.add(operator)
        db.session.commit()
    LoginPage(page).log_in(email, PASSWORD)
    clock.shift(minutes=11)

    page.get_by_test_id("dashboard-link").click()
    page.get_by_role("link", name="API keys").click()

    expect(page.get_by_role("heading", name="Confirm your password")).to_be_visible()
    page.screenshot(path=os.path.join(output_path, "confirm-password.png"), full_page=True)
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("That is not your password.")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="API keys")).to_be_visible()
    page.get_by_label("Name").fill("staging")
    page.get_by_role("button", name="Create API key").click()
    expect(page.get_by_test_id("new-api-key")).to_have_text(re.compile(r"^sxp_"))
