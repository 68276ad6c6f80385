"""The sign-up page (/register)."""

import uuid

from playwright.sync_api import expect

from tests.e2e.pages.base import PageObject
from tests.e2e.pages.decks import DecksPage

PASSWORD = "correct horse"


class RegisterPage(PageObject):
    path = "/register"

    def register(self, name: str = "Ana", password: str = PASSWORD) -> str:
        """Sign up a new learner called `name` with a fresh email; registering logs in and
        opens the deck list. Returns the email."""
        email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
        self.open()
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Display name").fill(name)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_label("Repeat password").fill(password)
        self.page.get_by_role("button", name="Create account").click()
        expect(DecksPage(self.page, self.base_url).heading).to_be_visible()
        return email
