"""What operators change about metrics: add one, rename it, archive it (its key is fixed once
it has events).

Like the other admin modules, each function validates, writes and commits, or raises
FieldErrors (422) naming the fields that are wrong.
"""

from sqlalchemy import exists, select

from app.extensions import db
from app.xp.admin import fields
from app.xp.admin.fields import (
    NAME_MAX,
    UNIT_MAX,
    FieldErrors,
)
from app.xp.models.metrics import Metric, MetricEvent


def metric_has_events(metric: Metric) -> bool:
    return db.session.scalar(select(exists().where(MetricEvent.metric_id == metric.id)))


def save_metric(metric: Metric | None, key: str, name: str, unit: str | None = None) -> Metric:
    """Create a metric (metric=None) or change one. Its key is fixed once events exist."""
    errors: dict[str, str] = {}
    if metric is not None and key != metric.key and metric_has_events(metric):
        errors["key"] = "This metric has events, so its key can no longer change."
    else:
        key = fields.key(errors, key, Metric, metric)
    name = fields.text(errors, "name", name, NAME_MAX)
    unit = fields.text(errors, "unit", unit, UNIT_MAX, required=False)
    fields.check(errors)
    if metric is None:
        metric = Metric(key=key)
        db.session.add(metric)
    metric.key, metric.name, metric.unit = key, name, unit
    db.session.commit()
    return metric


def set_metric_status(metric: Metric, status: str) -> None:
    """Archive a metric (it refuses new events) or restore it."""
    if status not in ("active", "archived"):
        raise FieldErrors({"status": "A metric is active or archived."})
    metric.status = status
    db.session.commit()
