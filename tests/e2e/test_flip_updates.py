"""A flip's answer updates the whole page in place (issue 18): toast, header total, the panel's
history and level bar, and today's bar of the chart, with no further request."""

from playwright.sync_api import Page, expect

from tests.support.browser import flip_cards, open_study, register, wait_until_ready

READ_CHART = """() => {
  const chart = Chart.getChart(document.querySelector('[data-testid=xp-chart]'));
  const find = (type) => chart.data.datasets.find((d) => d.type === type).data;
  return {labels: chart.data.labels, changes: find('bar'), totals: find('line')};
}"""


def test_an_award_updates_toast_header_panel_level_bar_and_chart_without_a_request(
    page: Page, live_server
):
    register(page)
    open_study(page)
    # Four flips make the learner known to XP; the reload draws the chart's 30 days for them.
    flip_cards(page, 4)
    expect(page.get_by_test_id("study")).to_have_attribute("data-state", "idle")
    page.reload()
    wait_until_ready(page)
    expect(page.get_by_test_id("xp-chart")).to_have_attribute("data-state", "ready")
    expect(page.get_by_test_id("award-history-empty")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".card-position")).to_have_text("Card 5 of 28")
    expect(page.get_by_test_id("study")).to_have_attribute("data-state", "idle")
    before = page.evaluate(READ_CHART)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(f"{request.method} {request.url}"))

    page.keyboard.press("Space")

    expect(page.get_by_test_id("xp-toast")).to_contain_text("You gained 10 XP")
    expect(page.get_by_test_id("xp-total")).to_have_attribute("data-value", "10")
    expect(page.get_by_test_id("panel-xp-total")).to_have_text("10")
    items = page.get_by_test_id("award-history").get_by_test_id("award-item")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("+10 XP total 10 for 5 flashcards flipped")
    expect(page.get_by_test_id("award-history-empty")).to_have_count(0)
    expect(page.get_by_test_id("level-progress")).to_contain_text(
        "Novice → Apprentice at 100 XP: 90 XP to go"
    )
    expect(page.get_by_test_id("level-progress").locator("progress")).to_have_attribute(
        "value", "10"
    )
    page.wait_for_function(f"() => ({READ_CHART})().changes.at(-1) === 10")
    after = page.evaluate(READ_CHART)
    assert after["labels"] == before["labels"]
    assert (before["changes"][-1], before["totals"][-1]) == (0, 0)
    assert (after["changes"][-1], after["totals"][-1]) == (10, 10)
    assert sum(after["changes"]) == 10
    # The flip was the only request to the app: no panel or chart reload (a sound file may
    # be fetched for the chime).
    app_requests = [r for r in requests if "/static/" not in r]
    assert len(app_requests) == 1
    assert app_requests[0].startswith("POST ") and app_requests[0].endswith("/study/flip")
