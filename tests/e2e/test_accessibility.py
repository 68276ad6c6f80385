"""axe-core on every learner and dashboard page in Chromium: no serious or critical WCAG 2 A/AA
violation.

axe is vendored for the tests only (tests/e2e/vendor/README.md). The app's Content-Security-
Policy forbids inline scripts, so the context bypasses CSP to let the test put axe into each
page; the app's own policy is untouched. The pages are found by following their links, so
the journeys need only HTTP.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.support.browser import log_in

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"

# Rules tagged WCAG 2.0 and 2.1, levels A and AA; only the worst two impacts fail the test.
RUN_AXE = """async () => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}"""

# Settled pages: no count-up or chart animation half-way when axe reads colours.
accessibility_context = pytest.mark.browser_context_args(bypass_csp=True, reduced_motion="reduce")


def violations(page: Page, path: str) -> list[str]:
    """Open `path`, run axe on it; its serious and critical violations, one line each."""
    page.goto(path)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return [f"{path}: {line}" for line in page.evaluate(RUN_AXE)]


def href(page: Page, test_id: str) -> str:
    return page.get_by_test_id(test_id).first.get_attribute("href")


def edit_link(page: Page, row_test_id: str) -> str:
    """Where the first row's Edit link leads."""
    row = page.get_by_test_id(row_test_id).first
    return row.get_by_role("link", name="Edit").get_attribute("href")


def assert_none(found: list[str]) -> None:
    assert not found, "serious or critical axe violations:\n" + "\n".join(found)


@accessibility_context
def test_learner_pages_have_no_serious_violations(page: Page):
    found = []
    for path in ("/", "/login", "/register", "/api/v1/docs"):
        found += violations(page, path)

    log_in(page, "demo@example.com", "studyxp-demo")
    deck = href(page, "deck-link")
    found += violations(page, "/decks/")
    found += violations(page, deck)
    study, review = href(page, "study-deck"), href(page, "review-deck")

    # No flip: other journeys count on the demo learner's XP as seeded.
    found += violations(page, study)
    found += violations(page, review)
    for path in ("/", "/decks/new", "/progress/", "/journey/", "/year/", "/leaderboard/"):
        found += violations(page, path)
    found += violations(page, "/account/")
    assert_none(found)


@accessibility_context
def test_dashboard_pages_have_no_serious_violations(page: Page):
    log_in(page, "admin@example.com", "studyxp-admin")
    found = []
    for path in (
        "/dashboard/",
        "/dashboard/points/new",
        "/dashboard/metrics/new",
        "/dashboard/achievements/new",
        "/dashboard/leaderboards/new",
        "/dashboard/streaks/",
        "/dashboard/api-keys/",
        "/dashboard/webhooks/",
        "/dashboard/accounts/",
    ):
        found += violations(page, path)

    # The lists, then the pages of a seeded object of each kind, found through their links.
    found += violations(page, "/dashboard/points/")
    # The seeded XP system (other journeys add systems of their own, without levels).
    xp = page.get_by_test_id("points-row").filter(
        has=page.get_by_role("cell", name="xp", exact=True)
    )
    then = [
        xp.get_by_role("link", name="Edit").get_attribute("href"),
        xp.get_by_test_id("analytics-link").get_attribute("href"),
    ]
    configure = xp.get_by_test_id("configure-link").get_attribute("href")
    found += violations(page, configure)
    then += [edit_link(page, "trigger-row"), edit_link(page, "level-row")]
    then += [
        href(page, "boosts-link"),
        page.get_by_role("link", name="Add a level").get_attribute("href"),
    ]
    for path, row in (
        ("/dashboard/metrics/", "metric-row"),
        ("/dashboard/achievements/", "achievement-row"),
        ("/dashboard/leaderboards/", "board-config-row"),
    ):
        found += violations(page, path)
        then.append(edit_link(page, row))
    then.append(
        page.get_by_test_id("board-config-row")
        .first.get_by_role("link")
        .first.get_attribute("href")
    )
    for path in then:
        found += violations(page, path)
    assert_none(found)
