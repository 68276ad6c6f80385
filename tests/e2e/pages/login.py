"""The login page (/login)."""

from playwright.sync_api import expect

from tests.e2e.pages.base import PageObject
from tests.e2e.pages.decks import DecksPage


class LoginPage(PageObject):
    path = "/login"

    @property
    def heading(self):
        return self.page.get_by_role("heading", name="Log in")

    def fill(self, email: str, password: str) -> None:
        """Fill the form and submit it, on whatever login page is open (e.g. after ?next=)."""
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()

    def log_in(self, email: str, password: str, *, succeeds: bool = True) -> DecksPage:
        """Open the login page and log in. By default, wait for the deck list it leads to; with
        succeeds=False (a refused login) the caller checks what the login page shows."""
        self.open()
        self.fill(email, password)
        decks = DecksPage(self.page, self.base_url)
        if succeeds:
            expect(decks.heading).to_be_visible()
        return decks
