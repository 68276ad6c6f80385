"""Page objects for StudyXP's pages, for the project's journeys and for QA teams to import or
copy (docs/qa.md).

They find elements only through the documented contract: the `data-testid` ids of
docs/testing.md's selector table, roles and labels. Each takes a Playwright Page and the app's
base URL ("" when the browser context already has one, as pytest-playwright's does).
"""

from tests.e2e.pages.dashboard import DashboardPage
from tests.e2e.pages.decks import DecksPage
from tests.e2e.pages.journey import JourneyPage
from tests.e2e.pages.login import LoginPage
from tests.e2e.pages.progress import ProgressPage
from tests.e2e.pages.register import PASSWORD, RegisterPage
from tests.e2e.pages.study import StudyPage

__all__ = [
    "PASSWORD",
    "DashboardPage",
    "DecksPage",
    "JourneyPage",
    "LoginPage",
    "ProgressPage",
    "RegisterPage",
    "StudyPage",
]
