"""Deleting dashboard objects that never paid: allowed when unused, refused when used."""

from app.extensions import db
from app.xp.admin.metrics import save_metric
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsTrigger
from tests.support.operators import send_event


def new_metric(app, key="qa-scratch") -> int:
    with app.app_context():
        return save_metric(None, key, "QA scratch").id


def exists(app, model, object_id) -> bool:
    with app.app_context():
        return db.session.get(model, object_id) is not None


def test_an_unused_metric_shows_delete_and_goes(app, operator):
    metric_id = new_metric(app)
    page = operator.get("/dashboard/metrics/").text
    # Only the new metric: the seeded one has triggers counting it.
    assert page.count('data-testid="delete-unused"') == 1
    assert f"/dashboard/metric/{metric_id}/delete" in page
    response = operator.post(f"/dashboard/metric/{metric_id}/delete", follow_redirects=True)
    assert "Deleted the metric “QA scratch”." in response.text
    assert not exists(app, Metric, metric_id)


def test_a_trigger_that_paid_is_kept_with_a_readable_refusal(app, operator, seeded_ids):
    trigger_id = seeded_ids.every_5_id
    page = f"/dashboard/points/{seeded_ids.system_id}/configure"
    assert f"/dashboard/trigger/{trigger_id}/delete" in operator.get(page).text
    send_event(app, 5)  # +10 XP from the every-5 trigger
    assert f"/dashboard/trigger/{trigger_id}/delete" not in operator.get(page).text
    response = operator.post(f"/dashboard/trigger/{trigger_id}/delete", follow_redirects=True)
    assert (
        "This trigger cannot be deleted because it has paid points; archive it instead."
        in response.text
    )
    assert exists(app, PointsTrigger, trigger_id)


def test_a_metric_with_events_is_kept(app, operator):
    metric_id = new_metric(app)
    send_event(app, 1, metric="qa-scratch")
    response = operator.post(f"/dashboard/metric/{metric_id}/delete", follow_redirects=True)
    assert "This metric cannot be deleted because it has events" in response.text
    assert exists(app, Metric, metric_id)


def test_delete_needs_the_csrf_token(csrf_app, csrf_operator):
    metric_id = new_metric(csrf_app)
    response = csrf_operator.post(f"/dashboard/metric/{metric_id}/delete")
    assert response.status_code == 400
    assert exists(csrf_app, Metric, metric_id)


def test_learners_cannot_delete(app, learner):
    metric_id = new_metric(app)
    assert learner.post(f"/dashboard/metric/{metric_id}/delete").status_code == 403
    assert exists(app, Metric, metric_id)
