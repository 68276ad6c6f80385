"""The learner's XP (app/study/progress.py): total, award history and the chart's data."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.study.xp_reads import READ_CACHE_SECONDS
from tests.support.learners import HTMX, flip_many, xp_points_of

EMPTY_SERIES = {"labels": [], "totals": [], "changes": []}


def award_items(html: str) -> list[str]:
    """Each award-item's text, tags dropped and whitespace squeezed."""
    items = re.findall(r'<li data-testid="award-item">(.*?)</li>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def panel_total(html: str) -> str:
    return re.search(r'data-testid="panel-xp-total">(\d+)</span>', html)[1]


def days(first: date, last: date, step: int = 1) -> list[str]:
    labels = []
    while first <= last:
        labels.append(first.isoformat())
        first += timedelta(days=step)
    return labels


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@pytest.fixture
def tokyo_learner(auth):
    """A learner whose browser is in Tokyo, always nine hours ahead of UTC."""
    assert auth.register(tz="Asia/Tokyo").status_code == 302
    return auth


@pytest.fixture
def far_zone(clock, auth) -> str:
    """A learner registered in a zone whose date is not UTC's right now (+14 h or -11 h).

    A chart that counted days in UTC instead of the learner's zone would be a day off.
    """
    name = "Pacific/Kiritimati" if clock.now.hour >= 10 else "Pacific/Pago_Pago"
    assert auth.register(tz=name).status_code == 302
    return name


# Total and award history


def test_new_learner_sees_no_awards_yet(learner, client):
    page = client.get("/progress/").text

    assert 'data-testid="award-history-empty"' in page
    assert "No awards yet. Every 5 flashcards flipped: +10 XP." in page
    assert award_items(page) == []
    assert panel_total(page) == "0"


def test_five_flips_show_one_award_in_the_history(tokyo_learner, client, capitals):
    flip_many(client, capitals.id, capitals.card_ids[:5])

    page = client.get("/progress/").text

    [item] = award_items(page)
    assert "+10 XP" in item
    assert "total 10" in item
    assert item.endswith("for 5 flashcards flipped")
    assert 'data-testid="award-history-empty"' not in page
    assert panel_total(page) == "10"


def test_award_time_is_shown_in_the_learners_time_zone(app, tokyo_learner, client, capitals):
    flip_many(client, capitals.id, capitals.card_ids[:5])
    [award] = xp_points_of(app)["awards"]
    at = datetime.fromisoformat(award["date"].replace("Z", "+00:00"))
    in_tokyo = at.astimezone(ZoneInfo("Asia/Tokyo"))

    page = client.get("/progress/").text

    shown = f"{in_tokyo.day} {in_tokyo.strftime('%b %Y, %H:%M')}"
    assert award_items(page)[0].startswith(shown)
    assert f'<time datetime="{in_tokyo.isoformat()}">' in page
    assert in_tokyo.hour == (at.hour + 9) % 24


def test_award_history_lists_the_newest_award_first(tokyo_learner, client, capitals):
    flip_many(client, capitals.id, capitals.card_ids[:10])

    items = award_items(client.get("/progress/").text)

    assert len(items) == 2
    assert "total 20" in items[0]
    assert "total 10" in items[1]


def test_compact_panel_is_the_panel_fragment_only(learner, client, capitals):
    flip_many(client, capitals.id, capitals.card_ids[:5])

    response = client.get("/progress/panel?compact=1", headers=HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section class="xp-panel compact" id="xp-panel"')
    assert "<html" not in response.text
    assert 'data-testid="xp-chart"' not in response.text
    # A flip updates the panel in place (static/js/xp/panel.js): it does not reload itself.
    assert "hx-trigger" not in response.text
    assert 'data-history-length="10"' in response.text
    assert panel_total(response.text) == "10"
    assert len(award_items(response.text)) == 1


def test_full_panel_is_the_full_panel(learner, client):
    response = client.get("/progress/panel", headers=HTMX)

    assert response.text.lstrip().startswith('<section class="xp-panel" id="xp-panel"')
    assert "hx-get" not in response.text


def test_progress_page_has_the_chart_and_its_choices(learner, client):
    page = client.get("/progress/").text

    assert 'data-summary-url="/progress/chart-data"' in page
    assert re.findall(r'<option value="(\w+)"', page) == [
        "daily",
        "weekly",
        "monthly",
        "7d",
        "30d",
        "12m",
    ]
    assert '<option value="30d" selected>' in page


# Chart data


def test_chart_data_defaults_to_30_days_ending_today_in_the_learners_zone(
    far_zone, client, capitals, clock
):
    flip_many(client, capitals.id, capitals.card_ids[:5])
    today = clock.today(far_zone)

    response = client.get("/progress/chart-data")

    assert response.status_code == 200
    assert response.json == {
        "aggregation": "daily",
        "range": "30d",
        "labels": days(today - timedelta(days=29), today),
        "totals": [0] * 29 + [10],
        "changes": [0] * 29 + [10],
    }


def test_chart_data_for_7_days_has_7_daily_labels(far_zone, client, capitals, clock):
    flip_many(client, capitals.id, capitals.card_ids[:10])
    today = clock.today(far_zone)

    data = client.get("/progress/chart-data?aggregation=daily&range=7d").json

    assert data["labels"] == days(today - timedelta(days=6), today)
    assert data["totals"] == [0] * 6 + [20]
    assert data["changes"] == [0] * 6 + [20]


def test_chart_data_weekly_for_12_months_has_one_label_per_monday(
    far_zone, client, capitals, clock
):
    flip_many(client, capitals.id, capitals.card_ids[:5])
    today = clock.today(far_zone)
    first_month = today.replace(day=1)
    for _ in range(11):
        first_month = (first_month - timedelta(days=1)).replace(day=1)

    data = client.get("/progress/chart-data?aggregation=weekly&range=12m").json

    labels = days(monday_of(first_month), monday_of(today), step=7)
    assert (data["aggregation"], data["range"]) == ("weekly", "12m")
    assert data["labels"] == labels
    assert 48 <= len(labels) <= 53
    assert data["totals"] == [0] * (len(labels) - 1) + [10]
    assert data["changes"] == [0] * (len(labels) - 1) + [10]


def test_chart_data_monthly_for_12_months_has_12_labels(far_zone, client, capitals, clock):
    flip_many(client, capitals.id, capitals.card_ids[:5])
    today = clock.today(far_zone)

    data = client.get("/progress/chart-data?aggregation=monthly&range=12m").json

    assert len(data["labels"]) == 12
    assert data["labels"][-1] == today.replace(day=1).isoformat()
    assert all(label.endswith("-01") for label in data["labels"])
    assert data["totals"] == [0] * 11 + [10]


def test_chart_data_weekly_for_7_days_covers_the_weeks_of_those_days(
    far_zone, client, capitals, clock
):
    flip_many(client, capitals.id, capitals.card_ids[:5])
    today = clock.today(far_zone)

    data = client.get("/progress/chart-data?aggregation=weekly&range=7d").json

    assert data["labels"] == days(monday_of(today - timedelta(days=6)), monday_of(today), step=7)
    assert data["totals"][-1] == 10


@pytest.mark.parametrize(
    "query",
    ["aggregation=hourly", "range=2y", "aggregation=hourly&range=2y"],
)
def test_chart_data_refuses_unknown_choices_with_422_json(learner, client, query):
    response = client.get(f"/progress/chart-data?{query}")

    assert response.status_code == 422
    assert response.json == {
        "error": "aggregation must be daily, weekly or monthly, and range 7d, 30d or 12m"
    }


def test_chart_data_is_an_empty_series_before_any_event(learner, client):
    data = client.get("/progress/chart-data?aggregation=weekly&range=12m").json

    assert data == {"aggregation": "weekly", "range": "12m", **EMPTY_SERIES}


def test_chart_data_is_zeros_after_flips_that_earned_nothing_yet(far_zone, client, capitals):
    flip_many(client, capitals.id, capitals.card_ids[:4])

    data = client.get("/progress/chart-data?range=7d").json

    assert len(data["labels"]) == 7
    assert data["totals"] == [0] * 7
    assert data["changes"] == [0] * 7


def test_chart_data_is_each_learners_own(learner, client, other_client, capitals):
    flip_many(client, capitals.id, capitals.card_ids[:5])

    data = other_client.get("/progress/chart-data").json

    assert data == {"aggregation": "daily", "range": "30d", **EMPTY_SERIES}


def test_progress_page_lists_how_to_earn_xp_from_the_active_triggers(app, clock, auth, client):
    from sqlalchemy import select

    from app.extensions import db
    from app.xp.models.points import PointsTrigger

    auth.register()
    page = client.get("/progress/").text
    assert page.count('data-testid="earn-rule"') == 3
    assert "Every 5 flashcards flipped: +10 XP" in page
    assert "Every 25 flashcards flipped: +50 XP" in page
    assert "Every 10 cards reviewed: +10 XP" in page

    with app.app_context():
        every_25 = db.session.scalar(
            select(PointsTrigger).where(PointsTrigger.metric_threshold == 25)
        )
        every_25.status = "inactive"
        db.session.commit()
    # The points system is held a while per process (app/study/xp_reads.py).
    assert client.get("/progress/").text.count('data-testid="earn-rule"') == 3
    clock.shift(seconds=READ_CACHE_SECONDS)
    page = client.get("/progress/").text
    assert page.count('data-testid="earn-rule"') == 2
    assert "Every 25 flashcards flipped" not in page


def test_every_word_about_earning_follows_the_operators_triggers(
    app, clock, auth, client, capitals
):
    """An operator makes the first award +15 every 3 flips, with seed.py's streak trigger on:
    the empty history, "How to earn XP" and the toast all say so (app.wording)."""
    import json

    from sqlalchemy import select

    import seed
    from app.extensions import db
    from app.xp.admin.triggers import change_trigger
    from app.xp.models.points import PointsTrigger

    with app.app_context():
        seed.seed_engagement()
        every_5 = db.session.scalar(
            select(PointsTrigger).where(PointsTrigger.metric_threshold == 5)
        )
        change_trigger(every_5, 15, every_5.metric_id, 3)
    auth.register()

    page = client.get("/progress/").text
    assert "No awards yet. Every 3 flashcards flipped: +15 XP." in page
    assert re.findall(r'<li data-testid="earn-rule">([^<]*)</li>', page) == [
        "Every 3 flashcards flipped: +15 XP",
        "Every 10 cards reviewed: +10 XP",
        "Every 25 flashcards flipped: +50 XP",
        "Every 7-day streak: +50 XP",
    ]

    third = flip_many(client, capitals.id, capitals.card_ids[:3])[-1]
    [toast] = json.loads(third.headers["HX-Trigger"])["xp-news"]["toasts"]
    assert (toast["title"], toast["lines"]) == (
        "You gained 15 XP",
        ["+15 XP for 3 flashcards flipped"],
    )
