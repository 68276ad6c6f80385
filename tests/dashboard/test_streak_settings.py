"""The streak settings page: period, freezes (with StreakSettings' rules as field errors),
the metrics that extend a streak, and the count of streaks going."""

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.metrics import save_metric
from app.xp.models.metrics import Metric
from app.xp.models.streaks import StreakSettings, UserStreak
from app.xp.models.users import XpUser
from app.xp.queries import analytics
from tests.support.html import element, field_errors, flashes, text_of_testid

PAGE = "/dashboard/streaks/"


def form(metric_ids=(), **fields) -> dict:
    return {
        "frequency": "daily",
        "max_freezes": "2",
        "starting_freezes": "1",
        "freeze_auto_earn_interval": "7",
        "freeze_auto_earn_amount": "1",
        "metric_ids": [str(i) for i in metric_ids],
        **fields,
    }


def settings(app) -> tuple | None:
    with app.app_context():
        row = db.session.get(StreakSettings, 1)
        if row is None:
            return None
        return (
            row.frequency,
            row.max_freezes,
            row.starting_freezes,
            row.freeze_auto_earn_interval,
            row.freeze_auto_earn_amount,
        )


def counting_metrics(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Metric.key).where(Metric.counts_for_streak.is_(True)).order_by(Metric.key)
            )
        )


@pytest.fixture
def quiz_id(app) -> int:
    """A second metric, quiz-answered."""
    with app.app_context():
        return save_metric(None, "quiz-answered", "Quiz Answered").id


def test_page_without_settings_shows_a_daily_streak_without_freezes(operator, seeded_ids):
    page = operator.get(PAGE).text

    assert '<option selected value="daily">Daily</option>' in page
    assert element(page, "max_freezes")["value"] == "0"
    assert element(page, "starting_freezes")["value"] == "0"
    assert element(page, "freeze_auto_earn_interval")["value"] == ""
    assert element(page, "freeze_auto_earn_amount")["value"] == "1"
    # By name: Cards Reviewed, then Flashcards Flipped.
    box = element(page, "metric_ids-1")
    assert (box["value"], "checked" in box) == (str(seeded_ids.metric_id), False)
    assert "checked" not in element(page, "metric_ids-0")
    assert text_of_testid(page, "active-streaks") == "0"
    assert text_of_testid(page, "longest-streak-ever") == "0"


def test_saving_stores_the_settings_and_the_streak_metrics(app, operator, seeded_ids, quiz_id):
    response = operator.post(PAGE, data=form([seeded_ids.metric_id], frequency="weekly"))

    assert response.status_code == 302
    assert response.headers["Location"] == PAGE
    assert settings(app) == ("weekly", 2, 1, 7, 1)
    assert counting_metrics(app) == ["flashcards-flipped"]
    page = operator.get(PAGE).text
    assert flashes(page) == ["Streak settings saved."]
    assert '<option selected value="weekly">' in page
    assert "checked" in element(page, "metric_ids-1")  # Flashcards Flipped, after Cards Reviewed
    assert "checked" not in element(page, "metric_ids-0")


def test_saving_again_changes_the_same_row_and_unticked_metrics_stop_counting(
    app, operator, seeded_ids, quiz_id
):
    operator.post(PAGE, data=form([seeded_ids.metric_id, quiz_id]))
    assert counting_metrics(app) == ["flashcards-flipped", "quiz-answered"]

    operator.post(
        PAGE,
        data=form([quiz_id], frequency="monthly", max_freezes="0", starting_freezes="0"),
    )

    assert settings(app) == ("monthly", 0, 0, 7, 1)
    assert counting_metrics(app) == ["quiz-answered"]
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(StreakSettings)) == 1


def test_an_empty_earning_interval_means_freezes_are_never_earned(app, operator):
    operator.post(PAGE, data=form(freeze_auto_earn_interval="  "))
    assert settings(app) == ("daily", 2, 1, None, 1)


def invalid(field: str, message: str, **fields):
    return pytest.param(
        fields, field, message, id=",".join(f"{k}={v!r}" for k, v in fields.items())
    )


MAXIMUM = "The maximum is a whole number from 0 to 1,000; 0 turns freezes off."
STARTING = "Starting freezes are a whole number of at least 0."
INTERVAL = "Leave it empty to never earn freezes, or enter a whole number of days from 1 to 3,650."
AMOUNT = "The amount is a whole number of at least 1."


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        invalid("frequency", "Choose daily, weekly or monthly.", frequency="hourly"),
        invalid("max_freezes", MAXIMUM, max_freezes="-1"),
        invalid("max_freezes", MAXIMUM, max_freezes="two"),
        invalid("max_freezes", MAXIMUM, max_freezes="1001"),
        invalid("max_freezes", MAXIMUM, max_freezes=""),
        invalid("starting_freezes", STARTING, starting_freezes="-1"),
        invalid("starting_freezes", STARTING, starting_freezes="0.5"),
        invalid(
            "starting_freezes",
            "A new user cannot start with more freezes than the maximum (2).",
            starting_freezes="3",
        ),
        invalid(
            "starting_freezes",
            "A new user cannot start with more freezes than the maximum (0).",
            max_freezes="0",
            starting_freezes="1",
        ),
        invalid("freeze_auto_earn_interval", INTERVAL, freeze_auto_earn_interval="0"),
        invalid("freeze_auto_earn_interval", INTERVAL, freeze_auto_earn_interval="3651"),
        invalid("freeze_auto_earn_interval", INTERVAL, freeze_auto_earn_interval="weekly"),
        invalid("freeze_auto_earn_amount", AMOUNT, freeze_auto_earn_amount="0"),
        invalid("freeze_auto_earn_amount", AMOUNT, freeze_auto_earn_amount=""),
        invalid("metric_ids", "Choose among the metrics listed.", metric_ids=["999"]),
    ],
)
def test_invalid_settings_show_what_is_wrong_beside_the_field(
    app, operator, fields, field, message
):
    response = operator.post(PAGE, data=form(**fields))

    assert response.status_code == 200
    assert field_errors(response.text, field) == [message]
    assert settings(app) is None
    assert counting_metrics(app) == []


def test_archived_metric_is_offered_only_while_it_counts(app, operator, seeded_ids, quiz_id):
    operator.post(PAGE, data=form([quiz_id]))
    operator.post(f"/dashboard/metrics/{quiz_id}/status", data={"status": "archived"})

    assert "Quiz Answered (quiz-answered) — archived" in operator.get(PAGE).text

    operator.post(PAGE, data=form([seeded_ids.metric_id]))

    assert "Quiz Answered" not in operator.get(PAGE).text
    assert counting_metrics(app) == ["flashcards-flipped"]


# --- streaks going -----------------------------------------------------------------------


def add_streak(app, user: str, length: int, covered: str | None, freezes=0, longest=None):
    with app.app_context():
        xp_user = XpUser(external_id=user)
        db.session.add(xp_user)
        db.session.flush()
        db.session.add(
            UserStreak(
                user_id=xp_user.id,
                length=length,
                covered_through=date.fromisoformat(covered) if covered else None,
                freezes=freezes,
                longest=length if longest is None else longest,
            )
        )
        db.session.commit()


def test_streak_stats_count_streaks_that_freezes_can_still_keep(app):
    today = date(2026, 3, 10)
    add_streak(app, "ana", 5, "2026-03-10")  # extended today
    add_streak(app, "ben", 3, "2026-03-09")  # yesterday: today still extends it
    add_streak(app, "cy", 9, "2026-03-08")  # missed yesterday, no freeze: lost
    add_streak(app, "dee", 4, "2026-03-08", freezes=1)  # missed yesterday, kept by a freeze
    add_streak(app, "fay", 7, "2026-03-06", freezes=2)  # missed three days, two freezes: lost
    add_streak(app, "eve", 0, None, longest=12)  # no streak now; once 12

    with app.app_context():
        stats = analytics.streak_stats("daily", today)

    assert stats == {"active": 3, "longest_active": 5, "longest_ever": 12}


@pytest.mark.parametrize(
    ("frequency", "today", "covered", "freezes", "alive"),
    [
        ("weekly", "2026-03-10", "2026-03-15", 0, True),  # this week
        ("weekly", "2026-03-09", "2026-03-08", 0, True),  # Monday; last week ended Sunday
        ("weekly", "2026-03-15", "2026-03-08", 0, True),  # Sunday; last week
        ("weekly", "2026-03-09", "2026-03-01", 0, False),  # Monday; a whole week missed
        ("weekly", "2026-03-09", "2026-03-01", 1, True),  # ... kept by a freeze
        ("monthly", "2026-03-10", "2026-03-31", 0, True),
        ("monthly", "2026-03-01", "2026-02-28", 0, True),
        ("monthly", "2026-03-31", "2026-01-31", 0, False),  # February missed
        ("monthly", "2026-03-31", "2026-01-31", 1, True),
        ("monthly", "2026-01-05", "2025-12-31", 0, True),  # across the new year
        ("monthly", "2026-01-05", "2025-11-30", 0, False),
    ],
)
def test_streak_stats_follow_weekly_and_monthly_periods(
    app, frequency, today, covered, freezes, alive
):
    add_streak(app, "ana", 6, covered, freezes=freezes)

    with app.app_context():
        stats = analytics.streak_stats(frequency, date.fromisoformat(today))

    assert (stats["active"], stats["longest_active"]) == ((1, 6) if alive else (0, 0))


def test_page_shows_the_streaks_going_today(app, operator, clock):
    today = clock.today().isoformat()
    add_streak(app, "ana", 4, today, longest=10)
    add_streak(app, "ben", 2, today)
    add_streak(app, "cy", 8, "2020-01-01")

    page = operator.get(PAGE).text

    assert text_of_testid(page, "active-streaks") == "2"
    assert text_of_testid(page, "longest-active-streak") == "4"
    assert text_of_testid(page, "longest-streak-ever") == "10"
    assert f"Users with a streak going today ({today}, UTC)" in page
    assert "Longest streak going (days)" in page
